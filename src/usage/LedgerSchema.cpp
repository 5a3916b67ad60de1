#include "LedgerSchema.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace gatehouse {

namespace {

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery q(db);
    if (q.exec(sql))
        return true;
    if (error)
        *error = q.lastError().text() + QStringLiteral(" (") + sql.left(60) + QStringLiteral("…)");
    return false;
}

// Each step moves the schema one version up; never edit a released step, add one.
const QStringList &step(int toVersion)
{
    static const QList<QStringList> steps = {
        // 1: one row per request. Times in ms since the epoch (UTC); tokens as the provider
        // reported them (prompt includes cached); cost in US dollars at the prices of the day.
        {QStringLiteral(
             "CREATE TABLE requests ("
             " id INTEGER PRIMARY KEY,"
             " started_at INTEGER NOT NULL,"
             " client TEXT NOT NULL DEFAULT '', method TEXT NOT NULL DEFAULT '',"
             " path TEXT NOT NULL DEFAULT '', route TEXT NOT NULL DEFAULT '',"
             " instance TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL DEFAULT '',"
             " client_model TEXT NOT NULL DEFAULT '', upstream_model TEXT NOT NULL DEFAULT '',"
             " status INTEGER NOT NULL DEFAULT 0, stream INTEGER NOT NULL DEFAULT 0,"
             " interrupted INTEGER NOT NULL DEFAULT 0,"
             " latency_ms REAL NOT NULL DEFAULT 0, ttft_ms REAL NOT NULL DEFAULT -1,"
             " prompt_tokens INTEGER NOT NULL DEFAULT 0,"
             " completion_tokens INTEGER NOT NULL DEFAULT 0,"
             " cached_tokens INTEGER NOT NULL DEFAULT 0,"
             " reasoning_tokens INTEGER NOT NULL DEFAULT 0,"
             " request_bytes INTEGER NOT NULL DEFAULT 0, response_bytes INTEGER NOT NULL DEFAULT 0,"
             " error_code TEXT NOT NULL DEFAULT '', error TEXT NOT NULL DEFAULT '',"
             " attempts TEXT NOT NULL DEFAULT '',"
             " cost_usd REAL NOT NULL DEFAULT 0, priced INTEGER NOT NULL DEFAULT 0)"),
         QStringLiteral("CREATE INDEX requests_started ON requests(started_at)"),
         QStringLiteral("CREATE INDEX requests_route_started ON requests(route, started_at)")},
        // 2: hourly sums, kept in the writer's transaction, so charts never scan the rows.
        // `model` is the upstream's model, else the client's.
        {QStringLiteral("CREATE TABLE hourly ("
                        " hour INTEGER NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,"
                        " route TEXT NOT NULL, instance TEXT NOT NULL,"
                        " requests INTEGER NOT NULL, errors INTEGER NOT NULL,"
                        " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
                        " cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,"
                        " PRIMARY KEY (hour, provider, model, route, instance)) WITHOUT ROWID"),
         QStringLiteral(
             "INSERT INTO hourly SELECT started_at / 3600000 * 3600000, provider,"
             " CASE WHEN upstream_model <> '' THEN upstream_model ELSE client_model END,"
             " route, instance, COUNT(*), SUM(status < 200 OR status > 299), SUM(prompt_tokens),"
             " SUM(completion_tokens), SUM(cached_tokens), SUM(cost_usd) FROM requests"
             " GROUP BY 1, 2, 3, 4, 5")},
        // 3: daily sums (keyed by local midnight; an hour counts in the day it starts in), so a
        // month's chart or totals read ~30 rows per key instead of ~720; and (route, id) order
        // for the request log's "one route, newest first".
        {QStringLiteral("CREATE TABLE daily ("
                        " day INTEGER NOT NULL, provider TEXT NOT NULL, model TEXT NOT NULL,"
                        " route TEXT NOT NULL, instance TEXT NOT NULL,"
                        " requests INTEGER NOT NULL, errors INTEGER NOT NULL,"
                        " prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
                        " cached_tokens INTEGER NOT NULL, cost_usd REAL NOT NULL,"
                        " PRIMARY KEY (day, provider, model, route, instance)) WITHOUT ROWID"),
         QStringLiteral(
             "INSERT INTO daily SELECT CAST(strftime('%s', date(hour / 1000, 'unixepoch',"
             " 'localtime'), 'utc') AS INTEGER) * 1000, provider, model, route, instance,"
             " SUM(requests), SUM(errors), SUM(prompt_tokens), SUM(completion_tokens),"
             " SUM(cached_tokens), SUM(cost_usd) FROM hourly GROUP BY 1, 2, 3, 4, 5"),
         QStringLiteral("CREATE INDEX requests_route_id ON requests(route, id)")},
    };
    return steps.at(toVersion - 1);
}

} // namespace

int LedgerSchema::version(QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return -1;
    return q.value(0).toInt();
}

bool LedgerSchema::configure(QSqlDatabase &db, QString *error)
{
    // WAL: readers (the GUI) never block the writer and a killed writer leaves a consistent
    // file; synchronous=NORMAL syncs at checkpoints only, which a process kill cannot break.
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next() ||
        q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0) {
        if (error)
            *error = QStringLiteral("cannot switch the usage ledger to WAL mode: ") +
                     q.lastError().text();
        return false;
    }
    return exec(db, QStringLiteral("PRAGMA synchronous=NORMAL"), error) &&
           exec(db, QStringLiteral("PRAGMA busy_timeout=5000"), error) &&
           exec(db, QStringLiteral("PRAGMA foreign_keys=OFF"), error);
}

bool LedgerSchema::migrate(QSqlDatabase &db, QString *error, int target)
{
    int v = version(db);
    if (v < 0) {
        if (error)
            *error = QStringLiteral("%1 is not a usage ledger (SQLite could not read it): %2")
                         .arg(db.databaseName(), db.lastError().text());
        return false;
    }
    if (v > kCurrent) {
        if (error)
            *error = QStringLiteral("%1 was written by a newer Gatehouse (schema %2, this one "
                                    "knows %3): update Gatehouse or move the file away")
                         .arg(db.databaseName())
                         .arg(v)
                         .arg(kCurrent);
        return false;
    }
    while (v < target) {
        const int next = v + 1;
        if (!db.transaction()) {
            if (error)
                *error = db.lastError().text();
            return false;
        }
        bool ok = true;
        for (const QString &sql : step(next))
            ok = ok && exec(db, sql, error);
        ok = ok && exec(db, QStringLiteral("PRAGMA user_version=%1").arg(next), error);
        if (!ok || !db.commit()) {
            db.rollback();
            return false;
        }
        v = next;
    }
    return true;
}

} // namespace gatehouse
