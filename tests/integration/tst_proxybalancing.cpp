#include "tst_proxybalancing.h"

#include "ActiveHealthChecker.h"
#include "InstanceHealth.h"
#include "ProxyHarness.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <vector>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

const QString kRouteId = QStringLiteral("multi");
const QByteArray kPath = "/v1/chat/completions";

// An instance on the mock: its endpoint is the mock's address + `prefix` + "/<name>" + the chat
// path, so the mock's requests tell the instances apart, and path conventions in `prefix`
// ("/status/503", "/hang", ...) make it misbehave.
QJsonObject instance(ProxyHarness &h, const QString &name, int weight, int priority,
                     const QString &prefix = {}, const QString &model = {})
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("provider"), QStringLiteral("openai-compatible")},
        {QStringLiteral("weight"), weight},
        {QStringLiteral("priority"), priority},
        {QStringLiteral("auth"),
         QJsonObject{{QStringLiteral("header"),
                      QJsonObject{{QStringLiteral("Authorization"),
                                   QString(QStringLiteral("Bearer key-") + name)}}}}},
        {QStringLiteral("options"),
         QJsonObject{
             {QStringLiteral("model"), model.isEmpty() ? QStringLiteral("model-") + name : model}}},
        {QStringLiteral("override"),
         QJsonObject{
             {QStringLiteral("endpoint"), QString(h.mock.baseUrl() + prefix + QLatin1Char('/') +
                                                  name + QString::fromLatin1(kPath))}}}};
}

QJsonObject deadInstance(const QString &name, int priority)
{
    return QJsonObject{
        {QStringLiteral("name"), name},
        {QStringLiteral("provider"), QStringLiteral("openai-compatible")},
        {QStringLiteral("weight"), 1},
        {QStringLiteral("priority"), priority},
        {QStringLiteral("auth"),
         QJsonObject{{QStringLiteral("header"),
                      QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer x")}}}}},
        {QStringLiteral("override"),
         QJsonObject{{QStringLiteral("endpoint"), QStringLiteral("http://127.0.0.1:%1/%2%3")
                                                      .arg(unusedPort())
                                                      .arg(name, QString::fromLatin1(kPath))}}}};
}

QJsonObject multi(const QJsonArray &instances, QJsonObject conf = {},
                  const QJsonObject &labels = {})
{
    conf.insert(QStringLiteral("instances"), instances);
    QJsonObject route{
        {QStringLiteral("id"), kRouteId},
        {QStringLiteral("paths"), QJsonArray{QString::fromLatin1(kPath)}},
        {QStringLiteral("plugins"), QJsonObject{{QStringLiteral("ai-proxy-multi"), conf}}}};
    if (!labels.isEmpty())
        route.insert(QStringLiteral("labels"), labels);
    return route;
}

QJsonObject strategy(const QStringList &s)
{
    return {{QStringLiteral("fallback_strategy"), QJsonArray::fromStringList(s)}};
}

const QStringList kStrict = {QStringLiteral("rate_limiting"), QStringLiteral("http_429"),
                             QStringLiteral("http_5xx")};
const QStringList k5xx = {QStringLiteral("http_429"), QStringLiteral("http_5xx")};

QByteArray chatBody(const QString &model, bool stream = false)
{
    QJsonObject body{{QStringLiteral("model"), model},
                     {QStringLiteral("messages"),
                      QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                             {QStringLiteral("content"), QStringLiteral("Hi")}}}}};
    if (stream)
        body.insert(QStringLiteral("stream"), true);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

HttpResponse ask(ProxyHarness &h, const QByteArray &body = kChatBody,
                 const QByteArray &headers = {})
{
    RawClient c(h.port());
    HttpResponse r;
    if (c.connected()) {
        c.send(post(kPath, body, headers));
        c.read(&r);
    }
    return r;
}

// Requests the mock received for instance `name`.
int asked(ProxyHarness &h, const QString &name)
{
    const QByteArray tail = '/' + name.toLatin1() + kPath;
    int n = 0;
    for (const MockRequest &r : h.mock.requests())
        n += r.pathWithoutQuery().endsWith(tail) ? 1 : 0;
    return n;
}

QByteArray attempts(const HttpResponse &r)
{
    return r.header("X-Gatehouse-Attempts");
}

InstanceHealth::Status healthOf(ProxyHarness &h, const QString &name)
{
    return h.proxy->health().status(kRouteId, name);
}

} // namespace

TestProxyBalancing::TestProxyBalancing() = default;
TestProxyBalancing::~TestProxyBalancing() = default;

void TestProxyBalancing::init()
{
    h = std::make_unique<ProxyHarness>();
    m_now = 1000000;
    // The breaker runs on a clock the tests step: no sleeping through cooldowns.
    h->proxy->health().setClock([this] { return m_now.load(); });
    h->settings.health.cooldownMs = 1000;
    h->settings.health.maxCooldownMs = 8000;
    QVERIFY(h->start());
}

void TestProxyBalancing::cleanup()
{
    h.reset();
}

void TestProxyBalancing::weightsFourToOneOnBothWorkers()
{
    h->settings.workerThreads = 2;
    QVERIFY(h->start());
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 4, 0), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(k5xx))}));
    // Ten connections at once: the acceptor deals them to the two workers in turn, so both
    // threads plan requests concurrently against the one shared round-robin state.
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 10; ++i) {
        clients.push_back(std::make_unique<RawClient>(h->port()));
        QVERIFY(clients.back()->connected());
    }
    for (auto &c : clients)
        c->send(post(kPath, kChatBody));
    QHash<QByteArray, int> served;
    for (auto &c : clients) {
        HttpResponse r;
        QVERIFY(c->read(&r));
        QCOMPARE(r.status, 200);
        ++served[r.header("X-Gatehouse-Instance")];
    }
    QCOMPARE(served.value("a"), 8);
    QCOMPARE(served.value("b"), 2);
    QCOMPARE(h->mock.requestCount(), 10); // nothing was retried
}

