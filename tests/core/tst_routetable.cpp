#include "tst_routetable.h"
#include "Fixtures.h"
#include "RouteSchema.h"
#include "RouteTable.h"
#include "SecretResolver.h"

#include <QTest>

using namespace gatehouse;

namespace {

RouteSpec spec(const QString &json)
{
    const auto r = RouteSchema::parse(fixtures::json(json.toUtf8().constData()));
    if (!r.ok())
        qFatal("bad test route: %s", qPrintable(joinDiagnostics(r.errors)));
    return r.spec;
}

RouteSpec route(const QString &id, const QString &extra)
{
    return spec(QString::fromUtf8(R"({"id": "%1", %2, "plugins": {"ai-proxy": {"provider": "deepseek",
        "auth": {"header": {"Authorization": "$secret://keychain/deepseek"}}}}})").arg(id, extra));
}

class FakeResolver final : public SecretResolver
{
public:
    std::optional<QString> resolve(const QString &reference, QString *error) const override
    {
        if (reference == QLatin1String("$secret://keychain/deepseek"))
            return QStringLiteral("Bearer resolved-test-key");
        *error = QStringLiteral("no credential named in %1").arg(reference);
        return std::nullopt;
    }
};

} // namespace

void TestRouteTable::matching_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("expected"); // route id, "404" or "405"
    QTest::newRow("exact") << "POST" << "/deepseek" << "127.0.0.1:9080" << "exact";
    QTest::newRow("exact ignores query") << "POST" << "/deepseek?x=1" << "localhost" << "exact";
    QTest::newRow("exact beats prefix") << "POST" << "/v1/chat/completions" << "localhost" << "chat";
    QTest::newRow("longer prefix wins") << "POST" << "/v1/embeddings/x" << "localhost" << "v1-long";
    QTest::newRow("short prefix") << "POST" << "/v1/models" << "localhost" << "v1";
    QTest::newRow("priority on same path") << "POST" << "/same" << "localhost" << "high";
    QTest::newRow("host filter") << "POST" << "/hosted" << "api.example.com" << "hosted";
    QTest::newRow("host wildcard") << "POST" << "/hosted" << "a.wild.test:8080" << "wild";
    QTest::newRow("host no match") << "POST" << "/hosted" << "localhost" << "404";
    QTest::newRow("method filter") << "GET" << "/deepseek" << "localhost" << "405";
    QTest::newRow("method fallthrough to prefix") << "GET" << "/v1/chat/completions" << "localhost" << "v1";
    QTest::newRow("nothing") << "POST" << "/nothing" << "localhost" << "404";
    QTest::newRow("prefix needs its slash") << "POST" << "/v1x" << "localhost" << "404";
    QTest::newRow("disabled route skipped") << "POST" << "/off" << "localhost" << "404";
}

void TestRouteTable::matching()
{
    QFETCH(QString, method);
    QFETCH(QString, target);
    QFETCH(QString, host);
    QFETCH(QString, expected);
    const QList<RouteSpec> routes = {
        route(QStringLiteral("exact"), QString::fromUtf8(R"("paths": ["/deepseek"], "methods": ["POST"])")),
        route(QStringLiteral("v1"), QString::fromUtf8(R"("paths": ["/v1/*"])")),
        route(QStringLiteral("v1-long"), QString::fromUtf8(R"("paths": ["/v1/embeddings/*"])")),
        route(QStringLiteral("chat"), QString::fromUtf8(R"("paths": ["/v1/chat/completions"], "methods": ["POST"])")),
        route(QStringLiteral("low"), QString::fromUtf8(R"("paths": ["/same"], "priority": 1)")),
        route(QStringLiteral("high"), QString::fromUtf8(R"("paths": ["/same"], "priority": 2)")),
        route(QStringLiteral("hosted"), QString::fromUtf8(R"("paths": ["/hosted"], "hosts": ["api.example.com"])")),
        route(QStringLiteral("wild"), QString::fromUtf8(R"("paths": ["/hosted"], "hosts": ["*.wild.test"])")),
        route(QStringLiteral("off"), QString::fromUtf8(R"("paths": ["/off"], "status": 0)")),
    };
    const auto table = RouteTable::build(routes, nullptr);
    const RouteMatch m = table->match(method.toLatin1(), target.toUtf8(), host.toUtf8());
    if (expected == QLatin1String("404")) {
        QVERIFY(!m.route);
        QCOMPARE(m.miss, RouteMatch::Miss::NoRoute);
    } else if (expected == QLatin1String("405")) {
        QVERIFY(!m.route);
        QCOMPARE(m.miss, RouteMatch::Miss::MethodNotAllowed);
        QCOMPARE(m.allowedMethods, QByteArrayList{"POST"});
    } else {
        QVERIFY(m.route);
        QCOMPARE(m.route->id, expected);
    }
}

void TestRouteTable::tieGoesToTheRouteChangedLast()
{
    RouteSpec older = route(QStringLiteral("b-older"), QString::fromUtf8(R"("paths": ["/x"], "update_time": 100)"));
    RouteSpec newer = route(QStringLiteral("a-newer"), QString::fromUtf8(R"("paths": ["/x"], "update_time": 200)"));
    QCOMPARE(RouteTable::build({older, newer}, nullptr)->match("POST", "/x", "localhost").route->id,
             QStringLiteral("a-newer"));
    newer.updateTime = 50;
    QCOMPARE(RouteTable::build({older, newer}, nullptr)->match("POST", "/x", "localhost").route->id,
             QStringLiteral("b-older"));
}

void TestRouteTable::secretsAreResolvedIntoTheSnapshot()
{
    FakeResolver resolver;
    const RouteSpec ok = route(QStringLiteral("ok"), QString::fromUtf8(R"("paths": ["/ok"])"));
    RouteSpec missing = spec(QString::fromUtf8(R"({"id": "missing", "paths": ["/missing"], "plugins": {"ai-proxy":
        {"provider": "openai", "auth": {"header": {"Authorization": "$secret://keychain/nope"}}}}})"));
    const auto table = RouteTable::build({ok, missing}, &resolver, 7);
    QCOMPARE(table->version(), 7u);
    const RouteSpec *resolved = table->match("POST", "/ok", "localhost").route;
    QCOMPARE(resolved->instances[0].auth.headers[0].second, QStringLiteral("Bearer resolved-test-key"));
    QVERIFY(resolved->instances[0].authProblem.isEmpty());
    const RouteSpec *broken = table->match("POST", "/missing", "localhost").route;
    QCOMPARE(broken->instances[0].auth.headers[0].second, QString());
    QVERIFY(broken->instances[0].authProblem.contains(QStringLiteral("$secret://keychain/nope")));
    // The stored spec keeps the reference.
    QCOMPARE(ok.instances[0].auth.headers[0].second, QStringLiteral("$secret://keychain/deepseek"));
}

QTEST_GUILESS_MAIN(TestRouteTable)
