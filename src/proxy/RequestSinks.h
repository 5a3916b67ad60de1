#pragma once

#include "RequestRecord.h"

#include <QJsonArray>
#include <QList>
#include <QMutex>
#include <QReadWriteLock>

#include <deque>

namespace gatehouse {

// Hands every record to several sinks (the recent list, the metrics, the ledger, the GUI).
class RequestFanout final : public RequestSink
{
public:
    void add(RequestSink *sink);
    void remove(RequestSink *sink);
    void record(const RequestRecord &record) override;

private:
    QReadWriteLock m_lock;
    QList<RequestSink *> m_sinks;
};

// The last N records in memory, newest first, for the Admin API and the GUI's log.
class RecentRequests final : public RequestSink
{
public:
    explicit RecentRequests(int capacity = 1000) : m_capacity(capacity) {}
    void record(const RequestRecord &record) override;
    QList<RequestRecord> newest(int count) const;
    static QJsonObject toJson(const RequestRecord &record);

private:
    mutable QMutex m_mutex;
    std::deque<RequestRecord> m_records;
    int m_capacity;
};

// Counters and latency histograms per route, instance and model, rendered in Prometheus' text
// format: requests by status, tokens in and out, latency and time to first token, fallbacks,
// interrupted streams.
class ProxyMetrics final : public RequestSink
{
public:
    void record(const RequestRecord &record) override;
    // `extra` is appended as is (gauges the caller knows: connections, cooling-down instances).
    QByteArray prometheusText(const QByteArray &extra = {}) const;

private:
    struct Histogram
    {
        std::array<quint64, 14> buckets{}; // see kBoundsMs
        quint64 count = 0;
        double sumSeconds = 0;
        void add(double ms);
    };
    struct Series
    {
        quint64 requests = 0;
        quint64 promptTokens = 0;
        quint64 completionTokens = 0;
        quint64 cachedTokens = 0;
        quint64 fallbacks = 0;
        quint64 interrupted = 0;
        Histogram latency;
        Histogram ttft;
    };
    mutable QMutex m_mutex;
    // key: route \x1f instance \x1f model \x1f status
    QMap<QString, Series> m_series;
};

} // namespace gatehouse