void TestProxyBalancing::priorityGroupsFallThroughInOrder()
{
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 2, QStringLiteral("/status/500")),
                instance(*h, QStringLiteral("b"), 1, 2, QStringLiteral("/status/503")),
                instance(*h, QStringLiteral("c"), 1, 1), instance(*h, QStringLiteral("d"), 1, 0)},
               strategy(k5xx))}));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("c"));
    // Both of the top group, in either order, then the next group; the lowest never asked.
    QVERIFY2(attempts(r) == "a=500,b=503,c=200" || attempts(r) == "b=503,a=500,c=200",
             attempts(r).constData());
    QCOMPARE(asked(*h, QStringLiteral("d")), 0);
}

void TestProxyBalancing::lowerGroupWhileHigherAreCooling()
{
    h->settings.health.failureThreshold = 1;
    QVERIFY(h->start());
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 2, QStringLiteral("/status/500")),
                           instance(*h, QStringLiteral("b"), 1, 2, QStringLiteral("/status/503")),
                           instance(*h, QStringLiteral("c"), 1, 1)},
                          strategy(kStrict))}));
    QCOMPARE(ask(*h).status, 200);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::CoolingDown);
    QCOMPARE(healthOf(*h, QStringLiteral("b")).state, InstanceHealth::State::CoolingDown);
    // The top group is cooling down: the next group is asked first, and only it.
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("c=200"));
    QCOMPARE(asked(*h, QStringLiteral("a")), 1);
    QCOMPARE(asked(*h, QStringLiteral("b")), 1);
}

void TestProxyBalancing::fallbackOnGarbage()
{
    QVERIFY(h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/garbage")),
                               instance(*h, QStringLiteral("b"), 1, 0)},
                              strategy(k5xx))}));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("a=error,b=200"));
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.attempts.size(), 2);
    QVERIFY(!rec.attempts[0].error.isEmpty());
    QCOMPARE(healthOf(*h, QStringLiteral("a")).recentFailures, 1);
}

void TestProxyBalancing::fallbackOnTimeoutBeforeFirstByte_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<bool>("stream");
    QTest::newRow("no answer") << QStringLiteral("/hang") << false;
    QTest::newRow("headers, then nothing (JSON)") << QStringLiteral("/hang-after-headers") << false;
    QTest::newRow("headers, then nothing (stream)")
        << QStringLiteral("/hang-after-headers") << true;
}

void TestProxyBalancing::fallbackOnTimeoutBeforeFirstByte()
{
    QFETCH(QString, prefix);
    QFETCH(bool, stream);
    QJsonObject conf = strategy(k5xx);
    conf.insert(QStringLiteral("timeout"), 300);
    QVERIFY(h->publish({multi(
        {instance(*h, QStringLiteral("a"), 1, 1, prefix), instance(*h, QStringLiteral("b"), 1, 0)},
        conf)}));
    QElapsedTimer t;
    t.start();
    const HttpResponse r = ask(*h, chatBody(QStringLiteral("m"), stream));
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("a=error,b=200"));
    QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
    if (stream) {
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
        QVERIFY(!r.body.contains("event: error"));
    }
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().attempts[0].error.contains(QStringLiteral("timeout")));
    QVERIFY(h->sink.last().attempts[0].durationMs >= 250);
}

