#pragma once

#include "Diagnostic.h"
#include "RouteSpec.h"

#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace gatehouse {

// The one place that knows the route schema: APISIX's route object with the `ai-proxy` and
// `ai-proxy-multi` plugins (reference/apisix-ai-proxy.md). It validates and builds the typed
// RouteSpec in one pass, so the two can never disagree, and reports every problem at once with
// its JSON path, in APISIX's wording where APISIX has one.
class RouteSchema
{
public:
    struct Result
    {
        RouteSpec spec;           // meaningful only when errors is empty
        Diagnostics errors;
        QStringList unknownPaths; // fields Gatehouse keeps but does not use (for the linter)
        QStringList ignoredPlugins; // APISIX plugins kept for export but not run here
        QStringList orphanLabels;   // "labels.gatehouse.model_aliases.X" naming no instance

        bool ok() const { return errors.isEmpty(); }
    };

    static Result parse(const QJsonObject &route);

    // The route's id as a string, whether the JSON holds a string or a number; empty if absent.
    static QString routeId(const QJsonObject &route);

    // Plugin names Gatehouse runs, and APISIX plugins it keeps but does not run.
    static const QStringList &supportedPlugins();
    static const QStringList &keptPlugins();
    static bool isSecretReference(const QString &value);

    // Visits every auth header and query value of the route's ai-proxy / ai-proxy-multi plugin
    // and puts back what `map` returns. `owner` is the instance name (the route id for ai-proxy).
    using AuthValueMap = std::function<QString(const QString &owner, const QString &provider, const QString &value)>;
    static QJsonObject mapAuthValues(const QJsonObject &route, const AuthValueMap &map);
};

} // namespace gatehouse
