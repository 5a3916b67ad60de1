#include "tst_proxyrequests.h"

#include "Fixtures.h"
#include "ProxyHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QUrlQuery>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

// The seed guide's validation request, byte for byte as its curl sends the body.
const QByteArray kSeedBody = QByteArrayLiteral(
    R"({"messages": [{ "role": "user", "content": "What is the Fibonacci sequence?" }]})");

int headerCount(const MockRequest &r, QByteArrayView name)
{
    int n = 0;
    for (const auto &h : r.headers)
        n += name.compare(h.first, Qt::CaseInsensitive) == 0 ? 1 : 0;
    return n;
}

// Sets plugins.ai-proxy.override.endpoint.
QJsonObject withEndpoint(QJsonObject route, const QString &endpoint)
{
    QJsonObject plugins = route.value(u"plugins").toObject();
    QJsonObject conf = plugins.value(u"ai-proxy").toObject();
    QJsonObject override_ = conf.value(u"override").toObject();
    override_.insert(QStringLiteral("endpoint"), endpoint);
    conf.insert(QStringLiteral("override"), override_);
    plugins.insert(QStringLiteral("ai-proxy"), conf);
    route.insert(QStringLiteral("plugins"), plugins);
    return route;
}

// A good request on `c` through the seed route (published by the test).
bool good(RawClient &c)
{
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    return c.read(&r) && r.status == 200;
}

// One request over a fresh connection; the record that goes with it.
HttpResponse roundTrip(ProxyHarness &h, const QByteArray &request)
{
    RawClient c(h.port());
    if (!c.connected())
        return {};
    c.send(request);
    HttpResponse r;
    c.read(&r);
    return r;
}

} // namespace

TestProxyRequests::TestProxyRequests() = default;
TestProxyRequests::~TestProxyRequests() = default;

void TestProxyRequests::init()
{
    h = std::make_unique<ProxyHarness>();
    QVERIFY(h->start());
}

void TestProxyRequests::cleanup()
{
    h.reset();
}

void TestProxyRequests::seedRouteRequestAndResponse()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));

    // As the seed guide's validation step sends it (with -i to see the head).
    const CurlResult curl =
        runCurl({QStringLiteral("-i"), h->url(QStringLiteral("/deepseek")), QStringLiteral("-X"),
                 QStringLiteral("POST"), QStringLiteral("-H"),
                 QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                 QString::fromUtf8(kSeedBody)});
    QCOMPARE(curl.exitCode, 0);
    const HttpResponse r = parseCurlInclude(curl.out);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-route"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("ai-proxy-deepseek"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("ai-proxy-deepseek=200"));
    QVERIFY(r.header("Content-Type").startsWith("application/json"));

    // The documented response shape.
    const QJsonObject body = r.json();
    QCOMPARE(body.value(u"object").toString(), QStringLiteral("chat.completion"));
    QVERIFY(body.value(u"id").toString().startsWith(QStringLiteral("chatcmpl-")));
    QCOMPARE(body.value(u"model").toString(), QStringLiteral("deepseek-chat"));
    const QJsonObject choice = body.value(u"choices").toArray().first().toObject();
    QCOMPARE(choice.value(u"index").toInt(), 0);
    QCOMPARE(choice.value(u"finish_reason").toString(), QStringLiteral("stop"));
    QCOMPARE(choice.value(u"message").toObject().value(u"role").toString(),
             QStringLiteral("assistant"));
    QVERIFY(!choice.value(u"message").toObject().value(u"content").toString().isEmpty());
    const QJsonObject usage = body.value(u"usage").toObject();
    QCOMPARE(usage.value(u"prompt_tokens").toInt(), 11);
    QVERIFY(usage.value(u"completion_tokens").toInt() > 0);
    QCOMPARE(usage.value(u"total_tokens").toInt(), 11 + usage.value(u"completion_tokens").toInt());

    // What the provider received.
    QCOMPARE(h->mock.requestCount(), 1);
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.method, QByteArray("POST"));
    QCOMPARE(up.path, QByteArray("/chat/completions")); // DeepSeek's path: no /v1
    QCOMPARE(up.header("Host"), QByteArray("127.0.0.1:") + QByteArray::number(h->mock.port()));
    QCOMPARE(up.header("Authorization"), QByteArray("Bearer test-deepseek-key"));
    QCOMPARE(up.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(up.header("Accept-Encoding"), QByteArray("identity"));
    QCOMPARE(up.header("Content-Length").toLongLong(), up.body.size());
    const QJsonObject sent = up.json();
    QCOMPARE(sent.value(u"model").toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(sent.value(u"messages"),
             QJsonDocument::fromJson(kSeedBody).object().value(u"messages"));

    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.routeId, QStringLiteral("deepseek-route"));
    QCOMPARE(rec.instance, QStringLiteral("ai-proxy-deepseek"));
    QCOMPARE(rec.provider, QStringLiteral("deepseek"));
    QCOMPARE(rec.method, QStringLiteral("POST"));
    QCOMPARE(rec.path, QStringLiteral("/deepseek"));
    QCOMPARE(rec.status, 200);
    QVERIFY(!rec.stream);
    QVERIFY(!rec.interrupted);
    QCOMPARE(rec.clientModel, QString()); // the client named no model
    QCOMPARE(rec.upstreamModel, QStringLiteral("deepseek-chat"));
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 11);
    QCOMPARE(rec.usage.completionTokens, qint64(usage.value(u"completion_tokens").toInt()));
    QCOMPARE(rec.attemptTrail(), QStringLiteral("ai-proxy-deepseek=200"));
    QCOMPARE(rec.requestBytes, qint64(kSeedBody.size()));
    QVERIFY(rec.responseBytes > 0);
    QVERIFY(rec.latencyMs > 0);
    QVERIFY(rec.ttftMs >= 0);
    QVERIFY(rec.errorCode.isEmpty());
}