void TestProxyBalancing::singleInstanceNeverRetried()
{
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 0, QStringLiteral("/status/503"))},
                          strategy(k5xx))}));
    HttpResponse r = ask(*h);
    QCOMPARE(r.status, 503); // the upstream's answer as is
    QCOMPARE(attempts(r), QByteArray("a=503"));
    QVERIFY(r.json()[u"error"].isObject());
    QCOMPARE(h->mock.requestCount(), 1);

    // A plain ai-proxy route: one instance, never retried either.
    QJsonObject single{
        {QStringLiteral("id"), QStringLiteral("single")},
        {QStringLiteral("paths"), QJsonArray{QStringLiteral("/single")}},
        {QStringLiteral("plugins"),
         QJsonObject{{QStringLiteral("ai-proxy"),
                      QJsonObject{{QStringLiteral("provider"), QStringLiteral("openai-compatible")},
                                  {QStringLiteral("auth"),
                                   QJsonObject{{QStringLiteral("header"),
                                                QJsonObject{{QStringLiteral("Authorization"),
                                                             QStringLiteral("Bearer k")}}}}},
                                  {QStringLiteral("override"),
                                   QJsonObject{{QStringLiteral("endpoint"),
                                                QString(h->mock.baseUrl() +
                                                        QStringLiteral("/status/502/s") +
                                                        QString::fromLatin1(kPath))}}}}}}}};
    QVERIFY(h->publish({single}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/single", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 502);
    QCOMPARE(h->mock.requestCount(), 2);
}

void TestProxyBalancing::maxRetries_data()
{
    QTest::addColumn<int>("maxRetries");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("trail");
    QTest::addColumn<bool>("gatewayError");
    // A retry limit reached: the last upstream status and body; every instance tried: 502.
    QTest::newRow("0") << 0 << 503 << QByteArray("a=503") << false;
    QTest::newRow("1") << 1 << 502 << QByteArray("a=503,b=502") << false;
    QTest::newRow("2") << 2 << 502 << QByteArray("a=503,b=502,c=500") << true;
    QTest::newRow("10") << 10 << 502 << QByteArray("a=503,b=502,c=500") << true;
}

void TestProxyBalancing::maxRetries()
{
    QFETCH(int, maxRetries);
    QFETCH(int, status);
    QFETCH(QByteArray, trail);
    QFETCH(bool, gatewayError);
    QJsonObject conf = strategy(k5xx);
    conf.insert(QStringLiteral("max_retries"), maxRetries);
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 2, QStringLiteral("/status/503")),
                           instance(*h, QStringLiteral("b"), 1, 1, QStringLiteral("/status/502")),
                           instance(*h, QStringLiteral("c"), 1, 0, QStringLiteral("/status/500"))},
                          conf)}));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, status);
    QCOMPARE(attempts(r), trail);
    QCOMPARE(r.json()[u"error"][u"type"].toString() == QLatin1String("gateway_error"),
             gatewayError);
    if (gatewayError)
        QCOMPARE(r.errorCode(), QStringLiteral("all_instances_failed"));
    QCOMPARE(h->mock.requestCount(), int(trail.count(',') + 1));
}

void TestProxyBalancing::retryOnFailureWithinMs()
{
    // A slow failure (800 ms) with a 300 ms limit: not retried, the upstream's answer goes back.
    QJsonObject conf = strategy(k5xx);
    conf.insert(QStringLiteral("retry_on_failure_within_ms"), 300);
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/delay/800/status/503")),
                instance(*h, QStringLiteral("b"), 1, 0)},
               conf)}));
    HttpResponse r = ask(*h);
    QCOMPARE(r.status, 503);
    QCOMPARE(attempts(r), QByteArray("a=503"));
    QCOMPARE(asked(*h, QStringLiteral("b")), 0);

    // A slow transport failure (a timeout) is not retried either: 504 from the gateway.
    conf.insert(QStringLiteral("timeout"), 500);
    QVERIFY(h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/hang")),
                               instance(*h, QStringLiteral("b"), 1, 0)},
                              conf)}));
    r = ask(*h);
    QCOMPARE(r.status, 504);
    QCOMPARE(r.errorCode(), QStringLiteral("upstream_timeout"));
    QCOMPARE(attempts(r), QByteArray("a=error"));
    QCOMPARE(asked(*h, QStringLiteral("b")), 0);

    // A quick failure within the limit falls back.
    conf.remove(QStringLiteral("timeout"));
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/status/503")),
                           instance(*h, QStringLiteral("b"), 1, 0)},
                          conf)}));
    r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("a=503,b=200"));
}

