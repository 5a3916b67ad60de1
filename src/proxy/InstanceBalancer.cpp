#include "InstanceBalancer.h"

#include <algorithm>
#include <cmath>
#include <mutex>

namespace gatehouse {

quint64 InstanceBalancer::hash(QByteArrayView bytes)
{
    quint64 h = 0xcbf29ce484222325ULL; // FNV-1a
    for (char c : bytes) {
        h ^= quint8(c);
        h *= 0x100000001b3ULL;
    }
    // MurmurHash3's finaliser: FNV alone clusters similar keys ("user-1", "user-2").
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

InstanceBalancer::RouteState &InstanceBalancer::stateFor(const RouteSpec &route)
{
    RouteState &s = m_routes[route.id];
    const qsizetype n = route.instances.size();
    bool same = s.members.size() == n;
    for (qsizetype i = 0; same && i < n; ++i)
        same = s.members[i].weight == route.instances[i].weight &&
               s.members[i].name == route.instances[i].name;
    if (same)
        return s;
    // The route changed: keep each surviving instance's round-robin credit.
    std::vector<qint64> current(size_t(n), 0);
    QList<Member> members;
    members.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        const InstanceSpec &inst = route.instances[i];
        members.append({inst.name, inst.weight});
        for (qsizetype j = 0; j < s.members.size(); ++j) {
            if (s.members[j].name == inst.name)
                current[size_t(i)] = s.current[size_t(j)];
        }
    }
    s.members = std::move(members);
    s.current = std::move(current);
    s.ring.clear();
    s.ringBuilt = false;
    return s;
}

void InstanceBalancer::buildRing(const RouteSpec &route, RouteState &state)
{
    // Each instance owns points named after it ("name#0", "name#1", ...), as many as its weight
    // asks for, so adding or removing an instance moves only the keys of its own share.
    qint64 totalWeight = 0;
    for (const InstanceSpec &inst : route.instances)
        totalWeight += inst.weight;
    const double perWeight = totalWeight * kPointsPerWeight > kMaxRingPoints
                                 ? double(kMaxRingPoints) / double(totalWeight)
                                 : double(kPointsPerWeight);
    state.ring.clear();
    for (qsizetype i = 0; i < route.instances.size(); ++i) {
        const InstanceSpec &inst = route.instances[i];
        if (inst.weight <= 0)
            continue;
        const int points = qMax(1, int(std::lround(inst.weight * perWeight)));
        const QByteArray base = inst.name.toUtf8() + '#';
        for (int p = 0; p < points; ++p) {
            const QByteArray point = base + QByteArray::number(p);
            state.ring.push_back({hash(point), int(i)});
        }
    }
    std::sort(state.ring.begin(), state.ring.end());
    state.ringBuilt = true;
}

int InstanceBalancer::pickWeighted(const RouteSpec &route, RouteState &state, const int *group,
                                   int count)
{
    // Smooth weighted round-robin (nginx's): every candidate gains its weight, the largest wins
    // and pays back the total. Deterministic and evenly interleaved.
    qint64 total = 0;
    int best = -1;
    for (int k = 0; k < count; ++k) {
        const int i = group[k];
        const int weight = route.instances[i].weight;
        qint64 &c = state.current[size_t(i)];
        c += weight;
        total += weight;
        if (best < 0 || c > state.current[size_t(best)])
            best = i;
    }
    state.current[size_t(best)] -= total;
    return best;
}

void InstanceBalancer::walkRing(const RouteState &state, quint64 key, const int *group, int count,
                                Plan &out)
{
    // Clockwise from the key's point: the first instance of the group met is the one the key
    // sticks to; the next distinct ones are its fallbacks, also stable per key.
    QVarLengthArray<bool, 32> wanted(state.members.size());
    std::fill(wanted.begin(), wanted.end(), false);
    for (int k = 0; k < count; ++k)
        wanted[group[k]] = true;
    const auto start = std::lower_bound(state.ring.begin(), state.ring.end(), RingPoint{key, 0}) -
                       state.ring.begin();
    const size_t size = state.ring.size();
    int left = count;
    for (size_t step = 0; step < size && left > 0; ++step) {
        const int i = state.ring[(size_t(start) + step) % size].instance;
        if (wanted[i]) {
            wanted[i] = false;
            out.append(i);
            --left;
        }
    }
}

void InstanceBalancer::plan(const RouteSpec &route, QByteArrayView hashKey, const qint8 *tiers,
                            Plan &out)
{
    out.clear();
    const int n = int(route.instances.size());
    QVarLengthArray<int, 16> order;
    for (int i = 0; i < n; ++i) {
        if (!tiers || tiers[i] >= 0)
            order.append(i);
    }
    if (order.size() <= 1) {
        out.append(order.constData(), order.size());
        return;
    }
    const auto tierOf = [&](int i) { return tiers ? tiers[i] : qint8(0); };
    const auto zero = [&](int i) { return route.instances[i].weight <= 0; };
    const auto priority = [&](int i) { return route.instances[i].priority; };
    // Tier, then weighted before weight 0, then priority (higher first), then definition order.
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        if (tierOf(a) != tierOf(b))
            return tierOf(a) < tierOf(b);
        if (zero(a) != zero(b))
            return zero(b);
        if (priority(a) != priority(b))
            return priority(a) > priority(b);
        return a < b;
    });
    const auto sameGroup = [&](int a, int b) {
        return tierOf(a) == tierOf(b) && zero(a) == zero(b) && priority(a) == priority(b);
    };

    const bool chash = route.balancer.algorithm == BalancerSpec::Algorithm::ConsistentHash;
    // The shared state (round-robin credit, the ring) is needed only to choose among several
    // weighted instances, so most single-choice plans never take the lock.
    std::unique_lock<QMutex> lock(m_mutex, std::defer_lock);
    RouteState *state = nullptr;
    const auto shared = [&]() -> RouteState & {
        if (!state) {
            lock.lock();
            state = &stateFor(route);
            if (chash && !state->ringBuilt)
                buildRing(route, *state);
        }
        return *state;
    };
    const quint64 key = chash ? hash(hashKey) : 0;

    bool lead = true;
    for (int start = 0; start < order.size();) {
        int end = start + 1;
        while (end < order.size() && sameGroup(order[start], order[end]))
            ++end;
        const int *group = order.constData() + start;
        const int count = end - start;
        if (zero(group[0]) || count == 1) {
            out.append(group, count); // weight 0: in priority and definition order
        } else if (chash) {
            walkRing(shared(), key, group, count, out);
        } else {
            const int first = lead ? pickWeighted(route, shared(), group, count) : -1;
            if (first >= 0)
                out.append(first);
            // The rest of the group, heaviest first, for fallback within the group.
            const qsizetype restStart = out.size();
            for (int k = 0; k < count; ++k) {
                if (group[k] != first)
                    out.append(group[k]);
            }
            std::stable_sort(out.begin() + restStart, out.end(), [&](int a, int b) {
                return route.instances[a].weight > route.instances[b].weight;
            });
        }
        lead = false;
        start = end;
    }
}

QList<int> InstanceBalancer::plan(const RouteSpec &route, QByteArrayView hashKey)
{
    Plan p;
    plan(route, hashKey, nullptr, p);
    return QList<int>(p.begin(), p.end());
}

} // namespace gatehouse