void TestProxyRequests::seedMultiRouteRequestAndResponse()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kSeedBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    // APISIX semantics: the higher priority (openai-fallback, 2) is tried first.
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-multi-route"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("openai-fallback"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("openai-fallback=200"));
    QCOMPARE(r.json().value(u"model").toString(), QStringLiteral("gpt-4o-mini"));

    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.path, QByteArray("/v1/chat/completions")); // OpenAI's path
    QCOMPARE(up.header("Authorization"), QByteArray("Bearer test-openai-key"));
    QCOMPARE(up.json().value(u"model").toString(), QStringLiteral("gpt-4o-mini"));

    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.routeId, QStringLiteral("deepseek-multi-route"));
    QCOMPARE(rec.instance, QStringLiteral("openai-fallback"));
    QCOMPARE(rec.provider, QStringLiteral("openai"));
    QCOMPARE(rec.upstreamModel, QStringLiteral("gpt-4o-mini"));
    QCOMPARE(rec.attempts.size(), 1);
    QCOMPARE(rec.attempts.first().status, 200);

    // The same connection carries on (keep-alive on the client side).
    c.send(post("/deepseek", kSeedBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QTRY_COMPARE(h->sink.count(), 2);
}

void TestProxyRequests::clientCredentialsNeverReachTheProvider()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    const QByteArray extra = "Authorization: Bearer client-own-key\r\n"
                             "Cookie: session=abc\r\n"
                             "x-api-key: client-x-api-key\r\n"
                             "api-key: client-api-key\r\n"
                             "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                             "X-Custom-Thing: not for the provider\r\n"
                             "Accept-Encoding: gzip, br\r\n"
                             "User-Agent: OpenAI/Python 1.50.0\r\n"
                             "OpenAI-Beta: assistants=v2\r\n";
    const HttpResponse r = roundTrip(*h, post("/deepseek", kChatBody, extra));
    QCOMPARE(r.status, 200);
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(headerCount(up, "authorization"), 1);
    QCOMPARE(up.header("Authorization"), QByteArray("Bearer test-deepseek-key"));
    QVERIFY(!up.hasHeader("cookie"));
    QVERIFY(!up.hasHeader("x-api-key"));
    QVERIFY(!up.hasHeader("api-key"));
    QVERIFY(!up.hasHeader("proxy-authorization"));
    QVERIFY(!up.hasHeader("x-custom-thing"));
    QCOMPARE(headerCount(up, "accept-encoding"), 1);
    QCOMPARE(up.header("Accept-Encoding"), QByteArray("identity"));
    // What a provider needs from the client's head is allowed through.
    QCOMPARE(up.header("User-Agent"), QByteArray("OpenAI/Python 1.50.0"));
    QCOMPARE(up.header("OpenAI-Beta"), QByteArray("assistants=v2"));
    // Nothing secret in the record's log line either.
    QTRY_COMPARE(h->sink.count(), 1);
    const QString line = h->sink.last().logLine();
    QVERIFY(!line.contains(QStringLiteral("test-deepseek-key")));
    QVERIFY(!line.contains(QStringLiteral("client-own-key")));
}

