#include "UsageLedger.h"

#include "LedgerSchema.h"
#include "PriceTable.h"
#include "UsageLogging.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <atomic>

namespace gatehouse {

namespace {

std::atomic<int> g_ledgers{0};

struct RollupKey
{
    qint64 hour;
    QString provider, model, route, instance;
    bool operator==(const RollupKey &) const = default;
};

size_t qHash(const RollupKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.hour, k.provider, k.model, k.route, k.instance);
}

// SQLite binds a null QString as NULL; the ledger's text columns are NOT NULL, '' when unknown.
QVariant text(const QString &s)
{
    return s.isNull() ? QVariant(QString::fromLatin1("", 0)) : QVariant(s);
}

bool isError(int status)
{
    return status < 200 || status > 299;
}

} // namespace

UsageLedger::UsageLedger(const PriceTable *prices, QObject *parent)
    : QObject(parent), m_prices(prices),
      m_connectionPrefix(QStringLiteral("gatehouse-usage-%1-").arg(g_ledgers.fetch_add(1)))
{}

UsageLedger::~UsageLedger()
{
    close();
}

bool UsageLedger::open(const QString &dir, QString *error)
{
    close();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = QStringLiteral("cannot create the data folder %1").arg(dir);
        return false;
    }
    m_path = QDir(dir).absoluteFilePath(fileName());
    {
        // Schema and pragmas once, on a short-lived connection; the writer opens its own.
        const QString name = m_connectionPrefix + QStringLiteral("setup");
        bool ok = false;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
            db.setDatabaseName(m_path);
            if (!db.open()) {
                if (error)
                    *error = QStringLiteral("cannot open the usage ledger %1: %2")
                                 .arg(m_path, db.lastError().text());
            } else {
                ok = LedgerSchema::configure(db, error) && LedgerSchema::migrate(db, error);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        if (!ok) {
            qCWarning(lcUsage).noquote() << (error ? *error : QString());
            return false;
        }
    }
    {
        QMutexLocker lock(&m_mutex);
        m_stop = false;
        m_flushRequested = false;
        m_stats = {};
        m_enqueued = m_committed = 0;
    }
    m_writer = QThread::create([this] { writerLoop(); });
    m_writer->setObjectName(QStringLiteral("usage-writer"));
    m_writer->start();
    m_open = true;
    qCInfo(lcUsage).noquote() << "usage ledger at" << m_path;
    return true;
}

void UsageLedger::close()
{
    if (m_writer) {
        {
            QMutexLocker lock(&m_mutex);
            m_stop = true;
            m_wake.wakeAll();
        }
        m_writer->wait();
        delete m_writer;
        m_writer = nullptr;
    }
    if (m_open) {
        // Read connections made on this thread (the GUI's); others ended with their threads.
        const QStringList names = QSqlDatabase::connectionNames();
        for (const QString &name : names) {
            if (name.startsWith(m_connectionPrefix))
                QSqlDatabase::removeDatabase(name);
        }
    }
    m_open = false;
}

void UsageLedger::setBatching(int intervalMs, int maxBatch)
{
    QMutexLocker lock(&m_mutex);
    m_intervalMs = qMax(1, intervalMs);
    m_maxBatch = qMax(1, maxBatch);
}

void UsageLedger::setQueueCapacity(int capacity)
{
    QMutexLocker lock(&m_mutex);
    m_capacity = qMax(1, capacity);
}

void UsageLedger::record(const RequestRecord &record)
{
    QMutexLocker lock(&m_mutex);
    if (m_stop || !m_writer)
        return;
    if (qsizetype(m_queue.size()) >= m_capacity) {
        // The writer fell far behind (a stuck disk): drop rather than grow without bound or
        // block a proxy thread.
        if (m_stats.dropped++ % 10000 == 0)
            qCWarning(lcUsage) << "usage ledger queue full; dropping records";
        return;
    }
    m_queue.push_back(record);
    ++m_enqueued;
    const qsizetype n = qsizetype(m_queue.size());
    if (n > m_stats.maxQueued)
        m_stats.maxQueued = n;
    if (n == 1 || n == m_maxBatch) // the first starts the batch's clock; a full one goes now
        m_wake.wakeOne();
}

