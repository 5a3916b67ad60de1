#include "tst_adminapi.h"

#include "AdminApi.h"
#include "ConfigStore.h"
#include "Fixtures.h"
#include "RequestSinks.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse;

namespace {

const QByteArray kKey = "test-admin-key";

std::unique_ptr<QTemporaryDir> g_dir;
std::unique_ptr<ConfigStore> g_store;
std::unique_ptr<AdminApi> g_api;

HttpRequest parse(const QByteArray &raw)
{
    HttpRequestParser parser;
    if (!parser.feed(raw) || !parser.hasRequest())
        qFatal("test request does not parse: %s", raw.constData());
    return parser.takeRequest();
}

HttpReply call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
               const QByteArray &key = kKey, const QByteArray &extraHeaders = {})
{
    QByteArray raw = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:7080\r\n";
    if (!key.isNull())
        raw += "X-API-KEY: " + key + "\r\n";
    raw += extraHeaders;
    raw += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    return g_api->handle(parse(raw), QStringLiteral("127.0.0.1"));
}

QJsonObject bodyOf(const HttpReply &reply)
{
    return QJsonDocument::fromJson(reply.body).object();
}

QByteArray configBytes()
{
    QFile f(g_store->configPath());
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray seed(const char *name)
{
    return fixtures::bytes(QStringLiteral("seed/") + QLatin1String(name));
}

} // namespace

void TestAdminApi::init()
{
    g_dir = std::make_unique<QTemporaryDir>();
    g_store = std::make_unique<ConfigStore>(g_dir->path());
    g_store->load();
    g_api = std::make_unique<AdminApi>(*g_store);
    g_api->setAdminKey(QString::fromUtf8(kKey));
    g_api->setAllowedHosts({}, QStringLiteral("127.0.0.1"));
}

void TestAdminApi::cleanup()
{
    g_api.reset();
    g_store.reset();
    g_dir.reset();
}

void TestAdminApi::keyIsRequired_data()
{
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("status");
    QTest::newRow("missing") << QByteArray() << QByteArray("/apisix/admin/routes") << 401;
    QTest::newRow("wrong") << QByteArray("test-admin-kez") << QByteArray("/apisix/admin/routes") << 401;
    QTest::newRow("prefix") << QByteArray("test-admin") << QByteArray("/apisix/admin/routes") << 401;
    QTest::newRow("longer") << QByteArray("test-admin-key-and-more") << QByteArray("/apisix/admin/routes") << 401;
    QTest::newRow("right") << kKey << QByteArray("/apisix/admin/routes") << 200;
    QTest::newRow("query api_key") << QByteArray() << QByteArray("/apisix/admin/routes?api_key=test-admin-key") << 200;
}

void TestAdminApi::keyIsRequired()
{
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, target);
    QFETCH(int, status);
    const HttpReply reply = call("GET", target, {}, key);
    QCOMPARE(reply.status, status);
    if (status == 401)
        QCOMPARE(bodyOf(reply).value(QStringLiteral("error_msg")).toString(), QStringLiteral("failed to check token"));
}

void TestAdminApi::noKeyConfiguredSaysHowToSetOne()
{
    g_api->setAdminKey({});
    const HttpReply reply = call("GET", "/apisix/admin/routes", {}, "");
    QCOMPARE(reply.status, 401);
    QVERIFY(bodyOf(reply).value(QStringLiteral("error_msg")).toString().contains(QStringLiteral("--admin-key")));
}