void TestProxyRequests::modelOverrideKeepsClientModelInRecord()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    const HttpResponse r = roundTrip(*h, post("/deepseek", kChatBody)); // model client-model
    QCOMPARE(r.status, 200);
    const QJsonObject sent = h->mock.lastRequest().json();
    QCOMPARE(sent.value(u"model").toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(sent.value(u"messages"),
             QJsonDocument::fromJson(kChatBody).object().value(u"messages"));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().clientModel, QStringLiteral("client-model"));
    QCOMPARE(h->sink.last().upstreamModel, QStringLiteral("deepseek-chat"));

    // Every option is written over the body, not only the model.
    QVERIFY(h->publish({routeJson(R"({"id": "opts", "paths": ["/opts"],
        "plugins": {"ai-proxy": {"provider": "deepseek",
            "auth": {"header": {"Authorization": "Bearer k"}},
            "options": {"model": "deepseek-reasoner", "temperature": 0.25, "top_p": 0.5}}}})")}));
    const QByteArray body =
        R"({"model":"mine","temperature":1.5,"messages":[{"role":"user","content":"x"}]})";
    QCOMPARE(roundTrip(*h, post("/opts", body)).status, 200);
    const QJsonObject sent2 = h->mock.lastRequest().json();
    QCOMPARE(sent2.value(u"model").toString(), QStringLiteral("deepseek-reasoner"));
    QCOMPARE(sent2.value(u"temperature").toDouble(), 0.25);
    QCOMPARE(sent2.value(u"top_p").toDouble(), 0.5);
    QTRY_COMPARE(h->sink.count(), 2);
    QCOMPARE(h->sink.last().clientModel, QStringLiteral("mine"));
    QCOMPARE(h->sink.last().upstreamModel, QStringLiteral("deepseek-reasoner"));
}

void TestProxyRequests::unchangedBodyIsSentAsIs()
{
    // No options: nothing to change, so the client's bytes go out untouched (spacing, key order).
    QVERIFY(h->publish({routeJson(R"({"id": "plain", "paths": ["/plain"],
        "plugins": {"ai-proxy": {"provider": "deepseek",
            "auth": {"header": {"Authorization": "Bearer k"}}}}})")}));
    const QByteArray body = "{ \"messages\" : [ {\"role\":\"user\", \"content\":\"hi \\u00e9\"} ],"
                            "\n  \"model\": \"deepseek-chat\", \"zz\": 1, \"aa\": 2 }";
    QCOMPARE(roundTrip(*h, post("/plain", body)).status, 200);
    QCOMPARE(h->mock.lastRequest().body, body);
}

void TestProxyRequests::authByQuery()
{
    QVERIFY(h->publish({routeJson(R"({"id": "gem", "paths": ["/gem"],
        "plugins": {"ai-proxy": {"provider": "gemini",
            "auth": {"query": {"key": "query-secret"}},
            "options": {"model": "gemini-2.5-flash"}}}})")}));
    // The client's own query never reaches the provider.
    const HttpResponse r = roundTrip(*h, post("/gem?key=client-key&debug=1", kChatBody));
    QCOMPARE(r.status, 200);
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.pathWithoutQuery(), QByteArray("/v1beta/openai/chat/completions"));
    QCOMPARE(up.query(), QByteArray("key=query-secret"));
    QVERIFY(!up.hasHeader("authorization"));

    // Header and query together, and a value that needs escaping.
    QJsonObject route = routeJson(R"({"id": "both", "paths": ["/both"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"query": {"api_key": "a b&c=d"},
                     "header": {"X-Api-Token": "header-secret"}}}}})");
    route = withEndpoint(route, QString(h->mock.baseUrl()));
    QVERIFY(h->publish({route}));
    QCOMPARE(roundTrip(*h, post("/both", kChatBody)).status, 200);
    const MockRequest up2 = h->mock.lastRequest();
    QCOMPARE(up2.pathWithoutQuery(), QByteArray("/v1/chat/completions"));
    QCOMPARE(QUrlQuery(QString::fromUtf8(up2.query()))
                 .queryItemValue(QStringLiteral("api_key"), QUrl::FullyDecoded),
             QStringLiteral("a b&c=d"));
    QCOMPARE(up2.header("X-Api-Token"), QByteArray("header-secret"));
}

