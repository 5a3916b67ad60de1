#pragma once

#include "Diagnostic.h"
#include "RouteSpec.h"

#include <QJsonObject>
#include <QStringList>

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

        bool ok() const { return errors.isEmpty(); }
    };

    static Result parse(const QJsonObject &route);

    // The route's id as a string, whether the JSON holds a string or a number; empty if absent.
    static QString routeId(const QJsonObject &route);

    // Plugin names Gatehouse runs, and APISIX plugins it keeps but does not run.
    static const QStringList &supportedPlugins();
    static const QStringList &keptPlugins();
    static bool isSecretReference(const QString &value);
};

} // namespace gatehouse