void TestAdminApi::seedGuidePutWithIdInBody()
{
    HttpReply reply = call("PUT", "/apisix/admin/routes?gateway_group_id=default", seed("deepseek-route.json"));
    QCOMPARE(reply.status, 201);
    QJsonObject body = bodyOf(reply);
    QCOMPARE(body.value(QStringLiteral("key")).toString(), QStringLiteral("/apisix/routes/deepseek-route"));
    QCOMPARE(body.value(QStringLiteral("value")).toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("deepseek-route"));
    const QJsonArray warnings = body.value(QStringLiteral("warnings")).toArray();
    QCOMPARE(warnings.size(), 1);
    QCOMPARE(warnings[0].toObject().value(QStringLiteral("code")).toString(), QStringLiteral("missing-service"));

    reply = call("PUT", "/apisix/admin/routes?gateway_group_id=default", seed("deepseek-multi-route.json"));
    QCOMPARE(reply.status, 201);
    QStringList codes;
    for (const QJsonValue &w : bodyOf(reply).value(QStringLiteral("warnings")).toArray())
        codes << w.toObject().value(QStringLiteral("code")).toString();
    QVERIFY2(codes.contains(QStringLiteral("fallback-outranks-primary")), qPrintable(codes.join(QLatin1Char(','))));

    // The same PUT again replaces: 200.
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-route.json")).status, 200);
    QCOMPARE(g_store->routes().size(), 2);
}

void TestAdminApi::putByIdAndMismatch()
{
    QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
    route.remove(QStringLiteral("id"));
    const QByteArray body = QJsonDocument(route).toJson();
    QCOMPARE(call("PUT", "/apisix/admin/routes/by-url", body).status, 201);
    QVERIFY(g_store->route(QStringLiteral("by-url")));
    const HttpReply mismatch = call("PUT", "/apisix/admin/routes/other", seed("deepseek-route.json"));
    QCOMPARE(mismatch.status, 400);
    QVERIFY(bodyOf(mismatch).value(QStringLiteral("error_msg")).toString().contains(QStringLiteral("wrong route id")));
}

void TestAdminApi::postGeneratesAnId()
{
    QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
    route.remove(QStringLiteral("id"));
    const HttpReply reply = call("POST", "/apisix/admin/routes", QJsonDocument(route).toJson());
    QCOMPARE(reply.status, 201);
    const QString id = bodyOf(reply).value(QStringLiteral("value")).toObject().value(QStringLiteral("id")).toString();
    QVERIFY(!id.isEmpty());
    QVERIFY(g_store->route(id));
}

void TestAdminApi::getListAndOne()
{
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-route.json")).status, 201);
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-multi-route.json")).status, 201);
    const QJsonObject list = bodyOf(call("GET", "/apisix/admin/routes"));
    QCOMPARE(list.value(QStringLiteral("total")).toInt(), 2);
    QCOMPARE(list.value(QStringLiteral("list")).toArray().size(), 2);
    const HttpReply one = call("GET", "/apisix/admin/routes/deepseek-multi-route");
    QCOMPARE(one.status, 200);
    QCOMPARE(bodyOf(one).value(QStringLiteral("key")).toString(), QStringLiteral("/apisix/routes/deepseek-multi-route"));
    QCOMPARE(call("GET", "/apisix/admin/routes/nope").status, 404);
}

void TestAdminApi::patchMergesAndValidates()
{
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-route.json")).status, 201);
    const HttpReply ok = call("PATCH", "/apisix/admin/routes/deepseek-route",
                              R"({"plugins": {"ai-proxy": {"options": {"model": "deepseek-reasoner"}}}, "desc": "patched"})");
    QCOMPARE(ok.status, 200);
    const QJsonObject stored = *g_store->route(QStringLiteral("deepseek-route"));
    QCOMPARE(stored[QStringLiteral("desc")].toString(), QStringLiteral("patched"));
    const QJsonObject proxy = stored[QStringLiteral("plugins")].toObject()[QStringLiteral("ai-proxy")].toObject();
    QCOMPARE(proxy[QStringLiteral("options")].toObject()[QStringLiteral("model")].toString(), QStringLiteral("deepseek-reasoner"));
    QCOMPARE(proxy[QStringLiteral("provider")].toString(), QStringLiteral("deepseek")); // untouched fields stay

    // A PATCH that makes the route invalid is rejected whole.
    const QByteArray before = configBytes();
    const HttpReply bad = call("PATCH", "/apisix/admin/routes/deepseek-route",
                               R"({"desc": "should not stick", "plugins": {"ai-proxy": {"timeout": "soon"}}})");
    QCOMPARE(bad.status, 400);
    QVERIFY(bodyOf(bad).value(QStringLiteral("error_msg")).toString().contains(QStringLiteral("timeout")));
    QCOMPARE(configBytes(), before);
    QCOMPARE(g_store->route(QStringLiteral("deepseek-route"))->value(QStringLiteral("desc")).toString(), QStringLiteral("patched"));
    QCOMPARE(call("PATCH", "/apisix/admin/routes/nope", "{}").status, 404);
    QCOMPARE(call("PATCH", "/apisix/admin/routes/deepseek-route", R"({"id": "other"})").status, 400);
}

