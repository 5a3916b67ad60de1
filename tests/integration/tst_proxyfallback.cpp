#include "tst_proxyfallback.h"

#include "Fixtures.h"
#include "ProxyHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

// Both providers point at the one mock; their paths tell them apart.
const QString kOpenAiPath = QStringLiteral("/v1/chat/completions");
const QString kDeepSeekPath = QStringLiteral("/chat/completions");

QJsonObject seedMulti()
{
    return fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
}

// The seed multi route with its plugin configuration changed by `edit`.
template <typename F> QJsonObject seedMultiWith(F edit)
{
    QJsonObject route = seedMulti();
    QJsonObject plugins = route.value(u"plugins").toObject();
    QJsonObject conf = plugins.value(u"ai-proxy-multi").toObject();
    edit(conf);
    plugins.insert(QStringLiteral("ai-proxy-multi"), conf);
    route.insert(QStringLiteral("plugins"), plugins);
    return route;
}

HttpResponse ask(ProxyHarness &h, const QByteArray &body = kChatBody)
{
    RawClient c(h.port());
    HttpResponse r;
    if (c.connected()) {
        c.send(post("/deepseek", body));
        c.read(&r);
    }
    return r;
}

} // namespace

TestProxyFallback::TestProxyFallback() = default;
TestProxyFallback::~TestProxyFallback() = default;

void TestProxyFallback::init()
{
    h = std::make_unique<ProxyHarness>();
    QVERIFY(h->start());
    QVERIFY(h->publish({seedMulti()}));
}

void TestProxyFallback::cleanup()
{
    h.reset();
}

void TestProxyFallback::fallbackOnStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("429") << 429;
    QTest::newRow("500") << 500;
    QTest::newRow("502") << 502;
    QTest::newRow("503") << 503;
    QTest::newRow("504") << 504;
}

void TestProxyFallback::fallbackOnStatus()
{
    QFETCH(int, status);
    h->mock.enqueue(Behavior::error(status), kOpenAiPath);
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-multi-route"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("deepseek-primary"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             "openai-fallback=" + QByteArray::number(status) + ",deepseek-primary=200");
    QCOMPARE(r.json()[u"model"].toString(), QStringLiteral("deepseek-chat"));

    // Each attempt is the client's request through that instance's own options and auth.
    const QList<MockRequest> requests = h->mock.requests();
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests[0].path, kOpenAiPath.toLatin1());
    QCOMPARE(requests[0].header("Authorization"), QByteArray("Bearer test-openai-key"));
    QCOMPARE(requests[0].json()[u"model"].toString(), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(requests[1].path, kDeepSeekPath.toLatin1());
    QCOMPARE(requests[1].header("Authorization"), QByteArray("Bearer test-deepseek-key"));
    QCOMPARE(requests[1].json()[u"model"].toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(requests[1].json()[u"messages"], requests[0].json()[u"messages"]);

    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.status, 200);
    QCOMPARE(rec.instance, QStringLiteral("deepseek-primary"));
    QCOMPARE(rec.provider, QStringLiteral("deepseek"));
    QCOMPARE(rec.upstreamModel, QStringLiteral("deepseek-chat"));
    QCOMPARE(rec.clientModel, QStringLiteral("client-model"));
    QCOMPARE(rec.attempts.size(), 2);
    QCOMPARE(rec.attempts[0].instance, QStringLiteral("openai-fallback"));
    QCOMPARE(rec.attempts[0].status, status);
    QCOMPARE(rec.attempts[1].instance, QStringLiteral("deepseek-primary"));
    QCOMPARE(rec.attempts[1].status, 200);
    QVERIFY(rec.attempts[0].durationMs >= 0);

    // The next request tries the higher priority again, and it answers.
    const HttpResponse again = ask(*h);
    QCOMPARE(again.status, 200);
    QCOMPARE(again.header("X-Gatehouse-Attempts"), QByteArray("openai-fallback=200"));
}

void TestProxyFallback::fallbackOnRefusedConnection()
{
    h->settings.providerEndpoints.insert(
        QStringLiteral("openai"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort())));
    QVERIFY(h->start());
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("deepseek-primary"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("openai-fallback=error,deepseek-primary=200"));
    QCOMPARE(h->mock.requestCount(), 1);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.attempts.size(), 2);
    QCOMPARE(rec.attempts[0].status, 0);
    QVERIFY2(rec.attempts[0].error.contains(QStringLiteral("refused"), Qt::CaseInsensitive),
             qPrintable(rec.attempts[0].error));
}

