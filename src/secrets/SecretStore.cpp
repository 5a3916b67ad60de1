#include "SecretStore.h"

namespace gatehouse {

SecretStore::SecretStore(QObject *parent) : QObject(parent)
{}

SecretStore::~SecretStore() = default;

SecretJob *SecretStore::probe()
{
    return answer(SecretJob::Operation::Probe, {}, SecretResult::success());
}

SecretJob *SecretStore::createJob(SecretJob::Operation operation, const QString &name)
{
    return new SecretJob(operation, name, this);
}

SecretJob *SecretStore::answer(SecretJob::Operation operation, const QString &name,
                               const SecretResult &result)
{
    SecretJob *job = createJob(operation, name);
    job->finish(result);
    return job;
}

} // namespace gatehouse
