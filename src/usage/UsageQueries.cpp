// UsageLedger's read side: the request log, charts, totals, budget sums and CSV export. Every
// call runs on the calling thread's own read-only connection.
#include "UsageLedger.h"

#include "UsageLogging.h"

#include <QDateTime>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <algorithm>

namespace gatehouse {

namespace {

constexpr qint64 kHourMs = 3600000;

const QString kRowColumns = QStringLiteral(
    "id, started_at, client, method, path, route, instance, provider, client_model,"
    " upstream_model, status, stream, interrupted, latency_ms, ttft_ms, prompt_tokens,"
    " completion_tokens, cached_tokens, reasoning_tokens, request_bytes, response_bytes,"
    " error_code, error, attempts, cost_usd, priced");

const QString kSumColumns = QStringLiteral(
    "SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),"
    " SUM(cost_usd)");

UsageRow rowFrom(const QSqlQuery &q)
{
    UsageRow row;
    RequestRecord &r = row.record;
    row.id = q.value(0).toLongLong();
    r.startedAtMs = q.value(1).toLongLong();
    r.client = q.value(2).toString();
    r.method = q.value(3).toString();
    r.path = q.value(4).toString();
    r.routeId = q.value(5).toString();
    r.instance = q.value(6).toString();
    r.provider = q.value(7).toString();
    r.clientModel = q.value(8).toString();
    r.upstreamModel = q.value(9).toString();
    r.status = q.value(10).toInt();
    r.stream = q.value(11).toInt() != 0;
    r.interrupted = q.value(12).toInt() != 0;
    r.latencyMs = q.value(13).toDouble();
    r.ttftMs = q.value(14).toDouble();
    r.usage.promptTokens = q.value(15).toLongLong();
    r.usage.completionTokens = q.value(16).toLongLong();
    r.usage.totalTokens = r.usage.promptTokens + r.usage.completionTokens;
    r.usage.cachedTokens = q.value(17).toLongLong();
    r.usage.reasoningTokens = q.value(18).toLongLong();
    r.usage.present = r.usage.totalTokens > 0;
    r.requestBytes = q.value(19).toLongLong();
    r.responseBytes = q.value(20).toLongLong();
    r.errorCode = q.value(21).toString().toLatin1();
    r.error = q.value(22).toString();
    // The trail "a=429,b=200" back into attempts (status 0 where it says "error").
    const QString trail = q.value(23).toString();
    if (!trail.isEmpty()) {
        for (const QString &part : trail.split(QLatin1Char(','))) {
            const qsizetype eq = part.lastIndexOf(QLatin1Char('='));
            r.attempts.append({part.left(eq), eq >= 0 ? part.mid(eq + 1).toInt() : 0, {}, 0});
        }
    }
    row.costUsd = q.value(24).toDouble();
    row.priced = q.value(25).toInt() != 0;
    return row;
}

UsageSums sumsFrom(const QSqlQuery &q, int first)
{
    UsageSums s;
    s.requests = q.value(first).toLongLong();
    s.errors = q.value(first + 1).toLongLong();
    s.promptTokens = q.value(first + 2).toLongLong();
    s.completionTokens = q.value(first + 3).toLongLong();
    s.cachedTokens = q.value(first + 4).toLongLong();
    s.costUsd = q.value(first + 5).toDouble();
    return s;
}

// WHERE clause and bind values for a filter on the requests table.
struct Where
{
    QStringList conditions;
    QVariantList values;