void TestProxyRequests::endpointOverrideWithPath()
{
    QJsonObject route = routeJson(R"({"id": "ep", "paths": ["/ep"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer ep-key"}},
            "options": {"model": "local-llama"}}}})");
    route = withEndpoint(route,
                         QString(h->mock.baseUrl() + QStringLiteral("/custom/v9/generate?tier=2")));
    QVERIFY(h->publish({route}));
    QCOMPARE(roundTrip(*h, post("/ep", kChatBody)).status, 200);
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.pathWithoutQuery(), QByteArray("/custom/v9/generate")); // used as is
    QCOMPARE(up.query(), QByteArray("tier=2"));
    QCOMPARE(up.header("Authorization"), QByteArray("Bearer ep-key"));
    QCOMPARE(up.json().value(u"model").toString(), QStringLiteral("local-llama"));
}

void TestProxyRequests::endpointOverrideWithoutPath()
{
    for (const QString &provider :
         {QStringLiteral("openai-compatible"), QStringLiteral("deepseek")}) {
        QJsonObject conf{
            {QStringLiteral("provider"), provider},
            {QStringLiteral("auth"),
             QJsonObject{{QStringLiteral("header"), QJsonObject{{QStringLiteral("Authorization"),
                                                                 QStringLiteral("Bearer k")}}}}},
            {QStringLiteral("override"),
             QJsonObject{{QStringLiteral("endpoint"), h->mock.baseUrl()}}}};
        const QJsonObject route{
            {QStringLiteral("id"), QStringLiteral("ep")},
            {QStringLiteral("paths"), QJsonArray{QStringLiteral("/ep")}},
            {QStringLiteral("plugins"), QJsonObject{{QStringLiteral("ai-proxy"), conf}}}};
        QVERIFY(h->publish({route}));
        QCOMPARE(roundTrip(*h, post("/ep", kChatBody)).status, 200);
        // Scheme and host only: the provider's own path is kept.
        QCOMPARE(h->mock.lastRequest().path, provider == QLatin1String("deepseek")
                                                 ? QByteArray("/chat/completions")
                                                 : QByteArray("/v1/chat/completions"));
    }
}

void TestProxyRequests::endpointOverrideBeatsProviderEndpoint()
{
    MockProvider other;
    QVERIFY(other.listen());
    QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
    route = withEndpoint(route, QString(other.baseUrl()));
    QVERIFY(h->publish({route}));
    QCOMPARE(roundTrip(*h, post("/deepseek", kChatBody)).status, 200);
    QCOMPARE(other.requestCount(), 1);
    QCOMPARE(h->mock.requestCount(), 0);
    QCOMPARE(other.lastRequest().path, QByteArray("/chat/completions"));
}

