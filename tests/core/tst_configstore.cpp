#include "ConfigStore.h"
#include "tst_configstore.h"
#include "Fixtures.h"
#include "RouteSchema.h"
#include "SecretResolver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

namespace {

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QJsonObject withoutTimes(QJsonObject route)
{
    route.remove(QStringLiteral("create_time"));
    route.remove(QStringLiteral("update_time"));
    return route;
}

QJsonObject simpleRoute(const QString &id, const QString &model = QStringLiteral("deepseek-chat"))
{
    const QString text = QString::fromUtf8(R"({"id": "%1", "paths": ["/%1"], "plugins": {"ai-proxy": {
        "provider": "deepseek", "auth": {"header": {"Authorization": "$env://K"}}, "options": {"model": "%2"}}}})")
                             .arg(id, model);
    return fixtures::json(text.toUtf8().constData());
}

} // namespace

void TestConfigStore::freshStoreIsEmpty()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    QCOMPARE(store.load().outcome, ConfigStore::LoadReport::Outcome::Fresh);
    QVERIFY(store.routes().isEmpty());
    QVERIFY(store.routeTable().current()->routes().isEmpty());
}

void TestConfigStore::seedRoutesSurviveARestart()
{
    QTemporaryDir dir;
    const QJsonObject single = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
    const QJsonObject multi = fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
    {
        ConfigStore store(dir.path());
        store.load();
        const auto a = store.putRoute(single);
        QVERIFY2(a.ok, qPrintable(joinDiagnostics(a.errors)));
        QVERIFY(a.created);
        const auto b = store.putRoute(multi);
        QVERIFY(b.ok);
        QVERIFY(b.warnings.size() >= 1); // the priority warning (and the missing service)
    }
    ConfigStore again(dir.path());
    QCOMPARE(again.load().outcome, ConfigStore::LoadReport::Outcome::Loaded);
    QCOMPARE(again.routes().size(), 2);
    // Import -> store -> read gives back the same JSON, apart from the timestamps the store owns.
    QCOMPARE(withoutTimes(*again.route(QStringLiteral("deepseek-route"))), single);
    QCOMPARE(withoutTimes(*again.route(QStringLiteral("deepseek-multi-route"))), multi);
    const QJsonObject saved = QJsonDocument::fromJson(readFile(again.configPath())).object();
    QCOMPARE(saved.value(QStringLiteral("schema_version")).toInt(), ConfigStore::SchemaVersion);
}

void TestConfigStore::timestampsAreOwnedByTheStore()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    QJsonObject route = simpleRoute(QStringLiteral("t"));
    route.insert(QStringLiteral("create_time"), 1);
    QVERIFY(store.putRoute(route).ok);
    const qint64 created = store.route(QStringLiteral("t"))->value(QStringLiteral("create_time")).toInteger();
    QVERIFY(created > 1000000000);
    QVERIFY(store.putRoute(simpleRoute(QStringLiteral("t"), QStringLiteral("deepseek-reasoner"))).ok);
    QCOMPARE(store.route(QStringLiteral("t"))->value(QStringLiteral("create_time")).toInteger(), created);
}

void TestConfigStore::aRejectedChangeChangesNothing()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    QVERIFY(store.putRoute(simpleRoute(QStringLiteral("a"))).ok);
    const QByteArray before = readFile(store.configPath());
    const quint64 generation = store.routeTable().generation();
    QSignalSpy changed(&store, &ConfigStore::routesChanged);

    QJsonObject bad = simpleRoute(QStringLiteral("a"));
    bad.insert(QStringLiteral("paths"), QJsonArray{QStringLiteral("no-slash")});
    const auto result = store.putRoute(bad);
    QVERIFY(!result.ok);
    QCOMPARE(result.errors.value(0).path, QStringLiteral("paths[0]"));
    QCOMPARE(readFile(store.configPath()), before);
    QCOMPARE(store.routeTable().generation(), generation);
    QCOMPARE(changed.count(), 0);

    const auto import = store.replaceRoutes({simpleRoute(QStringLiteral("x")), bad});
    QVERIFY(!import.ok);
    QCOMPARE(import.errors.value(0).path, QStringLiteral("routes[1].paths[0]"));
    QCOMPARE(store.routes().size(), 1);
    QCOMPARE(readFile(store.configPath()), before);

    QVERIFY(!store.removeRoute(QStringLiteral("nope")).ok);
    QCOMPARE(readFile(store.configPath()), before);
}