void TestProxyBalancing::allFailedIs502WithEveryAttempt()
{
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 2, QStringLiteral("/status/500")),
                           deadInstance(QStringLiteral("b"), 1),
                           instance(*h, QStringLiteral("c"), 1, 0, QStringLiteral("/status/429"))},
                          strategy(k5xx))}));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("all_instances_failed"));
    QCOMPARE(attempts(r), QByteArray("a=500,b=error,c=429"));
    QVERIFY(r.errorMessage().contains(QStringLiteral("a=500,b=error,c=429")));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().attempts.size(), 3);
}

void TestProxyBalancing::streamServedByTheNextWhenTheFirstFailsBeforeAnyByte_data()
{
    QTest::addColumn<QString>("prefix");
    QTest::newRow("closed without answering") << QStringLiteral("/close");
    QTest::newRow("503") << QStringLiteral("/status/503");
    QTest::newRow("429") << QStringLiteral("/status/429");
    QTest::newRow("garbage") << QStringLiteral("/garbage");
    QTest::newRow("headers, then nothing") << QStringLiteral("/hang-after-headers");
    QTest::newRow("cut before the first event") << QStringLiteral("/cut/0");
    QTest::newRow("refused") << QString();
}

void TestProxyBalancing::streamServedByTheNextWhenTheFirstFailsBeforeAnyByte()
{
    QFETCH(QString, prefix);
    QJsonObject conf = strategy(k5xx);
    conf.insert(QStringLiteral("timeout"), 300);
    const QJsonObject first = prefix.isEmpty() ? deadInstance(QStringLiteral("a"), 1)
                                               : instance(*h, QStringLiteral("a"), 1, 1, prefix);
    QVERIFY(h->publish({multi({first, instance(*h, QStringLiteral("b"), 1, 0)}, conf)}));
    const HttpResponse r = ask(*h, chatBody(QStringLiteral("m"), true));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("b"));
    QVERIFY(r.header("Content-Type").startsWith("text/event-stream"));
    QVERIFY(attempts(r).endsWith(",b=200"));
    QVERIFY(r.body.startsWith("data: {"));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(!r.body.contains("event: error"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(!h->sink.last().interrupted);
    QCOMPARE(h->sink.last().attempts.size(), 2);
}

void TestProxyBalancing::cooldownOpensAfterFailures()
{
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(kStrict))}));
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::error(500));
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
        const HttpResponse r = ask(*h);
        QCOMPARE(attempts(r), QByteArray("a=500,b=200"));
    }
    const InstanceHealth::Status st = healthOf(*h, QStringLiteral("a"));
    QCOMPARE(st.state, InstanceHealth::State::CoolingDown);
    QCOMPARE(st.reason, InstanceHealth::Reason::Failing);
    QCOMPARE(st.cooldownLeftMs, qint64(1000));
    QCOMPARE(st.lastStatus, 500);
    // Cooling down: skipped outright (the route has rate_limiting), the whole cooldown long.
    for (int i = 0; i < 3; ++i) {
        const HttpResponse r = ask(*h);
        QCOMPARE(r.status, 200);
        QCOMPARE(attempts(r), QByteArray("b=200"));
        m_now += 333;
    }
    QCOMPARE(asked(*h, QStringLiteral("a")), 3);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::CoolingDown);
    m_now += 1;
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::HalfOpen);
}

void TestProxyBalancing::halfOpenProbeClosesIt()
{
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(kStrict))}));
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::error(503));
    for (int i = 0; i < 3; ++i)
        ask(*h);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).cooldownLeftMs, qint64(1000));

    // The cooldown is over: one request probes it, and it still fails: twice as long now.
    m_now += 1000;
    HttpResponse r = ask(*h);
    QCOMPARE(attempts(r), QByteArray("a=503,b=200"));
    QCOMPARE(healthOf(*h, QStringLiteral("a")).cooldownLeftMs, qint64(2000));
    m_now += 1999;
    QCOMPARE(attempts(ask(*h)), QByteArray("b=200"));

    // It recovers: the next probe closes the breaker and traffic returns to it.
    h->mock.clearBehaviors();
    m_now += 1;
    r = ask(*h);
    QCOMPARE(attempts(r), QByteArray("a=200"));
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
    QCOMPARE(attempts(ask(*h)), QByteArray("a=200"));
    // And the cooldown starts from the base length again.
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::error(503));
    for (int i = 0; i < 3; ++i)
        ask(*h);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).cooldownLeftMs, qint64(1000));
}

void TestProxyBalancing::retryAfterSetsTheCooldown_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<qint64>("cooldownMs");
    QTest::newRow("seconds") << QByteArray("Retry-After") << QByteArray("7") << qint64(7000);
    QTest::newRow("retry-after-ms")
        << QByteArray("retry-after-ms") << QByteArray("1500") << qint64(1500);
    QTest::newRow("http date") << QByteArray("Retry-After") << QByteArray("in 30 s")
                               << qint64(30000);
}

