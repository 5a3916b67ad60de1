#include "tst_routelinter.h"
#include "Fixtures.h"
#include "RouteLinter.h"

#include <QJsonArray>
#include <QTest>

using namespace gatehouse;

namespace {

Diagnostics lint(const QJsonObject &route, const QList<QJsonObject> &others = {}, const QStringList &services = {})
{
    RouteLinter::Context context;
    for (const QJsonObject &o : others)
        context.otherRoutes << RouteSchema::parse(o).spec;
    context.serviceIds = services;
    const auto parsed = RouteSchema::parse(route);
    if (!parsed.ok())
        qFatal("fixture route is invalid: %s", qPrintable(joinDiagnostics(parsed.errors)));
    return RouteLinter::lint(parsed, context);
}

QStringList codes(const Diagnostics &ds)
{
    QStringList out;
    for (const Diagnostic &d : ds) {
        out << d.code;
        if (d.severity != Diagnostic::Severity::Warning)
            qFatal("the linter produced a non-warning");
    }
    return out;
}

QJsonObject multi(const char *instances, const char *extra = "")
{
    return fixtures::json(QString::fromUtf8(R"({"id": "m", "paths": ["/v1/*"], "plugins": {"ai-proxy-multi": {%1 "instances": %2}}})")
                              .arg(QString::fromUtf8(extra), QString::fromUtf8(instances))
                              .toUtf8()
                              .constData());
}

} // namespace

void TestRouteLinter::seedMultiRouteWarnsAboutItsPriorities()
{
    const Diagnostics ds = lint(fixtures::object(QStringLiteral("seed/deepseek-multi-route.json")), {},
                                {QStringLiteral("$SERVICE_ID")});
    QCOMPARE(codes(ds), QStringList{RouteLinter::FallbackOutranksPrimary});
    QCOMPARE(ds[0].path, QStringLiteral("plugins.ai-proxy-multi.instances[1].priority"));
    QVERIFY(ds[0].message.contains(QStringLiteral("\"openai-fallback\" (priority 2) is tried before "
                                                  "\"deepseek-primary\" (priority 1)")));
    const auto pair = RouteLinter::invertedPair(RouteSchema::parse(fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))).spec);
    QCOMPARE(pair, qMakePair(1, 0));
}

void TestRouteLinter::swappedPrioritiesAreClean()
{
    QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
    QJsonObject plugin = route[QStringLiteral("plugins")].toObject()[QStringLiteral("ai-proxy-multi")].toObject();
    QJsonArray instances = plugin[QStringLiteral("instances")].toArray();
    QJsonObject a = instances[0].toObject(), b = instances[1].toObject();
    a[QStringLiteral("priority")] = 2;
    b[QStringLiteral("priority")] = 1;
    instances = {a, b};
    plugin[QStringLiteral("instances")] = instances;
    route[QStringLiteral("plugins")] = QJsonObject{{QStringLiteral("ai-proxy-multi"), plugin}};
    QCOMPARE(codes(lint(route, {}, {QStringLiteral("$SERVICE_ID")})), QStringList{});
}

void TestRouteLinter::seedSingleRouteIsShadowedByTheMultiRoute()
{
    // Both seed routes claim /deepseek with the same priority; the one changed last wins.
    QJsonObject single = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
    QJsonObject multiRoute = fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
    single[QStringLiteral("update_time")] = 100;
    multiRoute[QStringLiteral("update_time")] = 200;
    const Diagnostics ds = lint(single, {multiRoute}, {QStringLiteral("$SERVICE_ID")});
    QCOMPARE(codes(ds), QStringList{RouteLinter::ShadowedPath});
    QVERIFY(ds[0].message.contains(QStringLiteral("route \"deepseek-multi-route\", which is tried first")));
    QCOMPARE(codes(lint(multiRoute, {single}, {QStringLiteral("$SERVICE_ID")})),
             QStringList{RouteLinter::FallbackOutranksPrimary});
}

void TestRouteLinter::shadowingNeedsOverlap_data()
{
    QTest::addColumn<QString>("otherExtra");
    QTest::addColumn<bool>("shadowed");
    QTest::newRow("same path, higher priority") << R"("priority": 5,)" << true;
    QTest::newRow("same path, lower priority") << R"("priority": -5,)" << false;
    QTest::newRow("disjoint methods") << R"("priority": 5, "methods": ["GET"],)" << false;
    QTest::newRow("other host") << R"("priority": 5, "hosts": ["example.com"],)" << false;
    QTest::newRow("disabled") << R"("priority": 5, "status": 0,)" << false;
}

void TestRouteLinter::shadowingNeedsOverlap()
{
    QFETCH(QString, otherExtra);
    QFETCH(bool, shadowed);
    const QJsonObject mine = fixtures::json(R"({"id": "mine", "paths": ["/v1/*"], "methods": ["POST"],
        "hosts": ["localhost"], "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {"header": {"Authorization": "k"}}}}})");
    const QJsonObject other = fixtures::json(
        QString::fromUtf8(R"({"id": "other", %1 "paths": ["/v1/*"], "plugins": {"ai-proxy": {"provider": "openai", "auth": {"header": {"Authorization": "k"}}}}})")
            .arg(otherExtra).toUtf8().constData());
    QCOMPARE(codes(lint(mine, {other})).contains(RouteLinter::ShadowedPath), shadowed);
}

void TestRouteLinter::warnings_data()
{
    QTest::addColumn<QJsonObject>("route");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("path");
    QTest::newRow("groups without fallback")
        << multi(R"([{"name": "a", "provider": "deepseek", "auth": {"header": {"Authorization": "k"}}, "weight": 1, "priority": 2},
                     {"name": "b", "provider": "openai", "auth": {"header": {"Authorization": "k"}}, "weight": 1, "priority": 1}])")
        << RouteLinter::NoFallbackStrategy << "plugins.ai-proxy-multi.fallback_strategy";
    QTest::newRow("all weights zero")
        << multi(R"([{"name": "a", "provider": "deepseek", "auth": {"header": {"Authorization": "k"}}, "weight": 0},
                     {"name": "b", "provider": "openai", "auth": {"header": {"Authorization": "k"}}, "weight": 0}])")
        << RouteLinter::AllWeightsZero << "plugins.ai-proxy-multi.instances";
    QTest::newRow("instance without key")
        << multi(R"([{"name": "a", "provider": "deepseek", "auth": {}, "weight": 1}])")
        << RouteLinter::MissingCredential << "plugins.ai-proxy-multi.instances[0].auth";
    QTest::newRow("single instance with fallback")
        << multi(R"([{"name": "a", "provider": "deepseek", "auth": {"header": {"Authorization": "k"}}, "weight": 1}])",
                 R"("fallback_strategy": "http_429",)")
        << RouteLinter::SingleInstanceFallback << "plugins.ai-proxy-multi.fallback_strategy";
    QTest::newRow("backup outranks main")
        << multi(R"([{"name": "main", "provider": "deepseek", "auth": {"header": {"Authorization": "k"}}, "weight": 1, "priority": 0},
                     {"name": "backup", "provider": "openai", "auth": {"header": {"Authorization": "k"}}, "weight": 1, "priority": 3}])",
                 R"("fallback_strategy": "http_5xx",)")
        << RouteLinter::FallbackOutranksPrimary << "plugins.ai-proxy-multi.instances[1].priority";
    QTest::newRow("misspelt field")
        << multi(R"([{"name": "a", "provider": "deepseek", "auth": {"header": {"Authorization": "k"}}, "weight": 1}])",
                 R"("fallback_stratgy": "http_5xx",)")
        << RouteLinter::UnknownField << "plugins.ai-proxy-multi.fallback_stratgy";
    QTest::newRow("plugin kept, not run")
        << fixtures::json(R"({"id": "p", "paths": ["/a"], "plugins": {"proxy-buffering": {},
               "ai-proxy": {"provider": "deepseek", "auth": {"header": {"Authorization": "k"}}}}})")
        << RouteLinter::PluginNotRun << "plugins.proxy-buffering";
    QTest::newRow("missing service")
        << fixtures::json(R"({"id": "s", "paths": ["/a"], "service_id": "$SERVICE_ID",
               "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {"header": {"Authorization": "k"}}}}})")
        << RouteLinter::MissingService << "service_id";
    QTest::newRow("model aliases of no instance")
        << fixtures::json(R"({"id": "l", "paths": ["/a"], "labels": {"gatehouse.route_by_model": "true",
               "gatehouse.model_aliases.nobody": "gpt-4o"},
               "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {"header": {"Authorization": "k"}}}}})")
        << RouteLinter::OrphanModelAliases << "labels.gatehouse.model_aliases.nobody";
    QTest::newRow("unknown gatehouse label")
        << fixtures::json(R"({"id": "l", "paths": ["/a"], "labels": {"gatehouse.route_by_modle": "true"},
               "plugins": {"ai-proxy": {"provider": "deepseek", "auth": {"header": {"Authorization": "k"}}}}})")
        << RouteLinter::UnknownField << "labels.gatehouse.route_by_modle";
}

void TestRouteLinter::warnings()
{
    QFETCH(QJsonObject, route);
    QFETCH(QString, code);
    QFETCH(QString, path);
    const Diagnostics ds = lint(route);
    const bool found = std::any_of(ds.begin(), ds.end(), [&](const Diagnostic &d) { return d.code == code && d.path == path; });
    QVERIFY2(found, qPrintable(QStringLiteral("expected %1 at %2; got %3").arg(code, path, joinDiagnostics(ds))));
}

void TestRouteLinter::localServerNeedsNoKey()
{
    const QJsonObject route = fixtures::json(R"({"id": "ollama", "paths": ["/local/*"], "plugins": {"ai-proxy": {
        "provider": "openai-compatible", "auth": {}, "override": {"endpoint": "http://127.0.0.1:11434"}}}})");
    QCOMPARE(codes(lint(route)), QStringList{});
}

QTEST_GUILESS_MAIN(TestRouteLinter)
