#pragma once

#include "RequestRecord.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace gatehouse {

// One request as the ledger stored it: the proxy's record plus its row id and its cost.
struct UsageRow
{
    qint64 id = 0;
    RequestRecord record; // attempts hold instance and status (and error) as in the trail
    double costUsd = 0;   // at the prices when it was recorded; 0 when the model has no price
    bool priced = false;  // false: no price was known for the model
};

// Which records a page of the request log shows. Empty fields do not filter.
struct UsageFilter
{
    enum class StatusClass {
        Any,
        Success,
        ClientError,
        ServerError,
        Error
    }; // 2xx, 4xx, 5xx, not 2xx
    enum class StreamFilter { Any, Streamed, NotStreamed };

    QString text;  // case-insensitive substring of route, instance, model, path, client, error
    QString route; // exact route id
    StatusClass status = StatusClass::Any;
    StreamFilter stream = StreamFilter::Any;
    qint64 fromMs = 0; // started_at >= fromMs (0: no lower bound)
    qint64 toMs = 0;   // started_at < toMs (0: no upper bound)
};

// A page of the request log, newest first: rows with id < beforeId (0: from the newest), then
// `offset` rows skipped, at most `limit` returned. Use beforeId (the last row's id) to page on.
struct UsagePage
{
    qint64 beforeId = 0;
    int offset = 0;
    int limit = 200;
};

// Sums over a set of requests.
struct UsageSums
{
    qint64 requests = 0;
    qint64 errors = 0; // status not 2xx
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    qint64 cachedTokens = 0;
    double costUsd = 0;

    qint64 totalTokens() const { return promptTokens + completionTokens; }
    void add(const UsageSums &other);
    bool operator==(const UsageSums &) const = default;
};

// What a chart or the totals table groups by.
enum class UsageDimension { Provider, Model, Route, Instance };
// Bucket size of a chart: an hour (UTC hour start) or a local calendar day.
enum class UsageBucketSize { Hour, Day };

// One point of a chart: the sums of one key (a provider, model, route or instance) in one bucket.
struct UsageBucket
{
    qint64 startMs = 0; // bucket start: the hour, or local midnight of the day
    QString key;        // the dimension's value; "" for requests without one (e.g. no route)
    UsageSums sums;
};

// One row of the totals table: a key's sums over the whole range.
struct UsageTotal
{
    QString key;
    UsageSums sums;
};

// A date range for charts and totals. Charts read the hourly rollup, so the range is widened to
// whole hours (fromMs rounded down, toMs rounded up).
struct UsageRange
{
    qint64 fromMs = 0; // inclusive
    qint64 toMs = 0;   // exclusive; 0: now

    static UsageRange lastDays(int days, const QDateTime &now = QDateTime::currentDateTime());
};

// How the ledger's writer is doing (for the bench, the log and a status line).
struct LedgerStats
{
    qint64 queued = 0;      // records waiting for the writer now
    qint64 maxQueued = 0;   // the longest the queue has been
    qint64 written = 0;     // rows written since open
    qint64 dropped = 0;     // records dropped because the queue was full (the writer fell behind)
    qint64 flushes = 0;     // transactions committed
    double lastFlushMs = 0; // how long the last transaction took
    QString lastError;      // the last database error, empty when fine
};

} // namespace gatehouse
