#include "tst_routeexchange.h"

#include "Fixtures.h"
#include "RouteExchange.h"
#include "RouteSchema.h"
#include "ShellWords.h"
#include "YamlSubset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;
using RE = RouteExchange;

namespace {

const QList<QByteArray> kTestKeys = {"test-deepseek-key", "test-openai-key"};

QList<QJsonObject> seedRoutes()
{
    return {fixtures::object(QStringLiteral("seed/deepseek-route.json")),
            fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))};
}

// The seed routes as the store keeps them once the engine moved their keys into the keychain
// (the multi route's DeepSeek key is the same key, so it reuses the first credential).
QList<QJsonObject> storedSeed()
{
    QList<QJsonObject> out;
    for (const QJsonObject &r : seedRoutes()) {
        QJsonObject stored = RouteSchema::mapAuthValues(
            r, [](const QString &owner, const QString &, const QString &v) -> QString {
                if (v.contains(QLatin1String("deepseek")))
                    return QStringLiteral("$secret://keychain/deepseek-route");
                return QStringLiteral("$secret://keychain/") + owner;
            });
        stored.insert(QStringLiteral("create_time"), 1700000000);
        stored.insert(QStringLiteral("update_time"), 1700000123);
        out << stored;
    }
    return out;
}

QList<QJsonObject> yamlFixtureRoutes()
{
    QList<QJsonObject> out;
    for (const QJsonValue &v :
         QJsonDocument::fromJson(fixtures::bytes(QStringLiteral("apisix/apisix.expected.json")))
             .array())
        out << v.toObject();
    return out;
}

QString problems(const ExchangeProblems &list)
{
    QStringList out;
    for (const ExchangeProblem &p : list)
        out << p.toString();
    return out.join(QStringLiteral("\n"));
}

QByteArray compact(const QJsonValue &v)
{
    if (v.isObject())
        return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    return QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
}

// Every auth value of every route.
QStringList authValues(const QList<QJsonObject> &routes)
{
    QStringList out;
    for (const QJsonObject &r : routes)
        RouteSchema::mapAuthValues(r, [&](const QString &, const QString &, const QString &v) {
            out << v;
            return v;
        });
    return out;
}

// The text without its comment lines (which name the references a placeholder replaces).
QByteArray uncommented(const QByteArray &text)
{
    QByteArrayList kept;
    for (const QByteArray &line : text.split('\n')) {
        if (!line.trimmed().startsWith('#'))
            kept << line;
    }
    return kept.join('\n');
}

int lineOf(const QByteArray &text, const QByteArray &needle, int nth = 1)
{
    const QList<QByteArray> lines = text.split('\n');
    int seen = 0;
    for (int i = 0; i < lines.size(); ++i) {
        if (lines[i].contains(needle) && ++seen == nth)
            return i + 1;
    }
    return 0;
}

const QList<RE::ExportFormat> kFormats = {RE::ExportFormat::AdminList, RE::ExportFormat::RouteJson,
                                          RE::ExportFormat::ApisixYaml,
                                          RE::ExportFormat::CurlScript};

const char *targetName(RE::Target t)
{
    switch (t) {
    case RE::Target::AsStored:
        return "as stored";
    case RE::Target::Apisix:
        return "APISIX";
    case RE::Target::Api7:
        return "API7";
    }
    return "";
}

RE::Format importFormatOf(RE::ExportFormat f)
{
    switch (f) {
    case RE::ExportFormat::AdminList:
    case RE::ExportFormat::RouteJson:
        return RE::Format::AdminJson;
    case RE::ExportFormat::ApisixYaml:
        return RE::Format::ApisixYaml;
    case RE::ExportFormat::CurlScript:
        return RE::Format::Curl;
    }
    return RE::Format::Auto;
}

QHash<QString, QString> envFrom(const QString &spec)
{
    QHash<QString, QString> env;
    for (const QString &pair : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        env.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    return env;
}

const char *kAiProxyBody =
    R"({"uri":"/a","plugins":{"ai-proxy":{"provider":"openai","auth":{"header":{"Authorization":"Bearer x"}}}}})";

} // namespace

// --- Format detection ---

void TestRouteExchange::detectFormat_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("format");
    QTest::newRow("object") << QByteArray("  {\"id\": 1}") << int(RE::Format::AdminJson);
    QTest::newRow("array") << QByteArray("\n[]") << int(RE::Format::AdminJson);
    QTest::newRow("curl first") << QByteArray("curl http://x -X PUT") << int(RE::Format::Curl);
    QTest::newRow("prompt") << QByteArray("$ curl http://x") << int(RE::Format::Curl);
    QTest::newRow("guide prose") << fixtures::bytes(QStringLiteral("apisix/seed-guide.txt"))
                                 << int(RE::Format::Curl);
    QTest::newRow("script") << QByteArray("#!/bin/sh\nset -eu\ncurl -X PUT x\n")
                            << int(RE::Format::Curl);
    QTest::newRow("yaml") << QByteArray("# c\nroutes:\n  - id: 1\n#END\n")
                          << int(RE::Format::ApisixYaml);
    QTest::newRow("yaml with upstreams first")
        << QByteArray("upstreams: []\nroutes: []\n") << int(RE::Format::ApisixYaml);
    QTest::newRow("document start")
        << QByteArray("---\nroutes: []\n") << int(RE::Format::ApisixYaml);
    QTest::newRow("yaml without routes")
        << QByteArray("upstreams: []\n#END\n") << int(RE::Format::ApisixYaml);
    QTest::newRow("prose") << QByteArray("hello world") << int(RE::Format::Auto);
    QTest::newRow("prose with a colon")
        << QByteArray("Note that: this is text") << int(RE::Format::Auto);
}

void TestRouteExchange::detectFormat()
{
    QFETCH(QByteArray, text);
    QFETCH(int, format);
    QCOMPARE(int(RE::detectFormat(text)), format);
}

// --- Round trips ---

void TestRouteExchange::seedRoundTrip_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("target");
    for (RE::ExportFormat f : kFormats) {
        for (RE::Target t : {RE::Target::AsStored, RE::Target::Apisix, RE::Target::Api7})
            QTest::addRow("%s, %s", qPrintable(RE::formatName(f)), targetName(t))
                << int(f) << int(t);
    }
}

void TestRouteExchange::seedRoundTrip()
{
    QFETCH(int, format);
    QFETCH(int, target);
    const QList<QJsonObject> stored = storedSeed();
    RE::ExportOptions options;
    options.target = RE::Target(target);
    options.secrets = RE::Secrets::KeepReferences;
    options.keepTimestamps = true;
    const RE::ExportResult exported = RE::exportRoutes(stored, RE::ExportFormat(format), options);

    const RE::ImportResult imported = RE::importText(exported.text);
    QVERIFY2(imported.ok(), qPrintable(problems(imported.errors) + QStringLiteral("\n") +
                                       QString::fromUtf8(exported.text)));
    QCOMPARE(int(imported.format), int(importFormatOf(RE::ExportFormat(format))));
    QCOMPARE(imported.routes, exported.routes);
    if (RE::Target(target) == RE::Target::AsStored) {
        QCOMPARE(imported.routes, stored);
    } else {
        for (qsizetype i = 0; i < stored.size(); ++i) {
            QCOMPARE(imported.routes[i], RE::convertPaths(stored[i], RE::Target(target)));
            QCOMPARE(RouteSchema::parse(imported.routes[i]).spec.paths,
                     RouteSchema::parse(stored[i]).spec.paths);
        }
    }
}