void TestProxyBalancing::retryAfterSetsTheCooldown()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, value);
    QFETCH(qint64, cooldownMs);
    if (value == "in 30 s") // an HTTP date, made now
        value = QDateTime::currentDateTimeUtc()
                    .addSecs(30)
                    .toString(u"ddd, dd MMM yyyy hh:mm:ss 'GMT'")
                    .toLatin1();
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(kStrict))}));
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::error(429).withHeader(header, value));
    // One 429 with Retry-After is enough (the threshold is 3).
    QCOMPARE(attempts(ask(*h)), QByteArray("a=429,b=200"));
    const InstanceHealth::Status st = healthOf(*h, QStringLiteral("a"));
    QCOMPARE(st.state, InstanceHealth::State::CoolingDown);
    QCOMPARE(st.reason, InstanceHealth::Reason::RateLimited);
    // A date has a second's resolution and the wall clock moved on since it was made.
    QVERIFY2(st.cooldownLeftMs <= cooldownMs && st.cooldownLeftMs > cooldownMs - 2000,
             qPrintable(QString::number(st.cooldownLeftMs)));
    m_now += st.cooldownLeftMs - 1;
    QCOMPARE(attempts(ask(*h)), QByteArray("b=200"));
    QCOMPARE(asked(*h, QStringLiteral("a")), 1);
    m_now += 1;
    QCOMPARE(attempts(ask(*h)), QByteArray("a=429,b=200")); // the probe
}

void TestProxyBalancing::coolingInstanceIsTheLastResort()
{
    // Without rate_limiting a cooling instance is not left out: it goes behind the others.
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(k5xx))}));
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::rateLimited(60));
    QCOMPARE(attempts(ask(*h)), QByteArray("a=429,b=200"));
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::CoolingDown);
    QCOMPARE(attempts(ask(*h)), QByteArray("b=200")); // healthy first
    // b fails too: the cooling instance is still better than nothing.
    h->mock.clearBehaviors();
    h->mock.setBehavior(QStringLiteral("/b/"), Behavior::error(500));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("b=500,a=200"));
    // Its answer closed the breaker.
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
}

void TestProxyBalancing::everyInstanceCoolingIs503WithRetryAfter()
{
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(kStrict))}));
    h->mock.setDefault(Behavior::rateLimited(7));
    HttpResponse r = ask(*h);
    QCOMPARE(r.status, 502);
    QCOMPARE(attempts(r), QByteArray("a=429,b=429"));
    m_now += 2000;
    r = ask(*h);
    QCOMPARE(r.status, 503);
    QCOMPARE(r.errorCode(), QStringLiteral("instances_cooling_down"));
    QCOMPARE(r.header("Retry-After"), QByteArray("5"));
    QCOMPARE(r.header("X-Gatehouse-Route"), kRouteId.toLatin1());
    QCOMPARE(h->mock.requestCount(), 2); // no provider was asked
}

void TestProxyBalancing::clientLeavingFreesTheProbe()
{
    QJsonObject conf = strategy(kStrict);
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               conf)}));
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::error(500));
    for (int i = 0; i < 3; ++i)
        ask(*h);
    m_now += 1000;
    // The probe request hangs and its client leaves before any answer.
    h->mock.setBehavior(QStringLiteral("/a/"), Behavior::hang());
    {
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(post(kPath, kChatBody));
        QTRY_COMPARE(asked(*h, QStringLiteral("a")), 4);
        QVERIFY(healthOf(*h, QStringLiteral("a")).probing);
    }
    QTRY_VERIFY(!healthOf(*h, QStringLiteral("a")).probing);
    // The next request probes instead (no need to wait for the probe lease).
    h->mock.clearBehaviors();
    QCOMPARE(attempts(ask(*h)), QByteArray("a=200"));
}

