#pragma once

#include "RouteSpec.h"

#include <QHash>
#include <QList>
#include <QMutex>

#include <functional>

namespace gatehouse {

// Decides the order in which a request tries a route's instances, as APISIX's ai-proxy-multi
// does: groups by priority, highest first; inside a group, smooth weighted round-robin (weights
// 4:1 give 8/2 over 10 requests) or a hash of the request for `chash`; a weight of 0 only after
// every weighted instance of its group. Shared by all workers (the round-robin state is per
// route), so the split holds whichever thread serves a request.
class InstanceBalancer
{
public:
    using Usable = std::function<bool(int instanceIndex)>; // false: skip (cooling down, unhealthy)

    // Indexes into route.instances in the order to try them. `hashKey` is used by chash.
    QList<int> plan(const RouteSpec &route, QByteArrayView hashKey = {}, const Usable &usable = {});

private:
    int pickWeighted(const QString &routeId, const RouteSpec &route, const QList<int> &group);

    QMutex m_mutex;
    // route id → instance name → current weight of the smooth round-robin
    QHash<QString, QHash<QString, qint64>> m_current;
};

} // namespace gatehouse