void TestRouteExchange::yamlFixtureRoundTrip_data()
{
    QTest::addColumn<int>("format");
    for (RE::ExportFormat f : kFormats)
        QTest::newRow(qPrintable(RE::formatName(f))) << int(f);
}

void TestRouteExchange::yamlFixtureRoundTrip()
{
    QFETCH(int, format);
    const RE::ImportResult first =
        RE::importText(fixtures::bytes(QStringLiteral("apisix/apisix.yaml")));
    QVERIFY2(first.ok(), qPrintable(problems(first.errors)));
    const RE::ExportResult exported = RE::exportRoutes(first.routes, RE::ExportFormat(format));
    const RE::ImportResult again = RE::importText(exported.text);
    QVERIFY2(again.ok(), qPrintable(problems(again.errors) + QStringLiteral("\n") +
                                    QString::fromUtf8(exported.text)));
    QCOMPARE(again.routes, yamlFixtureRoutes());
    // The placeholders already were $env:// references: they leave as they are.
    QCOMPARE(exported.environment.size(), 2);
    QCOMPARE(exported.environment[0].name, QStringLiteral("DEEPSEEK_KEY"));
    QCOMPARE(exported.environment[0].usedBy,
             QStringList({"deepseek-chat", "multi/deepseek-backup"}));
    QCOMPARE(exported.environment[1].name, QStringLiteral("OPENAI_KEY"));
}

void TestRouteExchange::placeholderRoundTrip_data()
{
    yamlFixtureRoundTrip_data();
}

void TestRouteExchange::placeholderRoundTrip()
{
    QFETCH(int, format);
    const RE::ExportResult exported = RE::exportRoutes(storedSeed(), RE::ExportFormat(format));
    QVERIFY(!uncommented(exported.text).contains("$secret://keychain"));
    QVERIFY(exported.text.contains("$env://DEEPSEEK_ROUTE"));
    QVERIFY(exported.text.contains("$env://OPENAI_FALLBACK"));
    QVERIFY(!exported.text.contains("create_time"));
    const RE::ImportResult imported = RE::importText(exported.text);
    QVERIFY2(imported.ok(), qPrintable(problems(imported.errors)));
    QCOMPARE(imported.routes, exported.routes);
    QCOMPARE(
        authValues(imported.routes),
        QStringList({"$env://DEEPSEEK_ROUTE", "$env://DEEPSEEK_ROUTE", "$env://OPENAI_FALLBACK"}));
}

// --- Admin JSON ---

void TestRouteExchange::adminJsonShapes_data()
{
    const QJsonObject r1 = seedRoutes()[0];
    const QJsonObject r2 = seedRoutes()[1];
    QJsonObject r1NoId = r1;
    r1NoId.remove(QStringLiteral("id"));
    auto entry = [](const QJsonObject &v, const QString &id) {
        return QJsonObject{{"key", QString("/apisix/routes/" + id)}, {"value", v}};
    };
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("ids");
    QTest::newRow("one route") << compact(r1) << QStringList{"deepseek-route"};
    QTest::newRow("array") << compact(QJsonArray{r1, r2})
                           << QStringList{"deepseek-route", "deepseek-multi-route"};
    QTest::newRow("list answer") << compact(QJsonObject{
                                        {"total", 2},
                                        {"list", QJsonArray{entry(r1, "deepseek-route"),
                                                            entry(r2, "deepseek-multi-route")}}})
                                 << QStringList{"deepseek-route", "deepseek-multi-route"};
    QTest::newRow("key and value, id from the key")
        << compact(entry(r1NoId, "deepseek-route")) << QStringList{"deepseek-route"};
    QTest::newRow("Gatehouse answer with warnings")
        << compact(QJsonObject{
               {"key", "/apisix/routes/deepseek-route"}, {"value", r1}, {"warnings", QJsonArray{}}})
        << QStringList{"deepseek-route"};
    const QJsonObject node{
        {"nodes",
         QJsonArray{QJsonObject{
             {"key", "/apisix/routes/deepseek-route"}, {"value", r1}, {"modifiedIndex", 5}}}}};
    QTest::newRow("APISIX 2 list")
        << compact(QJsonObject{{"action", "get"}, {"node", node}}) << QStringList{"deepseek-route"};
    QTest::newRow("array of entries") << compact(QJsonArray{entry(r2, "deepseek-multi-route")})
                                      << QStringList{"deepseek-multi-route"};
    QTest::newRow("config.json") << compact(QJsonObject{{"schema_version", 1},
                                                        {"routes", QJsonArray{r1, r2}}})
                                 << QStringList{"deepseek-route", "deepseek-multi-route"};
}

void TestRouteExchange::adminJsonShapes()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, ids);
    const RE::ImportResult result = RE::importText(text);
    QVERIFY2(result.ok(), qPrintable(problems(result.errors)));
    QCOMPARE(int(result.format), int(RE::Format::AdminJson));
    QStringList got;
    for (const QJsonObject &r : result.routes) {
        got << RouteSchema::routeId(r);
        // API7's paths stay as they came.
        QCOMPARE(r.value(u"paths").toArray(), QJsonArray{"/deepseek"});
    }
    QCOMPARE(got, ids);
}

// --- apisix.yaml ---

void TestRouteExchange::yamlFixture()
{
    const QByteArray text = fixtures::bytes(QStringLiteral("apisix/apisix.yaml"));
    const RE::ImportResult result = RE::importText(text);
    QVERIFY2(result.ok(), qPrintable(problems(result.errors)));
    QCOMPARE(int(result.format), int(RE::Format::ApisixYaml));
    QCOMPARE(result.routes, yamlFixtureRoutes());
    QCOMPARE(result.warnings.size(), 1);
    QCOMPARE(result.warnings[0].code, QStringLiteral("section-ignored"));
    QCOMPARE(result.warnings[0].line, lineOf(text, "upstreams:"));
    QCOMPARE(result.warnings[0].path, QStringLiteral("upstreams"));
}

