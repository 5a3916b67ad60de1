#include "InstanceBalancer.h"

#include <QCryptographicHash>
#include <QMap>
#include <QMutexLocker>

#include <algorithm>

namespace gatehouse {

int InstanceBalancer::pickWeighted(const QString &routeId, const RouteSpec &route,
                                   const QList<int> &group)
{
    // Smooth weighted round-robin (nginx's): every candidate gains its weight, the largest wins
    // and pays back the total. Deterministic and evenly interleaved.
    QMutexLocker lock(&m_mutex);
    QHash<QString, qint64> &current = m_current[routeId];
    qint64 total = 0;
    int best = -1;
    for (int i : group) {
        const InstanceSpec &inst = route.instances[i];
        qint64 &c = current[inst.name];
        c += inst.weight;
        total += inst.weight;
        if (best < 0 || c > current[route.instances[best].name])
            best = i;
    }
    current[route.instances[best].name] -= total;
    return best;
}

QList<int> InstanceBalancer::plan(const RouteSpec &route, QByteArrayView hashKey,
                                  const Usable &usable)
{
    QList<int> order;
    if (route.instances.size() == 1) {
        order << 0;
        return order;
    }
    QMap<int, QList<int>> groups; // priority → instances (iterated highest first below)
    QList<int> skipped;
    for (int i = 0; i < route.instances.size(); ++i) {
        if (usable && !usable(i))
            skipped << i;
        else
            groups[route.instances[i].priority] << i;
    }
    bool first = true;
    for (auto it = groups.end(); it != groups.begin();) {
        --it;
        QList<int> weighted, zero;
        for (int i : *it)
            (route.instances[i].weight > 0 ? weighted : zero) << i;
        if (!weighted.isEmpty()) {
            int lead;
            if (route.balancer.algorithm == BalancerSpec::Algorithm::ConsistentHash) {
                // Weighted pick by a stable hash of the key, so one user sticks to one instance.
                qint64 total = 0;
                for (int i : weighted)
                    total += route.instances[i].weight;
                const QByteArray digest =
                    QCryptographicHash::hash(hashKey, QCryptographicHash::Md5);
                quint64 h = 0;
                for (int b = 0; b < 8; ++b)
                    h = (h << 8) | quint8(digest[b]);
                qint64 point = qint64(h % quint64(total));
                lead = weighted.last();
                for (int i : weighted) {
                    point -= route.instances[i].weight;
                    if (point < 0) {
                        lead = i;
                        break;
                    }
                }
            } else if (first) {
                lead = pickWeighted(route.id, route, weighted);
            } else {
                lead = weighted.first();
            }
            order << lead;
            weighted.removeOne(lead);
            // The rest of the group, heaviest first, for fallback within the group.
            std::stable_sort(weighted.begin(), weighted.end(), [&](int a, int b) {
                return route.instances[a].weight > route.instances[b].weight;
            });
            order << weighted;
        }
        order << zero;
        first = false;
    }
    // Instances that are cooling down come last: better than nothing when all else failed.
    order << skipped;
    return order;
}

} // namespace gatehouse
