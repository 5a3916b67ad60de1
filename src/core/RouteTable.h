#pragma once

#include "RouteSpec.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>

#include <memory>
#include <vector>

namespace gatehouse {

class SecretResolver;

// The outcome of matching one request against the table.
struct RouteMatch
{
    enum class Miss { None, NoRoute, MethodNotAllowed };
    const RouteSpec *route = nullptr;
    Miss miss = Miss::NoRoute;
    QByteArrayList allowedMethods; // for 405's Allow header
};

// An immutable snapshot of the enabled routes, with secrets resolved, ready to be matched from
// any thread. Matching follows APISIX: an exact path beats a prefix (`/x/*`), a longer prefix
// beats a shorter one; among routes on the same path, higher `priority` wins, then the route
// changed most recently, then the smaller id. `hosts` and `methods` filter.
class RouteTable
{
public:
    RouteTable() = default;

    // Builds a snapshot; `resolver` (may be null) turns secret references into values.
    static std::shared_ptr<const RouteTable> build(const QList<RouteSpec> &routes, const SecretResolver *resolver,
                                                   quint64 version = 0);

    RouteMatch match(QByteArrayView method, QByteArrayView path, QByteArrayView host) const;

    const QList<RouteSpec> &routes() const { return m_routes; }
    quint64 version() const { return m_version; }

    // True when `a` is tried before `b` for a path both declare.
    static bool precedes(const RouteSpec &a, const RouteSpec &b);
    // Whether two routes can both be asked for the same request (overlapping methods and hosts).
    static bool overlap(const RouteSpec &a, const RouteSpec &b);
    static bool hostMatches(QByteArrayView pattern, QByteArrayView host); // pattern may start with *

private:
    struct Candidate
    {
        int route;
        QByteArrayList methods; // upper case; empty = any
        QByteArrayList hosts;   // lower case; empty = any
    };
    struct Prefix
    {
        QByteArray prefix;
        std::vector<Candidate> candidates;
    };

    bool pick(const std::vector<Candidate> &candidates, QByteArrayView method, QByteArrayView host,
              RouteMatch &out) const;

    QList<RouteSpec> m_routes;
    QHash<QByteArray, std::vector<Candidate>> m_exact;
    std::vector<Prefix> m_prefixes; // longest first
    quint64 m_version = 0;
};

} // namespace gatehouse
