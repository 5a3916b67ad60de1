#include "RequestRecord.h"

#include <QStringList>

namespace gatehouse {

QString RequestRecord::attemptTrail() const
{
    QString trail;
    for (const AttemptRecord &a : attempts) {
        if (!trail.isEmpty())
            trail += QLatin1Char(',');
        trail += a.instance + QLatin1Char('=') +
                 (a.status ? QString::number(a.status) : QStringLiteral("error"));
    }
    return trail;
}

QString RequestRecord::logLine() const
{
    // Appended piece by piece: a chain of QString::arg() calls re-scanned the whole line for
    // place markers at each step (and took a "%2" inside a path or model name for one).
    QString line;
    line.reserve(320);
    const auto quoted = [&line](const QString &s) {
        if (s.isEmpty())
            line += QLatin1Char('-');
        else if (s.contains(QLatin1Char(' ')))
            line += QLatin1Char('"') + s + QLatin1Char('"');
        else
            line += s;
    };
    line += method;
    line += QLatin1Char(' ');
    quoted(path);
    line += QLatin1String(" status=") + QString::number(status) + QLatin1String(" route=");
    quoted(routeId);
    line += QLatin1String(" instance=");
    quoted(instance);
    line += QLatin1String(" model=");
    quoted(clientModel);
    line += QLatin1String(" upstream_model=");
    quoted(upstreamModel);
    line += QLatin1String(stream ? " stream=1" : " stream=0");
    line += QLatin1String(" latency_ms=") + QString::number(latencyMs, 'f', 2) +
            QLatin1String(" ttft_ms=") + QString::number(ttftMs, 'f', 2) +
            QLatin1String(" prompt=") + QString::number(usage.promptTokens) +
            QLatin1String(" completion=") + QString::number(usage.completionTokens) +
            QLatin1String(" cached=") + QString::number(usage.cachedTokens) +
            QLatin1String(" attempts=");
    quoted(attemptTrail());
    if (interrupted)
        line += QLatin1String(" interrupted=1");
    if (!errorCode.isEmpty())
        line += QLatin1String(" error=") + QLatin1String(errorCode);
    if (!error.isEmpty()) {
        line += QLatin1String(" reason=");
        quoted(error);
    }
    return line;
}

} // namespace gatehouse
