#include "RouteExchange.h"

#include "RouteSchema.h"
#include "ShellWords.h"
#include "YamlSubset.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace gatehouse {

namespace {

const QString kRoutesKeyPrefix = QStringLiteral("/apisix/routes/");
const QString kAdminRoutesPath = QStringLiteral("/apisix/admin/routes");
const QString kLiteral = QStringLiteral("a literal key");
const QString kEnvScheme = QStringLiteral("$env://");
const QString kKeychainScheme = QStringLiteral("$secret://keychain/");

QString joinPath(const QString &base, const QString &rest)
{
    if (base.isEmpty())
        return rest;
    if (rest.isEmpty())
        return base;
    return rest.startsWith(QLatin1Char('[')) ? QString(base + rest)
                                             : QString(base + QLatin1Char('.') + rest);
}

// Line and column (1-based) of a byte offset.
QPair<int, int> lineColumn(const QByteArray &text, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, text.size());
    const QByteArray before = text.left(offset);
    const int line = int(before.count('\n')) + 1;
    const qsizetype lastNewline = before.lastIndexOf('\n');
    return {line, int(offset - lastNewline)};
}

ExchangeProblem problem(int line, int column, const QString &path, const QString &message,
                        const QString &code = {})
{
    return {line, column, path, message, code};
}

// Where an imported route came from, to point problems at it.
struct Origin
{
    QString path; // JSON path of the route in the text ("list[1].value", "routes[0]", "")
    int line = 0; // a line that stands for the route (curl: the body's first line)
};

struct Reading
{
    RouteExchange::ImportResult &result;
    QList<Origin> origins;
    const YamlSubset::Document *yaml = nullptr;

    void add(const QJsonObject &route, const Origin &origin)
    {
        result.routes.append(route);
        origins.append(origin);
    }
};

// --- Admin API JSON ---

QString idFromKey(const QString &key)
{
    const qsizetype at = key.lastIndexOf(QLatin1Char('/'));
    return at >= 0 ? key.mid(at + 1) : key;
}

void addJsonItem(const QJsonValue &item, const QString &path, Reading &reading)
{
    if (!item.isObject()) {
        reading.result.errors.append(
            problem(0, 0, path, QStringLiteral("expected a route object here")));
        return;
    }
    const QJsonObject o = item.toObject();
    // {"key": "/apisix/routes/ID", "value": {...}}: what the Admin API answers.
    if (o.value(QStringLiteral("value")).isObject() &&
        (o.contains(QStringLiteral("key")) || o.contains(QStringLiteral("modifiedIndex")))) {
        QJsonObject route = o.value(QStringLiteral("value")).toObject();
        const QString key = o.value(QStringLiteral("key")).toString();
        if (!route.contains(QStringLiteral("id")) && !key.isEmpty())
            route.insert(QStringLiteral("id"), idFromKey(key));
        reading.add(route, {joinPath(path, QStringLiteral("value")), 0});
        return;
    }
    reading.add(o, {path, 0});
}

void addJsonArray(const QJsonArray &items, const QString &path, Reading &reading)
{
    for (qsizetype i = 0; i < items.size(); ++i)
        addJsonItem(items.at(i), path + QStringLiteral("[%1]").arg(i), reading);
}

void readJson(const QByteArray &text, Reading &reading)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, column] = lineColumn(text, error.offset);
        reading.result.errors.append(
            problem(line, column, {},
                    QStringLiteral("the JSON is not valid: %1").arg(error.errorString())));
        return;
    }
    if (doc.isArray()) {
        addJsonArray(doc.array(), {}, reading);
        return;
    }
    const QJsonObject root = doc.object();
    if (root.value(QStringLiteral("list")).isArray()) { // APISIX 3 list answer
        const QJsonArray list = root.value(QStringLiteral("list")).toArray();
        addJsonArray(list, QStringLiteral("list"), reading);
        const QJsonValue total = root.value(QStringLiteral("total"));
        if (total.isDouble() && total.toInteger() > list.size())
            reading.result.warnings.append(problem(
                0, 0, QStringLiteral("total"),
                QStringLiteral(
                    "the answer holds %1 of %2 routes (one page): fetch the other pages too")
                    .arg(list.size())
                    .arg(total.toInteger()),
                QStringLiteral("partial-list")));
        return;
    }
    const QJsonObject node = root.value(QStringLiteral("node")).toObject(); // APISIX 2 answers
    if (node.value(QStringLiteral("nodes")).isArray()) {
        addJsonArray(node.value(QStringLiteral("nodes")).toArray(), QStringLiteral("node.nodes"),
                     reading);
        return;
    }
    if (node.value(QStringLiteral("value")).isObject()) {
        addJsonItem(node, QStringLiteral("node"), reading);
        return;
    }
    if (root.value(QStringLiteral("routes")).isArray()) { // config.json, apisix.json
        addJsonArray(root.value(QStringLiteral("routes")).toArray(), QStringLiteral("routes"),
                     reading);
        return;
    }
    addJsonItem(root, {}, reading);
}

// --- apisix.yaml ---

