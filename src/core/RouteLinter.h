#pragma once

#include "Diagnostic.h"
#include "RouteSchema.h"

#include <QList>
#include <QStringList>

namespace gatehouse {

// Warnings about a valid route that probably does not do what was meant. Separate from
// validation: a warning never blocks a save. Each warning has a stable `code` a GUI can attach
// a one-click fix to.
class RouteLinter
{
public:
    // Codes of the warnings, for fixes and tests.
    static inline const QString NoFallbackStrategy = QStringLiteral("no-fallback-strategy");
    static inline const QString AllWeightsZero = QStringLiteral("all-weights-zero");
    static inline const QString MissingCredential = QStringLiteral("missing-credential");
    static inline const QString FallbackOutranksPrimary = QStringLiteral("fallback-outranks-primary");
    static inline const QString ShadowedPath = QStringLiteral("shadowed-path");
    static inline const QString UnknownField = QStringLiteral("unknown-field");
    static inline const QString PluginNotRun = QStringLiteral("plugin-not-run");
    static inline const QString MissingService = QStringLiteral("missing-service");
    static inline const QString SingleInstanceFallback = QStringLiteral("single-instance-fallback");
    static inline const QString OrphanModelAliases = QStringLiteral("model-aliases-unknown-instance");

    struct Context
    {
        QList<RouteSpec> otherRoutes; // every other stored route (this one excluded)
        QStringList serviceIds;       // services that exist
    };

    static Diagnostics lint(const RouteSchema::Result &route, const Context &context);

    // For a FallbackOutranksPrimary warning: the indexes of the two instances whose priorities a
    // fix would swap, or {-1, -1}.
    static QPair<int, int> invertedPair(const RouteSpec &route);
};

} // namespace gatehouse
