#include "RouteImport.h"

#include "RouteExchange.h"
#include "RouteSchema.h"

#include <QJsonArray>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace gatehouse {

namespace {

// Removes auth values left empty (a key that could not be taken), so the route shows "no key".
QJsonObject dropEmptyAuth(QJsonObject holder)
{
    QJsonObject auth = holder.value(QStringLiteral("auth")).toObject();
    for (const QString &kind : {QStringLiteral("header"), QStringLiteral("query")}) {
        if (!auth.contains(kind))
            continue;
        QJsonObject map = auth.value(kind).toObject();
        for (const QString &key : map.keys()) {
            if (map.value(key).toString().isEmpty())
                map.remove(key);
        }
        if (map.isEmpty())
            auth.remove(kind);
        else
            auth.insert(kind, map);
    }
    if (holder.contains(QStringLiteral("auth")))
        holder.insert(QStringLiteral("auth"), auth);
    return holder;
}

QJsonObject dropEmptyAuthValues(QJsonObject route)
{
    QJsonObject plugins = route.value(QStringLiteral("plugins")).toObject();
    if (plugins.value(QStringLiteral("ai-proxy")).isObject())
        plugins.insert(QStringLiteral("ai-proxy"),
                       dropEmptyAuth(plugins.value(QStringLiteral("ai-proxy")).toObject()));
    if (plugins.value(QStringLiteral("ai-proxy-multi")).isObject()) {
        QJsonObject conf = plugins.value(QStringLiteral("ai-proxy-multi")).toObject();
        QJsonArray instances = conf.value(QStringLiteral("instances")).toArray();
        for (qsizetype i = 0; i < instances.size(); ++i)
            instances[i] = dropEmptyAuth(instances[i].toObject());
        conf.insert(QStringLiteral("instances"), instances);
        plugins.insert(QStringLiteral("ai-proxy-multi"), conf);
    }
    if (route.contains(QStringLiteral("plugins")))
        route.insert(QStringLiteral("plugins"), plugins);
    return route;
}

} // namespace

RouteImport::Result RouteImport::parse(const QString &text)
{
    Result result;
    RouteExchange::ImportOptions options;
    // Variables the shell would fill in come from this environment where it has them.
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    QHash<QString, QString> values;
    for (const QString &name : env.keys())
        values.insert(name, env.value(name));
    options.environment = values;
    const RouteExchange::ImportResult read = RouteExchange::importText(text.toUtf8(), options);
    for (const ExchangeProblem &p : read.errors) {
        if (p.code == QLatin1String("unexpanded-variable"))
            result.notes << p.message;
        else
            result.problems << p.toString();
    }
    for (const ExchangeProblem &p : read.warnings)
        result.notes << p.toString();
    if (read.routes.isEmpty()) {
        result.error = result.problems.isEmpty() ? tr("No route found here. Paste a route's JSON, "
                                                      "a list of routes, apisix.yaml, or the "
                                                      "seed guide's curl command.")
                                                 : result.problems.join(QLatin1Char('\n'));
        return result;
    }
    // A key that is still "$NAME" text is left out rather than stored as a key.
    static const QRegularExpression variable(
        QStringLiteral("(^|[^:/])\\$\\{?[A-Za-z_][A-Za-z0-9_]*"));
    for (const QJsonObject &route : read.routes) {
        result.routes << dropEmptyAuthValues(RouteSchema::mapAuthValues(
            route, [](const QString &, const QString &, const QString &value) -> QString {
                if (RouteSchema::isSecretReference(value) || !variable.match(value).hasMatch())
                    return value;
                return {};
            }));
    }
    return result;
}

} // namespace gatehouse
