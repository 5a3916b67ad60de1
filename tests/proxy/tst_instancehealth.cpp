#include "InstanceHealth.h"
#include "RouteTable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <vector>

using namespace gatehouse;

namespace {

using Kind = InstanceHealth::Outcome::Kind;
using State = InstanceHealth::State;
using Standing = InstanceHealth::Standing;

const QString kRoute = QStringLiteral("r");
const QString kA = QStringLiteral("a");
const QString kB = QStringLiteral("b");

InstanceHealth::Outcome failure(int status = 500, qint64 retryAfterMs = -1)
{
    return {status == 429 ? Kind::RateLimited : Kind::Failure, status, QStringLiteral("boom"),
            retryAfterMs};
}

InstanceHealth::Outcome success()
{
    return {Kind::Success, 200, {}, -1};
}

RouteSpec route()
{
    RouteSpec r;
    r.id = kRoute;
    InstanceSpec a;
    a.name = kA;
    InstanceSpec b;
    b.name = kB;
    r.instances = {a, b};
    return r;
}

} // namespace

// The passive breaker and the active-check state, with a clock the test steps by hand.
class TestInstanceHealth : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void healthyUntilTheThreshold();
    void failuresOutsideTheWindowDoNotCount();
    void breakerCanBeTurnedOff();
    void rateLimitedCountsAsFailureWithItsReason();
    void retryAfterSetsTheCooldown();
    void retryAfterIsCapped();
    void halfOpenProbeClosesTheBreaker();
    void onlyOneProbeAtATime();
    void failedProbeDoublesTheCooldown();
    void probeLeaseExpires();
    void abandonedProbeFreesTheSlot();
    void successRateOverTheLast100();
    void activeCheckThresholds();
    void retainForgetsRemovedInstances();
    void snapshotAndChangeSignal();
    void changedWhenACooldownEnds();
    void parseRetryAfter_data();
    void parseRetryAfter();
    void concurrentReports();
    void hotPathCost();

private:
    void failTimes(int n, const QString &instance = kA);

    std::unique_ptr<InstanceHealth> m_health;
    qint64 m_now = 1000000;
};

void TestInstanceHealth::init()
{
    m_health = std::make_unique<InstanceHealth>();
    HealthPolicy p;
    p.failureThreshold = 3;
    p.failureWindowMs = 1000;
    p.cooldownMs = 100;
    p.maxCooldownMs = 400;
    p.maxRetryAfterMs = 60000;
    p.probeLeaseMs = 500;
    m_health->setPolicy(p);
    m_now = 1000000;
    m_health->setClock([this] { return m_now; });
}

void TestInstanceHealth::failTimes(int n, const QString &instance)
{
    for (int i = 0; i < n; ++i)
        m_health->report(kRoute, instance, failure(), false);
}

void TestInstanceHealth::healthyUntilTheThreshold()
{
    const RouteSpec r = route();
    Standing s[2];
    failTimes(2);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Healthy);
    QCOMPARE(m_health->status(kRoute, kA).recentFailures, 2);
    QVERIFY(!m_health->standings(r, s)); // the fast path: nothing in trouble
    failTimes(1);
    const InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::CoolingDown);
    QCOMPARE(st.reason, InstanceHealth::Reason::Failing);
    QCOMPARE(st.cooldownLeftMs, qint64(100));
    QCOMPARE(st.lastError, QStringLiteral("boom"));
    qint64 soonest = 0;
    QVERIFY(m_health->standings(r, s, &soonest));
    QCOMPARE(s[0], Standing::Cooling);
    QCOMPARE(s[1], Standing::Available);
    QCOMPARE(soonest, qint64(100));
    bool probe = true;
    QVERIFY(!m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(!probe);
    QVERIFY(m_health->beginAttempt(kRoute, kB, &probe));
}

void TestInstanceHealth::breakerCanBeTurnedOff()
{
    HealthPolicy p = m_health->policy();
    p.breaker = false;
    m_health->setPolicy(p);
    failTimes(5);
    m_health->report(kRoute, kA, failure(429, 5000), false);
    const InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::Healthy);
    QCOMPARE(st.failures, quint64(6));
    QCOMPARE(st.lastStatus, 429);
}

