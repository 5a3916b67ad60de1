#include "tst_routeschema.h"
#include "Fixtures.h"
#include "RouteSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace gatehouse;

namespace {

// A valid single-provider route; each invalid row changes one thing in it (or replaces it).
QJsonObject baseRoute()
{
    return fixtures::json(R"({"id": "r1", "paths": ["/v1/*"],
        "plugins": {"ai-proxy": {"provider": "deepseek",
                                 "auth": {"header": {"Authorization": "Bearer test-key"}}}}})");
}

QJsonObject baseMulti()
{
    return fixtures::json(R"({"id": "m1", "paths": ["/v1/*"],
        "plugins": {"ai-proxy-multi": {"fallback_strategy": ["http_429", "http_5xx"], "instances": [
            {"name": "a", "provider": "deepseek", "auth": {"header": {"Authorization": "Bearer k1"}}, "weight": 1},
            {"name": "b", "provider": "openai", "auth": {"header": {"Authorization": "Bearer k2"}}, "weight": 1}
        ]}}})");
}

// Sets a value at a dotted path ("plugins.ai-proxy.provider"), creating objects on the way;
// an undefined value removes the key.
QJsonObject with(QJsonObject root, const QString &dotted, const QJsonValue &value)
{
    const QStringList keys = dotted.split(QLatin1Char('.'));
    std::function<QJsonObject(QJsonObject, int)> set = [&](QJsonObject obj, int i) -> QJsonObject {
        if (i == keys.size() - 1) {
            if (value.isUndefined())
                obj.remove(keys[i]);
            else
                obj.insert(keys[i], value);
            return obj;
        }
        obj.insert(keys[i], set(obj.value(keys[i]).toObject(), i + 1));
        return obj;
    };
    return set(root, 0);
}

QJsonObject multiPlugin()
{
    const QJsonObject route = baseMulti();
    return route.value(QStringLiteral("plugins")).toObject().value(QStringLiteral("ai-proxy-multi")).toObject();
}

QJsonObject withInstance(int index, const QString &key, const QJsonValue &value)
{
    QJsonObject route = baseMulti();
    QJsonObject plugin = multiPlugin();
    QJsonArray instances = plugin[QStringLiteral("instances")].toArray();
    QJsonObject inst = instances[index].toObject();
    if (value.isUndefined())
        inst.remove(key);
    else
        inst.insert(key, value);
    instances[index] = inst;
    plugin[QStringLiteral("instances")] = instances;
    return with(route, QStringLiteral("plugins.ai-proxy-multi"), plugin);
}

const QJsonValue kRemove = QJsonValue(QJsonValue::Undefined);

} // namespace

void TestRouteSchema::seedRoutesParse()
{
    const auto single = RouteSchema::parse(fixtures::object(QStringLiteral("seed/deepseek-route.json")));
    QVERIFY2(single.ok(), qPrintable(joinDiagnostics(single.errors)));
    QCOMPARE(single.spec.id, QStringLiteral("deepseek-route"));
    QCOMPARE(single.spec.paths, QStringList{QStringLiteral("/deepseek")});
    QCOMPARE(single.spec.serviceId, QStringLiteral("$SERVICE_ID"));
    QCOMPARE(single.spec.plugin, RouteSpec::Plugin::AiProxy);
    QCOMPARE(single.spec.instances.size(), 1);
    QCOMPARE(single.spec.instances[0].name, QStringLiteral("ai-proxy-deepseek"));
    QCOMPARE(single.spec.instances[0].model(), QStringLiteral("deepseek-chat"));
    QCOMPARE(single.spec.instances[0].auth.headers.value(0).first, QStringLiteral("Authorization"));

    const auto multi = RouteSchema::parse(fixtures::object(QStringLiteral("seed/deepseek-multi-route.json")));
    QVERIFY2(multi.ok(), qPrintable(joinDiagnostics(multi.errors)));
    QCOMPARE(multi.spec.plugin, RouteSpec::Plugin::AiProxyMulti);
    QCOMPARE(multi.spec.instances.size(), 2);
    QCOMPARE(multi.spec.instances[0].priority, 1);
    QCOMPARE(multi.spec.instances[1].priority, 2);
    QVERIFY(multi.spec.fallback.onHttp429);
    QVERIFY(multi.spec.fallback.onHttp5xx);
    QVERIFY(!multi.spec.fallback.onRateLimiting);
    QVERIFY(multi.unknownPaths.isEmpty());
}

void TestRouteSchema::defaultsFollowTheReference()
{
    const auto r = RouteSchema::parse(baseRoute());
    QVERIFY(r.ok());
    QCOMPARE(r.spec.limits.timeoutMs, 30000);
    QCOMPARE(r.spec.limits.maxRequestBodyBytes, 64LL * 1024 * 1024);
    QCOMPARE(r.spec.limits.keepalive, true);
    QCOMPARE(r.spec.limits.keepaliveTimeoutMs, 60000);
    QCOMPARE(r.spec.limits.keepalivePool, 30);
    QCOMPARE(r.spec.limits.sslVerify, true);
    QCOMPARE(r.spec.limits.logPayloads, false);
    QCOMPARE(r.spec.enabled, true);
    QCOMPARE(r.spec.priority, 0);
    QVERIFY(!r.spec.fallback.enabled());
}

void TestRouteSchema::everyFieldIsRead()
{
    const QJsonObject route = fixtures::json(R"({"id": 42, "name": "All", "desc": "every field",
        "uri": "/a", "uris": ["/b", "/a"], "paths": ["/c/*"], "methods": ["POST", "GET"],
        "hosts": ["localhost", "*.example.com"], "priority": 7, "service_id": 3, "status": 0,
        "labels": {"team": "ml"},
        "plugins": {"ai-proxy-multi": {
            "fallback_strategy": "instance_health_and_rate_limiting",
            "fallback_http_statuses": [401, 402], "max_retries": 2, "retry_on_failure_within_ms": 500,
            "balancer": {"algorithm": "chash", "hash_on": "header", "key": "x-user"},
            "timeout": 1500, "max_req_body_size": 1024, "max_stream_duration_ms": 60000,
            "max_response_bytes": 99999, "keepalive": false, "keepalive_timeout": 2000, "keepalive_pool": 4,
            "ssl_verify": false, "logging": {"summaries": true, "payloads": true},
            "instances": [{"name": "x", "provider": "azure-openai", "weight": 0, "priority": -1,
                "auth": {"header": {"api-key": "$secret://keychain/azure"}, "query": {"api-version": "2024-06-01"}},
                "options": {"model": "m", "temperature": 0.2},
                "override": {"endpoint": "https://me.openai.azure.com/openai/deployments/d/chat/completions",
                             "llm_options": {"max_tokens": 512}},
                "checks": {"active": {"type": "https", "http_path": "/health", "timeout": 2,
                    "healthy": {"interval": 5, "successes": 2}, "unhealthy": {"interval": 5, "http_failures": 3}}}}]
        }}})");
    const auto r = RouteSchema::parse(route);
    QVERIFY2(r.ok(), qPrintable(joinDiagnostics(r.errors)));
    const RouteSpec &s = r.spec;
    QCOMPARE(s.id, QStringLiteral("42"));
    QCOMPARE(s.paths, (QStringList{QStringLiteral("/a"), QStringLiteral("/b"), QStringLiteral("/c/*")}));
    QCOMPARE(s.methods, (QStringList{QStringLiteral("POST"), QStringLiteral("GET")}));
    QCOMPARE(s.hosts.size(), 2);
    QCOMPARE(s.priority, 7);
    QCOMPARE(s.serviceId, QStringLiteral("3"));
    QCOMPARE(s.enabled, false);
    QVERIFY(s.fallback.onInstanceHealth && s.fallback.onRateLimiting && !s.fallback.onHttp429);
    QCOMPARE(s.fallback.extraStatuses, (QSet<int>{401, 402}));
    QCOMPARE(s.fallback.maxRetries, 2);
    QCOMPARE(s.fallback.retryOnFailureWithinMs, 500);
    QCOMPARE(s.balancer.algorithm, BalancerSpec::Algorithm::ConsistentHash);
    QCOMPARE(s.balancer.hashOn, QStringLiteral("header"));
    QCOMPARE(s.balancer.key, QStringLiteral("x-user"));
    QCOMPARE(s.limits.timeoutMs, 1500);
    QCOMPARE(s.limits.maxRequestBodyBytes, 1024);
    QCOMPARE(s.limits.maxStreamDurationMs, 60000);
    QCOMPARE(s.limits.maxResponseBytes, 99999);
    QCOMPARE(s.limits.keepalive, false);
    QCOMPARE(s.limits.keepaliveTimeoutMs, 2000);
    QCOMPARE(s.limits.keepalivePool, 4);
    QCOMPARE(s.limits.sslVerify, false);
    QVERIFY(s.limits.logSummaries && s.limits.logPayloads);
    const InstanceSpec &i = s.instances.value(0);
    QCOMPARE(i.weight, 0);
    QCOMPARE(i.priority, -1);
    QCOMPARE(i.auth.query.value(0).second, QStringLiteral("2024-06-01"));
    QCOMPARE(i.endpoint, QStringLiteral("https://me.openai.azure.com/openai/deployments/d/chat/completions"));
    QCOMPARE(i.llmOptions.value(QStringLiteral("max_tokens")).toInt(), 512);
    QVERIFY(i.check.enabled);
    QCOMPARE(i.check.type, QStringLiteral("https"));
    QCOMPARE(i.check.httpPath, QStringLiteral("/health"));
    QCOMPARE(i.check.intervalSeconds, 5);
    QCOMPARE(i.check.unhealthyFailures, 3);
}

void TestRouteSchema::unknownFieldsAreKeptAndNoted()
{
    QJsonObject route = with(baseRoute(), QStringLiteral("upstream_extra"), 1);
    route = with(route, QStringLiteral("plugins.ai-proxy.fallback_stategy"), QStringLiteral("http_429"));
    route = with(route, QStringLiteral("plugins.proxy-buffering"), QJsonObject{{QStringLiteral("disable_proxy_buffering"), true}});
    const auto r = RouteSchema::parse(route);
    QVERIFY(r.ok());
    QVERIFY(r.unknownPaths.contains(QStringLiteral("upstream_extra")));
    QVERIFY(r.unknownPaths.contains(QStringLiteral("plugins.ai-proxy.fallback_stategy")));
    QCOMPARE(r.ignoredPlugins, QStringList{QStringLiteral("proxy-buffering")});
}

void TestRouteSchema::roundTripKeepsTheJson_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::newRow("seed single") << QStringLiteral("seed/deepseek-route.json");
    QTest::newRow("seed multi") << QStringLiteral("seed/deepseek-multi-route.json");
}

void TestRouteSchema::roundTripKeepsTheJson()
{
    QFETCH(QString, fixture);
    const QByteArray original = fixtures::bytes(fixture);
    const QJsonObject route = QJsonDocument::fromJson(original).object();
    QVERIFY(RouteSchema::parse(route).ok());
    // Parsing never rewrites the stored JSON: the same object serialises to the same document.
    const QJsonObject again = QJsonDocument::fromJson(QJsonDocument(route).toJson()).object();
    QCOMPARE(again, QJsonDocument::fromJson(original).object());
}

void TestRouteSchema::invalid_data()
{
    QTest::addColumn<QJsonObject>("route");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");
    const QString p = QStringLiteral("plugins.ai-proxy.");
    const QString m = QStringLiteral("plugins.ai-proxy-multi.");

    QTest::newRow("id missing") << with(baseRoute(), QStringLiteral("id"), kRemove) << "id"
                                << "property \"id\" is required";
    QTest::newRow("id with space") << with(baseRoute(), QStringLiteral("id"), QStringLiteral("my route")) << "id"
                                   << "invalid route id \"my route\"";
    QTest::newRow("id boolean") << with(baseRoute(), QStringLiteral("id"), true) << "id"
                                << "wrong type: expected string or integer, got boolean";
    QTest::newRow("no path") << with(baseRoute(), QStringLiteral("paths"), kRemove) << "paths"
                             << "a route needs at least one path";
    QTest::newRow("relative path") << with(baseRoute(), QStringLiteral("paths"), QJsonArray{QStringLiteral("v1")})
                                   << "paths[0]" << "must start with \"/\"";
    QTest::newRow("star inside path")
        << with(baseRoute(), QStringLiteral("paths"), QJsonArray{QStringLiteral("/a*/b")}) << "paths[0]"
        << "may only end with \"*\"";
    QTest::newRow("empty paths") << with(baseRoute(), QStringLiteral("paths"), QJsonArray{}) << "paths"
                                 << "expect array to have at least 1 items";
    QTest::newRow("duplicate path")
        << with(baseRoute(), QStringLiteral("paths"), QJsonArray{QStringLiteral("/a"), QStringLiteral("/a")})
        << "paths[1]" << "expected unique items";
    QTest::newRow("bad method") << with(baseRoute(), QStringLiteral("methods"), QJsonArray{QStringLiteral("FETCH")})
                                << "methods[0]" << "method \"FETCH\" matches none of the enum values";
    QTest::newRow("bad host") << with(baseRoute(), QStringLiteral("hosts"), QJsonArray{QStringLiteral("exa mple")})
                              << "hosts[0]" << "is not a host name";
    QTest::newRow("fractional priority") << with(baseRoute(), QStringLiteral("priority"), 1.5) << "priority"
                                         << "wrong type: expected integer, got number";
    QTest::newRow("status 2") << with(baseRoute(), QStringLiteral("status"), 2) << "status"
                              << "expected 2 to be at most 1";
    QTest::newRow("no plugins") << with(baseRoute(), QStringLiteral("plugins"), kRemove) << "plugins"
                                << "needs the ai-proxy or ai-proxy-multi plugin";
    QTest::newRow("unknown plugin")
        << with(baseRoute(), QStringLiteral("plugins.foo-bar"), QJsonObject{}) << "plugins.foo-bar"
        << "unknown plugin [foo-bar]";
    QTest::newRow("both plugins")
        << with(baseRoute(), QStringLiteral("plugins.ai-proxy-multi"), multiPlugin())
        << "plugins" << "use either ai-proxy or ai-proxy-multi";
    QTest::newRow("plugin not an object") << with(baseRoute(), QStringLiteral("plugins.ai-proxy"), 3)
                                          << "plugins.ai-proxy" << "expected object, got integer";
    QTest::newRow("unknown provider")
        << with(baseRoute(), p + QStringLiteral("provider"), QStringLiteral("deepsick")) << p + "provider"
        << "property \"provider\" validation failed: matches none of the enum values";
    QTest::newRow("provider missing") << with(baseRoute(), p + QStringLiteral("provider"), kRemove)
                                      << p + "provider" << "property \"provider\" is required";
    QTest::newRow("auth missing") << with(baseRoute(), p + QStringLiteral("auth"), kRemove) << p + "auth"
                                  << "property \"auth\" is required";
    QTest::newRow("auth extra key")
        << with(baseRoute(), p + QStringLiteral("auth.bearer"), QStringLiteral("x")) << p + "auth.bearer"
        << "additional properties forbidden";
    QTest::newRow("bad header name")
        << with(baseRoute(), p + QStringLiteral("auth.header"), QJsonObject{{QStringLiteral("Auth orization"), QStringLiteral("x")}})
        << p + "auth.header.Auth orization" << "is not a valid header name";
    QTest::newRow("header value number")
        << with(baseRoute(), p + QStringLiteral("auth.header"), QJsonObject{{QStringLiteral("Authorization"), 5}})
        << p + "auth.header.Authorization" << "expected string, got integer";
    QTest::newRow("invalid endpoint")
        << with(baseRoute(), p + QStringLiteral("override.endpoint"), QStringLiteral("ftp://example.com"))
        << p + "override.endpoint" << "invalid endpoint \"ftp://example.com\"";
    QTest::newRow("endpoint with spaces")
        << with(baseRoute(), p + QStringLiteral("override.endpoint"), QStringLiteral("http://exa mple.com"))
        << p + "override.endpoint" << "invalid endpoint";
    QTest::newRow("azure without endpoint")
        << with(baseRoute(), p + QStringLiteral("provider"), QStringLiteral("azure-openai"))
        << p + "override.endpoint" << "provider \"azure-openai\" has no default address";
    QTest::newRow("openai-compatible without endpoint")
        << with(baseRoute(), p + QStringLiteral("provider"), QStringLiteral("openai-compatible"))
        << p + "override.endpoint" << "has no default address";
    QTest::newRow("timeout zero") << with(baseRoute(), p + QStringLiteral("timeout"), 0) << p + "timeout"
                                  << "expected 0 to be at least 1";
    QTest::newRow("keepalive string") << with(baseRoute(), p + QStringLiteral("keepalive"), QStringLiteral("yes"))
                                      << p + "keepalive" << "expected boolean, got string";
    QTest::newRow("keepalive_timeout too small") << with(baseRoute(), p + QStringLiteral("keepalive_timeout"), 10)
                                                 << p + "keepalive_timeout" << "to be at least 1000";
    QTest::newRow("max_req_body_size zero") << with(baseRoute(), p + QStringLiteral("max_req_body_size"), 0)
                                            << p + "max_req_body_size" << "to be at least 1";
    QTest::newRow("options not object") << with(baseRoute(), p + QStringLiteral("options"), QStringLiteral("gpt"))
                                        << p + "options" << "expected object, got string";
    QTest::newRow("empty model") << with(baseRoute(), p + QStringLiteral("options.model"), QStringLiteral(""))
                                 << p + "options.model" << "string too short";
    QTest::newRow("llm max_tokens zero") << with(baseRoute(), p + QStringLiteral("override.llm_options.max_tokens"), 0)
                                         << p + "override.llm_options.max_tokens" << "to be at least 1";
    QTest::newRow("logging.payloads string")
        << with(baseRoute(), p + QStringLiteral("logging.payloads"), QStringLiteral("on"))
        << p + "logging.payloads" << "expected boolean, got string";

    QTest::newRow("instances missing") << with(baseMulti(), m + QStringLiteral("instances"), kRemove)
                                       << m + "instances" << "property \"instances\" is required";
    QTest::newRow("instances empty") << with(baseMulti(), m + QStringLiteral("instances"), QJsonArray{})
                                     << m + "instances" << "expect array to have at least 1 items";
    QTest::newRow("duplicate instance name") << withInstance(1, QStringLiteral("name"), QStringLiteral("a"))
                                             << m + "instances[1].name"
                                             << "duplicate instance name 'a' at instances[0] and instances[1]";
    QTest::newRow("instance name missing") << withInstance(0, QStringLiteral("name"), kRemove)
                                           << m + "instances[0].name" << "property \"name\" is required";
    QTest::newRow("instance name too long") << withInstance(0, QStringLiteral("name"), QString(101, QLatin1Char('n')))
                                            << m + "instances[0].name" << "string too long";
    QTest::newRow("weight missing") << withInstance(0, QStringLiteral("weight"), kRemove)
                                    << m + "instances[0].weight" << "property \"weight\" is required";
    QTest::newRow("weight negative") << withInstance(1, QStringLiteral("weight"), -1) << m + "instances[1].weight"
                                     << "expected -1 to be at least 0";
    QTest::newRow("instance provider unknown") << withInstance(1, QStringLiteral("provider"), QStringLiteral("gpt"))
                                               << m + "instances[1].provider" << "matches none of the enum values";
    QTest::newRow("instance not object")
        << with(baseMulti(), m + QStringLiteral("instances"), QJsonArray{QStringLiteral("deepseek")})
        << m + "instances[0]" << "expected object, got string";
    QTest::newRow("unknown fallback strategy")
        << with(baseMulti(), m + QStringLiteral("fallback_strategy"), QStringLiteral("http_418"))
        << m + "fallback_strategy" << "\"http_418\" matches none of the enum values";
    QTest::newRow("fallback strategy array of numbers")
        << with(baseMulti(), m + QStringLiteral("fallback_strategy"), QJsonArray{429})
        << m + "fallback_strategy[0]" << "expected string, got integer";
    QTest::newRow("fallback status 200")
        << with(baseMulti(), m + QStringLiteral("fallback_http_statuses"), QJsonArray{200})
        << m + "fallback_http_statuses[0]" << "status 200 is not an error status";
    QTest::newRow("max_retries negative") << with(baseMulti(), m + QStringLiteral("max_retries"), -1)
                                          << m + "max_retries" << "to be at least 0";
    QTest::newRow("unknown balancer")
        << with(baseMulti(), m + QStringLiteral("balancer.algorithm"), QStringLiteral("random"))
        << m + "balancer.algorithm" << "matches none of the enum values (use roundrobin or chash)";
    QTest::newRow("chash without key")
        << with(baseMulti(), m + QStringLiteral("balancer.algorithm"), QStringLiteral("chash"))
        << m + "balancer.key" << "chash needs a key";
    QTest::newRow("check type udp")
        << withInstance(0, QStringLiteral("checks"), fixtures::json(R"({"active": {"type": "udp"}})"))
        << m + "instances[0].checks.active.type" << "matches none of the enum values";
    QTest::newRow("check timeout 0")
        << withInstance(0, QStringLiteral("checks"), fixtures::json(R"({"active": {"timeout": 0}})"))
        << m + "instances[0].checks.active.timeout" << "use 0.001 to 300 seconds";
    QTest::newRow("check header without colon")
        << withInstance(0, QStringLiteral("checks"), fixtures::json(R"({"active": {"req_headers": ["X-A yes"]}})"))
        << m + "instances[0].checks.active.req_headers[0]" << "\"Name: value\"";
    QTest::newRow("check healthy status 100")
        << withInstance(0, QStringLiteral("checks"),
                        fixtures::json(R"({"active": {"healthy": {"http_statuses": [100]}}})"))
        << m + "instances[0].checks.active.healthy.http_statuses[0]" << "200 to 599";
    const auto labelled = [](const QJsonObject &labels) {
        QJsonObject route = baseMulti();
        route.insert(QStringLiteral("labels"), labels);
        return route;
    };
    QTest::newRow("route_by_model maybe")
        << labelled({{QStringLiteral("gatehouse.route_by_model"), QStringLiteral("maybe")}})
        << "labels.gatehouse.route_by_model" << "use \"true\"";
    QTest::newRow("label value with a space (APISIX rejects it)")
        << labelled({{QStringLiteral("gatehouse.model_aliases.a"), QStringLiteral("gpt-4o, gpt-4")}})
        << "labels.gatehouse.model_aliases.a" << "without spaces";
    QTest::newRow("label value over 64 characters")
        << labelled({{QStringLiteral("gatehouse.model_aliases.a"), QString(65, QLatin1Char('m'))}})
        << "labels.gatehouse.model_aliases.a" << "1 to 64 characters";
    QTest::newRow("alias with a star inside")
        << labelled({{QStringLiteral("gatehouse.model_aliases.a"), QStringLiteral("gpt*4")}})
        << "labels.gatehouse.model_aliases.a" << "only a trailing";
    QTest::newRow("empty alias")
        << labelled({{QStringLiteral("gatehouse.model_aliases.a"), QStringLiteral("x,,y")}})
        << "labels.gatehouse.model_aliases.a" << "separated by commas";
    QJsonObject many;
    for (int i = 0; i < 17; ++i)
        many.insert(QStringLiteral("l%1").arg(i), QStringLiteral("v"));
    QTest::newRow("17 labels") << labelled(many) << "labels" << "at most 16 labels";
}

void TestRouteSchema::invalid()
{
    QFETCH(QJsonObject, route);
    QFETCH(QString, path);
    QFETCH(QString, message);
    const auto r = RouteSchema::parse(route);
    QVERIFY2(!r.ok(), "the route was accepted");
    const bool found = std::any_of(r.errors.begin(), r.errors.end(), [&](const Diagnostic &d) {
        return d.path == path && d.message.contains(message);
    });
    QVERIFY2(found, qPrintable(QStringLiteral("expected %1: …%2…; got: %3").arg(path, message, joinDiagnostics(r.errors))));
    for (const Diagnostic &d : r.errors)
        QCOMPARE(d.severity, Diagnostic::Severity::Error);
}

void TestRouteSchema::everyProblemIsReportedAtOnce()
{
    QJsonObject route = with(baseMulti(), QStringLiteral("id"), QStringLiteral("bad id"));
    route = with(route, QStringLiteral("paths"), QJsonArray{QStringLiteral("nope")});
    route = with(route, QStringLiteral("plugins.ai-proxy-multi.fallback_strategy"), QStringLiteral("sometimes"));
    route = with(route, QStringLiteral("plugins.ai-proxy-multi.max_retries"), QStringLiteral("3"));
    const auto r = RouteSchema::parse(route);
    QCOMPARE(r.errors.size(), 4);
}

void TestRouteSchema::secretReferencesAreRecognised()
{
    QVERIFY(RouteSchema::isSecretReference(QStringLiteral("$secret://keychain/deepseek")));
    QVERIFY(RouteSchema::isSecretReference(QStringLiteral("$env://DEEPSEEK_API_KEY")));
    QVERIFY(!RouteSchema::isSecretReference(QStringLiteral("Bearer test-key")));
}

void TestRouteSchema::gatehouseLabels()
{
    // Gatehouse's own switches live in labels, which APISIX accepts and ignores.
    QJsonObject route = baseMulti();
    route.insert(QStringLiteral("labels"),
                 fixtures::json(R"({"team": "ml", "gatehouse.route_by_model": "true",
                     "gatehouse.model_aliases.b": "gpt-4o,gpt-4o-*", "gatehouse.model_aliases.zz": "x",
                     "gatehouse.other": "1"})"));
    auto r = RouteSchema::parse(route);
    QVERIFY2(r.ok(), qPrintable(joinDiagnostics(r.errors)));
    QCOMPARE(r.spec.modelRouting, RouteSpec::ModelRouting::Prefer);
    QVERIFY(r.spec.instances[0].modelAliases.isEmpty());
    QCOMPARE(r.spec.instances[1].modelAliases, (QStringList{QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o-*")}));
    QCOMPARE(r.orphanLabels, QStringList{QStringLiteral("labels.gatehouse.model_aliases.zz")});
    QVERIFY(r.unknownPaths.contains(QStringLiteral("labels.gatehouse.other")));
    QVERIFY(!r.unknownPaths.contains(QStringLiteral("labels.team")));

    const QList<QPair<QString, RouteSpec::ModelRouting>> values = {
        {QStringLiteral("strict"), RouteSpec::ModelRouting::Strict},
        {QStringLiteral("prefer"), RouteSpec::ModelRouting::Prefer},
        {QStringLiteral("false"), RouteSpec::ModelRouting::Off}};
    for (const auto &[value, expected] : values) {
        route.insert(QStringLiteral("labels"),
                     QJsonObject{{QStringLiteral("gatehouse.route_by_model"), value}});
        r = RouteSchema::parse(route);
        QVERIFY(r.ok());
        QCOMPARE(r.spec.modelRouting, expected);
    }
    route.remove(QStringLiteral("labels"));
    QCOMPARE(RouteSchema::parse(route).spec.modelRouting, RouteSpec::ModelRouting::Off);
}

void TestRouteSchema::activeCheckFields()
{
    const QJsonObject route = withInstance(0, QStringLiteral("checks"), fixtures::json(R"({"active": {
        "type": "tcp", "timeout": 0.25, "port": 8443, "http_path": "/v1/models",
        "req_headers": ["X-Probe: yes", "Accept:application/json"],
        "healthy": {"interval": 10, "successes": 1, "http_statuses": [200, 204]},
        "unhealthy": {"interval": 2, "http_failures": 4}}})"));
    const auto r = RouteSchema::parse(route);
    QVERIFY2(r.ok(), qPrintable(joinDiagnostics(r.errors)));
    const ActiveCheckSpec &c = r.spec.instances[0].check;
    QVERIFY(c.enabled);
    QCOMPARE(c.type, QStringLiteral("tcp"));
    QCOMPARE(c.timeoutMs, 250);
    QCOMPARE(c.port, 8443);
    QCOMPARE(c.httpPath, QStringLiteral("/v1/models"));
    QCOMPARE(c.headers.size(), 2);
    QCOMPARE(c.headers[0], qMakePair(QStringLiteral("X-Probe"), QStringLiteral("yes")));
    QCOMPARE(c.headers[1], qMakePair(QStringLiteral("Accept"), QStringLiteral("application/json")));
    QCOMPARE(c.intervalSeconds, 10);
    QCOMPARE(c.unhealthyIntervalSeconds, 2);
    QCOMPARE(c.healthySuccesses, 1);
    QCOMPARE(c.unhealthyFailures, 4);
    QCOMPARE(c.healthyStatuses, (QList<int>{200, 204}));
    QVERIFY(!r.spec.instances[1].check.enabled);
    QCOMPARE(r.spec.instances[1].check.timeoutMs, 1000);
}

QTEST_GUILESS_MAIN(TestRouteSchema)