bool UsageLedger::flush(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    QMutexLocker lock(&m_mutex);
    if (!m_writer)
        return true;
    const qint64 target = m_enqueued;
    while (m_committed < target) {
        m_flushRequested = true;
        m_wake.wakeAll();
        if (!m_flushed.wait(&m_mutex, deadline))
            return m_committed >= target;
    }
    return true;
}

LedgerStats UsageLedger::stats() const
{
    QMutexLocker lock(&m_mutex);
    LedgerStats s = m_stats;
    s.queued = qint64(m_queue.size());
    return s;
}

void UsageLedger::writerLoop()
{
    const QString name = m_connectionPrefix + QStringLiteral("writer");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        QString error;
        if (!db.open() || !LedgerSchema::configure(db, &error)) {
            qCWarning(lcUsage).noquote()
                << "usage writer cannot open" << m_path << db.lastError().text() << error;
        }
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral(
            "INSERT INTO requests (started_at, client, method, path, route, instance, provider,"
            " client_model, upstream_model, status, stream, interrupted, latency_ms, ttft_ms,"
            " prompt_tokens, completion_tokens, cached_tokens, reasoning_tokens, request_bytes,"
            " response_bytes, error_code, error, attempts, cost_usd, priced)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
        // One upsert per rollup table; {table} is "hourly" (key: hour) or "daily" (key: day).
        auto upsert = [&db](const QString &table) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("INSERT INTO ") + table +
                      QStringLiteral(" VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT"
                                     " (") +
                      (table == QLatin1String("hourly") ? QStringLiteral("hour")
                                                        : QStringLiteral("day")) +
                      QStringLiteral(
                          ", provider, model, route, instance) DO UPDATE SET"
                          " requests = requests + excluded.requests,"
                          " errors = errors + excluded.errors,"
                          " prompt_tokens = prompt_tokens + excluded.prompt_tokens,"
                          " completion_tokens = completion_tokens + excluded.completion_tokens,"
                          " cached_tokens = cached_tokens + excluded.cached_tokens,"
                          " cost_usd = cost_usd + excluded.cost_usd"));
            return q;
        };
        QSqlQuery hourly = upsert(QStringLiteral("hourly"));
        QSqlQuery daily = upsert(QStringLiteral("daily"));
        QHash<qint64, qint64> dayOfHour; // local midnight of each hour seen (conversions are slow)

        std::vector<RequestRecord> batch;
        for (;;) {
            qint64 target = 0;
            bool stop = false;
            {
                QMutexLocker lock(&m_mutex);
                // Idle until a record arrives; then collect for up to the interval, or until
                // the batch is full, flush() asks, or close() stops.
                while (!m_stop && !m_flushRequested && m_queue.empty())
                    m_wake.wait(&m_mutex);
                const QDeadlineTimer due(m_intervalMs);
                while (!m_stop && !m_flushRequested && qsizetype(m_queue.size()) < m_maxBatch &&
                       !due.hasExpired())
                    m_wake.wait(&m_mutex, due);
                m_flushRequested = false;
                batch.swap(m_queue);
                target = m_enqueued;
                stop = m_stop;
            }
            if (!batch.empty()) {
                QElapsedTimer t;
                t.start();
                QString error;
                bool ok = db.transaction();
                qint64 lastId = 0;
                QHash<RollupKey, UsageSums> sums;
                for (const RequestRecord &r : batch) {
                    if (!ok)
                        break;
                    const std::optional<double> cost =
                        m_prices ? m_prices->cost(r) : std::optional<double>(0.0);
                    const QVariantList values = {r.startedAtMs,
                                                 text(r.client),
                                                 text(r.method),
                                                 text(r.path),
                                                 text(r.routeId),
                                                 text(r.instance),
                                                 text(r.provider),
                                                 text(r.clientModel),
                                                 text(r.upstreamModel),
                                                 r.status,
                                                 int(r.stream),
                                                 int(r.interrupted),
                                                 r.latencyMs,
                                                 r.ttftMs,
                                                 r.usage.promptTokens,
                                                 r.usage.completionTokens,
                                                 r.usage.cachedTokens,
                                                 r.usage.reasoningTokens,
                                                 r.requestBytes,
                                                 r.responseBytes,
                                                 text(QString::fromLatin1(r.errorCode)),
                                                 text(r.error),
                                                 text(r.attemptTrail()),
                                                 cost.value_or(0.0),
                                                 int(cost.has_value())};
                    for (int i = 0; i < values.size(); ++i)
                        insert.bindValue(i, values.at(i));
                    ok = insert.exec();
                    if (!ok) {
                        error = insert.lastError().text();
                        break;
                    }
                    lastId = insert.lastInsertId().toLongLong();
                    UsageSums &s =
                        sums[RollupKey{r.startedAtMs / 3600000 * 3600000, r.provider,
                                       r.upstreamModel.isEmpty() ? r.clientModel : r.upstreamModel,
                                       r.routeId, r.instance}];
                    s.requests += 1;
                    s.errors += isError(r.status) ? 1 : 0;
                    s.promptTokens += r.usage.promptTokens;
                    s.completionTokens += r.usage.completionTokens;
                    s.cachedTokens += r.usage.cachedTokens;
                    s.costUsd += cost.value_or(0.0);
                }
                QHash<RollupKey, UsageSums> days;
                for (auto it = sums.constBegin(); it != sums.constEnd(); ++it) {
                    auto day = dayOfHour.constFind(it.key().hour);
                    if (day == dayOfHour.constEnd()) {
                        if (dayOfHour.size() > 10000)
                            dayOfHour.clear();
                        day = dayOfHour.insert(it.key().hour,
                                               QDateTime::fromMSecsSinceEpoch(it.key().hour)
                                                   .date()
                                                   .startOfDay()
                                                   .toMSecsSinceEpoch());
                    }
                    RollupKey k = it.key();
                    k.hour = *day;
                    days[k].add(*it);
                }
                for (const auto &[table, rows] :
                     {std::pair{&hourly, &sums}, std::pair{&daily, &days}}) {
                    for (auto it = rows->constBegin(); ok && it != rows->constEnd(); ++it) {
                        const QVariantList values = {it.key().hour,
                                                     text(it.key().provider),
                                                     text(it.key().model),
                                                     text(it.key().route),
                                                     text(it.key().instance),
                                                     it->requests,
                                                     it->errors,
                                                     it->promptTokens,
                                                     it->completionTokens,
                                                     it->cachedTokens,
                                                     it->costUsd};
                        for (int i = 0; i < values.size(); ++i)
                            table->bindValue(i, values.at(i));
                        ok = table->exec();
                        if (!ok)
                            error = table->lastError().text();
                    }
                }
                ok = ok && db.commit();
                if (!ok) {
                    if (error.isEmpty())
                        error = db.lastError().text();
                    db.rollback();
                    qCWarning(lcUsage).noquote()
                        << "usage ledger could not write" << batch.size() << "records:" << error;
                }
                {
                    QMutexLocker lock(&m_mutex);
                    ++m_stats.flushes;
                    m_stats.lastFlushMs = double(t.nsecsElapsed()) / 1e6;
                    if (ok)
                        m_stats.written += qint64(batch.size());
                    else
                        m_stats.lastError = error;
                }
                if (ok)
                    emit flushed(lastId);
                batch.clear();
            }
            {
                QMutexLocker lock(&m_mutex);
                m_committed = target;
                m_flushed.wakeAll();
                if (stop && m_queue.empty())
                    break;
            }
        }
        insert.finish();
        hourly.finish();
        daily.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

} // namespace gatehouse