void TestProxyRequests::openAiMaxTokensBecomesMaxCompletionTokens()
{
    QVERIFY(h->publish({routeJson(R"({"id": "oa", "paths": ["/oa"],
        "plugins": {"ai-proxy": {"provider": "openai",
            "auth": {"header": {"Authorization": "Bearer oa"}}}}})")}));
    const QByteArray body =
        R"({"model":"gpt-4o","max_tokens":50,"messages":[{"role":"user","content":"x"}]})";
    QCOMPARE(roundTrip(*h, post("/oa", body)).status, 200);
    QJsonObject sent = h->mock.lastRequest().json();
    QCOMPARE(sent.value(u"max_completion_tokens").toInt(), 50);
    QVERIFY(!sent.contains(u"max_tokens"));
    QCOMPARE(sent.value(u"model").toString(), QStringLiteral("gpt-4o"));

    // A client that already speaks the new field keeps it.
    const QByteArray body2 =
        R"({"model":"gpt-4o","max_completion_tokens":70,"messages":[{"role":"user","content":"x"}]})";
    QCOMPARE(roundTrip(*h, post("/oa", body2)).status, 200);
    sent = h->mock.lastRequest().json();
    QCOMPARE(sent.value(u"max_completion_tokens").toInt(), 70);
    QVERIFY(!sent.contains(u"max_tokens"));

    // DeepSeek keeps max_tokens.
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    QCOMPARE(roundTrip(*h, post("/deepseek", body)).status, 200);
    sent = h->mock.lastRequest().json();
    QCOMPARE(sent.value(u"max_tokens").toInt(), 50);
    QVERIFY(!sent.contains(u"max_completion_tokens"));
}

void TestProxyRequests::llmOptionsMaxTokensIsForced_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("absent");
    QTest::newRow("openai") << "openai"
                            << "max_completion_tokens"
                            << "max_tokens";
    QTest::newRow("deepseek") << "deepseek"
                              << "max_tokens"
                              << "max_completion_tokens";
}

void TestProxyRequests::llmOptionsMaxTokensIsForced()
{
    QFETCH(QString, provider);
    QFETCH(QString, field);
    QFETCH(QString, absent);
    QJsonObject route = routeJson(R"({"id": "cap", "paths": ["/cap"],
        "plugins": {"ai-proxy": {"provider": "openai",
            "auth": {"header": {"Authorization": "Bearer k"}},
            "override": {"llm_options": {"max_tokens": 100}}}}})");
    QJsonObject conf = route[u"plugins"].toObject()[u"ai-proxy"].toObject();
    conf.insert(QStringLiteral("provider"), provider);
    route.insert(QStringLiteral("plugins"), QJsonObject{{QStringLiteral("ai-proxy"), conf}});
    QVERIFY(h->publish({route}));
    // Whatever the client asks for, the route's cap is what the provider sees.
    for (const QByteArray &body :
         {QByteArray(R"({"max_tokens":5000,"messages":[{"role":"user","content":"x"}]})"),
          QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")}) {
        QCOMPARE(roundTrip(*h, post("/cap", body)).status, 200);
        const QJsonObject sent = h->mock.lastRequest().json();
        QCOMPARE(sent.value(field).toInt(), 100);
        QVERIFY2(!sent.contains(absent), h->mock.lastRequest().body.constData());
    }
}

void TestProxyRequests::azureDropsModel()
{
    QJsonObject route = routeJson(R"({"id": "az", "paths": ["/az"],
        "plugins": {"ai-proxy": {"provider": "azure-openai",
            "auth": {"header": {"api-key": "azure-secret"}},
            "options": {"model": "gpt-4o"}}}})");
    route =
        withEndpoint(route, QString(h->mock.baseUrl() +
                                    QStringLiteral("/openai/deployments/prod-4o/chat/completions"
                                                   "?api-version=2024-10-21")));
    QVERIFY(h->publish({route}));
    const HttpResponse r = roundTrip(*h, post("/az", kChatBody, "api-key: client-azure-key\r\n"));
    QCOMPARE(r.status, 200);
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.pathWithoutQuery(), QByteArray("/openai/deployments/prod-4o/chat/completions"));
    QCOMPARE(up.query(), QByteArray("api-version=2024-10-21"));
    QCOMPARE(headerCount(up, "api-key"), 1);
    QCOMPARE(up.header("api-key"), QByteArray("azure-secret"));
    QVERIFY(!up.hasHeader("authorization"));
    const QJsonObject sent = up.json();
    QVERIFY(!sent.contains(u"model")); // the deployment in the URL is the model
    QVERIFY(sent.contains(u"messages"));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().clientModel, QStringLiteral("client-model"));
    // What the provider says answered (the mock names its default model when none is sent).
    QCOMPARE(h->sink.last().upstreamModel, r.json().value(u"model").toString());
}

