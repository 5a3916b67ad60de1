#pragma once

#include "SecretJob.h"
#include "SecretResult.h"

#include <QObject>
#include <QString>

namespace gatehouse {

// A place secrets live: the OS keychain, the environment, or memory. Every operation is
// asynchronous and answers through a SecretJob (see SecretJob::wait for the blocking form).
// Stores know nothing of credentials' metadata; CredentialManager adds that on top.
// A store lives on, and is used from, the thread that created it (the main thread).
class SecretStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretStore)

public:
    // The keychain service every Gatehouse key is filed under.
    static QString defaultService() { return QStringLiteral("Gatehouse"); }
    // Keys are namespaced so other kinds of secrets can share the service later.
    static QString keyFor(const QString &name) { return QStringLiteral("credential/") + name; }

    ~SecretStore() override;

    // "keychain", "environment", "memory": for logs and the GUI.
    virtual QString backendName() const = 0;
    virtual bool isWritable() const = 0;

    virtual SecretJob *read(const QString &name) = 0;
    virtual SecretJob *write(const QString &name, const QString &value) = 0;
    // Removing a name that is not there succeeds.
    virtual SecretJob *remove(const QString &name) = 0;
    // Checks the store can take a write right now (Ok, Locked, NoBackend, ...), without touching
    // any real key. The default answers Ok.
    virtual SecretJob *probe();

protected:
    explicit SecretStore(QObject *parent = nullptr);

    // A job owned by this store.
    SecretJob *createJob(SecretJob::Operation operation, const QString &name);
    // A job owned by this store that already holds its answer (still delivered from the loop).
    SecretJob *answer(SecretJob::Operation operation, const QString &name,
                      const SecretResult &result);
};

} // namespace gatehouse
