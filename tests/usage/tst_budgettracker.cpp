#include "tst_budgettracker.h"

#include "BudgetTracker.h"
#include "PriceTable.h"
#include "RouteSchema.h"
#include "RouteTable.h"
#include "UsageLedger.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

namespace {

QJsonObject json(const char *text)
{
    QJsonParseError e;
    const QJsonDocument d = QJsonDocument::fromJson(text, &e);
    if (d.isNull())
        qFatal("bad JSON in test: %s", qPrintable(e.errorString()));
    return d.object();
}

// A single-provider route with `labels` (JSON object text) and extra plugins (JSON members).
QJsonObject route(const QByteArray &labels, const QByteArray &extraPlugins = {})
{
    const QByteArray text = R"({"id": "deepseek-route", "uri": "/v1/*", "labels": )" + labels +
                            R"(, "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {"header":
                            {"Authorization": "$env://KEY"}}, "options": {"model": "deepseek-chat"}})" +
                            (extraPlugins.isEmpty() ? QByteArray() : "," + extraPlugins) + "}}";
    return json(text.constData());
}

QJsonObject multiRoute(const QByteArray &rateLimiting)
{
    const QByteArray text =
        R"({"id": "multi", "uri": "/m/*", "plugins": {"ai-proxy-multi": {"instances": [
        {"name": "a", "provider": "deepseek", "weight": 1, "priority": 2, "auth": {"header": {"Authorization": "x"}},
         "options": {"model": "deepseek-chat"}},
        {"name": "b", "provider": "openai", "weight": 1, "priority": 1, "auth": {"header": {"Authorization": "y"}},
         "options": {"model": "gpt-4o"}}]},
        "ai-rate-limiting": )" +
        rateLimiting + "}}";
    return json(text.constData());
}

RouteSpec spec(const QJsonObject &route)
{
    const RouteSchema::Result r = RouteSchema::parse(route);
    if (!r.ok())
        qWarning() << r.errors.first().path << r.errors.first().message;
    return r.spec;
}

RequestRecord used(const QString &routeId, qint64 prompt, qint64 completion,
                   const QString &instance = {},
                   const QString &model = QStringLiteral("deepseek-chat"))
{
    RequestRecord r;
    r.routeId = routeId;
    r.instance = instance;
    r.status = 200;
    r.upstreamModel = model;
    r.usage.promptTokens = prompt;
    r.usage.completionTokens = completion;
    r.usage.totalTokens = prompt + completion;
    return r;
}

qint64 at(int y, int m, int d, int h, int min = 0, int s = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min, s)).toMSecsSinceEpoch();
}

std::shared_ptr<const RouteTable> table(const QList<RouteSpec> &routes)
{
    return RouteTable::build(routes, nullptr);
}

} // namespace

void TestBudgetTracker::parsesBudgetLabels()
{
    const RouteSchema::Result r =
        RouteSchema::parse(route(R"({"gatehouse.budget.daily_tokens": "100000",
        "gatehouse.budget.monthly_cost_usd": "12.50", "team": "ml"})"));
    QVERIFY(r.ok());
    QCOMPARE(r.spec.budgets.size(), 2);
    QVERIFY(r.spec.hasRouteBudgets());
    QVERIFY(!r.spec.hasInstanceBudgets());
    const BudgetSpec *daily = nullptr, *monthly = nullptr;
    for (const BudgetSpec &b : r.spec.budgets)
        (b.window == BudgetSpec::Window::Day ? daily : monthly) = &b;
    QVERIFY(daily && monthly);
    QCOMPARE(daily->metric, BudgetSpec::Metric::TotalTokens);
    QCOMPARE(daily->limit, 100000.0);
    QCOMPARE(daily->rejectedCode, 429);
    QCOMPARE(daily->source, BudgetSpec::Source::Label);
    QCOMPARE(monthly->metric, BudgetSpec::Metric::CostUsd);
    QCOMPARE(monthly->window, BudgetSpec::Window::Month);
    QCOMPARE(monthly->limit, 12.5);
}

void TestBudgetTracker::rejectsBadBudgetLabels_data()
{
    QTest::addColumn<QByteArray>("labels");
    QTest::addColumn<QString>("message");
    QTest::newRow("zero") << QByteArray(R"({"gatehouse.budget.daily_tokens": "0"})")
                          << "whole number of tokens";
    QTest::newRow("fraction") << QByteArray(R"({"gatehouse.budget.daily_tokens": "1.5"})")
                              << "whole number";
    QTest::newRow("words") << QByteArray(R"({"gatehouse.budget.monthly_cost_usd": "five"})")
                           << "US dollars";
    QTest::newRow("typo") << QByteArray(R"({"gatehouse.budget.daily_token": "5"})")
                          << "unknown budget label";
    QTest::newRow("space") << QByteArray(R"({"gatehouse.budget.daily_tokens": "1 000"})")
                           << "without spaces";
}

void TestBudgetTracker::rejectsBadBudgetLabels()
{
    QFETCH(QByteArray, labels);
    QFETCH(QString, message);
    const RouteSchema::Result r = RouteSchema::parse(route(labels));
    QVERIFY(!r.ok());
    QVERIFY2(r.errors.first().message.contains(message), qPrintable(r.errors.first().message));
    QVERIFY(r.errors.first().path.startsWith(QLatin1String("labels.gatehouse.budget.")));
}

void TestBudgetTracker::parsesAiRateLimiting()
{
    const RouteSchema::Result r = RouteSchema::parse(multiRoute(R"({"limit": 300, "time_window": 60,
        "limit_strategy": "completion_tokens", "rejected_msg": "slow down",
        "instances": [{"name": "a", "limit": 100, "time_window": 30}]})"));
    QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.errors.first().message));
    QVERIFY(!r.ignoredPlugins.contains(QStringLiteral("ai-rate-limiting"))); // it runs here
    QCOMPARE(r.spec.budgets.size(), 2);
    const BudgetSpec &route = r.spec.budgets[0];
    QCOMPARE(route.source, BudgetSpec::Source::AiRateLimiting);
    QCOMPARE(route.window, BudgetSpec::Window::Seconds);
    QCOMPARE(route.windowSeconds, 60);
    QCOMPARE(route.limit, 300.0);
    QCOMPARE(route.metric, BudgetSpec::Metric::CompletionTokens);
    QCOMPARE(route.rejectedCode, 503); // APISIX's default
    QCOMPARE(route.rejectedMessage, QStringLiteral("slow down"));
    QVERIFY(route.instance.isEmpty());
    const BudgetSpec &inst = r.spec.budgets[1];
    QCOMPARE(inst.instance, QStringLiteral("a"));
    QCOMPARE(inst.windowSeconds, 30);
    QCOMPARE(inst.metric, BudgetSpec::Metric::CompletionTokens);
    QVERIFY(r.spec.hasInstanceBudgets());
}

void TestBudgetTracker::rejectsBadAiRateLimiting_data()
{
    QTest::addColumn<QByteArray>("conf");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    QTest::newRow("limit 0") << QByteArray(R"({"limit": 0, "time_window": 60})")
                             << "plugins.ai-rate-limiting.limit"
                             << "property \"limit\" validation failed: expected 0 to be at least 1";
    QTest::newRow("limit without window")
        << QByteArray(R"({"limit": 10})") << "plugins.ai-rate-limiting.time_window"
        << "property \"time_window\" is required";
    QTest::newRow("nothing") << QByteArray(R"({})") << "plugins.ai-rate-limiting.limit"
                             << "property \"limit\" is required";
    QTest::newRow("strategy")
        << QByteArray(R"({"limit": 1, "time_window": 1, "limit_strategy": "requests"})")
        << "plugins.ai-rate-limiting.limit_strategy"
        << "matches none of the enum values";
    QTest::newRow("code") << QByteArray(R"({"limit": 1, "time_window": 1, "rejected_code": 600})")
                          << "plugins.ai-rate-limiting.rejected_code"
                          << "to be at most 599";
    QTest::newRow("instance without limit")
        << QByteArray(R"({"instances": [{"name": "a", "time_window": 5}]})")
        << "plugins.ai-rate-limiting.instances[0].limit"
        << "property \"limit\" is required";
    QTest::newRow("empty instances")
        << QByteArray(R"({"instances": []})") << "plugins.ai-rate-limiting.instances"
        << "at least 1 items";
}

void TestBudgetTracker::rejectsBadAiRateLimiting()
{
    QFETCH(QByteArray, conf);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const RouteSchema::Result r = RouteSchema::parse(multiRoute(conf));
    QVERIFY(!r.ok());
    bool found = false;
    for (const Diagnostic &d : r.errors)
        found = found || (d.path == path && d.message.contains(message));
    QVERIFY2(found,
             qPrintable(r.errors.first().path + QStringLiteral(": ") + r.errors.first().message));
}

void TestBudgetTracker::dailyTokenBudgetResetsAtMidnight()
{
    qint64 now = at(2025, 3, 10, 22, 0);
    BudgetTracker tracker(nullptr, [&] { return now; });
    const RouteSpec r = spec(route(R"({"gatehouse.budget.daily_tokens": "100"})"));
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(r.id, 60, 30)); // 90 < 100
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(QStringLiteral("other-route"), 500, 500)); // not ours
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(r.id, 5, 5)); // 100: used up
    const auto rejected = tracker.checkRoute(r);
    QVERIFY(rejected);
    QCOMPARE(rejected->status, 429);
    QCOMPARE(rejected->code, QByteArray("budget_exceeded"));
    QVERIFY2(rejected->message.startsWith(QLatin1String(
                 "Route deepseek-route has used its daily budget of 100 tokens; it resets tonight "
                 "at 00:00 local time.")),
             qPrintable(rejected->message));
    QCOMPARE(rejected->retryAfterSeconds, 2 * 3600);

    now = at(2025, 3, 10, 23, 59, 59);
    QVERIFY(tracker.checkRoute(r));
    now = at(2025, 3, 11, 0, 0, 0); // local midnight: a new day
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(r.id, 99, 0));
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(r.id, 1, 0));
    QVERIFY(tracker.checkRoute(r));
}

void TestBudgetTracker::monthlyCostBudgetResetsOnTheFirst()
{
    PriceTable prices; // deepseek-chat: $0.27 in, $1.10 out per million
    qint64 now = at(2025, 1, 31, 12, 0);
    BudgetTracker tracker(&prices, [&] { return now; });
    const RouteSpec r = spec(route(R"({"gatehouse.budget.monthly_cost_usd": "1.37"})"));
    tracker.record(used(r.id, 1000000, 0)); // $0.27
    QVERIFY(!tracker.checkRoute(r));
    RequestRecord cached = used(r.id, 1000000, 1000000); // $0.27 - cached discount + $1.10
    cached.usage.cachedTokens = 1000000;                 // all input cached: $0.07
    tracker.record(cached);                              // $0.27 + $0.07 + $1.10 = $1.44
    const auto rejected = tracker.checkRoute(r);
    QVERIFY(rejected);
    QVERIFY2(rejected->message.contains(
                 QLatin1String("monthly budget of $1.37; it resets on 2025-02-01 at 00:00")),
             qPrintable(rejected->message));
    now = at(2025, 2, 1, 0, 0, 1);
    QVERIFY(!tracker.checkRoute(r));
    // An unpriced model costs nothing toward a cost budget (its tokens are still counted).
    tracker.record(used(r.id, 10000000, 0, {}, QStringLiteral("unpriced-model")));
    QVERIFY(!tracker.checkRoute(r));
}

void TestBudgetTracker::aiRateLimitingWindowAndInstances()
{
    qint64 now = at(2025, 3, 10, 10, 0, 5);
    BudgetTracker tracker(nullptr, [&] { return now; });
    const RouteSpec r =
        spec(multiRoute(R"({"limit": 100, "time_window": 60, "limit_strategy": "prompt_tokens",
        "rejected_code": 429, "instances": [{"name": "a", "limit": 20, "time_window": 60}]})"));
    QCOMPARE(r.budgets.size(), 2);
    tracker.setRoutes(*table({r}));
    const InstanceSpec &a = r.instances[0];
    const InstanceSpec &b = r.instances[1];
    QCOMPARE(a.name, QStringLiteral("a"));

    tracker.record(
        used(r.id, 20, 1000, QStringLiteral("a"))); // completion tokens do not count here
    QVERIFY(!tracker.checkRoute(r));
    auto instanceRejected = tracker.checkInstance(r, a);
    QVERIFY(instanceRejected);
    QCOMPARE(instanceRejected->status, 429);
    QCOMPARE(instanceRejected->code, QByteArray("token_limit_exceeded"));
    QVERIFY2(instanceRejected->message.contains(QLatin1String("Instance a of route multi")),
             qPrintable(instanceRejected->message));
    QVERIFY(!tracker.checkInstance(r, b));

    tracker.record(used(r.id, 80, 0, QStringLiteral("b")));
    const auto routeRejected = tracker.checkRoute(r);
    QVERIFY(routeRejected);
    QCOMPARE(routeRejected->retryAfterSeconds, 55); // the window is 10:00:00-10:01:00
    QVERIFY2(routeRejected->message.contains(QLatin1String("limit of 100 prompt tokens per 60 s")),
             qPrintable(routeRejected->message));

    now = at(2025, 3, 10, 10, 1, 0); // the next window
    QVERIFY(!tracker.checkRoute(r));
    QVERIFY(!tracker.checkInstance(r, a));
}

void TestBudgetTracker::routesWithoutBudgetsAreNeverLimited()
{
    BudgetTracker tracker(nullptr);
    const RouteSpec r = spec(route(R"({"team": "ml"})"));
    QVERIFY(!r.hasRouteBudgets());
    tracker.record(used(r.id, 1LL << 40, 1LL << 40));
    QVERIFY(!tracker.checkRoute(r));
    QVERIFY(tracker.statuses(*table({r})).isEmpty());
}

void TestBudgetTracker::loadsRunningTotalsFromLedger()
{
    QTemporaryDir dir;
    PriceTable prices;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QDateTime today = QDateTime::fromMSecsSinceEpoch(now);
    const qint64 midnight = today.date().startOfDay().toMSecsSinceEpoch();
    const RouteSpec r = spec(route(
        R"({"gatehouse.budget.daily_tokens": "1000", "gatehouse.budget.monthly_tokens": "5000"})"));
    {
        UsageLedger ledger(&prices);
        QVERIFY(ledger.open(dir.path()));
        RequestRecord rec = used(r.id, 400, 200);
        rec.startedAtMs = now - 1000;
        ledger.record(rec);
        rec.startedAtMs = midnight - 1000; // yesterday: not today's, maybe this month's
        ledger.record(rec);
        rec.startedAtMs = midnight - 40LL * 86400000; // an earlier month
        ledger.record(rec);
        ledger.close();
    }
    UsageLedger ledger(&prices);
    QVERIFY(ledger.open(dir.path()));
    BudgetTracker tracker(&prices, [&] { return now; });
    tracker.load(ledger);
    tracker.setRoutes(*table({r}));
    const QList<BudgetStatus> s = tracker.statuses(*table({r}));
    QCOMPARE(s.size(), 2);
    const bool yesterdayThisMonth =
        QDateTime::fromMSecsSinceEpoch(midnight - 1000).date().month() == today.date().month();
    for (const BudgetStatus &b : s) {
        if (b.spec.window == BudgetSpec::Window::Day)
            QCOMPARE(b.used, 600.0);
        else
            QCOMPARE(b.used, yesterdayThisMonth ? 1200.0 : 600.0);
    }
    QVERIFY(!tracker.checkRoute(r));
    tracker.record(used(r.id, 400, 0)); // 1000 today
    QVERIFY(tracker.checkRoute(r));
}

void TestBudgetTracker::statusesForGuiAndAdmin()
{
    qint64 now = at(2025, 3, 10, 10, 0);
    BudgetTracker tracker(nullptr, [&] { return now; });
    const RouteSpec r = spec(route(R"({"gatehouse.budget.daily_tokens": "100"})"));
    tracker.record(used(r.id, 150, 0));
    const QList<BudgetStatus> s = tracker.statuses(*table({r}));
    QCOMPARE(s.size(), 1);
    QCOMPARE(s[0].route, r.id);
    QCOMPARE(s[0].used, 150.0);
    QVERIFY(s[0].exhausted);
    QCOMPARE(s[0].windowStartMs, at(2025, 3, 10, 0));
    QCOMPARE(s[0].resetsAtMs, at(2025, 3, 11, 0));
    const QJsonObject o = BudgetTracker::toJson(s).first().toObject();
    QCOMPARE(o.value(u"route").toString(), r.id);
    QCOMPARE(o.value(u"metric").toString(), QStringLiteral("total_tokens"));
    QCOMPARE(o.value(u"window").toString(), QStringLiteral("day"));
    QCOMPARE(o.value(u"limit").toDouble(), 100.0);
    QCOMPARE(o.value(u"used").toDouble(), 150.0);
    QCOMPARE(o.value(u"remaining").toDouble(), 0.0);
    QCOMPARE(o.value(u"exhausted").toBool(), true);
    QCOMPARE(o.value(u"source").toString(), QStringLiteral("labels"));
    QVERIFY(!o.value(u"resets_at").toString().isEmpty());
}

QTEST_GUILESS_MAIN(TestBudgetTracker)
