#include "LedgerSchema.h"
#include "PriceTable.h"
#include "UsageLedger.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>
#include <vector>

using namespace gatehouse;

namespace {

qint64 localMs(int y, int m, int d, int h, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min)).toMSecsSinceEpoch();
}

RequestRecord makeRecord(qint64 at, const QString &route, const QString &instance,
                         const QString &provider, const QString &model, qint64 prompt,
                         qint64 completion, qint64 cached = 0, int status = 200)
{
    RequestRecord r;
    r.startedAtMs = at;
    r.client = QStringLiteral("127.0.0.1");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.routeId = route;
    r.instance = instance;
    r.provider = provider;
    r.clientModel = model;
    r.upstreamModel = model;
    r.status = status;
    r.latencyMs = 12.5;
    r.ttftMs = 3.25;
    r.usage.promptTokens = prompt;
    r.usage.completionTokens = completion;
    r.usage.cachedTokens = cached;
    r.usage.totalTokens = prompt + completion;
    r.attempts = {{instance, status, {}, 10}};
    return r;
}

// Prices that make costs easy to add by hand: model "m1" $1/$2/$0.5, "m2" $10/$20/$5 per million.
void testPrices(PriceTable &prices)
{
    prices.setOverrides({{QStringLiteral("m1"), {1, 2, 0.5}}, {QStringLiteral("m2"), {10, 20, 5}}});
}

QSqlDatabase rawDb(const QString &path, const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    db.open();
    return db;
}

qint64 scalar(QSqlDatabase &db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

// The child process of crashSafety: writes numbered records as fast as its writer takes them
// and prints how many are committed, until it is killed.
int runCrashWriter(const QString &dir)
{
    PriceTable prices;
    testPrices(prices);
    UsageLedger ledger(&prices);
    ledger.setBatching(20, 200);
    if (!ledger.open(dir))
        return 2;
    qint64 reported = -1;
    const qint64 base = QDateTime::currentMSecsSinceEpoch();
    for (qint64 i = 1;; ++i) {
        ledger.record(makeRecord(base + i, QStringLiteral("r"), QStringLiteral("x"),
                                 QStringLiteral("p"), QStringLiteral("m1"), i, 2 * i, 0));
        if (i % 50 == 0) {
            const qint64 written = ledger.stats().written;
            if (written != reported) {
                std::printf("written %lld\n", static_cast<long long>(written));
                std::fflush(stdout);
                reported = written;
            }
            QThread::usleep(500);
        }
    }
}

} // namespace

class TestUsageLedger : public QObject
{
    Q_OBJECT

private slots:
    void createsCurrentSchemaWithWal();
    void migratesVersionOneFile();
    void refusesNewerOrForeignFile();
    void recordRoundTrip();
    void batchesFromManyThreads();
    void flushesOnClose();
    void crashSafety();
    void hourAndDayBuckets_data();
    void hourAndDayBuckets();
    void totalsAndSums();
    void sumsSinceAreExact();
    void recentPagesAndFilters();
    void csvQuotesFields();
    void csvOfBuckets();
};

void TestUsageLedger::createsCurrentSchemaWithWal()
{
    QTemporaryDir dir;
    UsageLedger ledger(nullptr);
    QString error;
    QVERIFY2(ledger.open(dir.path(), &error), qPrintable(error));
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("usage.sqlite"))));
    {
        QSqlDatabase db = rawDb(ledger.path(), QStringLiteral("check-schema"));
        QCOMPARE(LedgerSchema::version(db), UsageLedger::kSchemaVersion);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                                           "('requests', 'hourly', 'daily', 'requests_started', "
                                           "'requests_route_started', 'requests_route_id')")),
                 qint64(6));
        // Time-range queries use the index.
        QVERIFY(q.exec(
            QStringLiteral("EXPLAIN QUERY PLAN SELECT * FROM requests WHERE started_at >= 5")));
        QString plan;
        while (q.next())
            plan += q.value(3).toString();
        QVERIFY2(plan.contains(QLatin1String("requests_started")), qPrintable(plan));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check-schema"));
}

