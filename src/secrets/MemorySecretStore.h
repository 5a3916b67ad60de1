#pragma once

#include "SecretStore.h"

#include <QHash>
#include <QStringList>

namespace gatehouse {

// Secrets in this process's memory only. Tests use it in place of the keychain, and
// CredentialManager falls back to it when the keychain is unavailable, so a key that arrived
// still works for this run without ever being written in plaintext.
class MemorySecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemorySecretStore)

public:
    explicit MemorySecretStore(QObject *parent = nullptr);
    ~MemorySecretStore() override;

    QString backendName() const override { return QStringLiteral("memory"); }
    bool isWritable() const override { return true; }

    SecretJob *read(const QString &name) override;
    SecretJob *write(const QString &name, const QString &value) override;
    SecretJob *remove(const QString &name) override;
    SecretJob *probe() override;

    // For tests: every operation fails with `status` (as a keychain would after classification)
    // until this is called again with SecretStatus::Ok.
    void simulateFailure(SecretStatus status, const QString &detail = {});

    // Synchronous views for the credential manager and tests.
    bool contains(const QString &name) const { return m_values.contains(name); }
    QStringList names() const;
    // Counts operations that reached the store, failed or not, so tests can see a retry.
    int operationCount() const { return m_operations; }

private:
    SecretJob *simulated(SecretJob::Operation operation, const QString &name);

    QHash<QString, QString> m_values;
    SecretStatus m_failure = SecretStatus::Ok;
    QString m_failureDetail;
    int m_operations = 0;
};

} // namespace gatehouse
