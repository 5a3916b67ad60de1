#include "tst_proxybudgets.h"

#include "BudgetTracker.h"
#include "PriceTable.h"
#include "ProxyHarness.h"
#include "RequestSinks.h"
#include "RouteSchema.h"
#include "UsageLedger.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

// 40 tokens a day; the mock answers 11 prompt + 5 completion tokens, so three requests fit.
const char *kBudgetRoute = R"({"id": "budget-route", "uri": "/deepseek",
    "labels": {"gatehouse.budget.daily_tokens": "40"},
    "plugins": {"ai-proxy": {"provider": "deepseek",
        "auth": {"header": {"Authorization": "Bearer test-deepseek-key"}},
        "options": {"model": "deepseek-chat"}}}})";

// The usage layer as the engine wires it: ledger and budget tracker on the proxy's sink, the
// tracker as its budget gate. The harness's collecting sink comes last, so once it has a record,
// the tracker has counted it.
struct UsageStack
{
    UsageStack(ProxyHarness &h, const QString &dir, const QList<RouteSpec> &routes)
        : harness(h), ledger(&prices), tracker(&prices)
    {
        ok = ledger.open(dir);
        tracker.load(ledger);
        tracker.setRoutes(*RouteTable::build(routes, nullptr));
        fanout.add(&ledger);
        fanout.add(&tracker);
        fanout.add(&h.sink);
        h.proxy->setSink(&fanout);
        h.proxy->setBudgetGate(&tracker);
    }
    ~UsageStack()
    {
        harness.proxy->setSink(&harness.sink);
        harness.proxy->setBudgetGate(nullptr);
    }

    ProxyHarness &harness;
    PriceTable prices;
    UsageLedger ledger;
    BudgetTracker tracker;
    RequestFanout fanout;
    bool ok = false;
};

// One request on a fresh connection; waits until its record went through the sinks.
HttpResponse send(ProxyHarness &h, const QByteArray &path)
{
    const int before = h.sink.count();
    RawClient c(h.port());
    HttpResponse r;
    if (!c.connected())
        return r;
    c.send(post(path, kChatBody));
    c.read(&r);
    if (!QTest::qWaitFor([&] { return h.sink.count() > before; }, 5000))
        qWarning("no record for the request");
    return r;
}

QList<RouteSpec> specs(const QList<QJsonObject> &routes)
{
    QList<RouteSpec> out;
    for (const QJsonObject &r : routes)
        out << RouteSchema::parse(r).spec;
    return out;
}

} // namespace

void TestProxyBudgets::initTestCase()
{
    m_binary = qEnvironmentVariable("GATEHOUSE_BIN_DIR") + QStringLiteral("/gatehouse");
}

void TestProxyBudgets::tokenBudgetAnswers429AndSurvivesRestart()
{
    QTemporaryDir dir;
    ProxyHarness h;
    QVERIFY(h.start());
    const QJsonObject route = routeJson(kBudgetRoute);
    QVERIFY(h.publish({route}));
    int served = 0;
    HttpResponse last;
    {
        UsageStack usage(h, dir.path(), specs({route}));
        QVERIFY(usage.ok);
        for (int i = 0; i < 10; ++i) {
            last = send(h, "/deepseek");
            if (last.status != 200)
                break;
            ++served;
        }
        QCOMPARE(served, 3); // 16, 32, 48 tokens: the fourth is refused
        QCOMPARE(last.status, 429);
        QCOMPARE(last.errorCode(), QStringLiteral("budget_exceeded"));
        QCOMPARE(last.json().value(u"error")[u"type"].toString(), QStringLiteral("gateway_error"));
        QVERIFY2(last.errorMessage().startsWith(
                     QLatin1String("Route budget-route has used its daily budget of 40 tokens; it "
                                   "resets tonight at 00:00 local time.")),
                 qPrintable(last.errorMessage()));
        QVERIFY(last.header("Retry-After").toLongLong() >= 1);
        QCOMPARE(last.header("X-Gatehouse-Route"), QByteArray("budget-route"));
        QCOMPARE(h.mock.requestCount(), 3); // the provider never saw the refused one
        // The refusal is a record too (no tokens), with its code.
        QCOMPARE(h.sink.last().status, 429);
        QCOMPARE(h.sink.last().errorCode, QByteArray("budget_exceeded"));

        const QList<BudgetStatus> s = usage.tracker.statuses(*h.routes.current());
        QCOMPARE(s.size(), 1);
        QCOMPARE(s[0].used, 48.0);
        QVERIFY(s[0].exhausted);
    } // the ledger flushes and closes: as when Gatehouse quits

    // A new run over the same data folder: the budget is still used up.
    h.stop();
    QVERIFY(h.start());
    UsageStack again(h, dir.path(), specs({route}));
    QVERIFY(again.ok);
    QCOMPARE(again.ledger.count({}), qint64(4));
    last = send(h, "/deepseek");
    QCOMPARE(last.status, 429);
    QCOMPARE(last.errorCode(), QStringLiteral("budget_exceeded"));
    QCOMPARE(h.mock.requestCount(), 3);

    // Raising the budget lets requests through at once.
    QJsonObject raised = route;
    raised.insert(
        QStringLiteral("labels"),
        QJsonObject{{QStringLiteral("gatehouse.budget.daily_tokens"), QStringLiteral("1000")}});
    QVERIFY(h.publish({raised}));
    QCOMPARE(send(h, "/deepseek").status, 200);
}

