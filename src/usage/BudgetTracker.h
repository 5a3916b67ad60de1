#pragma once

#include "BudgetGate.h"
#include "RequestRecord.h"
#include "RouteSpec.h"
#include "UsageTypes.h"

#include <QHash>
#include <QJsonArray>
#include <QMutex>

#include <functional>

namespace gatehouse {

class PriceTable;
class RouteTable;
class UsageLedger;

// One budget's state, for the GUI and GET /gatehouse/budgets.
struct BudgetStatus
{
    QString route;
    BudgetSpec spec; // what is limited (metric, window, limit, instance, source)
    double used = 0; // tokens, or dollars for CostUsd, in the current window
    qint64 windowStartMs = 0;
    qint64 resetsAtMs = 0; // when the window ends and `used` goes back to 0
    bool exhausted = false;

    QJsonObject toJson() const;
};

// The proxy's BudgetGate: running totals per route (today and this month, local time) and per
// ai-rate-limiting window, loaded from the ledger at start so budgets survive a restart and
// updated from each record (it is a RequestSink too). A check is a hash lookup under a mutex,
// and only routes with budgets are ever checked. Requests already in flight when a budget runs
// out still finish (as on APISIX, usage is only known after the answer).
class BudgetTracker final : public BudgetGate, public RequestSink
{
public:
    using Clock = std::function<qint64()>; // ms since the epoch

    // `prices` prices records for cost budgets (may be null: cost 0). `clock` defaults to now.
    explicit BudgetTracker(const PriceTable *prices, Clock clock = {});
    Q_DISABLE_COPY_MOVE(BudgetTracker)

    // Loads today's and this month's totals per route from the ledger (call after open, before
    // the proxy serves). Windows of ai-rate-limiting load when setRoutes() first sees them.
    void load(const UsageLedger &ledger);
    // The current routes: registers their ai-rate-limiting windows (loading each new one from
    // the ledger given to load(), if any). Call on start and whenever the route table changes.
    void setRoutes(const RouteTable &table);

    // BudgetGate (worker threads).
    std::optional<BudgetRejection> checkRoute(const RouteSpec &route) override;
    std::optional<BudgetRejection> checkInstance(const RouteSpec &route,
                                                 const InstanceSpec &instance) override;
    // RequestSink (worker threads): adds the record's tokens and cost to its route's totals.
    void record(const RequestRecord &record) override;

    // Every budget of every route in `table` with what is used and when it resets.
    QList<BudgetStatus> statuses(const RouteTable &table) const;
    static QJsonArray toJson(const QList<BudgetStatus> &statuses);

    // Window bounds in local time for `nowMs`: [start, end) of the day, the month, or the
    // time_window-second window counted from local midnight.
    static qint64 windowStart(const BudgetSpec &spec, qint64 nowMs);
    static qint64 windowEnd(const BudgetSpec &spec, qint64 nowMs);
    // "daily budget of 100000 tokens", "monthly budget of $5.00", "limit of 1000 total tokens
    // per 60 s": how a message names a budget.
    static QString describe(const BudgetSpec &spec);

private:
    struct Window
    {
        qint64 startMs = 0;
        qint64 endMs = 0; // [start, end): outside it the window holds nothing
        UsageSums sums;
    };
    // route \x1f instance \x1f window ("day", "month" or seconds)
    static QString key(const QString &route, const QString &instance, const BudgetSpec &spec);
    void addLocked(const QString &key, const BudgetSpec &spec, qint64 nowMs, const UsageSums &add);
    double usedLocked(const QString &route, const BudgetSpec &spec, qint64 nowMs) const;
    std::optional<BudgetRejection> checkLocked(const RouteSpec &route, const QString &instance,
                                               qint64 nowMs) const;
    qint64 now() const;

    const PriceTable *m_prices;
    Clock m_clock;
    const UsageLedger *m_ledger = nullptr;
    mutable QMutex m_mutex;
    QHash<QString, Window> m_windows;
    // ai-rate-limiting windows per route (calendar day and month are kept for every route)
    QHash<QString, QList<BudgetSpec>> m_extraWindows;
};

} // namespace gatehouse