void TestInstanceHealth::failuresOutsideTheWindowDoNotCount()
{
    failTimes(1);
    m_now += 600;
    failTimes(1);
    m_now += 600; // the first failure is 1200 ms old now
    failTimes(1);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Healthy);
    QCOMPARE(m_health->status(kRoute, kA).recentFailures, 2);
    m_now += 100;
    failTimes(1);
    QCOMPARE(m_health->status(kRoute, kA).state, State::CoolingDown);
}

void TestInstanceHealth::rateLimitedCountsAsFailureWithItsReason()
{
    for (int i = 0; i < 3; ++i)
        m_health->report(kRoute, kA, failure(429), false);
    const InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::CoolingDown);
    QCOMPARE(st.reason, InstanceHealth::Reason::RateLimited);
    QCOMPARE(st.lastStatus, 429);
}

void TestInstanceHealth::retryAfterSetsTheCooldown()
{
    const RouteSpec r = route();
    Standing s[2];
    m_health->report(kRoute, kA, failure(429, 7000), false); // one is enough
    InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::CoolingDown);
    QCOMPARE(st.cooldownLeftMs, qint64(7000));
    QVERIFY(qAbs(st.coolingUntilMs - (QDateTime::currentMSecsSinceEpoch() + 7000)) < 1000);
    m_now += 6999;
    QVERIFY(m_health->standings(r, s));
    QCOMPARE(s[0], Standing::Cooling);
    m_now += 1;
    QVERIFY(!m_health->standings(r, s) || s[0] == Standing::Available);
    QCOMPARE(m_health->status(kRoute, kA).state, State::HalfOpen);

    // A 503 with Retry-After while closed opens it as well.
    m_health->report(kRoute, kB, failure(503, 2000), false);
    QCOMPARE(m_health->status(kRoute, kB).cooldownLeftMs, qint64(2000));
    QCOMPARE(m_health->status(kRoute, kB).reason, InstanceHealth::Reason::Failing);
}

void TestInstanceHealth::retryAfterIsCapped()
{
    m_health->report(kRoute, kA, failure(429, 10LL * 3600 * 1000), false);
    QCOMPARE(m_health->status(kRoute, kA).cooldownLeftMs, qint64(60000));
}

void TestInstanceHealth::halfOpenProbeClosesTheBreaker()
{
    failTimes(3);
    m_now += 100;
    bool probe = false;
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(probe);
    QCOMPARE(m_health->status(kRoute, kA).state, State::HalfOpen);
    QVERIFY(m_health->status(kRoute, kA).probing);
    m_health->report(kRoute, kA, success(), true);
    const InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::Healthy);
    QCOMPARE(st.recentFailures, 0); // closing forgets the failures that opened it
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(!probe);
    // Fresh start: it takes the full threshold again, with the base cooldown.
    failTimes(2);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Healthy);
    failTimes(1);
    QCOMPARE(m_health->status(kRoute, kA).cooldownLeftMs, qint64(100));
}

void TestInstanceHealth::onlyOneProbeAtATime()
{
    const RouteSpec r = route();
    Standing s[2];
    failTimes(3);
    m_now += 100;
    QVERIFY(!m_health->standings(r, s) || s[0] == Standing::Available); // ready for a probe
    bool probe = false;
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(probe);
    bool second = true;
    QVERIFY(!m_health->beginAttempt(kRoute, kA, &second));
    QVERIFY(!second);
    QVERIFY(m_health->standings(r, s));
    QCOMPARE(s[0], Standing::Cooling); // the others plan around the probe
}

void TestInstanceHealth::failedProbeDoublesTheCooldown()
{
    failTimes(3);
    const qint64 expected[] = {200, 400, 400}; // doubling, capped at maxCooldownMs
    qint64 cooldown = 100;
    for (qint64 next : expected) {
        m_now += cooldown;
        bool probe = false;
        QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
        QVERIFY(probe);
        m_health->report(kRoute, kA, failure(), true);
        const InstanceHealth::Status st = m_health->status(kRoute, kA);
        QCOMPARE(st.state, State::CoolingDown);
        QCOMPARE(st.cooldownLeftMs, next);
        cooldown = next;
    }
    // A failed probe that says Retry-After: that, not the doubled length.
    m_now += cooldown;
    bool probe = false;
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    m_health->report(kRoute, kA, failure(429, 1500), true);
    QCOMPARE(m_health->status(kRoute, kA).cooldownLeftMs, qint64(1500));
}