void readYaml(const YamlSubset::Document &doc, Reading &reading)
{
    RouteExchange::ImportResult &result = reading.result;
    for (const YamlSubset::Error &e : doc.errors)
        result.errors.append(problem(e.line, e.column, {}, e.message));
    if (doc.endMarkerLine == 0)
        result.warnings.append(
            problem(0, 0, {},
                    QStringLiteral("the file does not end with #END: APISIX's standalone mode "
                                   "only loads a file whose last line is #END"),
                    QStringLiteral("missing-end-marker")));
    if (doc.contentAfterEndMarker > 0)
        result.warnings.append(
            problem(doc.contentAfterEndMarker, 0, {},
                    QStringLiteral("text after #END is ignored (APISIX ignores it too)"),
                    QStringLiteral("after-end-marker")));
    if (!doc.ok())
        return;
    if (!doc.root.isObject()) {
        result.errors.append(problem(
            1, 0, {},
            QStringLiteral("apisix.yaml holds a mapping with a \"routes:\" list at the top; "
                           "this file holds something else")));
        return;
    }
    const QJsonObject root = doc.root.toObject();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("routes"))
            result.warnings.append(
                problem(doc.lineOf(it.key()), 0, it.key(),
                        QStringLiteral("the \"%1:\" section is not imported: Gatehouse imports "
                                       "routes only")
                            .arg(it.key()),
                        QStringLiteral("section-ignored")));
    }
    const QJsonValue routes = root.value(QStringLiteral("routes"));
    if (routes.isUndefined()) {
        result.errors.append(problem(
            1, 0, {},
            QStringLiteral("there is no \"routes:\" section: write \"routes:\" at the start "
                           "of a line, with the routes below it as \"- \" items")));
        return;
    }
    if (routes.isNull())
        return; // "routes:" with nothing under it: no routes, reported by the caller
    if (!routes.isArray()) {
        result.errors.append(
            problem(doc.lineOf(QStringLiteral("routes")), 0, QStringLiteral("routes"),
                    QStringLiteral("\"routes:\" must be a list: start each route with \"- \"")));
        return;
    }
    const QJsonArray list = routes.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("routes[%1]").arg(i);
        if (!list.at(i).isObject()) {
            result.errors.append(
                problem(doc.lineOf(path), 0, path,
                        QStringLiteral("a route is a mapping of \"key: value\" lines")));
            continue;
        }
        reading.add(list.at(i).toObject(), {path, doc.lineOf(path)});
    }
}

// --- curl commands ---

struct CurlCall
{
    QString method;
    QString url;
    std::optional<ShellWords::Word> body;
    int dataOptions = 0;
    QString error;
};