void TestRouteExchange::yamlReader_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("scalars")
        << QByteArray("i: 42\nn: -7\nf: 1.5\ne: 1e3\nt: true\nF: False\nz: ~\nnul: null\nempty:\n"
                      "s: 'it''s'\nd: \"tab\\there \\u00e9 \\\"q\\\"\"\nurl: http://x:80/a#frag\n"
                      "c: value # comment\nhash: a#b\nkey with spaces: v w\n\"quoted key\": 1\n"
                      "'single key': 2\nstar: '*.example.com'\nport: 127.0.0.1:1980\n")
        << QByteArray(R"({"i":42,"n":-7,"f":1.5,"e":1000,"t":true,"F":false,"z":null,"nul":null,
                                  "empty":null,"s":"it's","d":"tab\there é \"q\"","url":"http://x:80/a#frag",
                                  "c":"value","hash":"a#b","key with spaces":"v w","quoted key":1,"single key":2,
                                  "star":"*.example.com","port":"127.0.0.1:1980"})");
    QTest::newRow("block scalars")
        << QByteArray("a: |\n  line 1\n   indented\n  line 3\n\nb: |-\n  keep\nc: >\n  folded\n"
                      "  text\n\n  para\nd: >-\n  x\ne: |+\n  kept\n\nf: end\n"
                      "g: |\n  # not a comment\n  x: y\n")
        << QByteArray(R"({"a":"line 1\n indented\nline 3\n","b":"keep","c":"folded text\npara\n",
                                        "d":"x","e":"kept\n\n","f":"end","g":"# not a comment\nx: y\n"})");
    QTest::newRow("sequences")
        << QByteArray(
               "top:\n- a\n- b\nnested:\n  - - 1\n    - 2\n  - [3, 4]\nmaps:\n  - k: 1\n"
               "    j: 2\n  -\n    k: 3\n  - list:\n    - x\nempty_list: []\nempty_map: {}\n")
        << QByteArray(R"({"top":["a","b"],"nested":[[1,2],[3,4]],"maps":[{"k":1,"j":2},{"k":3},
                                    {"list":["x"]}],"empty_list":[],"empty_map":{}})");
    QTest::newRow("flow")
        << QByteArray("x: {a: [1, {b: c}], \"d\": 'e', f: , \"g\":1}\ny: [ ]\nz: [a, b, ]\n"
                      "m: [\n  one,   # first\n  two\n]\n")
        << QByteArray(R"({"x":{"a":[1,{"b":"c"}],"d":"e","f":null,"g":1},"y":[],"z":["a","b"],
                               "m":["one","two"]})");
    QTest::newRow("root sequence") << QByteArray("- 1\n- two\n") << QByteArray(R"([1,"two"])");
    QTest::newRow("document start and comments")
        << QByteArray("--- # start\n# c\na: 1 # c\n# c\nb:   # c\n  c: 2\n\n  d: 3\n")
        << QByteArray(R"({"a":1,"b":{"c":2,"d":3}})");
    QTest::newRow("crlf and bom") << QByteArray("\xef\xbb\xbf"
                                                "a: 1\r\nb:\r\n  - x\r\n")
                                  << QByteArray(R"({"a":1,"b":["x"]})");
    QTest::newRow("deeper list items") << QByteArray("a:\n    -   x: 1\n        y: 2\n    -   z\n")
                                       << QByteArray(R"({"a":[{"x":1,"y":2},"z"]})");
}

void TestRouteExchange::yamlReader()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QByteArray, json);
    const YamlSubset::Document doc = YamlSubset::read(yaml);
    QStringList errors;
    for (const YamlSubset::Error &e : doc.errors)
        errors << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
    QVERIFY2(doc.ok(), qPrintable(errors.join(QStringLiteral("\n"))));
    QJsonParseError pe;
    const QJsonDocument expected = QJsonDocument::fromJson(json, &pe);
    QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
    const QJsonValue want =
        expected.isArray() ? QJsonValue(expected.array()) : QJsonValue(expected.object());
    QVERIFY2(doc.root == want, compact(doc.root).constData());
}

void TestRouteExchange::yamlErrors_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("tab") << QByteArray("a:\n\tb: 1\n") << 2 << "tab indents this line";
    QTest::newRow("anchor") << QByteArray("a: &x 1\n") << 1 << "anchors (&name) are not supported";
    QTest::newRow("alias") << QByteArray("a: 1\nb: *x\n") << 2
                           << "aliases (*name) are not supported";
    QTest::newRow("tag") << QByteArray("a: !!str 1\n") << 1 << "tags (!tag) are not supported";
    QTest::newRow("complex key") << QByteArray("? a\n: b\n") << 1 << "complex keys";
    QTest::newRow("duplicate key")
        << QByteArray("a: 1\nb: 2\na: 3\n") << 3 << "appears twice in this mapping";
    QTest::newRow("duplicate flow key") << QByteArray("a: {x: 1, x: 2}\n") << 1 << "appears twice";
    QTest::newRow("unterminated quote") << QByteArray("a: 1\nb: \"x\n") << 2 << "never closed";
    QTest::newRow("unterminated flow")
        << QByteArray("a: [1, 2\nb: 3\n") << 1 << "never closed: add the closing ]";
    QTest::newRow("second document")
        << QByteArray("a: 1\n---\nb: 2\n") << 2 << "second YAML document";
    QTest::newRow("document end") << QByteArray("a: 1\n...\n") << 2 << "end the file with #END";
    QTest::newRow("directive") << QByteArray("%YAML 1.2\n---\na: 1\n") << 1 << "directives";
    QTest::newRow("yes") << QByteArray("a: 1\nb: yes\n") << 2 << "boolean to some YAML readers";
    QTest::newRow("octal") << QByteArray("a: 0755\n") << 1 << "octal to some YAML readers";
    QTest::newRow("hex") << QByteArray("a: 0x1F\n") << 1 << "hexadecimal";
    QTest::newRow("infinity") << QByteArray("a: .inf\n") << 1 << "infinity";
    QTest::newRow("plain value continues")
        << QByteArray("a: one\n  two\n") << 2 << "which already ended";
    QTest::newRow("indentation matches nothing")
        << QByteArray("a:\n    b: 1\n  c: 2\n") << 3 << "matches no key above it";
    QTest::newRow("list where a key belongs") << QByteArray("a: 1\n- b\n") << 2 << "list item";
    QTest::newRow("colon ending a plain value")
        << QByteArray("a: http://x:\n") << 1 << "cannot end with \":\"";
    QTest::newRow("colon in plain value")
        << QByteArray("a: b: c\n") << 1 << "cannot contain \": \"";
    QTest::newRow("indentation indicator")
        << QByteArray("a: |2\n  x\n") << 1 << "indentation indicator";
    QTest::newRow("pair inside list") << QByteArray("a: [b: c]\n") << 1 << "directly inside [ ]";
    QTest::newRow("text after quote")
        << QByteArray("a: \"x\" y\n") << 1 << "unexpected text after this value";
    QTest::newRow("list on the key's line")
        << QByteArray("a: - b\n") << 1 << "cannot start on the line of its key";
    QTest::newRow("block less indented")
        << QByteArray("a: |\n    x\n  y\n") << 3 << "indented less than the first line";
    QTest::newRow("reserved character") << QByteArray("a: @x\n") << 1 << "cannot start with \"@\"";
    QTest::newRow("bad escape") << QByteArray("a: \"\\q\"\n") << 1 << "not an escape";
    QTest::newRow("not a key") << QByteArray("a: 1\njust text\n") << 2 << "expected \"key: value\"";
}