void TestAdminApi::deleteRoute()
{
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-route.json")).status, 201);
    const HttpReply reply = call("DELETE", "/apisix/admin/routes/deepseek-route");
    QCOMPARE(reply.status, 200);
    QCOMPARE(bodyOf(reply).value(QStringLiteral("deleted")).toString(), QStringLiteral("1"));
    QVERIFY(g_store->routes().isEmpty());
    QCOMPARE(call("DELETE", "/apisix/admin/routes/deepseek-route").status, 404);
}

void TestAdminApi::badInputChangesNothing_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::newRow("malformed JSON") << QByteArray(R"({"id": "x",)") << "invalid request body";
    QTest::newRow("empty") << QByteArray("") << "the body is empty";
    QTest::newRow("array") << QByteArray("[1, 2]") << "expected a JSON object";
    QTest::newRow("wrong type") << QByteArray(R"({"id": "x", "paths": "/x", "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {}}}})")
                                << "expected array, got string";
    QTest::newRow("unknown plugin") << QByteArray(R"({"id": "x", "paths": ["/x"], "plugins": {"magic": {}}})")
                                    << "unknown plugin [magic]";
    QTest::newRow("several problems") << QByteArray(R"({"id": "x y", "paths": ["x"], "plugins": {"ai-proxy": {"provider": 1}}})")
                                      << "invalid route id";
}

void TestAdminApi::badInputChangesNothing()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QCOMPARE(call("PUT", "/apisix/admin/routes", seed("deepseek-route.json")).status, 201);
    const QByteArray before = configBytes();
    const HttpReply reply = call("PUT", "/apisix/admin/routes", body);
    QCOMPARE(reply.status, 400);
    QVERIFY2(bodyOf(reply).value(QStringLiteral("error_msg")).toString().contains(message), reply.body.constData());
    QCOMPARE(configBytes(), before);
    QCOMPARE(g_store->routes().size(), 1);
}

void TestAdminApi::wrongMethod()
{
    HttpReply reply = call("DELETE", "/apisix/admin/routes");
    QCOMPARE(reply.status, 405);
    QVERIFY(std::any_of(reply.headers.begin(), reply.headers.end(), [](const auto &h) { return h.first == "Allow"; }));
    QCOMPARE(call("POST", "/apisix/admin/routes/x", "{}").status, 405);
    QCOMPARE(call("GET", "/apisix/admin/nothing").status, 404);
}

void TestAdminApi::noSecretInAnyAnswer()
{
    QList<HttpReply> replies;
    replies << call("PUT", "/apisix/admin/routes", seed("deepseek-route.json"));
    replies << call("PUT", "/apisix/admin/routes", seed("deepseek-multi-route.json"));
    replies << call("GET", "/apisix/admin/routes");
    replies << call("GET", "/apisix/admin/routes/deepseek-multi-route");
    replies << call("PATCH", "/apisix/admin/routes/deepseek-route", R"({"desc": "x"})");
    for (const HttpReply &r : replies) {
        QVERIFY(r.status < 300);
        QVERIFY2(!r.body.contains("test-deepseek-key") && !r.body.contains("test-openai-key"), r.body.constData());
    }
}

