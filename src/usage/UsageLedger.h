#pragma once

#include "RequestRecord.h"
#include "UsageTypes.h"

#include <QMutex>
#include <QObject>
#include <QString>
#include <QWaitCondition>

#include <atomic>
#include <functional>
#include <vector>

class QThread;

namespace gatehouse {

class PriceTable;

// The usage ledger: every finished request as one row of `usage.sqlite` in the data folder.
//
// Writing: record() (from the proxy's worker threads) only appends to a queue under a mutex; a
// writer thread with its own connection commits the queue in one transaction every 250 ms or
// every 512 records, pricing each record then, and keeps hourly and daily rollups (sums per hour
// or local day, provider, model, route and instance) in the same transaction. WAL, synchronous=NORMAL: a
// killed process loses at most the batch being written. close() (and the destructor) flush all.
//
// Reading: the query methods are synchronous and may be called from any thread (the GUI's
// included); each calling thread gets its own read-only connection, which WAL lets read while
// the writer writes. Charts and totals read the rollups (whole days from the daily one, the
// hours at either end from the hourly one), so a million rows cost milliseconds;
// the request log reads rows by id. Rows still in the queue are not visible until flushed
// (flushed() tells when).
class UsageLedger final : public QObject, public RequestSink
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageLedger)

public:
    static constexpr int kSchemaVersion = 3;
    static QString fileName() { return QStringLiteral("usage.sqlite"); }

    // `prices` (may be null: every cost 0) must outlive the ledger.
    explicit UsageLedger(const PriceTable *prices, QObject *parent = nullptr);
    ~UsageLedger() override;

    // Opens (creating or migrating) `<dir>/usage.sqlite` and starts the writer; false with
    // *error on failure (not a database, newer schema than this build knows, disk).
    bool open(const QString &dir, QString *error = nullptr);
    // Flushes everything queued, stops the writer and closes the file.
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }

    // RequestSink: queues the record (thread-safe, never blocks on I/O).
    void record(const RequestRecord &record) override;
    // Blocks until everything queued before the call is committed (tests, shutdown, export).
    bool flush(int timeoutMs = 10000);
    LedgerStats stats() const;
    // Batch limits (tests and the bench): commit every `intervalMs` or `maxBatch` records.
    void setBatching(int intervalMs, int maxBatch);
    // Records beyond this many waiting are dropped (counted in stats().dropped). Default 200,000.
    void setQueueCapacity(int capacity);

    // --- Reading (any thread, synchronous) ---

    // A page of the request log, newest first.
    QList<UsageRow> recent(const UsageFilter &filter, const UsagePage &page = {}) const;
    // How many rows match `filter` (for "N requests" labels).
    qint64 count(const UsageFilter &filter = {}) const;
    // One row by id (the log's details pane); id 0 when not found.
    UsageRow row(qint64 id) const;
    // Chart points: sums per bucket and key of `dimension` over `range`, ordered by bucket, key.
    QList<UsageBucket> buckets(const UsageRange &range, UsageBucketSize size,
                               UsageDimension dimension) const;
    // Totals table: sums per key of `dimension` over `range`, largest cost (then tokens) first.
    QList<UsageTotal> totals(const UsageRange &range, UsageDimension dimension) const;
    // Sums over `range` (all keys): the page's headline numbers.
    UsageSums sums(const UsageRange &range) const;
    // Exact sums from the rows (not the rollup) of a route (and instance, if not empty) since
    // `fromMs`: budgets load their running totals from this at start.
    UsageSums sumsSince(qint64 fromMs, const QString &route = {},
                        const QString &instance = {}) const;
    // Sums per route of the rows since `fromMs` (one query for every route's budget at start).
    QHash<QString, UsageSums> sumsByRouteSince(qint64 fromMs) const;

    // Writes the rows matching `filter` (oldest first) as CSV with a header line; false with
    // *error when the file cannot be written.
    bool exportCsv(const QString &filePath, const UsageFilter &filter, QString *error = nullptr);
    // Writes chart points as CSV (bucket start as ISO local time, key, sums).
    static bool exportBucketsCsv(const QString &filePath, const QList<UsageBucket> &buckets,
                                 QString *error = nullptr);
    // One CSV field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
    static QString csvField(const QString &value);
    static QString dimensionColumn(UsageDimension dimension); // "provider", "model", ...

signals:
    // A batch was committed (emitted on the ledger's thread, at most once per flush): the Usage
    // page and the log may re-query.
    void flushed(qint64 lastId);

private:
    void writerLoop();
    QString readConnection() const;

    const PriceTable *m_prices;
    QString m_path;
    QString m_connectionPrefix;
    bool m_open = false;

    mutable QMutex m_mutex;
    QWaitCondition m_wake;    // the writer waits on it
    QWaitCondition m_flushed; // flush() waits on it
    std::vector<RequestRecord> m_queue;
    qint64 m_enqueued = 0;  // records ever accepted
    qint64 m_committed = 0; // of those, committed (or dropped by a failed batch)
    bool m_stop = false;
    bool m_flushRequested = false;
    int m_intervalMs = 250;
    int m_maxBatch = 512;
    int m_capacity = 200000;
    LedgerStats m_stats;
    QThread *m_writer = nullptr;
};

} // namespace gatehouse
