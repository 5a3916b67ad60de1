#include "MemorySecretStore.h"

#include "SecretReference.h"

#include <algorithm>

namespace gatehouse {

MemorySecretStore::MemorySecretStore(QObject *parent) : SecretStore(parent)
{}

MemorySecretStore::~MemorySecretStore() = default;

SecretJob *MemorySecretStore::read(const QString &name)
{
    const auto op = SecretJob::Operation::Read;
    if (SecretJob *job = simulated(op, name))
        return job;
    const auto it = m_values.constFind(name);
    if (it == m_values.cend())
        return answer(op, name,
                      SecretResult::failureWithMessage(
                          SecretStatus::NotFound,
                          QStringLiteral("No key named \"%1\" is held in memory for this run. Add "
                                         "it under Credentials or enter it again.")
                              .arg(name)));
    return answer(op, name, SecretResult::success(*it));
}

SecretJob *MemorySecretStore::write(const QString &name, const QString &value)
{
    const auto op = SecretJob::Operation::Write;
    if (SecretJob *job = simulated(op, name))
        return job;
    m_values.insert(name, value);
    return answer(op, name, SecretResult::success());
}

SecretJob *MemorySecretStore::remove(const QString &name)
{
    const auto op = SecretJob::Operation::Remove;
    if (SecretJob *job = simulated(op, name))
        return job;
    m_values.remove(name);
    return answer(op, name, SecretResult::success());
}

SecretJob *MemorySecretStore::probe()
{
    const auto op = SecretJob::Operation::Probe;
    if (SecretJob *job = simulated(op, {}))
        return job;
    return answer(op, {}, SecretResult::success());
}

void MemorySecretStore::simulateFailure(SecretStatus status, const QString &detail)
{
    m_failure = status;
    m_failureDetail = detail;
}

QStringList MemorySecretStore::names() const
{
    QStringList names = m_values.keys();
    std::sort(names.begin(), names.end());
    return names;
}

SecretJob *MemorySecretStore::simulated(SecretJob::Operation operation, const QString &name)
{
    ++m_operations;
    QString why;
    if (operation != SecretJob::Operation::Probe &&
        !SecretReference::isValidCredentialName(name, &why))
        return answer(
            operation, name,
            SecretResult::failure(SecretStatus::Invalid, name, SecretJob::verb(operation), why));
    if (m_failure == SecretStatus::Ok)
        return nullptr;
    return answer(
        operation, name,
        SecretResult::failure(m_failure, name, SecretJob::verb(operation), m_failureDetail));
}

} // namespace gatehouse