void TestProxyBalancing::activeCheckMarksUnhealthyAndCarriesAuth()
{
    const QJsonObject healthy{{QStringLiteral("interval"), 60}, {QStringLiteral("successes"), 1}};
    const QJsonObject unhealthy{{QStringLiteral("interval"), 60},
                                {QStringLiteral("http_failures"), 2}};
    const QJsonObject active{
        {QStringLiteral("http_path"), QStringLiteral("/health-a")},
        {QStringLiteral("timeout"), 0.5},
        {QStringLiteral("req_headers"), QJsonArray{QStringLiteral("X-Probe: yes")}},
        {QStringLiteral("healthy"), healthy},
        {QStringLiteral("unhealthy"), unhealthy}};
    QJsonObject a = instance(*h, QStringLiteral("a"), 1, 1);
    a.insert(QStringLiteral("checks"), QJsonObject{{QStringLiteral("active"), active}});
    h->mock.setBehavior(QStringLiteral("/health-a"), Behavior::error(500));
    // No fallback strategy: an unhealthy instance is still passed over (as on APISIX with checks).
    QVERIFY(h->publish({multi({a, instance(*h, QStringLiteral("b"), 1, 0)})}));
    ActiveHealthChecker *checker = h->proxy->healthChecker();
    QVERIFY(checker);
    QSignalSpy checked(checker, &ActiveHealthChecker::checked);
    // The first probe runs when the checker sees the route; the second on demand.
    QTRY_COMPARE(checked.size(), 1);
    QCOMPARE(checker->configuredCount(), 1);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
    checker->checkNow();
    QTRY_COMPARE(checked.size(), 2);
    InstanceHealth::Status st = healthOf(*h, QStringLiteral("a"));
    QCOMPARE(st.state, InstanceHealth::State::Unhealthy);
    QVERIFY(st.activeError.contains(QStringLiteral("500")));

    const MockRequest probe = h->mock.request(0);
    QCOMPARE(probe.method, QByteArray("GET"));
    QCOMPARE(probe.path, QByteArray("/health-a"));
    QCOMPARE(probe.header("Authorization"), QByteArray("Bearer key-a"));
    QCOMPARE(probe.header("X-Probe"), QByteArray("yes"));

    HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("b=200"));

    // Healthy again after `successes` good probes.
    h->mock.clearBehaviors();
    checker->checkNow();
    QTRY_COMPARE(checked.size(), 3);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
    QCOMPARE(attempts(ask(*h)), QByteArray("a=200"));

    // Removing the check from the route stops it; removing the route forgets the instance.
    QVERIFY(h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1)})}));
    QTRY_COMPARE(checker->configuredCount(), 0);
    QVERIFY(h->publish({}));
    QTRY_VERIFY(h->proxy->health().statuses().isEmpty());
}

void TestProxyBalancing::activeTcpCheck()
{
    auto tcpCheck = [](QJsonObject inst) {
        inst.insert(QStringLiteral("checks"),
                    QJsonObject{{QStringLiteral("active"),
                                 QJsonObject{{QStringLiteral("type"), QStringLiteral("tcp")},
                                             {QStringLiteral("unhealthy"),
                                              QJsonObject{{QStringLiteral("tcp_failures"), 1}}}}}});
        return inst;
    };
    QVERIFY(h->publish({multi({tcpCheck(instance(*h, QStringLiteral("a"), 1, 1)),
                               tcpCheck(deadInstance(QStringLiteral("b"), 0))})}));
    QTRY_VERIFY(healthOf(*h, QStringLiteral("b")).activeChecked);
    QTRY_VERIFY(healthOf(*h, QStringLiteral("a")).activeChecked);
    QCOMPARE(healthOf(*h, QStringLiteral("a")).state, InstanceHealth::State::Healthy);
    QCOMPARE(healthOf(*h, QStringLiteral("b")).state, InstanceHealth::State::Unhealthy);
    QCOMPARE(h->mock.requestCount(), 0); // a connect, not a request
}

void TestProxyBalancing::modelPreference_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QByteArray>("served");
    QTest::addColumn<QString>("upstreamModel");
    QTest::newRow("own model") << QStringLiteral("deepseek-chat") << QByteArray("b")
                               << QStringLiteral("deepseek-chat");
    QTest::newRow("alias") << QStringLiteral("ds") << QByteArray("b")
                           << QStringLiteral("deepseek-chat");
    QTest::newRow("alias prefix") << QStringLiteral("deepseek-reasoner") << QByteArray("b")
                                  << QStringLiteral("deepseek-chat");
    QTest::newRow("the top priority's model")
        << QStringLiteral("gpt-4o-mini") << QByteArray("a") << QStringLiteral("gpt-4o-mini");
    QTest::newRow("case is ignored")
        << QStringLiteral("GPT-4o-Mini") << QByteArray("a") << QStringLiteral("gpt-4o-mini");
    QTest::newRow("lowest priority")
        << QStringLiteral("claude-3") << QByteArray("c") << QStringLiteral("claude-3");
    QTest::newRow("no match: the usual order")
        << QStringLiteral("llama") << QByteArray("a") << QStringLiteral("gpt-4o-mini");
}