    QString sql() const
    {
        return conditions.isEmpty()
                   ? QString()
                   : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    }
};

Where whereOf(const UsageFilter &f)
{
    Where w;
    if (!f.text.isEmpty()) {
        QString escaped = f.text;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        const QString pattern = QLatin1Char('%') + escaped + QLatin1Char('%');
        static const QStringList columns = {
            QStringLiteral("route"),        QStringLiteral("instance"),
            QStringLiteral("client_model"), QStringLiteral("upstream_model"),
            QStringLiteral("path"),         QStringLiteral("client"),
            QStringLiteral("error"),        QStringLiteral("error_code")};
        QStringList any;
        for (const QString &c : columns) {
            any << c + QStringLiteral(" LIKE ? ESCAPE '\\'");
            w.values << pattern;
        }
        w.conditions << QLatin1Char('(') + any.join(QStringLiteral(" OR ")) + QLatin1Char(')');
    }
    if (!f.route.isEmpty()) {
        w.conditions << QStringLiteral("route = ?");
        w.values << f.route;
    }
    switch (f.status) {
    case UsageFilter::StatusClass::Success:
        w.conditions << QStringLiteral("status BETWEEN 200 AND 299");
        break;
    case UsageFilter::StatusClass::ClientError:
        w.conditions << QStringLiteral("status BETWEEN 400 AND 499");
        break;
    case UsageFilter::StatusClass::ServerError:
        w.conditions << QStringLiteral("status BETWEEN 500 AND 599");
        break;
    case UsageFilter::StatusClass::Error:
        w.conditions << QStringLiteral("status NOT BETWEEN 200 AND 299");
        break;
    case UsageFilter::StatusClass::Any:
        break;
    }
    if (f.stream != UsageFilter::StreamFilter::Any)
        w.conditions << (f.stream == UsageFilter::StreamFilter::Streamed
                             ? QStringLiteral("stream = 1")
                             : QStringLiteral("stream = 0"));
    if (f.fromMs > 0) {
        w.conditions << QStringLiteral("started_at >= ?");
        w.values << f.fromMs;
    }
    if (f.toMs > 0) {
        w.conditions << QStringLiteral("started_at < ?");
        w.values << f.toMs;
    }
    return w;
}

bool run(QSqlQuery &q, const QString &sql, const QVariantList &values)
{
    if (!q.prepare(sql)) {
        qCWarning(lcUsage).noquote() << "usage query failed:" << q.lastError().text();
        return false;
    }
    for (int i = 0; i < values.size(); ++i)
        q.bindValue(i, values.at(i));
    if (!q.exec()) {
        qCWarning(lcUsage).noquote() << "usage query failed:" << q.lastError().text();
        return false;
    }
    return true;
}

// [from, to) widened to whole hours, for the rollup.
QPair<qint64, qint64> hours(const UsageRange &range)
{
    const qint64 to = range.toMs > 0 ? range.toMs : QDateTime::currentMSecsSinceEpoch() + 1;
    const qint64 from = range.fromMs / kHourMs * kHourMs;
    return {from, (to + kHourMs - 1) / kHourMs * kHourMs};
}

qint64 localMidnightAtOrAfter(qint64 ms)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(ms);
    const qint64 start = t.date().startOfDay().toMSecsSinceEpoch();
    return start == ms ? ms : t.date().addDays(1).startOfDay().toMSecsSinceEpoch();
}

qint64 localMidnightAtOrBefore(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).date().startOfDay().toMSecsSinceEpoch();
}

// A range in whole hours as the rollups read it: the whole local days inside it from "daily",
// the hours before the first and after the last whole day from "hourly".
struct Segment
{
    QString table;
    QString keyColumn;
    qint64 from, to;
};

QList<Segment> segments(const UsageRange &range)
{
    const auto [from, to] = hours(range);
    const qint64 firstDay = localMidnightAtOrAfter(from);
    const qint64 lastDay = localMidnightAtOrBefore(to);
    const QString hourly = QStringLiteral("hourly"), hour = QStringLiteral("hour");
    if (firstDay >= lastDay)
        return {{hourly, hour, from, to}};
    QList<Segment> out;
    if (from < firstDay)
        out.append({hourly, hour, from, firstDay});
    out.append({QStringLiteral("daily"), QStringLiteral("day"), firstDay, lastDay});
    if (lastDay < to)
        out.append({hourly, hour, lastDay, to});
    return out;
}

} // namespace

QString UsageLedger::dimensionColumn(UsageDimension dimension)
{
    switch (dimension) {
    case UsageDimension::Provider:
        return QStringLiteral("provider");
    case UsageDimension::Model:
        return QStringLiteral("model");
    case UsageDimension::Route:
        return QStringLiteral("route");
    case UsageDimension::Instance:
        break;
    }
    return QStringLiteral("instance");
}

QString UsageLedger::readConnection() const
{
    const QString name = m_connectionPrefix + QStringLiteral("read-") +
                         QString::number(quintptr(QThread::currentThread()), 16);
    if (!QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open())
            qCWarning(lcUsage).noquote()
                << "cannot read the usage ledger:" << db.lastError().text();
    }
    return name;
}

QList<UsageRow> UsageLedger::recent(const UsageFilter &filter, const UsagePage &page) const
{
    QList<UsageRow> out;
    if (!m_open)
        return out;
    Where w = whereOf(filter);
    if (page.beforeId > 0) {
        w.conditions << QStringLiteral("id < ?");
        w.values << page.beforeId;
    }
    w.values << qMax(0, page.limit) << qMax(0, page.offset);
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    q.setForwardOnly(true);
    if (!run(q,
             QStringLiteral("SELECT ") + kRowColumns + QStringLiteral(" FROM requests") + w.sql() +
                 QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?"),
             w.values))
        return out;
    while (q.next())
        out.append(rowFrom(q));
    return out;
}