CurlCall readCurl(const ShellWords::Command &cmd)
{
    static const QSet<QChar> shortWithValue = {
        QLatin1Char('X'), QLatin1Char('d'), QLatin1Char('H'), QLatin1Char('u'), QLatin1Char('o'),
        QLatin1Char('A'), QLatin1Char('e'), QLatin1Char('b'), QLatin1Char('c'), QLatin1Char('m'),
        QLatin1Char('w'), QLatin1Char('x'), QLatin1Char('K'), QLatin1Char('T'), QLatin1Char('F'),
        QLatin1Char('E'), QLatin1Char('r'), QLatin1Char('Y'), QLatin1Char('y'), QLatin1Char('z'),
        QLatin1Char('C'), QLatin1Char('D'), QLatin1Char('P'), QLatin1Char('Q'), QLatin1Char('U')};
    static const QSet<QString> dataOptions = {
        QStringLiteral("--data"), QStringLiteral("--data-raw"), QStringLiteral("--data-binary"),
        QStringLiteral("--data-ascii"), QStringLiteral("--json")};
    static const QSet<QString> longWithValue = {QStringLiteral("--header"),
                                                QStringLiteral("--user"),
                                                QStringLiteral("--output"),
                                                QStringLiteral("--user-agent"),
                                                QStringLiteral("--referer"),
                                                QStringLiteral("--cookie"),
                                                QStringLiteral("--cookie-jar"),
                                                QStringLiteral("--max-time"),
                                                QStringLiteral("--connect-timeout"),
                                                QStringLiteral("--write-out"),
                                                QStringLiteral("--proxy"),
                                                QStringLiteral("--config"),
                                                QStringLiteral("--upload-file"),
                                                QStringLiteral("--form"),
                                                QStringLiteral("--form-string"),
                                                QStringLiteral("--cert"),
                                                QStringLiteral("--key"),
                                                QStringLiteral("--cacert"),
                                                QStringLiteral("--capath"),
                                                QStringLiteral("--range"),
                                                QStringLiteral("--resolve"),
                                                QStringLiteral("--retry"),
                                                QStringLiteral("--retry-delay"),
                                                QStringLiteral("--retry-max-time"),
                                                QStringLiteral("--limit-rate"),
                                                QStringLiteral("--interface"),
                                                QStringLiteral("--dump-header"),
                                                QStringLiteral("--trace"),
                                                QStringLiteral("--trace-ascii"),
                                                QStringLiteral("--stderr"),
                                                QStringLiteral("--oauth2-bearer"),
                                                QStringLiteral("--proxy-user"),
                                                QStringLiteral("--unix-socket"),
                                                QStringLiteral("--connect-to"),
                                                QStringLiteral("--max-redirs"),
                                                QStringLiteral("--max-filesize"),
                                                QStringLiteral("--speed-limit"),
                                                QStringLiteral("--speed-time"),
                                                QStringLiteral("--local-port"),
                                                QStringLiteral("--dns-servers"),
                                                QStringLiteral("--proto"),
                                                QStringLiteral("--proto-redir"),
                                                QStringLiteral("--keepalive-time"),
                                                QStringLiteral("--expect100-timeout"),
                                                QStringLiteral("--url-query"),
                                                QStringLiteral("--variable"),
                                                QStringLiteral("--aws-sigv4"),
                                                QStringLiteral("--cert-type"),
                                                QStringLiteral("--key-type"),
                                                QStringLiteral("--ciphers"),
                                                QStringLiteral("--pinnedpubkey")};

    CurlCall call;
    const QList<ShellWords::Word> &w = cmd.words;
    auto takeData = [&](const QString &option, const ShellWords::Word &value) {
        ++call.dataOptions;
        if (option != QLatin1String("--data-raw") && value.text.startsWith(QLatin1Char('@')))
            call.error = QStringLiteral(
                             "%1 %2 reads the body from a file: paste the file's content after -d "
                             "instead")
                             .arg(option, value.text);
        call.body = value;
    };
    bool onlyUrls = false;
    for (qsizetype k = 1; k < w.size() && call.error.isEmpty(); ++k) {
        const QString &t = w[k].text;
        auto value = [&](const QString &option) -> std::optional<ShellWords::Word> {
            if (k + 1 >= w.size()) {
                call.error = QStringLiteral("the option %1 needs a value after it").arg(option);
                return std::nullopt;
            }
            return w[++k];
        };
        if (onlyUrls || !t.startsWith(QLatin1Char('-')) || t == QLatin1String("-")) {
            if (!call.url.isEmpty()) {
                call.error =
                    QStringLiteral(
                        "this curl command has several URLs (%1 and %2): import one call per "
                        "command")
                        .arg(call.url, t);
                break;
            }
            call.url = t;
        } else if (t == QLatin1String("--")) {
            onlyUrls = true;
        } else if (t.startsWith(QLatin1String("--"))) {
            if (t == QLatin1String("--request")) {
                if (auto v = value(t))
                    call.method = v->text;
            } else if (dataOptions.contains(t)) {
                if (auto v = value(t))
                    takeData(t, *v);
            } else if (t == QLatin1String("--data-urlencode")) {
                call.error = QStringLiteral(
                    "--data-urlencode sends a form, not JSON: send the route with -d '...'");
            } else if (t == QLatin1String("--url")) {
                if (auto v = value(t)) {
                    if (!call.url.isEmpty()) {
                        call.error = QStringLiteral(
                            "this curl command has several URLs: import one call per "
                            "command");
                        break;
                    }
                    call.url = v->text;
                }
            } else if (longWithValue.contains(t)) {
                value(t);
            }
        } else {
            for (qsizetype j = 1; j < t.size(); ++j) {
                const QChar option = t.at(j);
                if (!shortWithValue.contains(option))
                    continue; // a flag such as -s, -S, -i, -v
                std::optional<ShellWords::Word> v;
                if (j + 1 < t.size()) {
                    ShellWords::Word attached = w[k];
                    attached.text = t.mid(j + 1);
                    v = attached;
                } else {
                    v = value(QStringLiteral("-") + option);
                }
                if (v) {
                    if (option == QLatin1Char('X'))
                        call.method = v->text;
                    else if (option == QLatin1Char('d'))
                        takeData(QStringLiteral("-d"), *v);
                }
                break;
            }
        }
    }
    if (call.method.isEmpty())
        call.method = call.body ? QStringLiteral("POST") : QStringLiteral("GET");
    call.method = call.method.toUpper();
    return call;
}

// The route id in an Admin API URL: "" for /apisix/admin/routes, nullopt for another URL.
std::optional<QString> adminRouteId(const QString &url)
{
    const qsizetype at = url.indexOf(kAdminRoutesPath);
    if (at < 0)
        return std::nullopt;
    QString rest = url.mid(at + kAdminRoutesPath.size());
    const qsizetype query = rest.indexOf(QLatin1Char('?'));
    if (query >= 0)
        rest.truncate(query);
    if (rest.isEmpty() || rest == QLatin1String("/"))
        return QString();
    if (!rest.startsWith(QLatin1Char('/')))
        return std::nullopt; // /apisix/admin/routesX
    rest.remove(0, 1);
    if (rest.endsWith(QLatin1Char('/')))
        rest.chop(1);
    if (rest.contains(QLatin1Char('/')))
        return std::nullopt;
    return QUrl::fromPercentEncoding(rest.toUtf8());
}

