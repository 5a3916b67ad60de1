#pragma once

#include <QObject>
#include <QString>

class QLocalServer;

namespace gatehouse {

// One Gatehouse per user and data folder: the first launch listens on a local socket; a later
// launch finds it, asks it to show its window, and exits.
class SingleInstance final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SingleInstance)

public:
    // `key` names the instance (see keyFor).
    explicit SingleInstance(const QString &key, QObject *parent = nullptr);
    ~SingleInstance() override;

    // A socket name for this user and data folder.
    static QString keyFor(const QString &dataDir);

    // True when another instance is running and was asked to show itself. Blocks for at most
    // `timeoutMs` (before any window exists, so nothing waits on it).
    bool activateRunningInstance(int timeoutMs = 1000);
    // Becomes the running instance; false if the socket cannot be made.
    bool listen();
    QString serverName() const { return m_key; }

signals:
    // A second launch asked this one to show its window.
    void activationRequested();

private:
    QString m_key;
    QLocalServer *m_server = nullptr;
};

} // namespace gatehouse
