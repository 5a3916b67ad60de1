#pragma once

#include "SecretResult.h"

#include <QObject>
#include <QString>

namespace gatehouse {

// One asynchronous secret operation. A store returns it already started; connect to finished()
// right away: it is always emitted from the event loop, never inside the call that made the job,
// so a connection made after the call cannot miss it. The job deletes itself after emitting.
class SecretJob final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretJob)

public:
    enum class Operation { Read, Write, Remove, Probe };

    // Long enough for a keyring daemon that is being activated; a person typing an unlock
    // password may need more, so the GUI connects to finished() instead of waiting.
    static constexpr int DefaultWaitMs = 15000;

    SecretJob(Operation operation, const QString &name, QObject *parent = nullptr);
    ~SecretJob() override;

    Operation operation() const { return m_operation; }
    QString name() const { return m_name; }
    bool isFinished() const { return m_finished; }
    // Valid once finish() was called.
    const SecretResult &result() const { return m_result; }

    // Called by the store that made the job; later calls are ignored.
    void finish(const SecretResult &result);

    // Blocks in a local event loop until the job finishes or `timeoutMs` passes. For the headless
    // start-up path and tests; the GUI and the Admin API stay asynchronous. A job that times out
    // keeps running and its late answer is dropped.
    static SecretResult wait(SecretJob *job, int timeoutMs = DefaultWaitMs);

    // "read", "save", "remove", "check": the verb a sentence about this operation uses.
    static QString verb(Operation operation);

signals:
    void finished(const gatehouse::SecretResult &result);

private:
    Operation m_operation;
    QString m_name;
    SecretResult m_result;
    bool m_finished = false;
};

} // namespace gatehouse