void TestConfigStore::replaceRoutesRejectsDuplicateIds()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    const auto r = store.replaceRoutes({simpleRoute(QStringLiteral("x")), simpleRoute(QStringLiteral("x"))});
    QVERIFY(!r.ok);
    QVERIFY(r.errors.value(0).message.contains(QStringLiteral("appears twice")));
}

void TestConfigStore::fiveBackupsAreKept()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    for (int i = 0; i < 8; ++i)
        QVERIFY(store.putRoute(simpleRoute(QStringLiteral("r%1").arg(i))).ok);
    for (int n = 1; n <= ConfigStore::BackupCount; ++n)
        QVERIFY2(QFile::exists(store.backupPath(n)), qPrintable(store.backupPath(n)));
    QVERIFY(!QFile::exists(store.backupPath(ConfigStore::BackupCount + 1)));
    // backup 1 is the version before the last save: 7 routes.
    const QJsonObject previous = QJsonDocument::fromJson(readFile(store.backupPath(1))).object();
    QCOMPARE(previous.value(QStringLiteral("routes")).toArray().size(), 7);
    const QJsonObject oldest = QJsonDocument::fromJson(readFile(store.backupPath(5))).object();
    QCOMPARE(oldest.value(QStringLiteral("routes")).toArray().size(), 3);
}

void TestConfigStore::corruptFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("problem");
    QTest::newRow("truncated") << QByteArray(R"({"schema_version": 1, "routes": [{"id": )") << "not valid JSON";
    QTest::newRow("garbage") << QByteArray("\x00\x01\x02 not json", 13) << "not valid JSON";
    QTest::newRow("array") << QByteArray("[]") << "not a JSON object";
    QTest::newRow("no schema") << QByteArray(R"({"routes": []})") << "schema_version";
    QTest::newRow("invalid route") << QByteArray(R"({"schema_version": 1, "routes": [{"id": "x", "paths": ["/x"],
        "plugins": {"ai-proxy": {"provider": "nobody", "auth": {}}}}]})") << "routes[0].plugins.ai-proxy.provider";
    QTest::newRow("routes not array") << QByteArray(R"({"schema_version": 1, "routes": {}})") << "not an array";
}

void TestConfigStore::corruptFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, problem);
    QTemporaryDir dir;
    {
        ConfigStore store(dir.path());
        store.load();
        QVERIFY(store.putRoute(simpleRoute(QStringLiteral("good"))).ok);
        QVERIFY(store.putRoute(simpleRoute(QStringLiteral("good2"))).ok);
        writeFile(store.configPath(), content);
    }
    ConfigStore store(dir.path());
    const auto report = store.load();
    QCOMPARE(report.outcome, ConfigStore::LoadReport::Outcome::Recovered);
    QVERIFY2(report.message.contains(problem), qPrintable(report.message));
    QCOMPARE(report.recoveredFrom, store.backupPath(1));
    // The newest good version is back (backup 1 held one route: it was taken before the 2nd save).
    QCOMPARE(store.routes().size(), 1);
    QVERIFY(store.routeTable().current()->match("POST", "/good", "localhost").route);
    // Nothing was lost: the bad file is kept aside byte for byte.
    QVERIFY(!report.quarantinedPath.isEmpty());
    QCOMPARE(readFile(report.quarantinedPath), content);
    // And config.json is good again.
    ConfigStore third(dir.path());
    QCOMPARE(third.load().outcome, ConfigStore::LoadReport::Outcome::Loaded);
}

void TestConfigStore::corruptFileWithoutBackupStartsEmpty()
{
    QTemporaryDir dir;
    writeFile(dir.path() + QStringLiteral("/config.json"), "{oops");
    ConfigStore store(dir.path());
    const auto report = store.load();
    QCOMPARE(report.outcome, ConfigStore::LoadReport::Outcome::Failed);
    QVERIFY(report.message.contains(QStringLiteral("no good backup")));
    QCOMPARE(readFile(report.quarantinedPath), QByteArray("{oops"));
    QVERIFY(store.routes().isEmpty());
    QVERIFY(store.putRoute(simpleRoute(QStringLiteral("fresh"))).ok);
}

void TestConfigStore::missingFileIsRecoveredFromBackup()
{
    QTemporaryDir dir;
    {
        ConfigStore store(dir.path());
        store.load();
        QVERIFY(store.putRoute(simpleRoute(QStringLiteral("a"))).ok);
        QVERIFY(store.putRoute(simpleRoute(QStringLiteral("b"))).ok);
        QFile::remove(store.configPath());
    }
    ConfigStore store(dir.path());
    QCOMPARE(store.load().outcome, ConfigStore::LoadReport::Outcome::Recovered);
    QCOMPARE(store.routes().size(), 1);
}

