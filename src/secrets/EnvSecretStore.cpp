#include "EnvSecretStore.h"

#include "SecretReference.h"

namespace gatehouse {

EnvSecretStore::EnvSecretStore(QObject *parent) : SecretStore(parent)
{}

EnvSecretStore::~EnvSecretStore() = default;

SecretJob *EnvSecretStore::read(const QString &name)
{
    return answer(SecretJob::Operation::Read, name, lookup(name));
}

SecretJob *EnvSecretStore::write(const QString &name, const QString &)
{
    const auto op = SecretJob::Operation::Write;
    return answer(op, name,
                  SecretResult::failure(SecretStatus::ReadOnly, name, SecretJob::verb(op)));
}

SecretJob *EnvSecretStore::remove(const QString &name)
{
    const auto op = SecretJob::Operation::Remove;
    return answer(op, name,
                  SecretResult::failure(SecretStatus::ReadOnly, name, SecretJob::verb(op)));
}

void EnvSecretStore::setEnvironment(const QProcessEnvironment &environment)
{
    m_environment = environment;
}

void EnvSecretStore::useProcessEnvironment()
{
    m_environment.reset();
}

SecretResult EnvSecretStore::lookup(const QString &variable) const
{
    QString why;
    if (!SecretReference::isValidEnvironmentName(variable, &why))
        return SecretResult::failure(SecretStatus::Invalid, variable, QStringLiteral("read"), why);
    // Read live, so a variable exported after start-up (tests, a supervisor) is seen.
    const bool set = m_environment ? m_environment->contains(variable)
                                   : qEnvironmentVariableIsSet(variable.toLocal8Bit().constData());
    const QString value = m_environment ? m_environment->value(variable)
                                        : qEnvironmentVariable(variable.toLocal8Bit().constData());
    if (!set)
        return SecretResult::failureWithMessage(
            SecretStatus::NotFound,
            QStringLiteral("The environment variable %1 is not set. Set it before starting "
                           "Gatehouse, or store the key in the keychain.")
                .arg(variable));
    if (value.isEmpty())
        return SecretResult::failureWithMessage(
            SecretStatus::NotFound,
            QStringLiteral("The environment variable %1 is empty. Give it the key before starting "
                           "Gatehouse, or store the key in the keychain.")
                .arg(variable));
    return SecretResult::success(value);
}

} // namespace gatehouse
