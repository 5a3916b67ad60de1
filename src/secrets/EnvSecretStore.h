#pragma once

#include "SecretStore.h"

#include <QProcessEnvironment>

#include <optional>

namespace gatehouse {

// Secrets from environment variables (`$env://VAR`), for headless servers where no keyring
// runs. Read-only: Gatehouse never sets a variable for a person. Names are variable names.
class EnvSecretStore final : public SecretStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EnvSecretStore)

public:
    explicit EnvSecretStore(QObject *parent = nullptr);
    ~EnvSecretStore() override;

    QString backendName() const override { return QStringLiteral("environment"); }
    bool isWritable() const override { return false; }

    SecretJob *read(const QString &name) override;
    SecretJob *write(const QString &name, const QString &value) override;
    SecretJob *remove(const QString &name) override;

    // Reads from `environment` instead of the live process environment (tests; a snapshot).
    void setEnvironment(const QProcessEnvironment &environment);
    void useProcessEnvironment();

    // The synchronous read the resolver uses: the environment is already in memory.
    SecretResult lookup(const QString &variable) const;

private:
    std::optional<QProcessEnvironment> m_environment;
};

} // namespace gatehouse