bool mentionsVariable(const QString &text, const QString &name)
{
    const QString plain = QLatin1Char('$') + name;
    qsizetype at = text.indexOf(plain);
    while (at >= 0) {
        const qsizetype after = at + plain.size();
        if (after >= text.size() ||
            !(text.at(after).isLetterOrNumber() || text.at(after) == QLatin1Char('_')))
            return true;
        at = text.indexOf(plain, after);
    }
    return text.contains(QStringLiteral("${") + name);
}

void readCurlText(const QByteArray &text, const RouteExchange::ImportOptions &options,
                  Reading &reading)
{
    RouteExchange::ImportResult &result = reading.result;
    const ShellWords::Result words = ShellWords::findCommands(
        QString::fromUtf8(text), QStringLiteral("curl"), options.environment);
    for (const ShellWords::Error &e : words.errors)
        result.errors.append(problem(e.line, 0, {}, e.message));
    if (words.commands.isEmpty() && words.errors.isEmpty()) {
        result.errors.append(
            problem(0, 0, {},
                    QStringLiteral("no curl command found: paste the whole command, "
                                   "starting with curl")));
        return;
    }
    for (const ShellWords::Command &cmd : words.commands) {
        const CurlCall call = readCurl(cmd);
        if (!call.error.isEmpty()) {
            result.errors.append(problem(cmd.line, 0, {}, call.error));
            continue;
        }
        const std::optional<QString> urlId = adminRouteId(call.url);
        if (!urlId) {
            result.warnings.append(
                problem(cmd.line, 0, {},
                        QStringLiteral("skipped a curl command that does not change a route "
                                       "(%1 %2)")
                            .arg(call.method, call.url),
                        QStringLiteral("skipped-command")));
            continue;
        }
        if (call.method == QLatin1String("GET") || call.method == QLatin1String("DELETE") ||
            call.method == QLatin1String("HEAD")) {
            result.warnings.append(
                problem(cmd.line, 0, {},
                        QStringLiteral("skipped a %1 command: only PUT and POST carry routes")
                            .arg(call.method),
                        QStringLiteral("skipped-command")));
            continue;
        }
        if (call.method == QLatin1String("PATCH")) {
            result.errors.append(
                problem(cmd.line, 0, {},
                        QStringLiteral("a PATCH changes part of a route and cannot be imported on "
                                       "its own: import the whole route (GET it from the "
                                       "cluster)")));
            continue;
        }
        if (!call.body) {
            result.errors.append(
                problem(cmd.line, 0, {},
                        QStringLiteral("this %1 has no body: the route goes after -d '...'")
                            .arg(call.method)));
            continue;
        }
        if (call.dataOptions > 1) {
            result.errors.append(
                problem(cmd.line, 0, {},
                        QStringLiteral("this command has several -d options, which curl joins with "
                                       "&: put the whole route in one -d")));
            continue;
        }
        const ShellWords::Word &body = *call.body;
        const QByteArray bytes = body.text.toUtf8();
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        if (error.error != QJsonParseError::NoError) {
            const auto [line, column] = lineColumn(bytes, error.offset);
            result.errors.append(
                problem(body.line + line - 1, 0, {},
                        QStringLiteral("the JSON after -d is not valid: %1 (line %2, column %3 of "
                                       "the body)")
                            .arg(error.errorString())
                            .arg(line)
                            .arg(column)));
            continue;
        }
        if (!doc.isObject()) {
            result.errors.append(problem(body.line, 0, {},
                                         QStringLiteral("the body after -d must be one route "
                                                        "object {...}")));
            continue;
        }
        QJsonObject route = doc.object();
        const QString bodyId = RouteSchema::routeId(route);
        if (!urlId->isEmpty()) {
            if (route.contains(QStringLiteral("id")) && bodyId != *urlId) {
                result.errors.append(
                    problem(body.line, 0, QStringLiteral("id"),
                            QStringLiteral("wrong route id: the body says \"%1\" but the URL says "
                                           "\"%2\"")
                                .arg(bodyId, *urlId)));
                continue;
            }
            if (!route.contains(QStringLiteral("id")))
                route.insert(QStringLiteral("id"), *urlId);
        } else if (!route.contains(QStringLiteral("id"))) {
            result.errors.append(
                problem(body.line, 0, QStringLiteral("id"),
                        QStringLiteral("this route has no id (APISIX would make one up): add "
                                       "\"id\" to the body, or PUT to /apisix/admin/routes/ID")));
            continue;
        }

        // A variable the shell would have filled in, left as text: fatal in a key, odd elsewhere.
        QStringList inAuth;
        RouteSchema::mapAuthValues(route, [&](const QString &owner, const QString &,
                                              const QString &value) {
            for (const QString &name : body.unexpanded) {
                if (mentionsVariable(value, name) && !inAuth.contains(name)) {
                    inAuth << name;
                    result.errors.append(problem(
                        body.line, 0, QStringLiteral("plugins"),
                        QStringLiteral(
                            "the key of %1 holds the text \"$%2\" because the shell variable %2 "
                            "has no "
                            "value here: give its value, or write \"$env://%2\" as the whole value")
                            .arg(owner, name),
                        QStringLiteral("unexpanded-variable")));
                }
            }
            return value;
        });
        for (const QString &name : body.unexpanded) {
            if (!inAuth.contains(name))
                result.warnings.append(
                    problem(body.line, 0, {},
                            QStringLiteral("the shell variable %1 has no value here, so the route "
                                           "holds the text \"$%1\"")
                                .arg(name),
                            QStringLiteral("unexpanded-variable")));
        }
        reading.add(route, {QString(), body.line});
    }
}