void TestProxyRequests::upstreamErrorsPassThrough_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("401 wrong key") << 401;
    QTest::newRow("400") << 400;
    QTest::newRow("429 single instance") << 429;
    QTest::newRow("503 single instance") << 503;
}

void TestProxyRequests::upstreamErrorsPassThrough()
{
    QFETCH(int, status);
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    h->mock.enqueue(Behavior::error(status, QStringLiteral("the provider says no"))
                        .withHeader("Retry-After", "7"));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    // The provider's status, body and content type, as is (a single instance is never retried).
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.header("Retry-After"), QByteArray("7"));
    QCOMPARE(r.json().value(u"error").toObject().value(u"message").toString(),
             QStringLiteral("the provider says no"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("ai-proxy-deepseek"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"),
             QByteArray("ai-proxy-deepseek=") + QByteArray::number(status));
    QCOMPARE(h->mock.requestCount(), 1);
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, status);
    // The next request on the same connection is fine.
    c.send(post("/deepseek", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
}

void TestProxyRequests::chunkedUpstreamAnswer()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    Behavior b = Behavior::json(QStringLiteral("chunked body from upstream"));
    b.chunked = true;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.chunked);
    const QJsonObject body = r.json();
    QCOMPARE(body[u"choices"].toArray().first()[u"message"][u"content"].toString(),
             QStringLiteral("chunked body from upstream"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().usage.present);
    QCOMPARE(h->sink.last().usage.promptTokens, 11);
    // And the client connection carries on.
    c.send(post("/deepseek", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.hasContentLength);
}

void TestProxyRequests::upstreamBodyDelimitedByClose()
{
    ScriptedUpstream up;
    QVERIFY(h->publish({withEndpoint(routeJson(R"({"id": "s", "paths": ["/s"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer s"}}}}})"),
                                     up.baseUrl())}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/s", kChatBody));
    QVERIFY(up.waitForRequest());
    const QByteArray body =
        R"({"id":"x","object":"chat.completion","model":"m","choices":[],)"
        R"("usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}})";
    // HTTP/1.0 style: no length, no chunks, the close ends the body.
    up.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" +
             body.left(20));
    QVERIFY(c.waitFor("HTTP/1.1 200"));
    up.write(body.mid(20));
    up.closeConnection();
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, body);
    QVERIFY(r.chunked); // re-framed for a keep-alive client
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().usage.totalTokens, 7);
    QVERIFY(c.isOpen());
}

void TestProxyRequests::upstreamConnectionCloseIsNotForwarded()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    Behavior b = Behavior::json();
    b.connectionClose = true;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.hasHeader("Connection")); // the provider's hop-by-hop header stays there
    QVERIFY(c.isOpen());
    c.send(post("/deepseek", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(h->mock.connectionsAccepted(), 2); // the closed one was not reused
}

void TestProxyRequests::largeJsonAnswer()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    QString big;
    for (int i = 0; i < 200000; ++i)
        big += QStringLiteral("w%1 ").arg(i % 10);
    h->mock.enqueue(Behavior::json(big));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r, 30000));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.size() > 600000);
    QCOMPARE(r.json()[u"choices"][0][u"message"][u"content"].toString(), big);
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().usage.present);
    QCOMPARE(h->sink.last().responseBytes, r.body.size());
}