void TestProxyBalancing::modelPreference()
{
    QFETCH(QString, model);
    QFETCH(QByteArray, served);
    QFETCH(QString, upstreamModel);
    const QJsonObject labels{
        {QStringLiteral("gatehouse.route_by_model"), QStringLiteral("true")},
        {QStringLiteral("gatehouse.model_aliases.b"), QStringLiteral("ds,deepseek-*")}};
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 2, {}, QStringLiteral("gpt-4o-mini")),
                instance(*h, QStringLiteral("b"), 1, 1, {}, QStringLiteral("deepseek-chat")),
                instance(*h, QStringLiteral("c"), 1, 0, {}, QStringLiteral("claude-3"))},
               strategy(k5xx), labels)}));
    const HttpResponse r = ask(*h, chatBody(model));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Instance"), served);
    QCOMPARE(h->mock.lastRequest().json()[u"model"].toString(), upstreamModel);
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().clientModel, model);
}

void TestProxyBalancing::modelPreferenceFallsBackToOtherModels()
{
    const QJsonObject labels{{QStringLiteral("gatehouse.route_by_model"), QStringLiteral("true")}};
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 2, {}, QStringLiteral("gpt-4o-mini")),
                instance(*h, QStringLiteral("b"), 1, 1, QStringLiteral("/status/503"),
                         QStringLiteral("deepseek-chat")),
                instance(*h, QStringLiteral("c"), 1, 0, {}, QStringLiteral("claude-3"))},
               strategy(k5xx), labels)}));
    // The matching instance first, then the others in their usual order.
    const HttpResponse r = ask(*h, chatBody(QStringLiteral("deepseek-chat")));
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("b=503,a=200"));
}

void TestProxyBalancing::strictModelRouting()
{
    const QJsonObject labels{
        {QStringLiteral("gatehouse.route_by_model"), QStringLiteral("strict")}};
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 2, {}, QStringLiteral("gpt-4o-mini")),
                instance(*h, QStringLiteral("b"), 1, 1, QStringLiteral("/status/503"),
                         QStringLiteral("deepseek-chat"))},
               strategy(k5xx), labels)}));
    HttpResponse r = ask(*h, chatBody(QStringLiteral("llama")));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.errorCode(), QStringLiteral("model_not_found"));
    QVERIFY(r.errorMessage().contains(QStringLiteral("gpt-4o-mini, deepseek-chat")));
    QCOMPARE(h->mock.requestCount(), 0);
    // Only the instances serving the model are tried.
    r = ask(*h, chatBody(QStringLiteral("deepseek-chat")));
    QCOMPARE(r.status, 503);
    QCOMPARE(attempts(r), QByteArray("b=503"));
    QCOMPARE(attempts(ask(*h, chatBody(QStringLiteral("gpt-4o-mini")))), QByteArray("a=200"));
}

void TestProxyBalancing::chashOnHeaderIsSticky()
{
    QJsonObject conf = strategy(kStrict);
    conf.insert(QStringLiteral("balancer"),
                QJsonObject{{QStringLiteral("algorithm"), QStringLiteral("chash")},
                            {QStringLiteral("hash_on"), QStringLiteral("header")},
                            {QStringLiteral("key"), QStringLiteral("x-user")}});
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 0), instance(*h, QStringLiteral("b"), 1, 0),
                instance(*h, QStringLiteral("c"), 1, 0)},
               conf)}));
    QHash<int, QByteArray> home;
    QSet<QByteArray> used;
    for (int u = 0; u < 12; ++u) {
        const QByteArray header = "X-User: user-" + QByteArray::number(u) + "\r\n";
        for (int again = 0; again < 3; ++again) {
            const HttpResponse r = ask(*h, kChatBody, header);
            QCOMPARE(r.status, 200);
            if (again == 0)
                home[u] = r.header("X-Gatehouse-Instance");
            QCOMPARE(r.header("X-Gatehouse-Instance"), home[u]);
        }
        used << home[u];
    }
    QVERIFY(used.size() >= 2);

    // One instance cools down: only its users move, the others stay where they were.
    const QByteArray gone = home[0];
    h->mock.setBehavior(QLatin1Char('/') + QString::fromLatin1(gone) + QLatin1Char('/'),
                        Behavior::rateLimited(60));
    ask(*h, kChatBody, "X-User: user-0\r\n");
    QCOMPARE(h->proxy->health().status(kRouteId, QString::fromLatin1(gone)).state,
             InstanceHealth::State::CoolingDown);
    for (int u = 0; u < 12; ++u) {
        const QByteArray header = "X-User: user-" + QByteArray::number(u) + "\r\n";
        const HttpResponse r = ask(*h, kChatBody, header);
        QCOMPARE(r.status, 200);
        if (home[u] == gone)
            QVERIFY(r.header("X-Gatehouse-Instance") != gone);
        else
            QCOMPARE(r.header("X-Gatehouse-Instance"), home[u]);
    }
}