void TestProxyBudgets::instanceLimitMovesTrafficToTheOther()
{
    QTemporaryDir dir;
    ProxyHarness h;
    QVERIFY(h.start());
    // "a" (priority 2) is tried first until its own 20 tokens per hour are used; then "b" answers;
    // when both are used up the route answers with ai-rate-limiting's rejected_code.
    const QJsonObject route = routeJson(R"({"id": "multi", "uri": "/multi", "plugins": {
        "ai-proxy-multi": {"instances": [
            {"name": "a", "provider": "deepseek", "weight": 1, "priority": 2,
             "auth": {"header": {"Authorization": "Bearer k1"}}, "options": {"model": "deepseek-chat"}},
            {"name": "b", "provider": "deepseek", "weight": 1, "priority": 1,
             "auth": {"header": {"Authorization": "Bearer k2"}}, "options": {"model": "deepseek-chat"}}]},
        "ai-rate-limiting": {"rejected_msg": "all instances used their tokens",
            "instances": [{"name": "a", "limit": 20, "time_window": 3600},
                          {"name": "b", "limit": 20, "time_window": 3600}]}}})");
    QVERIFY(h.publish({route}));
    UsageStack usage(h, dir.path(), specs({route}));
    QVERIFY(usage.ok);
    QStringList answered;
    HttpResponse last;
    for (int i = 0; i < 6; ++i) {
        last = send(h, "/multi");
        if (last.status != 200)
            break;
        answered << QString::fromLatin1(last.header("X-Gatehouse-Instance"));
    }
    // 16 tokens each: a, a (32 >= 20), then b, b, then refused.
    QCOMPARE(answered, (QStringList{QStringLiteral("a"), QStringLiteral("a"), QStringLiteral("b"),
                                    QStringLiteral("b")}));
    QCOMPARE(last.status, 503); // APISIX's default rejected_code
    QCOMPARE(last.errorCode(), QStringLiteral("token_limit_exceeded"));
    QCOMPARE(last.errorMessage(), QStringLiteral("all instances used their tokens"));
}

namespace {

// `gatehouse --headless` over `dataDir`, the mock as DeepSeek.
struct Headless
{
    Headless(const QString &binary, const QString &dataDir, const QString &mockUrl)
    {
        port = unusedPort();
        adminPort = unusedPort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dataDir);
        env.insert(QStringLiteral("GATEHOUSE_TEST_DEEPSEEK_KEY"),
                   QStringLiteral("Bearer test-deepseek-key"));
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        process.setProcessEnvironment(env);
        process.start(binary,
                      {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir,
                       QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                       QStringLiteral("--admin-listen"),
                       QStringLiteral("127.0.0.1:%1").arg(adminPort), QStringLiteral("--admin-key"),
                       QStringLiteral("test-admin-key"), QStringLiteral("--provider-endpoint"),
                       QStringLiteral("deepseek=") + mockUrl});
    }
    ~Headless() { stop(); }