void TestRouteExchange::yamlErrors()
{
    QFETCH(QByteArray, yaml);
    QFETCH(int, line);
    QFETCH(QString, fragment);
    const YamlSubset::Document doc = YamlSubset::read(yaml);
    QVERIFY(!doc.ok());
    QStringList all;
    bool found = false;
    for (const YamlSubset::Error &e : doc.errors) {
        all << QStringLiteral("line %1: %2").arg(e.line).arg(e.message);
        found = found || (e.line == line && e.message.contains(fragment));
    }
    QVERIFY2(found, qPrintable(all.join(QStringLiteral("\n"))));

    // The importer reports the same problem at the same line.
    const RE::ImportResult imported =
        RE::importText("routes: []\n" + yaml, {RE::Format::ApisixYaml, {}, true});
    QVERIFY(!imported.ok());
    QVERIFY2(std::any_of(imported.errors.begin(), imported.errors.end(),
                         [&](const ExchangeProblem &p) {
                             return p.line == line + 1 && p.message.contains(fragment);
                         }),
             qPrintable(problems(imported.errors)));
}

void TestRouteExchange::yamlWriterQuoting_data()
{
    QTest::addColumn<QString>("text");
    const QStringList cases = {"plain",
                               "true",
                               "False",
                               "null",
                               "~",
                               "yes",
                               "off",
                               "123",
                               "-7",
                               "0755",
                               "1e3",
                               ".5",
                               "0x1F",
                               ".inf",
                               "",
                               " lead",
                               "trail ",
                               "a: b",
                               "a #b",
                               "a#b",
                               "#x",
                               "- a",
                               "-",
                               "?",
                               "[x",
                               "{x",
                               "]",
                               "}",
                               ",",
                               "key:",
                               "'q'",
                               "\"dq\"",
                               "*star",
                               "&amp",
                               "!bang",
                               "%pct",
                               "@at",
                               "`tick",
                               "|",
                               ">",
                               "multi\nline",
                               "tab\there",
                               "ünïcödé",
                               "$env://X",
                               "/v1/*",
                               "Bearer sk-abc",
                               "http://h:1/p?q=1#f",
                               "back\\slash",
                               "ctl\x01",
                               "127.0.0.1:1980"};
    for (const QString &c : cases)
        QTest::newRow(qPrintable(QString(c).replace(QLatin1Char('\n'), QStringLiteral("\\n"))))
            << c;
}

void TestRouteExchange::yamlWriterQuoting()
{
    QFETCH(QString, text);
    const QJsonObject value{{"k", text},
                            {"list", QJsonArray{text, 1, QJsonValue::Null}},
                            {text.isEmpty() ? QStringLiteral("e") : text, 1}};
    const QByteArray yaml = YamlSubset::write(value);
    const YamlSubset::Document doc = YamlSubset::read(yaml);
    QVERIFY2(doc.ok(), yaml.constData());
    QVERIFY2(doc.root == value, yaml.constData());
}

void TestRouteExchange::yamlEndMarker()
{
    const QByteArray body =
        "routes:\n  - id: a\n    uri: /a\n    plugins:\n      ai-proxy:\n        provider: openai\n"
        "        auth: {header: {Authorization: $env://K}}\n";
    RE::ImportResult r = RE::importText(body);
    QVERIFY2(r.ok(), qPrintable(problems(r.errors)));
    QCOMPARE(r.warnings.size(), 1);
    QCOMPARE(r.warnings[0].code, QStringLiteral("missing-end-marker"));

    // What follows #END is not read, however broken.
    r = RE::importText(body + "#END\n\nbroken: [\n");
    QVERIFY2(r.ok(), qPrintable(problems(r.errors)));
    QCOMPARE(r.routes.size(), 1);
    QCOMPARE(r.warnings.size(), 1);
    QCOMPARE(r.warnings[0].code, QStringLiteral("after-end-marker"));
    QCOMPARE(r.warnings[0].line, 10);
}

// --- curl ---

void TestRouteExchange::curlPasteSeedGuide()
{
    const QByteArray guide = fixtures::bytes(QStringLiteral("apisix/seed-guide.txt"));
    RE::ImportOptions options;
    options.environment = QHash<QString, QString>{{"ADMIN_API_KEY", "admin-key"},
                                                  {"SERVICE_ID", "svc-1"},
                                                  {"DEEPSEEK_API_KEY", "test-deepseek-key"},
                                                  {"OPENAI_API_KEY", "test-openai-key"}};
    const RE::ImportResult r = RE::importText(guide, options);
    QVERIFY2(r.ok(), qPrintable(problems(r.errors)));
    QCOMPARE(int(r.format), int(RE::Format::Curl));
    // Exactly the fixtures: the keys filled in from the environment, and "$SERVICE_ID" kept as
    // text because the guide writes it inside single quotes, where the shell does not expand it.
    QCOMPARE(r.routes, seedRoutes());
    // The validation request is not a route.
    QCOMPARE(r.warnings.size(), 1);
    QCOMPARE(r.warnings[0].code, QStringLiteral("skipped-command"));
    QCOMPARE(r.warnings[0].line, lineOf(guide, "curl \"http://127.0.0.1:9080/deepseek\""));
    QVERIFY(r.warnings[0].message.contains(QLatin1String("POST http://127.0.0.1:9080/deepseek")));
}

void TestRouteExchange::curlPasteWithoutEnvironment()
{
    const QByteArray guide = fixtures::bytes(QStringLiteral("apisix/seed-guide.txt"));
    const RE::ImportResult r = RE::importText(guide);
    QVERIFY(!r.ok());
    // The variables stay as text, and every key that holds one is an error with its line.
    QCOMPARE(r.routes.size(), 2);
    QCOMPARE(authValues(r.routes),
             QStringList({"Bearer $DEEPSEEK_API_KEY", "Bearer $DEEPSEEK_API_KEY",
                          "Bearer $OPENAI_API_KEY"}));
    QCOMPARE(r.errors.size(), 3);
    const int firstBody = lineOf(guide, "-d '{", 1);
    const int secondBody = lineOf(guide, "-d '{", 2);
    QCOMPARE(r.errors[0].line, firstBody);
    QVERIFY(r.errors[0].message.contains(
        QLatin1String("deepseek-route holds the text \"$DEEPSEEK_API_KEY\"")));
    QVERIFY(r.errors[0].message.contains(QLatin1String("$env://DEEPSEEK_API_KEY")));
    QCOMPARE(r.errors[1].line, secondBody);
    QCOMPARE(r.errors[2].line, secondBody);
    for (const ExchangeProblem &p : r.errors)
        QCOMPARE(p.code, QStringLiteral("unexpanded-variable"));
}