void TestUsageLedger::migratesVersionOneFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("usage.sqlite"));
    const qint64 t = localMs(2025, 3, 10, 9, 15);
    {
        // A file as the first release wrote it: rows, no rollup.
        QSqlDatabase db = rawDb(path, QStringLiteral("v1"));
        QString error;
        QVERIFY2(LedgerSchema::migrate(db, &error, 1), qPrintable(error));
        QCOMPARE(LedgerSchema::version(db), 1);
        QSqlQuery q(db);
        QVERIFY(q.exec(
            QStringLiteral("INSERT INTO requests (started_at, route, provider, upstream_model, "
                           "instance, status, prompt_tokens, completion_tokens, cost_usd) VALUES "
                           "(%1, 'a', 'deepseek', 'deepseek-chat', 'i', 200, 10, 5, 0.5), "
                           "(%2, 'a', 'deepseek', 'deepseek-chat', 'i', 500, 1, 0, 0.25)")
                .arg(t)
                .arg(t + 60000)));
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'hourly'")),
            qint64(0));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v1"));

    UsageLedger ledger(nullptr);
    QString error;
    QVERIFY2(ledger.open(dir.path(), &error), qPrintable(error));
    {
        QSqlDatabase db = rawDb(path, QStringLiteral("v2"));
        QCOMPARE(LedgerSchema::version(db), LedgerSchema::kCurrent);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("v2"));
    // The rollup was backfilled from the rows.
    const UsageSums s = ledger.sums({t - 3600000, t + 3600000});
    QCOMPARE(s.requests, qint64(2));
    QCOMPARE(s.errors, qint64(1));
    QCOMPARE(s.promptTokens, qint64(11));
    QCOMPARE(s.completionTokens, qint64(5));
    QCOMPARE(s.costUsd, 0.75);
    QCOMPARE(ledger.recent({}).size(), 2);
    // And the daily rollup from the hourly one, keyed by local midnight.
    const QList<UsageBucket> days =
        ledger.buckets({t - 86400000, t + 86400000}, UsageBucketSize::Day, UsageDimension::Route);
    QCOMPARE(days.size(), 1);
    QCOMPARE(days[0].startMs, localMs(2025, 3, 10, 0));
    QCOMPARE(days[0].sums.requests, qint64(2));
    QCOMPARE(days[0].sums.promptTokens, qint64(11));
}