void TestProxyBalancing::staleConnectionRetryThenFallback()
{
    // The suspicion: after a stale pooled connection's transparent retry fails, the request
    // would not fall back. Both instances sit on the mock, so they share the worker's pool.
    QVERIFY(h->publish(
        {multi({instance(*h, QStringLiteral("a"), 1, 1), instance(*h, QStringLiteral("b"), 1, 0)},
               strategy(k5xx))}));
    RawClient c(h->port()); // one client connection: one worker, one pool
    QVERIFY(c.connected());
    HttpResponse r;
    c.send(post(kPath, kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(attempts(r), QByteArray("a=200")); // leaves a's connection idle in the pool

    // The pooled connection dies as the request arrives, and so does the fresh one.
    h->mock.enqueue(Behavior::closeImmediately(), QStringLiteral("/a/"));
    h->mock.enqueue(Behavior::closeImmediately(), QStringLiteral("/a/"));
    c.send(post(kPath, kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("a=error,b=200"));
    const QList<MockRequest> requests = h->mock.requests();
    QCOMPARE(requests.size(), 4);
    QCOMPARE(requests[1].connectionId, requests[0].connectionId); // the pooled connection
    QCOMPARE(requests[1].indexOnConnection, 1);
    QVERIFY(requests[2].connectionId != requests[0].connectionId); // the fresh retry
    QCOMPARE(requests[2].indexOnConnection, 0);
    QVERIFY(requests[3].pathWithoutQuery().startsWith("/b/"));

    // When the fresh connection answers, the retry is invisible: one attempt.
    c.send(post(kPath, kChatBody)); // a pooled connection again (b's, then reused for a)
    QVERIFY(c.read(&r));
    h->mock.enqueue(Behavior::closeImmediately(), QStringLiteral("/a/"));
    c.send(post(kPath, kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(attempts(r), QByteArray("a=200"));
}

void TestProxyBalancing::healthSnapshotAndSignal()
{
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/status/500")),
                           instance(*h, QStringLiteral("b"), 1, 0)},
                          strategy(k5xx))}));
    QSignalSpy changed(&h->proxy->health(), &InstanceHealth::changed);
    for (int i = 0; i < 3; ++i)
        ask(*h);
    QTRY_VERIFY(changed.size() >= 1); // on this (the main) thread
    const QJsonObject snap = h->proxy->health().snapshot();
    const QJsonArray list = snap[u"instances"].toArray();
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0][u"instance"].toString(), QStringLiteral("a"));
    QCOMPARE(list[0][u"state"].toString(), QStringLiteral("cooling_down"));
    QCOMPARE(list[0][u"success_rate"].toDouble(), 0.0);
    QCOMPARE(list[1][u"state"].toString(), QStringLiteral("healthy"));
    QCOMPARE(list[1][u"success_rate"].toDouble(), 1.0);
    QCOMPARE(list[1][u"attempts"].toInt(), 3);
}

void TestProxyBalancing::failoverCost()
{
    // The time from the failing upstream's answer to the next instance's request, as the mock
    // sees it (its answer is immediate), over warm keep-alive connections.
    QVERIFY(
        h->publish({multi({instance(*h, QStringLiteral("a"), 1, 1, QStringLiteral("/status/503")),
                           instance(*h, QStringLiteral("b"), 1, 0)},
                          strategy(k5xx))}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    std::vector<double> gapsUs;
    constexpr int kRounds = 200;
    int connections = 0;
    for (int i = 0; i < kRounds + 10; ++i) {
        if (i == 10)
            connections = h->mock.connectionsAccepted();
        h->proxy->health().clear(); // keep a from cooling down: every request fails over
        h->mock.clearRequests();
        HttpResponse r;
        c.send(post(kPath, kChatBody));
        QVERIFY(c.read(&r));
        QCOMPARE(attempts(r), QByteArray("a=503,b=200"));
        const QList<MockRequest> requests = h->mock.requests();
        QCOMPARE(requests.size(), 2);
        if (i >= 10) // warm-up
            gapsUs.push_back(double(requests[1].receivedAtNs - requests[0].receivedAtNs) / 1000.0);
    }
    std::sort(gapsUs.begin(), gapsUs.end());
    const double p50 = gapsUs[gapsUs.size() / 2];
    const double p90 = gapsUs[gapsUs.size() * 9 / 10];
    const double p99 = gapsUs[gapsUs.size() * 99 / 100];
    qInfo("failover cost (failing answer -> next instance's request), %d rounds: "
          "p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us; %d new upstream connections",
          kRounds, p50, p90, p99, gapsUs.back(), h->mock.connectionsAccepted() - connections);
    // The issue asks for at most 1 ms; asserted generously for a loaded machine.
    QVERIFY2(p50 < 20000, qPrintable(QString::number(p50)));
}

QTEST_GUILESS_MAIN(TestProxyBalancing)