void TestRouteExchange::curlVariants_data()
{
    const QString body = QString::fromUtf8(kAiProxyBody);
    QString withId = body;
    withId.insert(1, QStringLiteral("\"id\":\"r2\","));
    QString spliced = withId;
    spliced.replace(QStringLiteral("Bearer x"), QStringLiteral("Bearer '\"${KEY}\"'"));
    QString defaulted = withId;
    defaulted.replace(QStringLiteral("Bearer x"),
                      QStringLiteral("Bearer '\"${MISSING:-fallback}\"'"));
    QString escaped = withId;
    escaped.replace(QStringLiteral("\""), QStringLiteral("\\\""));

    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("env");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected"); // the route id, or a piece of the error
    QTest::addColumn<QString>("auth");
    QTest::newRow("--data-raw, id in the URL")
        << "curl -X PUT http://h:9180/apisix/admin/routes/r1 -H 'X-API-KEY: k' --data-raw '" +
               body + "'"
        << "" << true << "r1"
        << "Bearer x";
    QTest::newRow("-XPUT and -d attached")
        << "curl -sS -XPUT -d'" + withId + "' http://h/apisix/admin/routes"
        << "" << true << "r2"
        << "Bearer x";
    QTest::newRow("--json, id in URL and body")
        << "curl --json '" + withId + "' http://h/apisix/admin/routes/r2/"
        << "" << true << "r2"
        << "Bearer x";
    QTest::newRow("--url and a prompt")
        << "$ curl --url http://h/apisix/admin/routes/r1?x=1 -X PUT -d '" + body + "'"
        << "" << true << "r1"
        << "Bearer x";
    QTest::newRow("braced variable")
        << "curl http://h/apisix/admin/routes -X PUT -d '" + spliced + "'"
        << "KEY=sk-123" << true << "r2"
        << "Bearer sk-123";
    QTest::newRow("default value")
        << "curl http://h/apisix/admin/routes -X PUT -d '" + defaulted + "'"
        << "" << true << "r2"
        << "Bearer fallback";
    QTest::newRow("double-quoted body")
        << "curl http://h/apisix/admin/routes -X PUT -d \"" + escaped + "\""
        << "" << true << "r2"
        << "Bearer x";
    QTest::newRow("wrong id") << "curl -X PUT http://h/apisix/admin/routes/other -d '" + withId +
                                     "'"
                              << "" << false
                              << "wrong route id: the body says \"r2\" but the URL says \"other\""
                              << "";
    QTest::newRow("body from a file")
        << QStringLiteral("curl -X PUT http://h/apisix/admin/routes/r -d @route.json") << ""
        << false << "reads the body from a file"
        << "";
    QTest::newRow("several -d") << "curl -X PUT http://h/apisix/admin/routes/r -d '" + body +
                                       "' -d 'x=1'"
                                << "" << false << "several -d"
                                << "";
    QTest::newRow("PATCH") << "curl -X PATCH http://h/apisix/admin/routes/r -d '{}'"
                           << "" << false << "a PATCH changes part of a route"
                           << "";
    QTest::newRow("no id anywhere") << "curl -X POST http://h/apisix/admin/routes -d '" + body + "'"
                                    << "" << false << "this route has no id"
                                    << "";
    QTest::newRow("bad JSON") << QStringLiteral(
                                     "curl -X PUT http://h/apisix/admin/routes/r -d '{\"id\": }'")
                              << "" << false << "the JSON after -d is not valid"
                              << "";
    QTest::newRow("command substitution")
        << QStringLiteral("curl -H \"X-API-KEY: $(cat key)\" http://h/apisix/admin/routes/r") << ""
        << false << "command substitution"
        << "";
    QTest::newRow("unterminated quote")
        << QStringLiteral("curl -X PUT http://h/apisix/admin/routes/r -d '{") << "" << false
        << "never closed"
        << "";
    QTest::newRow("a GET carries no route")
        << QStringLiteral("curl http://h/apisix/admin/routes/r") << "" << false << "no routes found"
        << "";
    QTest::newRow("no body") << QStringLiteral("curl -X PUT http://h/apisix/admin/routes/r") << ""
                             << false << "this PUT has no body"
                             << "";
    QTest::newRow("two URLs") << QStringLiteral("curl http://a/apisix/admin/routes/r http://b/")
                              << "" << false << "several URLs"
                              << "";
    QTest::newRow("option without its value")
        << QStringLiteral("curl http://h/apisix/admin/routes/r -X") << "" << false
        << "needs a value"
        << "";
}

void TestRouteExchange::curlVariants()
{
    QFETCH(QString, text);
    QFETCH(QString, env);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    QFETCH(QString, auth);
    RE::ImportOptions options;
    options.format = RE::Format::Curl;
    if (!env.isEmpty())
        options.environment = envFrom(env);
    const RE::ImportResult r = RE::importText(text.toUtf8(), options);
    if (ok) {
        QVERIFY2(r.ok(), qPrintable(problems(r.errors)));
        QCOMPARE(r.routes.size(), 1);
        QCOMPARE(RouteSchema::routeId(r.routes[0]), expected);
        QCOMPARE(authValues(r.routes), QStringList{auth});
    } else {
        QVERIFY(!r.ok());
        QVERIFY2(problems(r.errors).contains(expected), qPrintable(problems(r.errors)));
        for (const ExchangeProblem &p : r.errors) {
            if (!p.message.contains(QLatin1String("no routes found")))
                QCOMPARE(p.line, 1);
        }
    }
}

void TestRouteExchange::shellWords_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("env");
    QTest::addColumn<QString>("words"); // words joined by |, commands by ;
    QTest::newRow("the guide's splice") << R"(curl -d '{"a":"Bearer '"$K"'"}')"
                                        << "K=v"
                                        << R"(curl|-d|{"a":"Bearer v"})";
    QTest::newRow("continuation") << "curl a \\\n  b\\\nc"
                                  << ""
                                  << "curl|a|bc";
    QTest::newRow("double quotes") << R"(echo "a \"b\" \$c \\d \x")"
                                   << ""
                                   << R"(echo|a "b" $c \d \x)";
    QTest::newRow("separators") << "a; b && c | d\ne"
                                << ""
                                << "a;b;c;d;e";
    QTest::newRow("comment") << "a # b c\nd"
                             << ""
                             << "a;d";
    QTest::newRow("unset variables stay") << "echo $NOPE ${NOPE} $1 $"
                                          << ""
                                          << "echo|$NOPE|${NOPE}|$1|$";
    QTest::newRow("adjacent quoting") << R"(a'b'"c"d\ e)"
                                      << ""
                                      << "abcd e";
    QTest::newRow("empty quotes are a word") << "a '' b"
                                             << ""
                                             << "a||b";
    QTest::newRow("multi-line single quotes") << "a 'x\ny' b"
                                              << ""
                                              << "a|x\ny|b";
}

void TestRouteExchange::shellWords()
{
    QFETCH(QString, text);
    QFETCH(QString, env);
    QFETCH(QString, words);
    const QString &expected = words;
    const ShellWords::Result r =
        ShellWords::split(text, env.isEmpty() ? ShellWords::Environment() : envFrom(env));
    QVERIFY(r.errors.isEmpty());
    QStringList commands;
    for (const ShellWords::Command &c : r.commands) {
        QStringList w;
        for (const ShellWords::Word &word : c.words)
            w << word.text;
        commands << w.join(QLatin1Char('|'));
    }
    QCOMPARE(commands.join(QLatin1Char(';')), expected);
}

// --- Problems ---