void TestUsageLedger::refusesNewerOrForeignFile()
{
    {
        QTemporaryDir dir;
        {
            QSqlDatabase db =
                rawDb(dir.filePath(QStringLiteral("usage.sqlite")), QStringLiteral("newer"));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("newer"));
        UsageLedger ledger(nullptr);
        QString error;
        QVERIFY(!ledger.open(dir.path(), &error));
        QVERIFY2(error.contains(QLatin1String("newer Gatehouse")), qPrintable(error));
        QVERIFY(!ledger.isOpen());
    }
    {
        QTemporaryDir dir;
        QFile f(dir.filePath(QStringLiteral("usage.sqlite")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        UsageLedger ledger(nullptr);
        QString error;
        QVERIFY(!ledger.open(dir.path(), &error));
        QVERIFY(!error.isEmpty());
    }
}

void TestUsageLedger::recordRoundTrip()
{
    QTemporaryDir dir;
    PriceTable prices;
    testPrices(prices);
    UsageLedger ledger(&prices);
    QVERIFY(ledger.open(dir.path()));
    RequestRecord r =
        makeRecord(1700000000123, QStringLiteral("route-1"), QStringLiteral("b"),
                   QStringLiteral("openai"), QStringLiteral("m1"), 1000, 200, 400, 200);
    r.clientModel = QStringLiteral("client-model");
    r.stream = true;
    r.interrupted = true;
    r.usage.reasoningTokens = 50;
    r.requestBytes = 321;
    r.responseBytes = 4567;
    r.errorCode = "upstream_timeout";
    r.error = QStringLiteral("timed out");
    r.attempts = {{QStringLiteral("a"), 429, {}, 1}, {QStringLiteral("b"), 200, {}, 2}};
    ledger.record(r);
    QVERIFY(ledger.flush());
    const QList<UsageRow> rows = ledger.recent({});
    QCOMPARE(rows.size(), 1);
    const UsageRow &row = rows.first();
    QCOMPARE(row.id, qint64(1));
    const RequestRecord &g = row.record;
    QCOMPARE(g.startedAtMs, r.startedAtMs);
    QCOMPARE(g.routeId, r.routeId);
    QCOMPARE(g.instance, r.instance);
    QCOMPARE(g.provider, r.provider);
    QCOMPARE(g.clientModel, r.clientModel);
    QCOMPARE(g.upstreamModel, r.upstreamModel);
    QCOMPARE(g.status, 200);
    QVERIFY(g.stream && g.interrupted);
    QCOMPARE(g.latencyMs, 12.5);
    QCOMPARE(g.ttftMs, 3.25);
    QCOMPARE(g.usage.promptTokens, 1000);
    QCOMPARE(g.usage.completionTokens, 200);
    QCOMPARE(g.usage.cachedTokens, 400);
    QCOMPARE(g.usage.reasoningTokens, 50);
    QCOMPARE(g.requestBytes, 321);
    QCOMPARE(g.responseBytes, 4567);
    QCOMPARE(g.errorCode, QByteArray("upstream_timeout"));
    QCOMPARE(g.error, r.error);
    QCOMPARE(g.attemptTrail(), QStringLiteral("a=429,b=200"));
    // Priced when recorded: 600 uncached at $1, 400 cached at $0.5, 200 out at $2.
    QVERIFY(row.priced);
    QVERIFY(qAbs(row.costUsd - (600 * 1 + 400 * 0.5 + 200 * 2) / 1e6) < 1e-12);
    QCOMPARE(ledger.row(1).record.routeId, r.routeId);
    QCOMPARE(ledger.row(99).id, qint64(0));

    RequestRecord unknown = r;
    unknown.clientModel = unknown.upstreamModel = QStringLiteral("not-priced");
    ledger.record(unknown);
    QVERIFY(ledger.flush());
    QVERIFY(!ledger.recent({}).first().priced);
}

void TestUsageLedger::batchesFromManyThreads()
{
    QTemporaryDir dir;
    UsageLedger ledger(nullptr);
    ledger.setBatching(250, 512);
    QVERIFY(ledger.open(dir.path()));
    constexpr int kThreads = 4;
    constexpr int kEach = 5000;
    std::vector<QThread *> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.push_back(QThread::create([&ledger, t] {
            for (int i = 0; i < kEach; ++i)
                ledger.record(makeRecord(1700000000000 + i, QStringLiteral("t%1").arg(t),
                                         QStringLiteral("x"), QStringLiteral("p"),
                                         QStringLiteral("m"), i, 1));
        }));
        threads.back()->start();
    }
    for (QThread *t : threads) {
        QVERIFY(t->wait(30000));
        delete t;
    }
    QVERIFY(ledger.flush());
    const LedgerStats s = ledger.stats();
    QCOMPARE(s.written, qint64(kThreads * kEach));
    QCOMPARE(s.dropped, qint64(0));
    QCOMPARE(s.queued, qint64(0));
    QVERIFY2(s.flushes > 1 && s.flushes < kThreads * kEach / 10,
             qPrintable(QString::number(s.flushes)));
    QCOMPARE(ledger.count({}), qint64(kThreads * kEach));
    for (int t = 0; t < kThreads; ++t) {
        UsageFilter f;
        f.route = QStringLiteral("t%1").arg(t);
        QCOMPARE(ledger.count(f), qint64(kEach));
        // Every thread's sum of prompt tokens: 0 + 1 + ... + (kEach - 1).
        QCOMPARE(ledger.sumsSince(0, f.route).promptTokens, qint64(kEach) * (kEach - 1) / 2);
    }
}

void TestUsageLedger::flushesOnClose()
{
    QTemporaryDir dir;
    {
        UsageLedger ledger(nullptr);
        ledger.setBatching(60000, 1000000); // only close() would write these
        QVERIFY(ledger.open(dir.path()));
        for (int i = 0; i < 123; ++i)
            ledger.record(makeRecord(1000 + i, QStringLiteral("r"), {}, {}, {}, 1, 1));
        QCOMPARE(ledger.stats().written, qint64(0));
        ledger.close();
        ledger.record(makeRecord(1, QStringLiteral("late"), {}, {}, {}, 1, 1)); // ignored, no crash
    }
    UsageLedger again(nullptr);
    QVERIFY(again.open(dir.path()));
    QCOMPARE(again.count({}), qint64(123));
}

void TestUsageLedger::crashSafety()
{
    QTemporaryDir dir;
    QProcess child;
    child.setProgram(QCoreApplication::applicationFilePath());
    child.setArguments({QStringLiteral("--crash-writer"), dir.path()});
    child.start();
    QVERIFY(child.waitForStarted());
    qint64 reported = 0;
    QByteArray out;
    // Let it commit a good number of batches, then kill it in the middle of writing.
    QVERIFY(QTest::qWaitFor(
        [&] {
            out += child.readAllStandardOutput();
            const qsizetype line =
                out.lastIndexOf("written ", out.endsWith('\n') ? out.size() - 2 : -1);
            if (line >= 0)
                reported = out.mid(line + 8, out.indexOf('\n', line) - line - 8).toLongLong();
            return reported >= 5000 || child.state() == QProcess::NotRunning;
        },
        30000));
    QCOMPARE(child.state(), QProcess::Running);
    child.kill(); // SIGKILL
    QVERIFY(child.waitForFinished());
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    const QString path = dir.filePath(QStringLiteral("usage.sqlite"));
    {
        QSqlDatabase db = rawDb(path, QStringLiteral("after-kill"));
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA integrity_check")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("ok"));
        const qint64 rows = scalar(db, QStringLiteral("SELECT COUNT(*) FROM requests"));
        // Everything reported committed is there; anything after it is whole batches.
        QVERIFY2(rows >= reported,
                 qPrintable(QStringLiteral("%1 rows, %2 reported").arg(rows).arg(reported)));
        QCOMPARE(scalar(db, QStringLiteral("SELECT MAX(id) FROM requests")), rows);
        // Row i holds record i intact (prompt i, completion 2i).
        QCOMPARE(
            scalar(db, QStringLiteral("SELECT COUNT(*) FROM requests WHERE prompt_tokens <> id OR "
                                      "completion_tokens <> 2 * id OR route <> 'r'")),
            qint64(0));
        // The rollup was written in the same transactions: it agrees with the rows.
        QCOMPARE(scalar(db, QStringLiteral("SELECT SUM(requests) FROM hourly")), rows);
        QCOMPARE(scalar(db, QStringLiteral("SELECT SUM(prompt_tokens) FROM hourly")),
                 rows * (rows + 1) / 2);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("after-kill"));
    // And the ledger opens it and writes on.
    UsageLedger ledger(nullptr);
    QVERIFY(ledger.open(dir.path()));
    const qint64 before = ledger.count({});
    ledger.record(makeRecord(1, QStringLiteral("r"), {}, {}, {}, 1, 1));
    QVERIFY(ledger.flush());
    QCOMPARE(ledger.count({}), before + 1);
}

void TestUsageLedger::hourAndDayBuckets_data()
{
    QTest::addColumn<int>("dimension");
    QTest::newRow("provider") << int(UsageDimension::Provider);
    QTest::newRow("model") << int(UsageDimension::Model);
    QTest::newRow("route") << int(UsageDimension::Route);
    QTest::newRow("instance") << int(UsageDimension::Instance);
}

// A fixed data set: two days, three hours, two of each dimension. Sums per key and bucket are
// computed here by hand from the same table.
struct Fixture
{
    qint64 at;
    const char *provider, *model, *route, *instance;
    qint64 prompt, completion, cached;
    int status;
};

static const QList<Fixture> &fixture()
{
    static const QList<Fixture> rows = {
        {localMs(2025, 3, 10, 9, 5), "deepseek", "m1", "r1", "ds", 100, 10, 0, 200},
        {localMs(2025, 3, 10, 9, 55), "deepseek", "m1", "r1", "ds", 200, 20, 100, 200},
        {localMs(2025, 3, 10, 9, 30), "openai", "m2", "r1", "oa", 1000, 100, 0, 429},
        {localMs(2025, 3, 10, 14, 0), "openai", "m2", "r2", "oa", 50, 5, 0, 200},
        {localMs(2025, 3, 11, 0, 10), "deepseek", "m1", "r2", "ds", 7, 3, 0, 200},
    };
    return rows;
}

static double fixtureCost(const Fixture &f)
{
    const ModelPrice p =
        QByteArray(f.model) == "m1" ? ModelPrice{1, 2, 0.5} : ModelPrice{10, 20, 5};
    return PriceTable::cost(p, f.prompt, f.completion, f.cached);
}

static QString keyOf(const Fixture &f, UsageDimension d)
{
    switch (d) {
    case UsageDimension::Provider:
        return QString::fromLatin1(f.provider);
    case UsageDimension::Model:
        return QString::fromLatin1(f.model);
    case UsageDimension::Route:
        return QString::fromLatin1(f.route);
    case UsageDimension::Instance:
        break;
    }
    return QString::fromLatin1(f.instance);
}

static void fill(UsageLedger &ledger)
{
    for (const Fixture &f : fixture())
        ledger.record(makeRecord(f.at, QString::fromLatin1(f.route),
                                 QString::fromLatin1(f.instance), QString::fromLatin1(f.provider),
                                 QString::fromLatin1(f.model), f.prompt, f.completion, f.cached,
                                 f.status));
    QVERIFY(ledger.flush());
}

void TestUsageLedger::hourAndDayBuckets()
{
    QFETCH(int, dimension);
    const auto dim = UsageDimension(dimension);
    QTemporaryDir dir;
    PriceTable prices;
    testPrices(prices);
    UsageLedger ledger(&prices);
    QVERIFY(ledger.open(dir.path()));
    fill(ledger);
    const UsageRange range{localMs(2025, 3, 10, 0), localMs(2025, 3, 12, 0)};

    for (const UsageBucketSize size : {UsageBucketSize::Hour, UsageBucketSize::Day}) {
        QMap<QPair<qint64, QString>, UsageSums> expected;
        for (const Fixture &f : fixture()) {
            const qint64 bucket =
                size == UsageBucketSize::Hour
                    ? f.at / 3600000 * 3600000
                    : QDateTime::fromMSecsSinceEpoch(f.at).date().startOfDay().toMSecsSinceEpoch();
            UsageSums &s = expected[{bucket, keyOf(f, dim)}];
            s.requests += 1;
            s.errors += f.status == 200 ? 0 : 1;
            s.promptTokens += f.prompt;
            s.completionTokens += f.completion;
            s.cachedTokens += f.cached;
            s.costUsd += fixtureCost(f);
        }
        const QList<UsageBucket> got = ledger.buckets(range, size, dim);
        QCOMPARE(got.size(), expected.size());
        auto it = expected.constBegin();
        for (const UsageBucket &b : got) {
            QCOMPARE(b.startMs, it.key().first);
            QCOMPARE(b.key, it.key().second);
            QCOMPARE(b.sums.requests, it->requests);
            QCOMPARE(b.sums.errors, it->errors);
            QCOMPARE(b.sums.promptTokens, it->promptTokens);
            QCOMPARE(b.sums.completionTokens, it->completionTokens);
            QCOMPARE(b.sums.cachedTokens, it->cachedTokens);
            QVERIFY(qAbs(b.sums.costUsd - it->costUsd) < 1e-12);
            ++it;
        }
    }
    // A range that ends before the second day leaves it out.
    const QList<UsageBucket> firstDay = ledger.buckets(
        {localMs(2025, 3, 10, 0), localMs(2025, 3, 11, 0)}, UsageBucketSize::Day, dim);
    for (const UsageBucket &b : firstDay)
        QCOMPARE(b.startMs, localMs(2025, 3, 10, 0));
}

void TestUsageLedger::totalsAndSums()
{
    QTemporaryDir dir;
    PriceTable prices;
    testPrices(prices);
    UsageLedger ledger(&prices);
    QVERIFY(ledger.open(dir.path()));
    fill(ledger);
    const UsageRange range{localMs(2025, 3, 10, 0), localMs(2025, 3, 12, 0)};
    const QList<UsageTotal> byRoute = ledger.totals(range, UsageDimension::Route);
    QCOMPARE(byRoute.size(), 2);
    // r1: 100+200+1000 prompt, 10+20+100 completion, 100 cached; cost sorted first (the m2 row).
    QCOMPARE(byRoute[0].key, QStringLiteral("r1"));
    QCOMPARE(byRoute[0].sums.requests, qint64(3));
    QCOMPARE(byRoute[0].sums.promptTokens, qint64(1300));
    QCOMPARE(byRoute[0].sums.completionTokens, qint64(130));
    QCOMPARE(byRoute[0].sums.errors, qint64(1));
    const double r1Cost = (100 + 10 * 2 + 100 + 100 * 0.5 + 20 * 2 + 1000 * 10 + 100 * 20) / 1e6;
    QVERIFY(qAbs(byRoute[0].sums.costUsd - r1Cost) < 1e-12);
    QCOMPARE(byRoute[1].key, QStringLiteral("r2"));
    QCOMPARE(byRoute[1].sums.totalTokens(), qint64(65));

    const UsageSums all = ledger.sums(range);
    QCOMPARE(all.requests, qint64(5));
    QCOMPARE(all.totalTokens(), qint64(1300 + 130 + 65));
    // Only the second day.
    QCOMPARE(ledger.sums({localMs(2025, 3, 11, 0), localMs(2025, 3, 12, 0)}).promptTokens,
             qint64(7));
    QCOMPARE(ledger.totals({localMs(2024, 1, 1, 0), localMs(2024, 1, 2, 0)}, UsageDimension::Model)
                 .size(),
             0);
}

void TestUsageLedger::sumsSinceAreExact()
{
    QTemporaryDir dir;
    UsageLedger ledger(nullptr);
    QVERIFY(ledger.open(dir.path()));
    fill(ledger);
    // 09:30 is inside an hour: the rows, not the rollup, decide.
    const qint64 from = localMs(2025, 3, 10, 9, 30);
    QCOMPARE(ledger.sumsSince(from).requests, qint64(4));
    QCOMPARE(ledger.sumsSince(from, QStringLiteral("r1")).promptTokens, qint64(1200));
    QCOMPARE(ledger.sumsSince(from, QStringLiteral("r1"), QStringLiteral("oa")).promptTokens,
             qint64(1000));
    const QHash<QString, UsageSums> byRoute = ledger.sumsByRouteSince(from);
    QCOMPARE(byRoute.value(QStringLiteral("r1")).promptTokens, qint64(1200));
    QCOMPARE(byRoute.value(QStringLiteral("r1")).requests, qint64(2));
    QCOMPARE(byRoute.value(QStringLiteral("r2")).promptTokens, qint64(57));
}

void TestUsageLedger::recentPagesAndFilters()
{
    QTemporaryDir dir;
    UsageLedger ledger(nullptr);
    QVERIFY(ledger.open(dir.path()));
    for (int i = 1; i <= 50; ++i) {
        RequestRecord r =
            makeRecord(1000 * i, i % 2 ? QStringLiteral("odd") : QStringLiteral("even"),
                       QStringLiteral("inst"), QStringLiteral("p"), QStringLiteral("m"), i, 0, 0,
                       i % 10 == 0 ? 502 : (i % 7 == 0 ? 429 : 200));
        r.stream = i % 3 == 0;
        if (i == 42)
            r.error = QStringLiteral("Upstream said 50%_off");
        ledger.record(r);
    }
    QVERIFY(ledger.flush());

    QList<UsageRow> page = ledger.recent({}, {0, 0, 20});
    QCOMPARE(page.size(), 20);
    QCOMPARE(page.first().id, qint64(50));
    QCOMPARE(page.last().id, qint64(31));
    page = ledger.recent({}, {page.last().id, 0, 20});
    QCOMPARE(page.first().id, qint64(30));
    QCOMPARE(ledger.recent({}, {0, 45, 20}).size(), 5);

    UsageFilter f;
    f.route = QStringLiteral("odd");
    QCOMPARE(ledger.count(f), qint64(25));
    f = {};
    f.status = UsageFilter::StatusClass::ServerError;
    QCOMPARE(ledger.count(f), qint64(5));
    f.status = UsageFilter::StatusClass::ClientError;
    QCOMPARE(ledger.count(f), qint64(7)); // 7 14 21 28 35 42 49
    f.status = UsageFilter::StatusClass::Error;
    QCOMPARE(ledger.count(f), qint64(12));
    f.status = UsageFilter::StatusClass::Success;
    QCOMPARE(ledger.count(f), qint64(38));
    f = {};
    f.stream = UsageFilter::StreamFilter::Streamed;
    QCOMPARE(ledger.count(f), qint64(16));
    f.stream = UsageFilter::StreamFilter::NotStreamed;
    QCOMPARE(ledger.count(f), qint64(34));
    f = {};
    f.text = QStringLiteral("EVEN");
    QCOMPARE(ledger.count(f), qint64(25));
    f.text = QStringLiteral("50%_o"); // % and _ are literal characters
    QCOMPARE(ledger.recent(f).size(), 1);
    QCOMPARE(ledger.recent(f).first().id, qint64(42));
    f.text = QStringLiteral("5%o");
    QCOMPARE(ledger.count(f), qint64(0));
    f = {};
    f.fromMs = 10000;
    f.toMs = 20000;
    QCOMPARE(ledger.count(f), qint64(10));
}

// Splits CSV text (RFC 4180) into records of fields.
static QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> records{{}};
    QString field;
    bool quoted = false, wasQuoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = wasQuoted = true;
        } else if (c == u',') {
            records.last() << field;
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            records.last() << field;
            field.clear();
            records.append(QStringList());
            ++i;
        } else {
            field += c;
        }
    }
    Q_UNUSED(wasQuoted)
    if (!records.last().isEmpty() || !field.isEmpty())
        records.last() << field;
    else
        records.removeLast();
    return records;
}