void TestProxyFallback::fallbackServesAStream()
{
    h->mock.enqueue(Behavior::error(503), kOpenAiPath);
    const HttpResponse r = ask(*h, kStreamBody);
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("openai-fallback=503,deepseek-primary=200"));
    QCOMPARE(sseObjects(r.body).first()[u"model"].toString(), QStringLiteral("deepseek-chat"));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(!r.body.contains("event: error"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(!h->sink.last().interrupted);
    QVERIFY(h->sink.last().usage.present);
}

void TestProxyFallback::unauthorizedPassedThrough()
{
    h->mock.enqueue(Behavior::error(401, QStringLiteral("Incorrect API key provided")),
                    kOpenAiPath);
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("openai-fallback"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("openai-fallback=401"));
    QCOMPARE(r.json()[u"error"][u"message"].toString(),
             QStringLiteral("Incorrect API key provided"));
    QCOMPARE(h->mock.requestCount(), 1);
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, 401);
}

void TestProxyFallback::unauthorizedFallsBackWhenListed()
{
    QVERIFY(h->publish({seedMultiWith([](QJsonObject &conf) {
        conf.insert(QStringLiteral("fallback_http_statuses"), QJsonArray{401, 402});
    })}));
    h->mock.enqueue(Behavior::error(401), kOpenAiPath);
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("openai-fallback=401,deepseek-primary=200"));
    QCOMPARE(h->mock.requestCount(), 2);
}

void TestProxyFallback::noStrategyNoFallback()
{
    QVERIFY(h->publish({seedMultiWith(
        [](QJsonObject &conf) { conf.remove(QStringLiteral("fallback_strategy")); })}));
    for (const int status : {429, 503}) {
        h->mock.clearRequests();
        h->mock.enqueue(Behavior::error(status).withHeader("Retry-After", "9"), kOpenAiPath);
        const HttpResponse r = ask(*h);
        // The upstream's answer as is: status, body, content type, headers.
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Retry-After"), QByteArray("9"));
        QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
        QVERIFY(r.json()[u"error"].isObject());
        QCOMPARE(r.header("X-Gatehouse-Attempts"), "openai-fallback=" + QByteArray::number(status));
        QCOMPARE(h->mock.requests().size(), 1);
    }
}

void TestProxyFallback::noStrategyRefusedIsNotRetried()
{
    h->settings.providerEndpoints.insert(
        QStringLiteral("openai"), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort())));
    QVERIFY(h->start());
    QVERIFY(h->publish({seedMultiWith(
        [](QJsonObject &conf) { conf.remove(QStringLiteral("fallback_strategy")); })}));
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("upstream_unreachable"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("openai-fallback=error"));
    QCOMPARE(h->mock.requestCount(), 0);
}

void TestProxyFallback::allInstancesFailed()
{
    h->mock.enqueue(Behavior::error(503), kOpenAiPath);
    h->mock.enqueue(Behavior::error(429), kDeepSeekPath);
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("all_instances_failed"));
    QCOMPARE(r.json()[u"error"][u"type"].toString(), QStringLiteral("gateway_error"));
    QVERIFY2(r.errorMessage().contains(QStringLiteral("openai-fallback=503,deepseek-primary=429")),
             qPrintable(r.errorMessage()));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("openai-fallback=503,deepseek-primary=429"));
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-multi-route"));
    QCOMPARE(h->mock.requestCount(), 2);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.status, 502);
    QCOMPARE(rec.errorCode, QByteArray("all_instances_failed"));
    QCOMPARE(rec.attempts.size(), 2);
    // A good request afterwards works.
    QCOMPARE(ask(*h).status, 200);
}

void TestProxyFallback::allInstancesRefused()
{
    const QUrl dead(QStringLiteral("http://127.0.0.1:%1").arg(unusedPort()));
    h->settings.providerEndpoints.insert(QStringLiteral("openai"), dead);
    h->settings.providerEndpoints.insert(QStringLiteral("deepseek"), dead);
    QVERIFY(h->start());
    const HttpResponse r = ask(*h);
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("all_instances_failed"));
    QVERIFY(
        r.errorMessage().contains(QStringLiteral("openai-fallback=error,deepseek-primary=error")));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("openai-fallback=error,deepseek-primary=error"));
}

void TestProxyFallback::streamBrokenAfterFirstByteDoesNotFallBack()
{
    h->mock.enqueue(Behavior::cutStream(2), kOpenAiPath);
    const HttpResponse r = ask(*h, kStreamBody);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("openai-fallback"));
    QVERIFY(r.body.startsWith("data: {"));
    QVERIFY(r.body.contains("event: error\ndata: {\"error\":"));
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(h->mock.requestCount(), 1); // deepseek-primary was never asked
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.interrupted);
    QCOMPARE(rec.instance, QStringLiteral("openai-fallback"));
    QCOMPARE(rec.attempts.size(), 1);
    QCOMPARE(rec.errorCode, QByteArray("stream_interrupted"));
}

QTEST_GUILESS_MAIN(TestProxyFallback)