void TestRouteExchange::importErrors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("fragment");

    const QByteArray yamlHead = "routes:\n  - id: a\n    uri: /a\n    plugins:\n      ai-proxy:\n";
    QTest::newRow("empty") << QByteArray("  \n") << 0 << ""
                           << "the text is empty";
    QTest::newRow("not a format") << QByteArray("hello world") << 0 << ""
                                  << "not a format Gatehouse imports";
    QTest::newRow("JSON syntax") << QByteArray("{\n  \"id\": \"x\",\n  \"uri\": ,\n}") << 3 << ""
                                 << "the JSON is not valid";
    QTest::newRow("JSON schema, list answer")
        << QByteArray(
               R"({"total":1,"list":[{"key":"/apisix/routes/x","value":{"id":"x","uri":"/a","plugins":{"ai-proxy":{"provider":"nope","auth":{"header":{"Authorization":"$env://K"}}}}}}]})")
        << 0 << "list[0].value.plugins.ai-proxy.provider"
        << "matches none of the enum values";
    QTest::newRow("JSON item not a route") << QByteArray("[1]") << 0 << "[0]"
                                           << "expected a route object";
    QTest::newRow("JSON route without paths")
        << QByteArray(
               R"([{"id":"x","plugins":{"ai-proxy":{"provider":"openai","auth":{"header":{"A":"$env://K"}}}}}])")
        << 0 << "[0].paths"
        << "a route needs at least one path";
    QTest::newRow("YAML schema")
        << yamlHead + "        provider: nope\n        auth: {header: {A: $env://K}}\n#END\n"
        << 6 << "routes[0].plugins.ai-proxy.provider"
        << "matches none of the enum values";
    QTest::newRow("YAML missing field, nearest line")
        << yamlHead + "        provider: openai\n#END\n"
        << 5 << "routes[0].plugins.ai-proxy.auth"
        << "property \"auth\" is required";
    QTest::newRow("YAML flow value")
        << yamlHead + "        provider: openai\n        auth: {header: {A: 1}}\n#END\n"
        << 7 << "routes[0].plugins.ai-proxy.auth.header.A"
        << "expected string";
    QTest::newRow("YAML without routes") << QByteArray("upstreams: []\n#END\n") << 1 << ""
                                         << "there is no \"routes:\" section";
    QTest::newRow("YAML routes not a list")
        << QByteArray("routes:\n  a: 1\n#END\n") << 1 << "routes"
        << "must be a list";
    QTest::newRow("YAML route not a mapping")
        << QByteArray("routes:\n  - 1\n#END\n") << 2 << "routes[0]"
        << "a route is a mapping";
    QTest::newRow("YAML duplicate ids")
        << yamlHead +
               "        provider: openai\n        auth: {header: {A: $env://K}}\n  - id: a\n    "
               "uri: /b\n"
               "    plugins: {ai-proxy: {provider: openai, auth: {header: {A: $env://K}}}}\n#END\n"
        << 8 << "routes[1].id"
        << "the route id \"a\" appears twice (also at line 2)";
    QTest::newRow("curl body JSON, line in the paste")
        << QByteArray("# set up\ncurl http://h/apisix/admin/routes/r -X PUT \\\n  -d '{\n  \"id\": "
                      "\"r\",\n  \"uri\": x\n}'\n")
        << 5 << ""
        << "line 3, column";
    QTest::newRow("curl schema, line of the body")
        << QByteArray("\n\ncurl http://h/apisix/admin/routes/r -X PUT -d "
                      "'{\"uri\":\"/a\",\"plugins\":{}}'\n")
        << 3 << "plugins"
        << "needs the ai-proxy or ai-proxy-multi plugin";
}

void TestRouteExchange::importErrors()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, path);
    QFETCH(QString, fragment);
    const RE::ImportResult r = RE::importText(text);
    QVERIFY(!r.ok());
    const bool found = std::any_of(r.errors.begin(), r.errors.end(), [&](const ExchangeProblem &p) {
        return p.line == line && p.path == path && p.message.contains(fragment);
    });
    QVERIFY2(found, qPrintable(problems(r.errors)));
    // Every problem says where it is.
    for (const ExchangeProblem &p : r.errors) {
        if (line > 0 || !path.isEmpty())
            QVERIFY2(!p.location().isEmpty(), qPrintable(p.toString()));
    }
}

void TestRouteExchange::allProblemsAtOnce()
{
    const QByteArray yaml =
        "routes:\n"
        "  - id: one\n"
        "    uri: /a\n"
        "    plugins:\n"
        "      ai-proxy: {provider: nope, auth: {header: {A: $env://K}}}\n" // 5
        "  - id: two\n"
        "    uri: /b\n"
        "    plugins:\n"
        "      ai-proxy-multi:\n"
        "        instances:\n"
        "          - name: x\n" // 11
        "            provider: openai\n"
        "            auth: {header: {A: $env://K}}\n"
        "  - id: one\n"       // 14
        "    uri: relative\n" // 15
        "    plugins: {ai-proxy: {provider: openai, auth: {header: {A: $env://K}}}}\n"
        "#END\n";
    const RE::ImportResult r = RE::importText(yaml);
    QCOMPARE(r.routes.size(), 3);
    QStringList got;
    for (const ExchangeProblem &p : r.errors)
        got << QStringLiteral("%1 %2").arg(p.line).arg(p.path);
    QCOMPARE(got, QStringList({"5 routes[0].plugins.ai-proxy.provider",
                               "11 routes[1].plugins.ai-proxy-multi.instances[0].weight",
                               "14 routes[2].id", "15 routes[2].uri"}));
}

// --- Export ---

void TestRouteExchange::secretsLeaveAsPlaceholders_data()
{
    yamlFixtureRoundTrip_data();
}

void TestRouteExchange::secretsLeaveAsPlaceholders()
{
    QFETCH(int, format);
    const QJsonObject r1 =
        fixtures::json(R"({"id":"r1","uri":"/a","plugins":{"ai-proxy":{"provider":"openai",
        "auth":{"header":{"Authorization":"$secret://keychain/deepseek-route"},"query":{"key":"sk-live-literal-123"}}}}})");
    const QJsonObject r2 =
        fixtures::json(R"({"id":"r2","uri":"/b","plugins":{"ai-proxy-multi":{"instances":[
        {"name":"a","provider":"deepseek","weight":1,"auth":{"header":{"Authorization":"$secret://keychain/deepseek-route"}}},
        {"name":"b","provider":"openai","weight":1,"auth":{"header":{"Authorization":"Bearer sk-live-literal-456"}}},
        {"name":"c","provider":"openai","weight":1,"auth":{"header":{"Authorization":"$env://EXISTING_VAR"}}},
        {"name":"d","provider":"openai","weight":1,"auth":{"header":{"Authorization":"$secret://vault/kv/openai"}}},
        {"name":"e","provider":"openai","weight":1,"auth":{"header":{"Authorization":"$secret://keychain/deepseek.route"}}}
    ]}}})");
    const RE::ExportResult out = RE::exportRoutes({r1, r2}, RE::ExportFormat(format));
    QVERIFY(!out.text.contains("sk-live-literal"));
    QVERIFY(!uncommented(out.text).contains("$secret://keychain"));
    QVERIFY(
        out.text.contains("$secret://vault/kv/openai")); // APISIX resolves other managers itself

    QStringList names;
    for (const RE::EnvVariable &v : out.environment)
        names << v.name;
    QCOMPARE(names, QStringList({"DEEPSEEK_ROUTE", "R1", "B", "EXISTING_VAR", "DEEPSEEK_ROUTE_2"}));
    QCOMPARE(out.environment[0].replaces, QStringLiteral("$secret://keychain/deepseek-route"));
    QCOMPARE(out.environment[0].usedBy, QStringList({"r1", "r2/a"}));
    QCOMPARE(out.environment[1].replaces, QStringLiteral("a literal key"));
    QCOMPARE(out.environment[4].replaces, QStringLiteral("$secret://keychain/deepseek.route"));
    const int literalWarnings =
        int(std::count_if(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
            return p.code == QLatin1String("literal-key-replaced");
        }));
    QCOMPARE(literalWarnings, 2);

    const RE::ImportResult back = RE::importText(out.text);
    QVERIFY2(back.ok(), qPrintable(problems(back.errors)));
    QCOMPARE(authValues(back.routes),
             QStringList({"$env://DEEPSEEK_ROUTE", "$env://R1", "$env://DEEPSEEK_ROUTE", "$env://B",
                          "$env://EXISTING_VAR", "$secret://vault/kv/openai",
                          "$env://DEEPSEEK_ROUTE_2"}));
    // The variables the cluster needs are named in the text itself (not in the JSON ones).
    if (RE::ExportFormat(format) == RE::ExportFormat::ApisixYaml ||
        RE::ExportFormat(format) == RE::ExportFormat::CurlScript)
        QVERIFY(out.text.contains(
            "#   DEEPSEEK_ROUTE  (replaces $secret://keychain/deepseek-route; used by r1, r2/a)"));
}