void TestProxyRequests::jsonAnswerOverMaxResponseBytes()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json")),
                        routeJson(R"({"id": "capped", "paths": ["/capped"],
        "plugins": {"ai-proxy": {"provider": "deepseek", "max_response_bytes": 1500,
            "auth": {"header": {"Authorization": "Bearer k"}}}}})")}));
    const QString text(2000, QLatin1Char('x')); // a body of about 2.4 kB

    // Its Content-Length says it is too large: a clean answer, nothing of it relayed.
    h->mock.enqueue(Behavior::json(text));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/capped", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("response_too_large"));
    QVERIFY(!r.body.contains("xxxx"));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().errorCode, QByteArray("response_too_large"));
    QVERIFY(good(c));

    // Chunked: the first half goes out, the second would pass the limit: the body is cut.
    Behavior chunked = Behavior::json(text);
    chunked.chunked = true;
    h->mock.enqueue(chunked);
    c.send(post("/capped", kChatBody));
    QVERIFY(!c.read(&r));
    QVERIFY(c.waitDisconnected());
    QVERIFY(c.buffer.size() < 2000);
    QTRY_COMPARE(h->sink.count(), 3);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.interrupted);
    QCOMPARE(rec.errorCode, QByteArray("response_too_large"));
}

void TestProxyRequests::jsonBodyCutMidway()
{
    ScriptedUpstream up;
    QVERIFY(h->publish({withEndpoint(routeJson(R"({"id": "s", "paths": ["/s"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer s"}}}}})"),
                                     up.baseUrl())}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/s", kChatBody));
    QVERIFY(up.waitForRequest());
    up.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
             "{\"id\":\"x\",\"object\":");
    QVERIFY(c.waitFor("{\"id\":\"x\""));
    up.closeConnection();
    // The head promised 100 bytes: the client sees the connection cut short.
    QVERIFY(c.waitDisconnected());
    HttpResponse r;
    QVERIFY(!c.read(&r));
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.interrupted);
    QCOMPARE(rec.errorCode, QByteArray("stream_interrupted"));
    QCOMPARE(rec.status, 200);
}