qint64 UsageLedger::count(const UsageFilter &filter) const
{
    if (!m_open)
        return 0;
    const Where w = whereOf(filter);
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    if (!run(q, QStringLiteral("SELECT COUNT(*) FROM requests") + w.sql(), w.values) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

UsageRow UsageLedger::row(qint64 id) const
{
    if (!m_open)
        return {};
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    if (!run(q,
             QStringLiteral("SELECT ") + kRowColumns +
                 QStringLiteral(" FROM requests WHERE id = ?"),
             {id}) ||
        !q.next())
        return {};
    return rowFrom(q);
}

QList<UsageBucket> UsageLedger::buckets(const UsageRange &range, UsageBucketSize size,
                                        UsageDimension dimension) const
{
    QList<UsageBucket> out;
    if (!m_open)
        return out;
    auto [from, to] = hours(range);
    const bool byDay = size == UsageBucketSize::Day;
    if (byDay) // whole local days, from the daily rollup
        from = localMidnightAtOrBefore(from);
    const QString table = byDay ? QStringLiteral("daily") : QStringLiteral("hourly");
    const QString key = byDay ? QStringLiteral("day") : QStringLiteral("hour");
    const QString column = dimensionColumn(dimension);
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    q.setForwardOnly(true);
    if (!run(q,
             QStringLiteral("SELECT ") + key + QStringLiteral(", ") + column +
                 QStringLiteral(", ") + kSumColumns + QStringLiteral(" FROM ") + table +
                 QStringLiteral(" WHERE ") + key + QStringLiteral(" >= ? AND ") + key +
                 QStringLiteral(" < ? GROUP BY ") + key + QStringLiteral(", ") + column +
                 QStringLiteral(" ORDER BY ") + key + QStringLiteral(", ") + column,
             {from, to}))
        return out;
    while (q.next())
        out.append({q.value(0).toLongLong(), q.value(1).toString(), sumsFrom(q, 2)});
    return out;
}

QList<UsageTotal> UsageLedger::totals(const UsageRange &range, UsageDimension dimension) const
{
    QList<UsageTotal> out;
    if (!m_open)
        return out;
    const QString column = dimensionColumn(dimension);
    QHash<QString, UsageSums> byKey;
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    q.setForwardOnly(true);
    for (const Segment &seg : segments(range)) {
        if (!run(q,
                 QStringLiteral("SELECT ") + column + QStringLiteral(", ") + kSumColumns +
                     QStringLiteral(" FROM ") + seg.table + QStringLiteral(" WHERE ") +
                     seg.keyColumn + QStringLiteral(" >= ? AND ") + seg.keyColumn +
                     QStringLiteral(" < ? GROUP BY ") + column,
                 {seg.from, seg.to}))
            return out;
        while (q.next())
            byKey[q.value(0).toString()].add(sumsFrom(q, 1));
    }
    for (auto it = byKey.constBegin(); it != byKey.constEnd(); ++it)
        out.append({it.key(), *it});
    std::sort(out.begin(), out.end(), [](const UsageTotal &a, const UsageTotal &b) {
        if (a.sums.costUsd != b.sums.costUsd)
            return a.sums.costUsd > b.sums.costUsd;
        if (a.sums.totalTokens() != b.sums.totalTokens())
            return a.sums.totalTokens() > b.sums.totalTokens();
        return a.key < b.key;
    });
    return out;
}

UsageSums UsageLedger::sums(const UsageRange &range) const
{
    UsageSums total;
    if (!m_open)
        return total;
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    for (const Segment &seg : segments(range)) {
        if (run(q,
                QStringLiteral("SELECT ") + kSumColumns + QStringLiteral(" FROM ") + seg.table +
                    QStringLiteral(" WHERE ") + seg.keyColumn + QStringLiteral(" >= ? AND ") +
                    seg.keyColumn + QStringLiteral(" < ?"),
                {seg.from, seg.to}) &&
            q.next())
            total.add(sumsFrom(q, 0));
    }
    return total;
}

UsageSums UsageLedger::sumsSince(qint64 fromMs, const QString &route, const QString &instance) const
{
    if (!m_open)
        return {};
    QString sql =
        QStringLiteral("SELECT COUNT(*), SUM(status NOT BETWEEN 200 AND 299), SUM(prompt_tokens),"
                       " SUM(completion_tokens), SUM(cached_tokens), SUM(cost_usd)"
                       " FROM requests WHERE started_at >= ?");
    QVariantList values{fromMs};
    if (!route.isEmpty()) {
        sql += QStringLiteral(" AND route = ?");
        values << route;
    }
    if (!instance.isEmpty()) {
        sql += QStringLiteral(" AND instance = ?");
        values << instance;
    }
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    if (!run(q, sql, values) || !q.next())
        return {};
    return sumsFrom(q, 0);
}

QHash<QString, UsageSums> UsageLedger::sumsByRouteSince(qint64 fromMs) const
{
    QHash<QString, UsageSums> out;
    if (!m_open)
        return out;
    // Whole days from the daily rollup, whole hours before them from the hourly one, the part-hour
    // before the first whole one from the rows: exact, and a month of a busy ledger reads a few
    // hundred rollup rows instead of every request.
    const qint64 firstHour = (fromMs + kHourMs - 1) / kHourMs * kHourMs;
    const qint64 farFuture = QDateTime::currentMSecsSinceEpoch() + 3650LL * 86400000;
    QSqlQuery q(QSqlDatabase::database(readConnection()));
    q.setForwardOnly(true);
    for (const Segment &seg : segments({firstHour, farFuture})) {
        if (run(q,
                QStringLiteral("SELECT route, ") + kSumColumns + QStringLiteral(" FROM ") +
                    seg.table + QStringLiteral(" WHERE ") + seg.keyColumn +
                    QStringLiteral(" >= ? AND ") + seg.keyColumn +
                    QStringLiteral(" < ? GROUP BY route"),
                {seg.from, seg.to})) {
            while (q.next())
                out[q.value(0).toString()].add(sumsFrom(q, 1));
        }
    }
    if (firstHour > fromMs &&
        run(q,
            QStringLiteral("SELECT route, COUNT(*), SUM(status NOT BETWEEN 200 AND 299),"
                           " SUM(prompt_tokens), SUM(completion_tokens), SUM(cached_tokens),"
                           " SUM(cost_usd) FROM requests WHERE started_at >= ? AND started_at < ?"
                           " GROUP BY route"),
            {fromMs, firstHour})) {
        while (q.next())
            out[q.value(0).toString()].add(sumsFrom(q, 1));
    }
    return out;
}

QString UsageLedger::csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) &&
        !value.contains(QLatin1Char('\n')) && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool UsageLedger::exportCsv(const QString &filePath, const UsageFilter &filter, QString *error)
{
    flush();
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString());
        return false;
    }
    file.write(
        "id,time,client,method,path,route,instance,provider,model,upstream_model,status,"
        "stream,interrupted,latency_ms,ttft_ms,prompt_tokens,completion_tokens,cached_tokens,"
        "reasoning_tokens,request_bytes,response_bytes,error_code,error,attempts,cost_usd\r\n");
    if (m_open) {
        const Where w = whereOf(filter);
        QSqlQuery q(QSqlDatabase::database(readConnection()));
        q.setForwardOnly(true);
        if (run(q,
                QStringLiteral("SELECT ") + kRowColumns + QStringLiteral(" FROM requests") +
                    w.sql() + QStringLiteral(" ORDER BY id"),
                w.values)) {
            while (q.next()) {
                const UsageRow row = rowFrom(q);
                const RequestRecord &r = row.record;
                const QStringList fields = {
                    QString::number(row.id),
                    QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toString(Qt::ISODateWithMs),
                    csvField(r.client),
                    csvField(r.method),
                    csvField(r.path),
                    csvField(r.routeId),
                    csvField(r.instance),
                    csvField(r.provider),
                    csvField(r.clientModel),
                    csvField(r.upstreamModel),
                    QString::number(r.status),
                    QString::number(int(r.stream)),
                    QString::number(int(r.interrupted)),
                    QString::number(r.latencyMs, 'f', 2),
                    QString::number(r.ttftMs, 'f', 2),
                    QString::number(r.usage.promptTokens),
                    QString::number(r.usage.completionTokens),
                    QString::number(r.usage.cachedTokens),
                    QString::number(r.usage.reasoningTokens),
                    QString::number(r.requestBytes),
                    QString::number(r.responseBytes),
                    csvField(QString::fromLatin1(r.errorCode)),
                    csvField(r.error),
                    csvField(r.attemptTrail()),
                    row.priced ? QString::number(row.costUsd, 'f', 6) : QString()};
                file.write(fields.join(QLatin1Char(',')).toUtf8() + "\r\n");
            }
        }
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString());
        return false;
    }
    return true;
}

bool UsageLedger::exportBucketsCsv(const QString &filePath, const QList<UsageBucket> &buckets,
                                   QString *error)
{
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString());
        return false;
    }
    file.write("bucket,key,requests,errors,prompt_tokens,completion_tokens,cached_tokens,"
               "total_tokens,cost_usd\r\n");
    for (const UsageBucket &b : buckets) {
        const QStringList fields = {QDateTime::fromMSecsSinceEpoch(b.startMs).toString(Qt::ISODate),
                                    csvField(b.key),
                                    QString::number(b.sums.requests),
                                    QString::number(b.sums.errors),
                                    QString::number(b.sums.promptTokens),
                                    QString::number(b.sums.completionTokens),
                                    QString::number(b.sums.cachedTokens),
                                    QString::number(b.sums.totalTokens()),
                                    QString::number(b.sums.costUsd, 'f', 6)};
        file.write(fields.join(QLatin1Char(',')).toUtf8() + "\r\n");
    }
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(filePath, file.errorString());
        return false;
    }
    return true;
}

} // namespace gatehouse