// --- Export helpers ---

struct EnvRegistry
{
    QList<RouteExchange::EnvVariable> variables;
    QHash<QString, qsizetype> bySource; // the reference (or a literal, in memory only) -> index
    QSet<QString> names;

    QString use(const QString &source, const QString &replaces, const QString &suggested,
                const QString &user)
    {
        qsizetype index = bySource.value(source, -1);
        if (index < 0) {
            QString name = suggested;
            for (int n = 2; names.contains(name); ++n)
                name = suggested + QStringLiteral("_%1").arg(n);
            names.insert(name);
            variables.append({name, replaces, {}});
            index = variables.size() - 1;
            bySource.insert(source, index);
        }
        if (!variables[index].usedBy.contains(user))
            variables[index].usedBy << user;
        return variables[index].name;
    }
};

QString environmentComment(const QList<RouteExchange::EnvVariable> &variables,
                           const QString &indent)
{
    QString out;
    for (const RouteExchange::EnvVariable &v : variables)
        out += indent + v.name +
               QStringLiteral("  (replaces %1; used by %2)\n")
                   .arg(v.replaces, v.usedBy.join(QStringLiteral(", ")));
    return out;
}

} // namespace

QString ExchangeProblem::location() const
{
    QString where;
    if (line > 0) {
        where = QStringLiteral("line %1").arg(line);
        if (column > 0)
            where += QStringLiteral(", column %1").arg(column);
        if (!path.isEmpty())
            where += QStringLiteral(" (%1)").arg(path);
        return where;
    }
    return path;
}

QString ExchangeProblem::toString() const
{
    const QString where = location();
    return where.isEmpty() ? message : where + QStringLiteral(": ") + message;
}

RouteExchange::Format RouteExchange::detectFormat(const QByteArray &text)
{
    QString s = QString::fromUtf8(text);
    if (s.startsWith(QChar(0xfeff)))
        s.remove(0, 1);
    const QString trimmed = s.trimmed();
    if (trimmed.startsWith(QLatin1Char('{')) || trimmed.startsWith(QLatin1Char('[')))
        return Format::AdminJson;
    static const QRegularExpression yamlKey(QStringLiteral("^[A-Za-z_][A-Za-z0-9_-]*:(\\s|$)"));
    bool anyCurl = false;
    bool yamlSigns = false;
    bool firstSeen = false;
    for (const QString &raw : s.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (raw.startsWith(QLatin1String("#END")) && line == QLatin1String("#END"))
            yamlSigns = true;
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const bool curl = line == QLatin1String("curl") ||
                          line.startsWith(QLatin1String("curl ")) ||
                          line.startsWith(QLatin1String("$ curl "));
        const bool topKey = yamlKey.match(raw).hasMatch();
        if (!firstSeen) {
            firstSeen = true;
            if (curl)
                return Format::Curl;
            if (topKey || line == QLatin1String("---"))
                return Format::ApisixYaml;
        }
        anyCurl = anyCurl || curl;
        yamlSigns = yamlSigns || raw.startsWith(QLatin1String("routes:"));
    }
    if (anyCurl)
        return Format::Curl;
    if (yamlSigns)
        return Format::ApisixYaml;
    return Format::Auto;
}

RouteExchange::ImportResult RouteExchange::importText(const QByteArray &text)
{
    return importText(text, ImportOptions());
}

RouteExchange::ImportResult RouteExchange::importText(const QByteArray &text,
                                                      const ImportOptions &options)
{
    ImportResult result;
    Reading reading{result, {}, nullptr};
    result.format = options.format == Format::Auto ? detectFormat(text) : options.format;
    YamlSubset::Document yaml;
    switch (result.format) {
    case Format::AdminJson:
        readJson(text, reading);
        break;
    case Format::Curl:
        readCurlText(text, options, reading);
        break;
    case Format::ApisixYaml:
        yaml = YamlSubset::read(text);
        reading.yaml = &yaml;
        readYaml(yaml, reading);
        break;
    case Format::Auto:
        result.errors.append(problem(
            0, 0, {},
            text.trimmed().isEmpty()
                ? QStringLiteral("there is nothing to import: the text is empty")
                : QStringLiteral("this is not a format Gatehouse imports: paste Admin API "
                                 "JSON, curl commands, or an apisix.yaml with a \"routes:\" "
                                 "section")));
        return result;
    }
    if (result.routes.isEmpty() && result.errors.isEmpty())
        result.errors.append(problem(0, 0, {}, QStringLiteral("no routes found in the text")));

    if (options.validate) {
        QHash<QString, QString> firstPathOfId;
        for (qsizetype i = 0; i < result.routes.size(); ++i) {
            const Origin &origin = reading.origins[i];
            const RouteSchema::Result parsed = RouteSchema::parse(result.routes[i]);
            for (const Diagnostic &d : parsed.errors) {
                const QString path = joinPath(origin.path, d.path);
                const int line = reading.yaml ? reading.yaml->lineOf(path) : origin.line;
                result.errors.append(problem(line, 0, path, d.message));
            }
            const QString id = RouteSchema::routeId(result.routes[i]);
            if (id.isEmpty())
                continue;
            const QString idPath = joinPath(origin.path, QStringLiteral("id"));
            if (firstPathOfId.contains(id)) {
                const int line = reading.yaml ? reading.yaml->lineOf(idPath) : origin.line;
                result.errors.append(
                    problem(line, 0, idPath,
                            QStringLiteral("the route id \"%1\" appears twice (also at %2): give "
                                           "each route its own id")
                                .arg(id, firstPathOfId.value(id))));
            } else {
                const int line = reading.yaml ? reading.yaml->lineOf(idPath) : origin.line;
                firstPathOfId.insert(id, line > 0 ? QStringLiteral("line %1").arg(line) : idPath);
            }
        }
    }
    std::stable_sort(
        result.errors.begin(), result.errors.end(),
        [](const ExchangeProblem &a, const ExchangeProblem &b) { return a.line < b.line; });
    return result;
}

