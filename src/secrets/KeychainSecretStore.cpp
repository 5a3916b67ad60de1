#include "KeychainSecretStore.h"

#include "SecretReference.h"
#include "SecretsLogging.h"

#include <qt6keychain/keychain.h>

#include <QLibrary>

#include <utility>

namespace gatehouse {

namespace {

const QString kProbeKey = QStringLiteral("probe/write-check");
const QString kProbeValue = QStringLiteral("gatehouse-probe"); // not a secret

// QtKeychain jobs get no parent: libsecret keeps a raw pointer to the job until it calls back,
// so a job must never be deleted early. autoDelete frees it after finished().
template <typename Job> Job *makeKeychainJob(const QString &service, const QString &key)
{
    auto *job = new Job(service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}

bool containsAny(const QString &text, std::initializer_list<const char *> needles)
{
    for (const char *needle : needles) {
        if (text.contains(QLatin1String(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

// libsecret keeps one Secret Service connection and transfer session per process. When the
// keyring daemon restarts (a crash, `gnome-keyring-daemon --replace`), every later call fails
// with "The session does not exist" until that cached connection is dropped.
bool isStaleSession(int error, const QString &message)
{
    return error == QKeychain::OtherError &&
           containsAny(message, {"session does not exist", "Secret.Error.NoSession"});
}

void dropStaleSession()
{
    // Resolved at run time: QtKeychain loads libsecret the same way, and it may be absent.
    using Disconnect = void (*)();
    QLibrary libsecret(QStringLiteral("secret-1"), 0);
    if (auto disconnect =
            reinterpret_cast<Disconnect>(libsecret.resolve("secret_service_disconnect")))
        disconnect();
}

struct KeychainAnswer
{
    int error = 0;
    QString message;
    QString text; // a read's value
};

// Starts the job `make` builds and calls `done` with its answer; a stale libsecret session is
// dropped and the job run once more.
void runKeychainJob(QObject *context, const std::function<QKeychain::Job *()> &make,
                    const std::function<void(const KeychainAnswer &)> &done, bool retried = false)
{
    QKeychain::Job *job = make();
    QObject::connect(job, &QKeychain::Job::finished, context, [context, job, make, done, retried] {
        KeychainAnswer answer{int(job->error()), job->errorString(), {}};
        if (!retried && isStaleSession(answer.error, answer.message)) {
            qCInfo(lcSecrets) << "the keyring daemon restarted; reconnecting";
            dropStaleSession();
            runKeychainJob(context, make, done, true);
            return;
        }
        if (auto *read = qobject_cast<QKeychain::ReadPasswordJob *>(job))
            answer.text = read->textData();
        done(answer);
    });
    job->start();
}

} // namespace

KeychainSecretStore::KeychainSecretStore(const QString &service, QObject *parent)
    : SecretStore(parent), m_service(service)
{}

KeychainSecretStore::~KeychainSecretStore() = default;

SecretStatus KeychainSecretStore::classify(int keychainError, const QString &message)
{
    switch (static_cast<QKeychain::Error>(keychainError)) {
    case QKeychain::NoError:
        return SecretStatus::Ok;
    case QKeychain::EntryNotFound:
        return SecretStatus::NotFound;
    case QKeychain::AccessDeniedByUser:
        return SecretStatus::AccessDenied;
    case QKeychain::AccessDenied:
        // libsecret's SECRET_ERROR_IS_LOCKED: "Cannot create an item in a locked collection".
        return containsAny(message, {"locked"}) ? SecretStatus::Locked : SecretStatus::AccessDenied;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return SecretStatus::NoBackend;
    case QKeychain::CouldNotDeleteEntry:
    case QKeychain::OtherError:
        break;
    }
    // 0.13 reports a missing bus or service as OtherError; only the message tells. Seen here:
    // "Could not connect: No such file or directory" (bus socket gone), "Cannot autolaunch
    // D-Bus without X11 $DISPLAY" (no bus address), "The name org.freedesktop.secrets was not
    // provided by any .service files" (bus without a Secret Service).
    if (containsAny(message, {"Could not connect", "autolaunch", "not provided by any .service",
                              "ServiceUnknown", "NoServer", "D-Bus is not running",
                              "No keychain service", "Connection refused", "connection is closed"}))
        return SecretStatus::NoBackend;
    // A daemon without a default keyring that could not prompt to create one: "Object does not
    // exist at path "/org/freedesktop/secrets/collection/login"". The person has to unlock or
    // create the keyring, as for a locked one.
    if (message.contains(QLatin1String("/org/freedesktop/secrets/collection/")) ||
        containsAny(message, {"No such secret collection", "locked"}))
        return SecretStatus::Locked;
    return SecretStatus::Other;
}

SecretJob *KeychainSecretStore::read(const QString &name)
{
    const auto op = SecretJob::Operation::Read;
    const QString verb = SecretJob::verb(op);
    QString why;
    if (!SecretReference::isValidCredentialName(name, &why))
        return answer(op, name, SecretResult::failure(SecretStatus::Invalid, name, verb, why));

    SecretJob *job = createJob(op, name);
    const QString service = m_service;
    auto make = [service, name] {
        return makeKeychainJob<QKeychain::ReadPasswordJob>(service, keyFor(name));
    };
    runKeychainJob(job, make, [this, job, name, verb](const KeychainAnswer &answer) {
        const SecretStatus status = classify(answer.error, answer.message);
        qCDebug(lcSecrets).noquote()
            << "keychain read" << name << "->" << secretStatusName(status) << answer.message;
        if (status == SecretStatus::Ok) {
            job->finish(SecretResult::success(answer.text));
            return;
        }
        if (status != SecretStatus::NotFound) {
            job->finish(SecretResult::failure(status, name, verb, answer.message));
            return;
        }
        // A locked keyring reads as "not found" too; only a write can tell them apart.
        const QString detail = answer.message;
        runProbe(job, [job, name, verb, detail](const SecretResult &probe) {
            if (probe.ok())
                job->finish(SecretResult::failure(SecretStatus::NotFound, name, verb, detail));
            else
                job->finish(SecretResult::failure(probe.status, name, verb, probe.detail));
        });
    });
    return job;
}

SecretJob *KeychainSecretStore::write(const QString &name, const QString &value)
{
    const auto op = SecretJob::Operation::Write;
    const QString verb = SecretJob::verb(op);
    QString why;
    if (!SecretReference::isValidCredentialName(name, &why))
        return answer(op, name, SecretResult::failure(SecretStatus::Invalid, name, verb, why));

    SecretJob *job = createJob(op, name);
    const QString service = m_service;
    auto make = [service, name, value] {
        auto *kj = makeKeychainJob<QKeychain::WritePasswordJob>(service, keyFor(name));
        kj->setTextData(value);
        return kj;
    };
    runKeychainJob(job, make, [job, name, verb](const KeychainAnswer &answer) {
        const SecretStatus status = classify(answer.error, answer.message);
        qCDebug(lcSecrets).noquote()
            << "keychain write" << name << "->" << secretStatusName(status) << answer.message;
        job->finish(status == SecretStatus::Ok
                        ? SecretResult::success()
                        : SecretResult::failure(status, name, verb, answer.message));
    });
    return job;
}

SecretJob *KeychainSecretStore::remove(const QString &name)
{
    const auto op = SecretJob::Operation::Remove;
    const QString verb = SecretJob::verb(op);
    QString why;
    if (!SecretReference::isValidCredentialName(name, &why))
        return answer(op, name, SecretResult::failure(SecretStatus::Invalid, name, verb, why));

    SecretJob *job = createJob(op, name);
    const QString service = m_service;
    auto make = [service, name] {
        return makeKeychainJob<QKeychain::DeletePasswordJob>(service, keyFor(name));
    };
    runKeychainJob(job, make, [this, job, name, verb](const KeychainAnswer &answer) {
        const SecretStatus status = classify(answer.error, answer.message);
        qCDebug(lcSecrets).noquote()
            << "keychain remove" << name << "->" << secretStatusName(status) << answer.message;
        if (status != SecretStatus::Ok && status != SecretStatus::NotFound) {
            job->finish(SecretResult::failure(status, name, verb, answer.message));
            return;
        }
        // libsecret reports success for a delete on a locked keyring and removes nothing.
        runProbe(job, [job, name, verb](const SecretResult &probe) {
            if (probe.status == SecretStatus::Locked)
                job->finish(SecretResult::failure(SecretStatus::Locked, name, verb, probe.detail));
            else
                job->finish(SecretResult::success());
        });
    });
    return job;
}

SecretJob *KeychainSecretStore::probe()
{
    SecretJob *job = createJob(SecretJob::Operation::Probe, {});
    runProbe(job, [job](const SecretResult &result) { job->finish(result); });
    return job;
}

void KeychainSecretStore::runProbe(QObject *context, ProbeCallback done)
{
    m_probeWaiters.append({context, std::move(done)});
    if (m_probeWaiters.size() > 1)
        return; // the probe in flight answers everyone
    const QString service = m_service;
    auto make = [service] {
        auto *kj = makeKeychainJob<QKeychain::WritePasswordJob>(service, kProbeKey);
        kj->setTextData(kProbeValue);
        return kj;
    };
    runKeychainJob(this, make, [this, service](const KeychainAnswer &answer) {
        const SecretStatus status = classify(answer.error, answer.message);
        qCDebug(lcSecrets).noquote()
            << "keychain probe ->" << secretStatusName(status) << answer.message;
        if (status == SecretStatus::Ok) {
            // Tidy up; nothing waits for it.
            makeKeychainJob<QKeychain::DeletePasswordJob>(service, kProbeKey)->start();
            finishProbe(SecretResult::success());
        } else {
            finishProbe(SecretResult::failure(
                status, {}, SecretJob::verb(SecretJob::Operation::Probe), answer.message));
        }
    });
}

void KeychainSecretStore::finishProbe(const SecretResult &result)
{
    const QList<ProbeWaiter> waiters = std::exchange(m_probeWaiters, {});
    for (const ProbeWaiter &waiter : waiters) {
        if (waiter.context)
            waiter.done(result);
    }
}

} // namespace gatehouse
