#pragma once

#include "RouteSpec.h"

#include <QCoreApplication>
#include <QString>

namespace gatehouse {

// The order in which a route's instances are tried, in plain words, e.g.
// "Tried first: A (priority 2) → then B, C by weight 3:1 (priority 1)". Higher priority first,
// as in APISIX; inside a priority group the weights share the traffic.
class RouteOrder
{
    Q_DECLARE_TR_FUNCTIONS(RouteOrder)

public:
    static QString describe(const RouteSpec &route);
    // The instances grouped by priority, highest first (indexes into route.instances).
    static QList<QList<int>> groups(const RouteSpec &route);
};

} // namespace gatehouse