void TestProxyRequests::unresolvedSecretIsNotSentWithoutKey()
{
    QVERIFY(h->publish({routeJson(R"({"id": "nokey", "paths": ["/nokey"],
        "plugins": {"ai-proxy": {"provider": "deepseek",
            "auth": {"header": {"Authorization": "$env://GATEHOUSE_TEST_SURELY_UNSET"}}}}})")}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/nokey", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 503);
    QCOMPARE(r.errorCode(), QStringLiteral("secret_unavailable"));
    QCOMPARE(h->mock.requestCount(), 0);
}

void TestProxyRequests::reloadKeepsRequestsInFlight()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    h->mock.enqueue(Behavior::sse(6, 100));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    QVERIFY(c.waitFor("data: {"));
    // A new snapshot without the route while its stream runs: the stream finishes as it began.
    QVERIFY(h->publish({}));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    // The next request sees the new table.
    c.send(post("/deepseek", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 404);
}

void TestProxyRequests::modelsList()
{
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))}));
    for (const char *path : {"/v1/models", "/models"}) {
        const CurlResult curl = runCurl({h->url(QString::fromLatin1(path))});
        QCOMPARE(curl.exitCode, 0);
        const QJsonObject list = QJsonDocument::fromJson(curl.out).object();
        QCOMPARE(list.value(u"object").toString(), QStringLiteral("list"));
        QStringList ids;
        for (const QJsonValue &m : list.value(u"data").toArray()) {
            QCOMPARE(m[u"object"].toString(), QStringLiteral("model"));
            QVERIFY(!m[u"owned_by"].toString().isEmpty());
            ids << m[u"id"].toString();
        }
        ids.sort();
        QCOMPARE(ids,
                 (QStringList{QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o-mini")}));
    }
    QCOMPARE(h->mock.requestCount(), 0); // answered by the gateway itself
}

void TestProxyRequests::upstreamKeepAliveReuse()
{
    h->settings.workerThreads = 1; // one worker: one pool
    QVERIFY(h->start());
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    for (int i = 0; i < 10; ++i) {
        c.send(post("/deepseek", i % 2 ? kStreamBody : kChatBody));
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
    }
    // New client connections share the worker's pool too.
    for (int i = 0; i < 10; ++i) {
        const CurlResult curl = runCurl({h->url(QStringLiteral("/deepseek")), QStringLiteral("-d"),
                                         QString::fromUtf8(kChatBody)});
        QCOMPARE(curl.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(curl.out)[u"object"].toString(),
                 QStringLiteral("chat.completion"));
    }
    QCOMPARE(h->mock.requestCount(), 20);
    QCOMPARE(h->mock.connectionsAccepted(), 1);
    QList<int> connectionIds;
    for (const MockRequest &r : h->mock.requests())
        connectionIds << r.connectionId;
    QCOMPARE(connectionIds, QList<int>(20, connectionIds.first()));
}

void TestProxyRequests::stalePooledConnectionIsRetried()
{
    h->settings.workerThreads = 1;
    QVERIFY(h->start());
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json"))}));
    RawClient c(h->port());
    QVERIFY(c.connected());
    HttpResponse r;
    for (int round = 0; round < 10; ++round) {
        // The request reaches the proxy while (or just before) the provider drops every idle
        // connection: the pooled one is dead by the time it is used, or dies under the request.
        // Either way the client must not notice.
        c.send(post("/deepseek", kChatBody));
        h->mock.closeAllConnections();
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("ai-proxy-deepseek=200"));
    }
    QTRY_COMPARE(h->sink.count(), 10);
    for (const RequestRecord &rec : h->sink.records()) {
        QCOMPARE(rec.status, 200);
        QCOMPARE(rec.attempts.size(), 1);
    }
}

void TestProxyRequests::pooledConnectionClosedUnderTheRequestIsRetried_data()
{
    QTest::addColumn<bool>("reset");
    QTest::newRow("closed (FIN)") << false;
    QTest::newRow("reset (RST)") << true;
}

void TestProxyRequests::pooledConnectionClosedUnderTheRequestIsRetried()
{
    // Deterministic: the provider takes the request on the kept-alive connection, then drops
    // the connection without a byte of answer. The proxy retries once on a fresh connection.
    QFETCH(bool, reset);
    h->settings.workerThreads = 1;
    QVERIFY(h->start());
    ScriptedUpstream up;
    QVERIFY(h->publish({withEndpoint(routeJson(R"({"id": "s", "paths": ["/s"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer s"}}}}})"),
                                     up.baseUrl())}));
    const QByteArray answer = R"({"id":"x","object":"chat.completion","choices":[]})";
    const QByteArray response =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
        QByteArray::number(answer.size()) + "\r\n\r\n" + answer;
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/s", kChatBody));
    QVERIFY(up.waitForRequest());
    up.request.clear();
    up.write(response);
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);

    c.send(post("/s", kChatBody));
    QVERIFY(up.waitForRequest());
    QCOMPARE(up.connectionCount(), 1); // the pooled connection carried it
    up.request.clear();
    if (reset)
        up.resetConnection();
    else
        up.closeConnection();
    QVERIFY(up.waitForRequest());
    QCOMPARE(up.connectionCount(), 2); // sent again on a fresh one
    QVERIFY(up.request.endsWith(kChatBody));
    up.write(response);
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, answer);
    QTRY_COMPARE(h->sink.count(), 2);
    QCOMPARE(h->sink.last().attempts.size(), 1);

    // Only once: a fresh connection that fails the same way is a failure.
    c.send(post("/s", kChatBody));
    QVERIFY(up.waitForRequest());
    up.request.clear();
    up.closeConnection();
    QVERIFY(up.waitForRequest());
    up.request.clear();
    up.closeConnection();
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 502);
    QCOMPARE(r.errorCode(), QStringLiteral("upstream_unreachable"));
    QCOMPARE(up.connectionCount(), 3);
}

QTEST_GUILESS_MAIN(TestProxyRequests)