void TestAdminApi::hostAndOriginAreChecked()
{
    HttpReply reply = call("GET", "/apisix/admin/routes", {}, kKey, "Origin: https://example.com\r\n");
    QCOMPARE(reply.status, 403);
    QByteArray raw = "GET /apisix/admin/routes HTTP/1.1\r\nHost: evil.example.com\r\nX-API-KEY: " + kKey + "\r\n\r\n";
    reply = g_api->handle(parse(raw), QStringLiteral("127.0.0.1"));
    QCOMPARE(reply.status, 403);
    raw = "GET /apisix/admin/routes HTTP/1.1\r\nHost: localhost:7080\r\nX-API-KEY: " + kKey + "\r\n\r\n";
    QCOMPARE(g_api->handle(parse(raw), QStringLiteral("127.0.0.1")).status, 200);
}

void TestAdminApi::mergePatchFollowsRfc7396()
{
    const QJsonObject target = fixtures::json(R"({"a": "b", "c": {"d": "e", "f": "g"}, "list": [1, 2]})");
    const QJsonObject patch = fixtures::json(R"({"a": "z", "c": {"f": null}, "list": [3]})");
    QCOMPARE(AdminApi::mergePatch(target, patch), fixtures::json(R"({"a": "z", "c": {"d": "e"}, "list": [3]})"));
}

void TestAdminApi::requestsAndMetrics()
{
    RecentRequests recent(2);
    ProxyMetrics metrics;
    g_api->setObservers(&recent, &metrics, [] { return QByteArray("gatehouse_connections 3\n"); });
    for (int i = 0; i < 3; ++i) {
        RequestRecord r;
        r.routeId = QStringLiteral("deepseek-multi-route");
        r.instance = QStringLiteral("deepseek-primary");
        r.upstreamModel = QStringLiteral("deepseek-chat");
        r.status = 200;
        r.latencyMs = 120 + i;
        r.ttftMs = 30;
        r.usage.promptTokens = 10;
        r.usage.completionTokens = 48;
        r.attempts = {{QStringLiteral("openai-fallback"), 429, {}, 2}, {QStringLiteral("deepseek-primary"), 200, {}, 118}};
        recent.record(r);
        metrics.record(r);
    }
    const QJsonObject list = bodyOf(call("GET", "/gatehouse/requests?limit=10"));
    QCOMPARE(list.value(QStringLiteral("total")).toInt(), 2); // capacity 2: the oldest is gone
    const QJsonObject first = list.value(QStringLiteral("list")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("latency_ms")).toDouble(), 122.0); // newest first
    QCOMPARE(first.value(QStringLiteral("attempts")).toArray().size(), 2);

    const HttpReply reply = call("GET", "/metrics");
    QCOMPARE(reply.status, 200);
    const QByteArray text = reply.body;
    QVERIFY(text.contains(R"(gatehouse_requests_total{route="deepseek-multi-route",instance="deepseek-primary",model="deepseek-chat",status="200"} 3)"));
    QVERIFY(text.contains(R"(gatehouse_completion_tokens_total{route="deepseek-multi-route",instance="deepseek-primary",model="deepseek-chat",status="200"} 144)"));
    QVERIFY(text.contains(R"(gatehouse_fallbacks_total{route="deepseek-multi-route",instance="deepseek-primary",model="deepseek-chat",status="200"} 3)"));
    QVERIFY(text.contains(R"(gatehouse_time_to_first_token_seconds_bucket{route="deepseek-multi-route",instance="deepseek-primary",model="deepseek-chat",status="200",le="0.05"} 3)"));
    QVERIFY(text.contains("gatehouse_connections 3"));
    // A scraper may send the key as a bearer token; without any key there is nothing.
    QCOMPARE(call("GET", "/metrics", {}, QByteArray(), "Authorization: Bearer test-admin-key\r\n").status, 200);
    QCOMPARE(call("GET", "/metrics", {}, QByteArray()).status, 401);
}

QTEST_GUILESS_MAIN(TestAdminApi)
