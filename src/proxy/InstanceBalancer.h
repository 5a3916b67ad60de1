#pragma once

#include "RouteSpec.h"

#include <QByteArrayView>
#include <QHash>
#include <QList>
#include <QMutex>
#include <QVarLengthArray>

#include <vector>

namespace gatehouse {

// Decides the order in which a request tries a route's instances, as APISIX's ai-proxy-multi
// does: groups by priority, highest first; inside a group, smooth weighted round-robin (weights
// 4:1 give 8/2 over 10 requests) or, for `chash`, a consistent-hash ring; weight 0 only after
// every weighted instance. Shared by all workers (the round-robin state is per route), so the
// split holds whichever thread serves a request.
//
// The caller sorts instances into tiers first (lower tiers first, -1 left out): ProxyExchange
// puts instances serving the requested model before the others, and cooling or unhealthy ones
// last, so priority groups apply inside each tier.
class InstanceBalancer
{
public:
    using Plan = QVarLengthArray<int, 8>; // indexes into route.instances, in the order to try

    // Points on the hash ring per unit of weight (nginx uses 160), and the most one route's ring
    // holds; heavier weights are scaled down to fit.
    static constexpr int kPointsPerWeight = 160;
    static constexpr int kMaxRingPoints = 16384;

    InstanceBalancer() = default;
    Q_DISABLE_COPY_MOVE(InstanceBalancer)

    // Fills `out`. `tiers[i]` is instance i's tier (null: all 0). `hashKey` is used by chash.
    void plan(const RouteSpec &route, QByteArrayView hashKey, const qint8 *tiers, Plan &out);
    // The same, as a list (tests).
    QList<int> plan(const RouteSpec &route, QByteArrayView hashKey = {});

    // The 64-bit hash the ring uses (FNV-1a with a final mix): stable across runs and platforms.
    static quint64 hash(QByteArrayView bytes);

private:
    struct Member
    {
        QString name;
        int weight;
    };
    struct RingPoint
    {
        quint64 hash;
        int instance;
        bool operator<(const RingPoint &o) const { return hash < o.hash; }
    };
    struct RouteState
    {
        QList<Member> members;       // what the state below was built for
        std::vector<qint64> current; // smooth round-robin, per instance
        std::vector<RingPoint> ring; // sorted; built on first chash use
        bool ringBuilt = false;
    };

    RouteState &stateFor(const RouteSpec &route);
    static void buildRing(const RouteSpec &route, RouteState &state);
    static int pickWeighted(const RouteSpec &route, RouteState &state, const int *group, int count);
    static void walkRing(const RouteState &state, quint64 key, const int *group, int count,
                         Plan &out);

    QMutex m_mutex;
    QHash<QString, RouteState> m_routes; // by route id
};

} // namespace gatehouse