void TestConfigStore::newerSchemaIsLeftAlone()
{
    QTemporaryDir dir;
    const QByteArray future = R"({"schema_version": 99, "routes": []})";
    writeFile(dir.path() + QStringLiteral("/config.json"), future);
    ConfigStore store(dir.path());
    const auto report = store.load();
    QCOMPARE(report.outcome, ConfigStore::LoadReport::Outcome::Failed);
    QVERIFY(report.message.contains(QStringLiteral("newer Gatehouse")));
    const auto put = store.putRoute(simpleRoute(QStringLiteral("x")));
    QVERIFY(!put.ok);
    QCOMPARE(readFile(store.configPath()), future);
}

void TestConfigStore::snapshotsArePublished()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    auto held = store.routeTable().current();
    quint64 localGeneration = store.routeTable().generation();
    QVERIFY(store.putRoute(simpleRoute(QStringLiteral("a"))).ok);
    // A reader that kept the old snapshot still sees it unchanged ...
    QCOMPARE(held->routes().size(), 0);
    // ... and picks up the new one when it refreshes.
    store.routeTable().refresh(held, localGeneration);
    QCOMPARE(held->routes().size(), 1);
    QVERIFY(store.removeRoute(QStringLiteral("a")).ok);
    store.routeTable().refresh(held, localGeneration);
    QCOMPARE(held->routes().size(), 0);
}

void TestConfigStore::incomingFilterRunsBeforeSaving()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    store.setIncomingRouteFilter([](const QJsonObject &route, Diagnostics &warnings) {
        QJsonObject out = route;
        QJsonObject plugins = out[QStringLiteral("plugins")].toObject();
        QJsonObject proxy = plugins[QStringLiteral("ai-proxy")].toObject();
        proxy[QStringLiteral("auth")] = fixtures::json(R"({"header": {"Authorization": "$secret://keychain/moved"}})");
        plugins[QStringLiteral("ai-proxy")] = proxy;
        out[QStringLiteral("plugins")] = plugins;
        warnings.append({Diagnostic::Severity::Warning, {}, QStringLiteral("moved"), QStringLiteral("test")});
        return out;
    });
    const auto r = store.putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json")));
    QVERIFY(r.ok);
    QCOMPARE(r.warnings.value(0).message, QStringLiteral("moved"));
    const QByteArray file = readFile(store.configPath());
    QVERIFY(!file.contains("test-deepseek-key"));
    QVERIFY(file.contains("$secret://keychain/moved"));
}

void TestConfigStore::sectionsPersist()
{
    QTemporaryDir dir;
    {
        ConfigStore store(dir.path());
        store.load();
        QSignalSpy spy(&store, &ConfigStore::sectionChanged);
        QVERIFY(store.setSection(QStringLiteral("settings"), QJsonObject{{QStringLiteral("theme"), QStringLiteral("dark")}}));
        QCOMPARE(spy.count(), 1);
        QVERIFY(!store.setSection(QStringLiteral("routes"), QJsonArray{}));
    }
    ConfigStore store(dir.path());
    store.load();
    QCOMPARE(store.section(QStringLiteral("settings")).toObject().value(QStringLiteral("theme")).toString(),
             QStringLiteral("dark"));
}

void TestConfigStore::storedRoutesPassTheFilterToo()
{
    QTemporaryDir dir;
    ConfigStore store(dir.path());
    store.load();
    QVERIFY(store.putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json"))).ok); // no filter yet
    QVERIFY(readFile(store.configPath()).contains("test-deepseek-key"));
    QSignalSpy changed(&store, &ConfigStore::routesChanged);
    store.setIncomingRouteFilter([](const QJsonObject &route, Diagnostics &) {
        return RouteSchema::mapAuthValues(route, [](const QString &owner, const QString &, const QString &value) {
            return RouteSchema::isSecretReference(value) ? value : QStringLiteral("$secret://keychain/") + owner;
        });
    });
    QVERIFY(store.filterStoredRoutes().isEmpty());
    QCOMPARE(changed.count(), 1);
    QVERIFY(!readFile(store.configPath()).contains("test-deepseek-key"));
    QVERIFY(readFile(store.configPath()).contains("$secret://keychain/deepseek-route"));
    // Nothing left to change: no save, no signal.
    QVERIFY(store.filterStoredRoutes().isEmpty());
    QCOMPARE(changed.count(), 1);
}

QTEST_GUILESS_MAIN(TestConfigStore)
