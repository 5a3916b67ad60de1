#include "RequestRecord.h"

#include <QStringList>

namespace gatehouse {

QString RequestRecord::attemptTrail() const
{
    QStringList parts;
    for (const AttemptRecord &a : attempts)
        parts << a.instance + QLatin1Char('=') +
                     (a.status ? QString::number(a.status) : QStringLiteral("error"));
    return parts.join(QLatin1Char(','));
}

QString RequestRecord::logLine() const
{
    auto quoted = [](const QString &s) {
        return s.isEmpty()
                   ? QStringLiteral("-")
                   : (s.contains(QLatin1Char(' ')) ? QLatin1Char('"') + s + QLatin1Char('"') : s);
    };
    QString line =
        QStringLiteral(
            "%1 %2 status=%3 route=%4 instance=%5 model=%6 upstream_model=%7 stream=%8 "
            "latency_ms=%9 ttft_ms=%10 prompt=%11 completion=%12 cached=%13 attempts=%14")
            .arg(method, quoted(path))
            .arg(status)
            .arg(quoted(routeId), quoted(instance), quoted(clientModel), quoted(upstreamModel),
                 stream ? QStringLiteral("1") : QStringLiteral("0"))
            .arg(latencyMs, 0, 'f', 2)
            .arg(ttftMs, 0, 'f', 2)
            .arg(usage.promptTokens)
            .arg(usage.completionTokens)
            .arg(usage.cachedTokens)
            .arg(quoted(attemptTrail()));
    if (interrupted)
        line += QStringLiteral(" interrupted=1");
    if (!errorCode.isEmpty())
        line += QStringLiteral(" error=") + QString::fromLatin1(errorCode);
    if (!error.isEmpty())
        line += QStringLiteral(" reason=") + quoted(error);
    return line;
}

} // namespace gatehouse