void TestUsageLedger::csvQuotesFields()
{
    QCOMPARE(UsageLedger::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(UsageLedger::csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(UsageLedger::csvField(QStringLiteral("say \"hi\"")),
             QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(UsageLedger::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    QCOMPARE(UsageLedger::csvField(QStringLiteral("cr\rhere")), QStringLiteral("\"cr\rhere\""));

    QTemporaryDir dir;
    PriceTable prices;
    testPrices(prices);
    UsageLedger ledger(&prices);
    QVERIFY(ledger.open(dir.path()));
    RequestRecord tricky =
        makeRecord(localMs(2025, 3, 10, 9), QStringLiteral("route,with,commas"),
                   QStringLiteral("i"), QStringLiteral("p"), QStringLiteral("m1"), 1000000, 0);
    tricky.error = QStringLiteral("the upstream said \"no\",\nthen closed");
    ledger.record(tricky);
    ledger.record(makeRecord(localMs(2025, 3, 10, 10), QStringLiteral("plain"), QStringLiteral("i"),
                             QStringLiteral("p"), QStringLiteral("unpriced"), 5, 5));
    const QString file = dir.filePath(QStringLiteral("out.csv"));
    QString error;
    QVERIFY2(ledger.exportCsv(file, {}, &error), qPrintable(error)); // flushes first
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(f.readAll()));
    QCOMPARE(rows.size(), 3);
    const QStringList header = rows[0];
    QCOMPARE(header.first(), QStringLiteral("id"));
    QCOMPARE(rows[1].size(), header.size());
    QCOMPARE(rows[2].size(), header.size());
    QCOMPARE(rows[1].at(header.indexOf(QStringLiteral("route"))), tricky.routeId);
    QCOMPARE(rows[1].at(header.indexOf(QStringLiteral("error"))), tricky.error);
    QCOMPARE(rows[1].at(header.indexOf(QStringLiteral("prompt_tokens"))),
             QStringLiteral("1000000"));
    QCOMPARE(rows[1].at(header.indexOf(QStringLiteral("cost_usd"))), QStringLiteral("1.000000"));
    QCOMPARE(rows[2].at(header.indexOf(QStringLiteral("cost_usd"))),
             QString()); // no price: empty, not 0

    UsageFilter onlyPlain;
    onlyPlain.route = QStringLiteral("plain");
    QVERIFY(ledger.exportCsv(file, onlyPlain));
    QFile g(file);
    QVERIFY(g.open(QIODevice::ReadOnly));
    QCOMPARE(parseCsv(QString::fromUtf8(g.readAll())).size(), 2);
    QVERIFY(!ledger.exportCsv(dir.filePath(QStringLiteral("no/such/dir/x.csv")), {}, &error));
    QVERIFY(!error.isEmpty());
}

void TestUsageLedger::csvOfBuckets()
{
    QTemporaryDir dir;
    UsageSums s;
    s.requests = 2;
    s.promptTokens = 10;
    s.completionTokens = 5;
    s.costUsd = 0.25;
    const QString file = dir.filePath(QStringLiteral("b.csv"));
    QVERIFY(UsageLedger::exportBucketsCsv(
        file, {{localMs(2025, 3, 10, 0), QStringLiteral("a \"b\", c"), s}}));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(f.readAll()));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].at(0), QStringLiteral("2025-03-10T00:00:00"));
    QCOMPARE(rows[1].at(1), QStringLiteral("a \"b\", c"));
    QCOMPARE(rows[1].at(7), QStringLiteral("15"));
    QCOMPARE(rows[1].at(8), QStringLiteral("0.250000"));
}

int main(int argc, char **argv)
{
    if (argc >= 3 && qstrcmp(argv[1], "--crash-writer") == 0) {
        QCoreApplication app(argc, argv);
        return runCrashWriter(QString::fromLocal8Bit(argv[2]));
    }
    QCoreApplication app(argc, argv);
    TestUsageLedger test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_usageledger.moc"
