#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace gatehouse {

struct InstanceSpec;
struct RouteSpec;

// Why a request was refused because a budget or token limit is used up: the proxy answers it in
// its JSON error envelope (GatewayError) with a Retry-After of `retryAfterSeconds`.
struct BudgetRejection
{
    int status = 429;
    QByteArray code = "budget_exceeded"; // or "token_limit_exceeded" (ai-rate-limiting)
    QString message;                     // a sentence naming the route, the limit and the reset
    qint64 retryAfterSeconds = 0;        // until the window resets
};

// What the proxy asks before it calls an upstream, after routing: may this route (or instance)
// still spend tokens? The usage layer implements it from running totals (BudgetTracker).
// Called from the proxy's worker threads, only for routes whose spec has budgets (so a route
// without one costs a single atomic load): implementations must be thread-safe and never block
// on I/O.
class BudgetGate
{
public:
    virtual ~BudgetGate() = default;
    // nullopt when the route's own budgets (route.budgets with an empty instance) allow a request.
    virtual std::optional<BudgetRejection> checkRoute(const RouteSpec &route) = 0;
    // nullopt when `instance`'s own limits on `route` allow a request; else it is skipped.
    virtual std::optional<BudgetRejection> checkInstance(const RouteSpec &route,
                                                         const InstanceSpec &instance) = 0;
};

} // namespace gatehouse