void TestInstanceHealth::probeLeaseExpires()
{
    failTimes(3);
    m_now += 100;
    bool probe = false;
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    m_now += 499;
    QVERIFY(!m_health->beginAttempt(kRoute, kA, &probe));
    m_now += 1; // the probe never reported: another request may probe
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(probe);
}

void TestInstanceHealth::abandonedProbeFreesTheSlot()
{
    failTimes(3);
    m_now += 100;
    bool probe = false;
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    m_health->abandon(kRoute, kA);
    QVERIFY(m_health->beginAttempt(kRoute, kA, &probe));
    QVERIFY(probe);
}

void TestInstanceHealth::successRateOverTheLast100()
{
    HealthPolicy p = m_health->policy();
    p.failureThreshold = 16;
    p.failureWindowMs = 0; // never opens: only the rate is looked at here
    m_health->setPolicy(p);
    QCOMPARE(m_health->status(kRoute, kA).successRate, -1.0);
    for (int i = 0; i < 150; ++i) {
        m_now += 10;
        m_health->report(kRoute, kA, i < 100 ? success() : failure(), false);
    }
    const InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.samples, 100);
    QCOMPARE(st.successRate, 0.5);
    QCOMPARE(st.attempts, quint64(150));
    QCOMPARE(st.failures, quint64(50));
    QCOMPARE(st.state, State::Healthy);
}

void TestInstanceHealth::activeCheckThresholds()
{
    const RouteSpec r = route();
    Standing s[2];
    m_health->reportCheck(kRoute, kA, false, QStringLiteral("refused"), 2, 2);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Healthy);
    QVERIFY(m_health->status(kRoute, kA).activeChecked);
    m_health->reportCheck(kRoute, kA, false, QStringLiteral("refused"), 2, 2);
    InstanceHealth::Status st = m_health->status(kRoute, kA);
    QCOMPARE(st.state, State::Unhealthy);
    QCOMPARE(st.reason, InstanceHealth::Reason::ActiveCheck);
    QCOMPARE(st.activeError, QStringLiteral("refused"));
    QVERIFY(m_health->standings(r, s));
    QCOMPARE(s[0], Standing::Unhealthy);
    bool probe = false;
    QVERIFY(!m_health->beginAttempt(kRoute, kA, &probe));
    m_health->reportCheck(kRoute, kA, true, {}, 2, 2);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Unhealthy);
    m_health->reportCheck(kRoute, kA, true, {}, 2, 2);
    QCOMPARE(m_health->status(kRoute, kA).state, State::Healthy);
    QVERIFY(!m_health->standings(r, s));
}

void TestInstanceHealth::retainForgetsRemovedInstances()
{
    failTimes(3, kA);
    m_health->report(kRoute, kB, success(), false);
    QCOMPARE(m_health->statuses().size(), 2);
    RouteSpec r = route();
    r.instances.removeFirst(); // "a" is gone from the config
    const auto table = RouteTable::build({r}, nullptr);
    m_health->retain(*table);
    QCOMPARE(m_health->statuses().size(), 1);
    QCOMPARE(m_health->statuses().first().instance, kB);
    // Nothing is in trouble any more: the hot path is back to one atomic load.
    Standing s[2];
    QVERIFY(!m_health->standings(route(), s));
    m_health->retain(*RouteTable::build({}, nullptr));
    QVERIFY(m_health->statuses().isEmpty());
}

void TestInstanceHealth::snapshotAndChangeSignal()
{
    QSignalSpy spy(m_health.get(), &InstanceHealth::changed);
    const quint64 before = m_health->generation();
    failTimes(2);
    QCOMPARE(m_health->generation(), before); // no change of state yet
    failTimes(1);
    QVERIFY(m_health->generation() > before);
    QTRY_COMPARE(spy.size(), 1);
    m_health->report(kRoute, kB, failure(429, 3000), false);
    QTRY_COMPARE(spy.size(), 2);

    const QJsonObject snap = m_health->snapshot();
    QCOMPARE(snap[u"policy"][u"failure_threshold"].toInt(), 3);
    const QJsonArray instances = snap[u"instances"].toArray();
    QCOMPARE(instances.size(), 2);
    const QJsonObject a = instances[0].toObject();
    QCOMPARE(a[u"route"].toString(), kRoute);
    QCOMPARE(a[u"instance"].toString(), kA);
    QCOMPARE(a[u"state"].toString(), QStringLiteral("cooling_down"));
    QCOMPARE(a[u"reason"].toString(), QStringLiteral("failing"));
    QCOMPARE(a[u"cooldown_left_ms"].toInteger(), qint64(100));
    QVERIFY(a[u"cooling_until"].toString().endsWith(u'Z'));
    QCOMPARE(a[u"last_status"].toInt(), 500);
    QCOMPARE(a[u"last_error"].toString(), QStringLiteral("boom"));
    QCOMPARE(a[u"success_rate"].toDouble(), 0.0);
    QCOMPARE(a[u"recent_failures"].toInt(), 3);
    const QJsonObject b = instances[1].toObject();
    QCOMPARE(b[u"reason"].toString(), QStringLiteral("rate_limited"));
    QCOMPARE(b[u"cooldown_left_ms"].toInteger(), qint64(3000));
}

