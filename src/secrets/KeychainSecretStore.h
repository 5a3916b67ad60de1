#pragma once

#include "SecretStore.h"

#include <QList>
#include <QPointer>

#include <functional>

namespace gatehouse {

// The OS keychain through QtKeychain: Secret Service (gnome-keyring, KWallet's bridge) on Linux,
// Keychain on macOS, Credential Manager on Windows. Keys are `credential/<name>` under the
// service "Gatehouse"; there is no plaintext fallback.
//
// QtKeychain 0.13 on Linux (libsecret) blurs failures, so this store sorts them out:
//  - no D-Bus or no Secret Service arrives as OtherError with a D-Bus message -> NoBackend;
//  - a locked keyring reads as EntryNotFound, so a read that finds nothing is confirmed with a
//    probe write (AccessDenied "locked collection" -> Locked; success -> really NotFound);
//  - a delete on a locked keyring reports success and removes nothing, so a remove is
//    confirmed the same way;
//  - after the keyring daemon restarts, libsecret's cached session answers "The session does
//    not exist" forever, so that cache is dropped and the operation run once more.
class KeychainSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainSecretStore)

public:
    explicit KeychainSecretStore(const QString &service = defaultService(),
                                 QObject *parent = nullptr);
    ~KeychainSecretStore() override;

    QString service() const { return m_service; }
    QString backendName() const override { return QStringLiteral("keychain"); }
    bool isWritable() const override { return true; }

    SecretJob *read(const QString &name) override;
    SecretJob *write(const QString &name, const QString &value) override;
    SecretJob *remove(const QString &name) override;
    // Writes and deletes a throwaway entry (`probe/write-check`); concurrent probes share one.
    SecretJob *probe() override;

    // Maps what QtKeychain reported (its QKeychain::Error as an int, and errorString()) to a
    // status. Pure, so the table of messages seen in the wild is unit-tested.
    static SecretStatus classify(int keychainError, const QString &keychainMessage);

private:
    using ProbeCallback = std::function<void(const SecretResult &)>;
    struct ProbeWaiter
    {
        QPointer<QObject> context;
        ProbeCallback done;
    };

    void runProbe(QObject *context, ProbeCallback done);
    void finishProbe(const SecretResult &result);

    QString m_service;
    QList<ProbeWaiter> m_probeWaiters; // non-empty while a probe is in flight
};

} // namespace gatehouse