void TestRouteExchange::keepReferences()
{
    RE::ExportOptions options;
    options.secrets = RE::Secrets::KeepReferences;
    QList<QJsonObject> routes = storedSeed();
    routes[0] = RouteSchema::mapAuthValues(routes[0],
                                           [](const QString &, const QString &, const QString &) {
                                               return QStringLiteral("Bearer sk-live-literal-789");
                                           });
    const RE::ExportResult out = RE::exportRoutes(routes, RE::ExportFormat::ApisixYaml, options);
    QVERIFY(out.text.contains("$secret://keychain/deepseek-route"));
    QVERIFY(out.text.contains("$secret://keychain/openai-fallback"));
    QVERIFY(!out.text.contains("sk-live-literal")); // a literal never leaves, whatever the option
    QVERIFY(out.text.contains("$env://DEEPSEEK_ROUTE"));
    QCOMPARE(out.environment.size(), 1);
    QCOMPARE(out.environment[0].name, QStringLiteral("DEEPSEEK_ROUTE"));
    QCOMPARE(out.environment[0].replaces, QStringLiteral("a literal key"));
    QVERIFY(std::any_of(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
        return p.code == QLatin1String("keychain-reference-kept");
    }));
}

void TestRouteExchange::environmentNames_data()
{
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QString>("name");
    QTest::newRow("dashes") << "deepseek-route"
                            << "DEEPSEEK_ROUTE";
    QTest::newRow("dots and underscores") << "openai.fallback_2"
                                          << "OPENAI_FALLBACK_2";
    QTest::newRow("runs collapse") << "a--b..c"
                                   << "A_B_C";
    QTest::newRow("leading digit") << "9lives"
                                   << "KEY_9LIVES";
    QTest::newRow("nothing usable") << "--"
                                    << "GATEHOUSE_KEY";
    QTest::newRow("already upper") << "OPENAI_KEY"
                                   << "OPENAI_KEY";
}

void TestRouteExchange::environmentNames()
{
    QFETCH(QString, hint);
    QFETCH(QString, name);
    QCOMPARE(RE::environmentName(hint), name);
}

void TestRouteExchange::targets()
{
    QJsonObject two = seedRoutes()[0];
    two.insert(QStringLiteral("paths"), QJsonArray{"/a", "/b/*"});
    QJsonObject uriOnly = seedRoutes()[1];
    uriOnly.remove(QStringLiteral("paths"));
    uriOnly.insert(QStringLiteral("uri"), QStringLiteral("/deepseek"));

    RE::ExportOptions options;
    options.target = RE::Target::Apisix;
    RE::ExportResult out =
        RE::exportRoutes({seedRoutes()[0], two, uriOnly}, RE::ExportFormat::RouteJson, options);
    QCOMPARE(out.routes[0].value(u"uri").toString(), QStringLiteral("/deepseek"));
    QVERIFY(!out.routes[0].contains(u"paths"));
    QCOMPARE(out.routes[1].value(u"uris").toArray(), QJsonArray({"/a", "/b/*"}));
    QVERIFY(!out.routes[1].contains(u"uri"));
    QCOMPARE(out.routes[2].value(u"uri").toString(), QStringLiteral("/deepseek"));
    QVERIFY(std::none_of(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
        return p.code == QLatin1String("paths-not-apisix");
    }));

    options.target = RE::Target::Api7;
    out = RE::exportRoutes({uriOnly}, RE::ExportFormat::RouteJson, options);
    QCOMPARE(out.routes[0].value(u"paths").toArray(), QJsonArray{"/deepseek"});
    QVERIFY(!out.routes[0].contains(u"uri"));

    // As stored, `paths` goes out as it is, with a warning that open-source APISIX rejects it.
    out = RE::exportRoutes({seedRoutes()[0]}, RE::ExportFormat::ApisixYaml);
    QVERIFY(out.text.contains("paths:"));
    const auto it =
        std::find_if(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
            return p.code == QLatin1String("paths-not-apisix");
        });
    QVERIFY(it != out.warnings.end());
    QCOMPARE(it->path, QStringLiteral("routes[0].paths"));
    // The seed's service_id is shell text nobody filled in.
    QVERIFY(std::any_of(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
        return p.code == QLatin1String("placeholder-service-id");
    }));
}

void TestRouteExchange::timestamps()
{
    const QList<QJsonObject> stored = storedSeed();
    RE::ExportResult out = RE::exportRoutes(stored, RE::ExportFormat::AdminList);
    QVERIFY(!out.text.contains("create_time"));
    QVERIFY(!out.text.contains("update_time"));
    RE::ExportOptions options;
    options.keepTimestamps = true;
    out = RE::exportRoutes(stored, RE::ExportFormat::AdminList, options);
    QCOMPARE(out.routes[0].value(u"create_time").toInteger(), 1700000000);
    QCOMPARE(out.routes[0].value(u"update_time").toInteger(), 1700000123);
}

