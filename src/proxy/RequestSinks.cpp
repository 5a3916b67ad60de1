#include "RequestSinks.h"

#include <QDateTime>
#include <QJsonObject>

#include <array>

namespace gatehouse {

namespace {

constexpr std::array<double, 14> kBoundsMs = {1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000};

QByteArray label(const QString &value)
{
    QString v = value;
    v.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\"")).replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return v.toUtf8();
}

} // namespace

void RequestFanout::add(RequestSink *sink)
{
    QWriteLocker lock(&m_lock);
    if (!m_sinks.contains(sink))
        m_sinks << sink;
}

void RequestFanout::remove(RequestSink *sink)
{
    QWriteLocker lock(&m_lock);
    m_sinks.removeAll(sink);
}

void RequestFanout::record(const RequestRecord &record)
{
    QReadLocker lock(&m_lock);
    for (RequestSink *sink : m_sinks)
        sink->record(record);
}

void RecentRequests::record(const RequestRecord &record)
{
    QMutexLocker lock(&m_mutex);
    m_records.push_front(record);
    while (int(m_records.size()) > m_capacity)
        m_records.pop_back();
}

QList<RequestRecord> RecentRequests::newest(int count) const
{
    QMutexLocker lock(&m_mutex);
    QList<RequestRecord> out;
    for (const RequestRecord &r : m_records) {
        if (out.size() >= count)
            break;
        out << r;
    }
    return out;
}

QJsonObject RecentRequests::toJson(const RequestRecord &r)
{
    QJsonArray attempts;
    for (const AttemptRecord &a : r.attempts)
        attempts.append(QJsonObject{{QStringLiteral("instance"), a.instance},
                                    {QStringLiteral("status"), a.status},
                                    {QStringLiteral("error"), a.error},
                                    {QStringLiteral("duration_ms"), a.durationMs}});
    return {{QStringLiteral("time"), QDateTime::fromMSecsSinceEpoch(r.startedAtMs, Qt::UTC).toString(Qt::ISODateWithMs)},
            {QStringLiteral("client"), r.client},
            {QStringLiteral("method"), r.method},
            {QStringLiteral("path"), r.path},
            {QStringLiteral("route"), r.routeId},
            {QStringLiteral("instance"), r.instance},
            {QStringLiteral("provider"), r.provider},
            {QStringLiteral("model"), r.clientModel},
            {QStringLiteral("upstream_model"), r.upstreamModel},
            {QStringLiteral("status"), r.status},
            {QStringLiteral("stream"), r.stream},
            {QStringLiteral("interrupted"), r.interrupted},
            {QStringLiteral("latency_ms"), r.latencyMs},
            {QStringLiteral("ttft_ms"), r.ttftMs},
            {QStringLiteral("prompt_tokens"), r.usage.promptTokens},
            {QStringLiteral("completion_tokens"), r.usage.completionTokens},
            {QStringLiteral("total_tokens"), r.usage.totalTokens},
            {QStringLiteral("cached_tokens"), r.usage.cachedTokens},
            {QStringLiteral("reasoning_tokens"), r.usage.reasoningTokens},
            {QStringLiteral("error_code"), QString::fromLatin1(r.errorCode)},
            {QStringLiteral("error"), r.error},
            {QStringLiteral("attempts"), attempts}};
}

void ProxyMetrics::Histogram::add(double ms)
{
    for (size_t i = 0; i < kBoundsMs.size(); ++i) {
        if (ms <= kBoundsMs[i])
            ++buckets[i];
    }
    ++count;
    sumSeconds += ms / 1000.0;
}

void ProxyMetrics::record(const RequestRecord &r)
{
    const QString key = r.routeId + QChar(0x1f) + r.instance + QChar(0x1f) +
                        (r.upstreamModel.isEmpty() ? r.clientModel : r.upstreamModel) + QChar(0x1f) +
                        QString::number(r.status);
    QMutexLocker lock(&m_mutex);
    Series &s = m_series[key];
    ++s.requests;
    s.promptTokens += quint64(qMax<qint64>(0, r.usage.promptTokens));
    s.completionTokens += quint64(qMax<qint64>(0, r.usage.completionTokens));
    s.cachedTokens += quint64(qMax<qint64>(0, r.usage.cachedTokens));
    if (r.attempts.size() > 1)
        ++s.fallbacks;
    if (r.interrupted)
        ++s.interrupted;
    s.latency.add(r.latencyMs);
    if (r.ttftMs >= 0)
        s.ttft.add(r.ttftMs);
}

QByteArray ProxyMetrics::prometheusText(const QByteArray &extra) const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    auto counter = [&](const char *name, const char *help, auto get) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " counter\n";
        for (auto it = m_series.begin(); it != m_series.end(); ++it) {
            const QStringList k = it.key().split(QChar(0x1f));
            out += QByteArray(name) + "{route=\"" + label(k[0]) + "\",instance=\"" + label(k[1]) + "\",model=\"" +
                   label(k[2]) + "\",status=\"" + k[3].toUtf8() + "\"} " + QByteArray::number(get(it.value())) + '\n';
        }
    };
    counter("gatehouse_requests_total", "Requests answered, by route, instance, model and status.",
            [](const Series &s) { return s.requests; });
    counter("gatehouse_prompt_tokens_total", "Input tokens reported by providers.",
            [](const Series &s) { return s.promptTokens; });
    counter("gatehouse_completion_tokens_total", "Output tokens reported by providers.",
            [](const Series &s) { return s.completionTokens; });
    counter("gatehouse_cached_tokens_total", "Input tokens served from the provider's cache.",
            [](const Series &s) { return s.cachedTokens; });
    counter("gatehouse_fallbacks_total", "Requests answered after at least one fallback.",
            [](const Series &s) { return s.fallbacks; });
    counter("gatehouse_interrupted_streams_total", "Streams that ended with an error event.",
            [](const Series &s) { return s.interrupted; });
    auto histogram = [&](const char *name, const char *help, bool ttft) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + " histogram\n";
        for (auto it = m_series.begin(); it != m_series.end(); ++it) {
            const QStringList k = it.key().split(QChar(0x1f));
            const QByteArray labels = "route=\"" + label(k[0]) + "\",instance=\"" + label(k[1]) + "\",model=\"" +
                                      label(k[2]) + "\",status=\"" + k[3].toUtf8() + "\"";
            const Histogram &h = ttft ? it.value().ttft : it.value().latency;
            for (size_t i = 0; i < kBoundsMs.size(); ++i)
                out += QByteArray(name) + "_bucket{" + labels + ",le=\"" + QByteArray::number(kBoundsMs[i] / 1000.0) +
                       "\"} " + QByteArray::number(h.buckets[i]) + '\n';
            out += QByteArray(name) + "_bucket{" + labels + ",le=\"+Inf\"} " + QByteArray::number(h.count) + '\n';
            out += QByteArray(name) + "_sum{" + labels + "} " + QByteArray::number(h.sumSeconds, 'f', 6) + '\n';
            out += QByteArray(name) + "_count{" + labels + "} " + QByteArray::number(h.count) + '\n';
        }
    };
    histogram("gatehouse_request_duration_seconds", "Time from the request to the end of the answer.", false);
    histogram("gatehouse_time_to_first_token_seconds", "Time from the request to the first byte of the answer.", true);
    return out + extra;
}

} // namespace gatehouse