void TestInstanceHealth::changedWhenACooldownEnds()
{
    m_health->setClock({}); // the real clock: the timer runs on it
    QSignalSpy spy(m_health.get(), &InstanceHealth::changed);
    failTimes(3);
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(m_health->status(kRoute, kA).state, State::CoolingDown);
    const quint64 generation = m_health->generation();
    QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 2000); // 100 ms later, with no traffic
    QCOMPARE(m_health->status(kRoute, kA).state, State::HalfOpen);
    QVERIFY(m_health->generation() > generation);
}

void TestInstanceHealth::parseRetryAfter_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("expected");
    QTest::newRow("seconds") << QByteArray("3") << qint64(3000);
    QTest::newRow("spaces") << QByteArray(" 10 ") << qint64(10000);
    QTest::newRow("zero") << QByteArray("0") << qint64(0);
    QTest::newRow("http date") << QByteArray("Sun, 01 Mar 2026 12:00:05 GMT") << qint64(5000);
    QTest::newRow("date in the past") << QByteArray("Sun, 01 Mar 2026 11:00:00 GMT") << qint64(0);
    QTest::newRow("empty") << QByteArray("") << qint64(-1);
    QTest::newRow("words") << QByteArray("soon") << qint64(-1);
    QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
    QTest::newRow("fraction") << QByteArray("1.5") << qint64(-1);
}

void TestInstanceHealth::parseRetryAfter()
{
    QFETCH(QByteArray, value);
    QFETCH(qint64, expected);
    const qint64 now = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
    QCOMPARE(InstanceHealth::parseRetryAfterMs(value, now), expected);
}

void TestInstanceHealth::concurrentReports()
{
    // Workers report and plan at the same time: every outcome is counted, nothing tears.
    m_health->setClock({});
    HealthPolicy p = m_health->policy();
    p.cooldownMs = 1;
    m_health->setPolicy(p);
    const RouteSpec r = route();
    std::atomic<bool> go{false};
    std::vector<QThread *> threads;
    constexpr int kPerThread = 20000;
    for (int t = 0; t < 4; ++t) {
        threads.push_back(QThread::create([&, t] {
            while (!go.load())
                QThread::yieldCurrentThread();
            Standing s[2];
            for (int i = 0; i < kPerThread; ++i) {
                const QString &inst = (i + t) % 2 ? kA : kB;
                bool probe = false;
                m_health->standings(r, s);
                m_health->beginAttempt(kRoute, inst, &probe);
                m_health->report(kRoute, inst, i % 3 ? success() : failure(), probe);
            }
        }));
        threads.back()->start();
    }
    go.store(true);
    for (QThread *t : threads) {
        QVERIFY(t->wait(60000));
        delete t;
    }
    const InstanceHealth::Status a = m_health->status(kRoute, kA);
    const InstanceHealth::Status b = m_health->status(kRoute, kB);
    QCOMPARE(a.attempts + b.attempts, quint64(4 * kPerThread));
}

void TestInstanceHealth::hotPathCost()
{
    // What one request costs: the plan's look (nothing in trouble), the attempt's claim, the
    // outcome.
    const RouteSpec r = route();
    Standing s[2];
    m_health->report(kRoute, kA, success(), false);
    QBENCHMARK
    {
        bool probe = false;
        m_health->standings(r, s);
        m_health->beginAttempt(kRoute, kA, &probe);
        m_health->report(kRoute, kA, success(), probe);
    }
}

QTEST_GUILESS_MAIN(TestInstanceHealth)
#include "tst_instancehealth.moc"
