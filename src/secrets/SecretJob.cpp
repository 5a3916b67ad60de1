#include "SecretJob.h"

#include <QEventLoop>
#include <QPointer>
#include <QTimer>

#include <optional>

namespace gatehouse {

SecretJob::SecretJob(Operation operation, const QString &name, QObject *parent)
    : QObject(parent), m_operation(operation), m_name(name)
{}

SecretJob::~SecretJob() = default;

void SecretJob::finish(const SecretResult &result)
{
    if (m_finished)
        return;
    m_finished = true;
    m_result = result;
    // Queued, so a caller that connects after the store returned the job still hears it.
    QMetaObject::invokeMethod(
        this,
        [this] {
            emit finished(m_result);
            deleteLater();
        },
        Qt::QueuedConnection);
}

SecretResult SecretJob::wait(SecretJob *job, int timeoutMs)
{
    if (!job)
        return SecretResult::failureWithMessage(SecretStatus::Other,
                                                QStringLiteral("No secret operation was started."));
    const QString name = job->name();
    const QString verb = SecretJob::verb(job->operation());
    std::optional<SecretResult> result;
    QEventLoop loop;
    QObject context; // ends the connections when this frame returns, even if the job lives on
    connect(job, &SecretJob::finished, &context, [&](const SecretResult &r) {
        result = r;
        loop.quit();
    });
    connect(job, &QObject::destroyed, &loop, &QEventLoop::quit);
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    timer.start(timeoutMs);
    loop.exec();
    if (result)
        return *result;
    if (!timer.isActive())
        return SecretResult::failureWithMessage(
            SecretStatus::Other,
            SecretResult::couldNot(name, verb) +
                QStringLiteral(": the keychain did not answer within %1 seconds. It may be waiting "
                               "for you to unlock it; try again after unlocking.")
                    .arg(timeoutMs / 1000.0, 0, 'g', 3));
    return SecretResult::failureWithMessage(SecretStatus::Other,
                                            SecretResult::couldNot(name, verb) +
                                                QStringLiteral(": the operation was cancelled."));
}

QString SecretJob::verb(Operation operation)
{
    switch (operation) {
    case Operation::Read:
        return QStringLiteral("read");
    case Operation::Write:
        return QStringLiteral("save");
    case Operation::Remove:
        return QStringLiteral("remove");
    case Operation::Probe:
        break;
    }
    return QStringLiteral("check");
}

} // namespace gatehouse