    bool waitUntilListening()
    {
        return QTest::qWaitFor(
                   [&] {
                       if (process.state() == QProcess::NotRunning)
                           return true;
                       RawClient probe(port);
                       return probe.connected(500);
                   },
                   15000) &&
               process.state() == QProcess::Running;
    }
    // SIGTERM: the engine shuts down and the ledger flushes.
    bool stop()
    {
        if (process.state() == QProcess::NotRunning)
            return true;
        process.terminate();
        if (process.waitForFinished(10000))
            return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
        process.kill();
        process.waitForFinished();
        return false;
    }
    HttpResponse request()
    {
        RawClient c(port);
        HttpResponse r;
        if (c.connected()) {
            c.send(post("/deepseek", kChatBody));
            c.read(&r);
        }
        return r;
    }
    QJsonArray budgets()
    {
        RawClient c(adminPort);
        HttpResponse r;
        if (c.connected()) {
            c.send("GET /gatehouse/budgets HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-KEY: "
                   "test-admin-key\r\n\r\n");
            c.read(&r);
        }
        return r.json().value(u"list").toArray();
    }

    QProcess process;
    quint16 port = 0;
    quint16 adminPort = 0;
};

} // namespace

void TestProxyBudgets::headlessRestartKeepsBudget()
{
    if (!QFile::exists(m_binary))
        QSKIP("the gatehouse binary is not built (run through ctest)");
    MockProvider mock;
    QVERIFY(mock.listen());
    QTemporaryDir dir;
    {
        QFile config(dir.filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        // The key from the environment, so the second run has it without a keychain.
        QJsonObject route = routeJson(kBudgetRoute);
        QJsonObject plugins = route.value(u"plugins").toObject();
        QJsonObject proxy = plugins.value(u"ai-proxy").toObject();
        proxy.insert(
            QStringLiteral("auth"),
            QJsonObject{{QStringLiteral("header"),
                         QJsonObject{{QStringLiteral("Authorization"),
                                      QStringLiteral("$env://GATEHOUSE_TEST_DEEPSEEK_KEY")}}}});
        plugins.insert(QStringLiteral("ai-proxy"), proxy);
        route.insert(QStringLiteral("plugins"), plugins);
        config.write(QJsonDocument(QJsonObject{{QStringLiteral("schema_version"), 1},
                                               {QStringLiteral("routes"), QJsonArray{route}}})
                         .toJson());
    }
    {
        Headless g(m_binary, dir.path(), mock.baseUrl());
        QVERIFY2(g.waitUntilListening(), g.process.readAllStandardError().constData());
        int served = 0;
        HttpResponse last;
        for (int i = 0; i < 10; ++i) {
            last = g.request();
            if (last.status != 200)
                break;
            ++served;
            // The record reaches the tracker as the answer ends; let it land before the next.
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return g.budgets().first().toObject().value(u"used").toDouble() >=
                           16.0 * served;
                },
                5000));
        }
        QCOMPARE(served, 3);
        QCOMPARE(last.status, 429);
        QCOMPARE(last.errorCode(), QStringLiteral("budget_exceeded"));
        const QJsonObject b = g.budgets().first().toObject();
        QCOMPARE(b.value(u"route").toString(), QStringLiteral("budget-route"));
        QCOMPARE(b.value(u"limit").toDouble(), 40.0);
        QCOMPARE(b.value(u"used").toDouble(), 48.0);
        QCOMPARE(b.value(u"exhausted").toBool(), true);
        QVERIFY(g.stop());
    }
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("usage.sqlite"))));
    Headless again(m_binary, dir.path(), mock.baseUrl());
    QVERIFY2(again.waitUntilListening(), again.process.readAllStandardError().constData());
    const HttpResponse r = again.request();
    QCOMPARE(r.status, 429);
    QCOMPARE(r.errorCode(), QStringLiteral("budget_exceeded"));
    QCOMPARE(again.budgets().first().toObject().value(u"used").toDouble(), 48.0);
    QCOMPARE(mock.requestCount(), 3);
}

QTEST_GUILESS_MAIN(TestProxyBudgets)