QString RouteExchange::environmentName(const QString &hint)
{
    QString name;
    for (const QChar c : hint.toUpper()) {
        const bool keep = (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
        if (keep)
            name += c;
        else if (!name.isEmpty() && !name.endsWith(QLatin1Char('_')))
            name += QLatin1Char('_');
    }
    while (name.endsWith(QLatin1Char('_')))
        name.chop(1);
    if (name.isEmpty())
        return QStringLiteral("GATEHOUSE_KEY");
    if (name.front().isDigit())
        name.prepend(QStringLiteral("KEY_"));
    return name;
}

QJsonObject RouteExchange::convertPaths(const QJsonObject &route, Target target)
{
    if (target == Target::AsStored)
        return route;
    QStringList all;
    auto add = [&all](const QJsonValue &v) {
        if (v.isString() && !all.contains(v.toString()))
            all << v.toString();
    };
    add(route.value(QStringLiteral("uri")));
    for (const QString &key : {QStringLiteral("uris"), QStringLiteral("paths")}) {
        for (const QJsonValue &v : route.value(key).toArray())
            add(v);
    }
    if (all.isEmpty())
        return route;
    QJsonObject out = route;
    out.remove(QStringLiteral("uri"));
    out.remove(QStringLiteral("uris"));
    out.remove(QStringLiteral("paths"));
    if (target == Target::Apisix && all.size() == 1)
        out.insert(QStringLiteral("uri"), all.first());
    else
        out.insert(target == Target::Apisix ? QStringLiteral("uris") : QStringLiteral("paths"),
                   QJsonArray::fromStringList(all));
    return out;
}

RouteExchange::Prepared RouteExchange::prepare(const QList<QJsonObject> &routes,
                                               const ExportOptions &options)
{
    Prepared out;
    EnvRegistry env;
    bool warnedKeychain = false;
    for (qsizetype i = 0; i < routes.size(); ++i) {
        const QString routePath = QStringLiteral("routes[%1]").arg(i);
        QJsonObject route = routes[i];
        if (!options.keepTimestamps) {
            route.remove(QStringLiteral("create_time"));
            route.remove(QStringLiteral("update_time"));
        }
        if (options.target == Target::AsStored && route.contains(QStringLiteral("paths")))
            out.warnings.append(
                problem(0, 0, routePath + QStringLiteral(".paths"),
                        QStringLiteral("\"paths\" is API7 Enterprise's field: open-source APISIX "
                                       "reads only uri / uris and rejects the route; export for "
                                       "APISIX to convert it"),
                        QStringLiteral("paths-not-apisix")));
        route = convertPaths(route, options.target);
        const QString id = RouteSchema::routeId(route);

        QJsonObject labels = route.value(QStringLiteral("labels")).toObject();
        QStringList ours;
        for (auto it = labels.begin(); it != labels.end(); ++it) {
            if (it.key().startsWith(QLatin1String("gatehouse.")))
                ours << it.key();
        }
        if (!ours.isEmpty() && options.stripGatehouseLabels) {
            for (const QString &key : std::as_const(ours))
                labels.remove(key);
            if (labels.isEmpty())
                route.remove(QStringLiteral("labels"));
            else
                route.insert(QStringLiteral("labels"), labels);
        } else if (!ours.isEmpty() && options.target != Target::AsStored) {
            out.warnings.append(
                problem(0, 0, routePath + QStringLiteral(".labels"),
                        QStringLiteral("the labels %1 are Gatehouse settings: a cluster keeps them "
                                       "but ignores them (what they do here does not happen there)")
                            .arg(ours.join(QStringLiteral(", "))),
                        QStringLiteral("gatehouse-labels")));
        }

        route = RouteSchema::mapAuthValues(
            route, [&](const QString &owner, const QString &, const QString &value) -> QString {
                if (value.isEmpty())
                    return value;
                const QString user = owner == id ? id : id + QLatin1Char('/') + owner;
                if (value.startsWith(kEnvScheme, Qt::CaseInsensitive)) {
                    const QString variable =
                        value.mid(kEnvScheme.size()).section(QLatin1Char('/'), 0, 0);
                    env.use(value, value, variable, user);
                    return value;
                }
                if (value.startsWith(kKeychainScheme)) {
                    if (options.secrets == Secrets::KeepReferences) {
                        if (!warnedKeychain)
                            out.warnings.append(problem(
                                0, 0, routePath,
                                QStringLiteral("references to Gatehouse's keychain "
                                               "($secret://keychain/...) are kept: APISIX has no "
                                               "secret manager of that name, so configure one or "
                                               "export with $env:// placeholders"),
                                QStringLiteral("keychain-reference-kept")));
                        warnedKeychain = true;
                        return value;
                    }
                    const QString name = value.mid(kKeychainScheme.size());
                    return kEnvScheme + env.use(value, value, environmentName(name), user);
                }
                if (RouteSchema::isSecretReference(value))
                    return value; // another secret manager ($secret://vault/...): APISIX resolves
                                  // it
                // A key written into the route: it never leaves, a placeholder does.
                const QString name = env.use(QStringLiteral("literal:") + value, kLiteral,
                                             environmentName(owner), user);
                out.warnings.append(problem(
                    0, 0, routePath,
                    QStringLiteral("a key written into %1 was replaced by $env://%2: set %2 on "
                                   "the cluster to that key")
                        .arg(user, name),
                    QStringLiteral("literal-key-replaced")));
                return kEnvScheme + name;
            });

        const QJsonValue service = route.value(QStringLiteral("service_id"));
        if (service.isString() && service.toString().startsWith(QLatin1Char('$')))
            out.warnings.append(problem(
                0, 0, routePath + QStringLiteral(".service_id"),
                QStringLiteral("service_id \"%1\" is shell text that was never filled in (the "
                               "seed guide sends it that way): a cluster needs the id of a "
                               "service that exists there, or no service_id")
                    .arg(service.toString()),
                QStringLiteral("placeholder-service-id")));
        else if (!service.isUndefined())
            out.warnings.append(problem(
                0, 0, routePath + QStringLiteral(".service_id"),
                QStringLiteral("the cluster must already have service \"%1\": APISIX refuses "
                               "a route whose service does not exist")
                    .arg(RouteSchema::routeId(QJsonObject{{QStringLiteral("id"), service}})),
                QStringLiteral("service-required")));
        out.routes.append(route);
    }
    out.environment = env.variables;
    return out;
}

RouteExchange::ExportResult RouteExchange::exportRoutes(const QList<QJsonObject> &routes,
                                                        ExportFormat format)
{
    return exportRoutes(routes, format, ExportOptions());
}

RouteExchange::ExportResult RouteExchange::exportRoutes(const QList<QJsonObject> &routes,
                                                        ExportFormat format,
                                                        const ExportOptions &options)
{
    const Prepared prepared = prepare(routes, options);
    ExportResult result;
    result.routes = prepared.routes;
    result.environment = prepared.environment;
    result.warnings = prepared.warnings;

    switch (format) {
    case ExportFormat::AdminList: {
        QJsonArray list;
        for (const QJsonObject &r : prepared.routes)
            list.append(QJsonObject{
                {QStringLiteral("key"), QString(kRoutesKeyPrefix + RouteSchema::routeId(r))},
                {QStringLiteral("value"), r}});
        result.text = QJsonDocument(QJsonObject{{QStringLiteral("total"), list.size()},
                                                {QStringLiteral("list"), list}})
                          .toJson(QJsonDocument::Indented);
        break;
    }
    case ExportFormat::RouteJson: {
        if (prepared.routes.size() == 1) {
            result.text = QJsonDocument(prepared.routes.first()).toJson(QJsonDocument::Indented);
        } else {
            QJsonArray array;
            for (const QJsonObject &r : prepared.routes)
                array.append(r);
            result.text = QJsonDocument(array).toJson(QJsonDocument::Indented);
        }
        break;
    }
    case ExportFormat::ApisixYaml: {
        QString head =
            QStringLiteral("# apisix.yaml (APISIX standalone mode), written by Gatehouse.\n");
        if (!prepared.environment.isEmpty())
            head +=
                QStringLiteral(
                    "# APISIX reads $env:// values from its own environment; set these where it "
                    "runs, "
                    "before it starts\n# (each to the whole value, e.g. \"Bearer sk-...\"):\n") +
                environmentComment(prepared.environment, QStringLiteral("#   "));
        QJsonArray array;
        for (const QJsonObject &r : prepared.routes)
            array.append(r);
        result.text =
            head.toUtf8() +
            YamlSubset::write(QJsonObject{{QStringLiteral("routes"), array}}, keyOrder()) +
            "#END\n";
        break;
    }
    case ExportFormat::CurlScript: {
        const bool api7 = options.target == Target::Api7;
        const QString adminUrl = !options.adminUrl.isEmpty() ? options.adminUrl
                                 : api7 ? QStringLiteral("http://127.0.0.1:7080")
                                        : QStringLiteral("http://127.0.0.1:9180");
        QString s =
            QStringLiteral("#!/bin/sh\n"
                           "# Routes for an APISIX / API7 Admin API, written by Gatehouse.\n"
                           "# Run: ADMIN_API_KEY=... [ADMIN_API_URL=%1] sh this-file\n"
                           "# (curl 7.76 or newer, for --fail-with-body)\n")
                .arg(adminUrl);
        if (!prepared.environment.isEmpty())
            s += QStringLiteral(
                     "#\n# APISIX reads $env:// values from its own environment, not from this "
                     "shell: set "
                     "these\n# where APISIX runs, before it starts (each to the whole value, e.g. "
                     "\"Bearer sk-...\"):\n") +
                 environmentComment(prepared.environment, QStringLiteral("#   "));
        s += QStringLiteral(
                 "set -eu\n"
                 ": \"${ADMIN_API_KEY:?set ADMIN_API_KEY to the Admin API key of the cluster}\"\n"
                 "ADMIN_API_URL=\"${ADMIN_API_URL:-%1}\"\n")
                 .arg(adminUrl);
        for (const QJsonObject &r : prepared.routes) {
            const QString id = RouteSchema::routeId(r);
            const QString target =
                api7 ? QStringLiteral("$ADMIN_API_URL/apisix/admin/routes?gateway_group_id=%1")
                           .arg(QString::fromUtf8(QUrl::toPercentEncoding(options.gatewayGroup)))
                     : QStringLiteral("$ADMIN_API_URL/apisix/admin/routes/%1")
                           .arg(QString::fromUtf8(QUrl::toPercentEncoding(id)));
            QByteArray body = QJsonDocument(r).toJson(QJsonDocument::Indented);
            if (body.endsWith('\n'))
                body.chop(1);
            s += QStringLiteral("\necho \"PUT route %1\"\n")
                     .arg(id.isEmpty() ? QStringLiteral("?") : id);
            s += QStringLiteral("curl -sS --fail-with-body \"%1\" -X PUT \\\n"
                                "  -H \"X-API-KEY: $ADMIN_API_KEY\" \\\n"
                                "  -H \"Content-Type: application/json\" \\\n"
                                "  -d %2\n"
                                "echo\n")
                     .arg(target, ShellWords::quote(QString::fromUtf8(body)));
        }
        result.text = s.toUtf8();
        break;
    }
    }
    return result;
}

QString RouteExchange::formatName(Format format)
{
    switch (format) {
    case Format::Auto:
        return QStringLiteral("unknown");
    case Format::AdminJson:
        return QStringLiteral("Admin API JSON");
    case Format::Curl:
        return QStringLiteral("curl commands");
    case Format::ApisixYaml:
        return QStringLiteral("apisix.yaml");
    }
    return {};
}

QString RouteExchange::formatName(ExportFormat format)
{
    switch (format) {
    case ExportFormat::AdminList:
        return QStringLiteral("Admin API list (JSON)");
    case ExportFormat::RouteJson:
        return QStringLiteral("route JSON");
    case ExportFormat::ApisixYaml:
        return QStringLiteral("apisix.yaml");
    case ExportFormat::CurlScript:
        return QStringLiteral("curl script");
    }
    return {};
}

QString RouteExchange::fileSuffix(ExportFormat format)
{
    switch (format) {
    case ExportFormat::AdminList:
    case ExportFormat::RouteJson:
        return QStringLiteral("json");
    case ExportFormat::ApisixYaml:
        return QStringLiteral("yaml");
    case ExportFormat::CurlScript:
        return QStringLiteral("sh");
    }
    return {};
}

const QStringList &RouteExchange::keyOrder()
{
    static const QStringList order = {QStringLiteral("id"),
                                      QStringLiteral("name"),
                                      QStringLiteral("desc"),
                                      QStringLiteral("uri"),
                                      QStringLiteral("uris"),
                                      QStringLiteral("paths"),
                                      QStringLiteral("methods"),
                                      QStringLiteral("host"),
                                      QStringLiteral("hosts"),
                                      QStringLiteral("service_id"),
                                      QStringLiteral("status"),
                                      QStringLiteral("provider"),
                                      QStringLiteral("weight"),
                                      QStringLiteral("priority"),
                                      QStringLiteral("fallback_strategy"),
                                      QStringLiteral("fallback_http_statuses"),
                                      QStringLiteral("max_retries"),
                                      QStringLiteral("balancer"),
                                      QStringLiteral("instances"),
                                      QStringLiteral("auth"),
                                      QStringLiteral("header"),
                                      QStringLiteral("query"),
                                      QStringLiteral("options"),
                                      QStringLiteral("override"),
                                      QStringLiteral("checks"),
                                      QStringLiteral("plugins"),
                                      QStringLiteral("labels"),
                                      QStringLiteral("create_time"),
                                      QStringLiteral("update_time")};
    return order;
}

} // namespace gatehouse