void TestRouteExchange::gatehouseLabels()
{
    QJsonObject route = storedSeed()[1];
    route.insert(QStringLiteral("labels"),
                 QJsonObject{{"gatehouse.route_by_model", "prefer"}, {"team", "platform"}});
    // Kept by default, so a round trip keeps Gatehouse's settings; a cluster is told they do
    // nothing there.
    RE::ExportOptions options;
    RE::ExportResult out = RE::exportRoutes({route}, RE::ExportFormat::ApisixYaml, options);
    QCOMPARE(RE::importText(out.text).routes.value(0).value(u"labels"), route.value(u"labels"));
    QVERIFY(std::none_of(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
        return p.code == QLatin1String("gatehouse-labels");
    }));
    options.target = RE::Target::Apisix;
    out = RE::exportRoutes({route}, RE::ExportFormat::ApisixYaml, options);
    QVERIFY(std::any_of(out.warnings.begin(), out.warnings.end(), [](const ExchangeProblem &p) {
        return p.code == QLatin1String("gatehouse-labels") &&
               p.message.contains(QLatin1String("gatehouse.route_by_model"));
    }));
    options.stripGatehouseLabels = true;
    out = RE::exportRoutes({route}, RE::ExportFormat::RouteJson, options);
    QCOMPARE(out.routes[0].value(u"labels").toObject(), (QJsonObject{{"team", "platform"}}));
    route.insert(QStringLiteral("labels"), QJsonObject{{"gatehouse.route_by_model", "prefer"}});
    out = RE::exportRoutes({route}, RE::ExportFormat::RouteJson, options);
    QVERIFY(!out.routes[0].contains(u"labels"));
}

void TestRouteExchange::exportShapes()
{
    const QList<QJsonObject> stored = storedSeed();
    const QJsonObject list =
        QJsonDocument::fromJson(RE::exportRoutes(stored, RE::ExportFormat::AdminList).text)
            .object();
    QCOMPARE(list.value(u"total").toInt(), 2);
    QCOMPARE(list.value(u"list")[0][u"key"].toString(),
             QStringLiteral("/apisix/routes/deepseek-route"));
    QCOMPARE(list.value(u"list")[1][u"value"][u"id"].toString(),
             QStringLiteral("deepseek-multi-route"));

    QVERIFY(QJsonDocument::fromJson(RE::exportRoutes({stored[0]}, RE::ExportFormat::RouteJson).text)
                .isObject());
    QVERIFY(QJsonDocument::fromJson(RE::exportRoutes(stored, RE::ExportFormat::RouteJson).text)
                .isArray());

    const QByteArray yaml = RE::exportRoutes(stored, RE::ExportFormat::ApisixYaml).text;
    QVERIFY(yaml.startsWith("# apisix.yaml"));
    QVERIFY(yaml.contains(
        "\nroutes:\n  - id: deepseek-route\n    paths:\n      - /deepseek\n    service_id: "
        "$SERVICE_ID\n    plugins:\n      ai-proxy:\n        provider: deepseek\n"));
    QVERIFY(yaml.endsWith("\n#END\n"));

    const QByteArray script = RE::exportRoutes(stored, RE::ExportFormat::CurlScript).text;
    QVERIFY(script.startsWith("#!/bin/sh\n"));
    QVERIFY(script.contains("ADMIN_API_URL=\"${ADMIN_API_URL:-http://127.0.0.1:9180}\""));
    QVERIFY(script.contains("curl -sS --fail-with-body "
                            "\"$ADMIN_API_URL/apisix/admin/routes/deepseek-route\" -X PUT \\\n"
                            "  -H \"X-API-KEY: $ADMIN_API_KEY\" \\\n"));
    RE::ExportOptions api7;
    api7.target = RE::Target::Api7;
    const QByteArray api7Script = RE::exportRoutes(stored, RE::ExportFormat::CurlScript, api7).text;
    QVERIFY(api7Script.contains(
        "\"$ADMIN_API_URL/apisix/admin/routes?gateway_group_id=default\" -X PUT"));
    QVERIFY(api7Script.contains("http://127.0.0.1:7080"));

    QCOMPARE(RE::fileSuffix(RE::ExportFormat::ApisixYaml), QStringLiteral("yaml"));
    QCOMPARE(RE::fileSuffix(RE::ExportFormat::CurlScript), QStringLiteral("sh"));
}

void TestRouteExchange::curlScriptIsValidShell()
{
    // A route whose text would break naive quoting: quotes, a dollar, a backslash, a newline.
    QJsonObject tricky = storedSeed()[0];
    tricky.insert(QStringLiteral("id"), QStringLiteral("tricky"));
    tricky.insert(QStringLiteral("desc"),
                  QStringLiteral("Alice's \"route\" costs $5 \\ no `cmd`\nsecond line"));
    const QList<QJsonObject> routes{tricky, storedSeed()[1]};
    const RE::ExportResult out = RE::exportRoutes(routes, RE::ExportFormat::CurlScript);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scriptPath = dir.filePath(QStringLiteral("routes.sh"));
    QFile script(scriptPath);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(out.text);
    script.close();

    QProcess check;
    check.start(QStringLiteral("/bin/sh"), {QStringLiteral("-n"), scriptPath});
    QVERIFY(check.waitForFinished(10000));
    QCOMPARE(check.exitCode(), 0);

    // Run it with a stand-in curl that records what the real one would receive.
    QDir(dir.path()).mkdir(QStringLiteral("bin"));
    QDir(dir.path()).mkdir(QStringLiteral("out"));
    QFile fake(dir.filePath(QStringLiteral("bin/curl")));
    QVERIFY(fake.open(QIODevice::WriteOnly));
    fake.write("#!/bin/sh\n"
               "n=$(ls \"$OUT\" | grep -c body || true)\n"
               "while [ $# -gt 0 ]; do\n"
               "  case \"$1\" in\n"
               "    -d) printf '%s' \"$2\" > \"$OUT/body$n\"; shift ;;\n"
               "    -X) printf '%s' \"$2\" > \"$OUT/method$n\"; shift ;;\n"
               "    -H) printf '%s\\n' \"$2\" >> \"$OUT/headers$n\"; shift ;;\n"
               "    http*) printf '%s' \"$1\" > \"$OUT/url$n\" ;;\n"
               "  esac\n"
               "  shift\n"
               "done\n");
    fake.close();
    fake.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    QProcess run;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PATH"),
               dir.filePath(QStringLiteral("bin")) + QStringLiteral(":/usr/bin:/bin"));
    env.insert(QStringLiteral("OUT"), dir.filePath(QStringLiteral("out")));
    env.insert(QStringLiteral("ADMIN_API_KEY"), QStringLiteral("the-admin-key"));
    env.insert(QStringLiteral("ADMIN_API_URL"), QStringLiteral("http://cluster:9180"));
    run.setProcessEnvironment(env);
    run.start(QStringLiteral("/bin/sh"), {scriptPath});
    QVERIFY(run.waitForFinished(10000));
    QVERIFY2(run.exitCode() == 0, run.readAllStandardError().constData());

    for (int n = 0; n < routes.size(); ++n) {
        auto read = [&](const QString &name) {
            QFile f(dir.filePath(QStringLiteral("out/%1%2").arg(name).arg(n)));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QCOMPARE(QJsonDocument::fromJson(read(QStringLiteral("body"))).object(), out.routes[n]);
        QCOMPARE(read(QStringLiteral("method")), QByteArray("PUT"));
        QCOMPARE(read(QStringLiteral("url")), "http://cluster:9180/apisix/admin/routes/" +
                                                  RouteSchema::routeId(routes[n]).toUtf8());
        QVERIFY(read(QStringLiteral("headers")).contains("X-API-KEY: the-admin-key\n"));
    }
}

QTEST_GUILESS_MAIN(TestRouteExchange)
