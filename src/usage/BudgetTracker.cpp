#include "BudgetTracker.h"

#include "PriceTable.h"
#include "RouteTable.h"
#include "UsageLedger.h"
#include "UsageLogging.h"

#include <QDateTime>
#include <QJsonObject>

#include <cmath>

namespace gatehouse {

namespace {

BudgetSpec calendar(BudgetSpec::Window window)
{
    BudgetSpec s;
    s.window = window;
    return s;
}

const BudgetSpec kDay = calendar(BudgetSpec::Window::Day);
const BudgetSpec kMonth = calendar(BudgetSpec::Window::Month);

QString metricName(BudgetSpec::Metric m)
{
    switch (m) {
    case BudgetSpec::Metric::PromptTokens:
        return QStringLiteral("prompt_tokens");
    case BudgetSpec::Metric::CompletionTokens:
        return QStringLiteral("completion_tokens");
    case BudgetSpec::Metric::CostUsd:
        return QStringLiteral("cost_usd");
    case BudgetSpec::Metric::TotalTokens:
        break;
    }
    return QStringLiteral("total_tokens");
}

QString windowName(const BudgetSpec &s)
{
    switch (s.window) {
    case BudgetSpec::Window::Day:
        return QStringLiteral("day");
    case BudgetSpec::Window::Month:
        return QStringLiteral("month");
    case BudgetSpec::Window::Seconds:
        break;
    }
    return QString::number(s.windowSeconds) + QLatin1Char('s');
}

QString amount(const BudgetSpec &s, double value)
{
    if (s.metric == BudgetSpec::Metric::CostUsd)
        return QLatin1Char('$') + QString::number(value, 'f', 2);
    const QString n = QString::number(qint64(std::llround(value)));
    switch (s.metric) {
    case BudgetSpec::Metric::PromptTokens:
        return n + QStringLiteral(" prompt tokens");
    case BudgetSpec::Metric::CompletionTokens:
        return n + QStringLiteral(" completion tokens");
    default:
        return n + QStringLiteral(" tokens");
    }
}

QString durationWords(qint64 seconds)
{
    if (seconds < 120)
        return QString::number(seconds) + QStringLiteral(" s");
    if (seconds < 7200)
        return QString::number((seconds + 59) / 60) + QStringLiteral(" min");
    return QString::number(seconds / 3600) + QStringLiteral(" h ") +
           QString::number((seconds % 3600 + 59) / 60) + QStringLiteral(" min");
}

} // namespace

QJsonObject BudgetStatus::toJson() const
{
    QJsonObject o{{QStringLiteral("route"), route},
                  {QStringLiteral("metric"), metricName(spec.metric)},
                  {QStringLiteral("window"), windowName(spec)},
                  {QStringLiteral("limit"), spec.limit},
                  {QStringLiteral("used"), used},
                  {QStringLiteral("remaining"), qMax(0.0, spec.limit - used)},
                  {QStringLiteral("exhausted"), exhausted},
                  {QStringLiteral("window_start"),
                   QDateTime::fromMSecsSinceEpoch(windowStartMs).toString(Qt::ISODate)},
                  {QStringLiteral("resets_at"),
                   QDateTime::fromMSecsSinceEpoch(resetsAtMs).toString(Qt::ISODate)},
                  {QStringLiteral("source"), spec.source == BudgetSpec::Source::Label
                                                 ? QStringLiteral("labels")
                                                 : QStringLiteral("ai-rate-limiting")},
                  {QStringLiteral("rejected_code"), spec.rejectedCode}};
    if (!spec.instance.isEmpty())
        o.insert(QStringLiteral("instance"), spec.instance);
    return o;
}

BudgetTracker::BudgetTracker(const PriceTable *prices, Clock clock)
    : m_prices(prices), m_clock(std::move(clock))
{}

qint64 BudgetTracker::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

qint64 BudgetTracker::windowStart(const BudgetSpec &spec, qint64 nowMs)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    switch (spec.window) {
    case BudgetSpec::Window::Day:
        return now.date().startOfDay().toMSecsSinceEpoch();
    case BudgetSpec::Window::Month:
        return QDate(now.date().year(), now.date().month(), 1).startOfDay().toMSecsSinceEpoch();
    case BudgetSpec::Window::Seconds:
        break;
    }
    // Fixed windows counted from local midnight, so a 86400 s window is the local day.
    const qint64 midnight = now.date().startOfDay().toMSecsSinceEpoch();
    const qint64 len = qMax<qint64>(1, spec.windowSeconds) * 1000;
    return midnight + (nowMs - midnight) / len * len;
}

qint64 BudgetTracker::windowEnd(const BudgetSpec &spec, qint64 nowMs)
{
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs);
    switch (spec.window) {
    case BudgetSpec::Window::Day:
        return now.date().addDays(1).startOfDay().toMSecsSinceEpoch();
    case BudgetSpec::Window::Month:
        return QDate(now.date().year(), now.date().month(), 1)
            .addMonths(1)
            .startOfDay()
            .toMSecsSinceEpoch();
    case BudgetSpec::Window::Seconds:
        break;
    }
    // A window never runs past midnight: the next one starts there.
    return qMin(windowStart(spec, nowMs) + qMax<qint64>(1, spec.windowSeconds) * 1000,
                now.date().addDays(1).startOfDay().toMSecsSinceEpoch());
}

QString BudgetTracker::describe(const BudgetSpec &spec)
{
    switch (spec.window) {
    case BudgetSpec::Window::Day:
        return QStringLiteral("daily budget of ") + amount(spec, spec.limit);
    case BudgetSpec::Window::Month:
        return QStringLiteral("monthly budget of ") + amount(spec, spec.limit);
    case BudgetSpec::Window::Seconds:
        break;
    }
    return QStringLiteral("limit of %1 per %2 s (ai-rate-limiting)")
        .arg(amount(spec, spec.limit))
        .arg(spec.windowSeconds);
}

QString BudgetTracker::key(const QString &route, const QString &instance, const BudgetSpec &spec)
{
    return route + QChar(0x1f) + instance + QChar(0x1f) + windowName(spec);
}

void BudgetTracker::addLocked(const QString &k, const BudgetSpec &spec, qint64 nowMs,
                              const UsageSums &add)
{
    Window &w = m_windows[k];
    if (nowMs < w.startMs || nowMs >= w.endMs) // a new window (conversions only then)
        w = {windowStart(spec, nowMs), windowEnd(spec, nowMs), {}};
    w.sums.add(add);
}

double BudgetTracker::usedLocked(const QString &route, const BudgetSpec &spec, qint64 nowMs) const
{
    const auto it = m_windows.constFind(key(route, spec.instance, spec));
    if (it == m_windows.constEnd() || nowMs < it->startMs || nowMs >= it->endMs)
        return 0;
    switch (spec.metric) {
    case BudgetSpec::Metric::PromptTokens:
        return double(it->sums.promptTokens);
    case BudgetSpec::Metric::CompletionTokens:
        return double(it->sums.completionTokens);
    case BudgetSpec::Metric::CostUsd:
        return it->sums.costUsd;
    case BudgetSpec::Metric::TotalTokens:
        break;
    }
    return double(it->sums.totalTokens());
}

void BudgetTracker::load(const UsageLedger &ledger)
{
    m_ledger = &ledger;
    const qint64 t = now();
    const qint64 dayStart = windowStart(kDay, t);
    const qint64 monthStart = windowStart(kMonth, t);
    const QHash<QString, UsageSums> day = ledger.sumsByRouteSince(dayStart);
    const QHash<QString, UsageSums> month = ledger.sumsByRouteSince(monthStart);
    QMutexLocker lock(&m_mutex);
    for (auto it = day.constBegin(); it != day.constEnd(); ++it)
        m_windows.insert(key(it.key(), {}, kDay), {dayStart, windowEnd(kDay, t), *it});
    for (auto it = month.constBegin(); it != month.constEnd(); ++it)
        m_windows.insert(key(it.key(), {}, kMonth), {monthStart, windowEnd(kMonth, t), *it});
}

void BudgetTracker::setRoutes(const RouteTable &table)
{
    QHash<QString, QList<BudgetSpec>> extra;
    for (const RouteSpec &route : table.routes()) {
        for (const BudgetSpec &b : route.budgets) {
            if (b.window == BudgetSpec::Window::Seconds)
                extra[route.id].append(b);
        }
    }
    const qint64 t = now();
    // New windows start from what the ledger holds for them (read outside the lock).
    QHash<QString, Window> loaded;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it) {
            for (const BudgetSpec &b : *it) {
                const QString k = key(it.key(), b.instance, b);
                if (!m_windows.contains(k))
                    loaded.insert(k, {windowStart(b, t), windowEnd(b, t), {}});
            }
        }
    }
    if (m_ledger) {
        for (auto it = loaded.begin(); it != loaded.end(); ++it) {
            const QStringList parts = it.key().split(QChar(0x1f));
            it->sums = m_ledger->sumsSince(it->startMs, parts.value(0), parts.value(1));
        }
    }
    QMutexLocker lock(&m_mutex);
    for (auto it = loaded.constBegin(); it != loaded.constEnd(); ++it) {
        if (!m_windows.contains(it.key()))
            m_windows.insert(it.key(), *it);
    }
    m_extraWindows = std::move(extra);
}

void BudgetTracker::record(const RequestRecord &record)
{
    if (record.routeId.isEmpty())
        return;
    UsageSums add;
    add.requests = 1;
    add.errors = record.status < 200 || record.status > 299 ? 1 : 0;
    add.promptTokens = record.usage.promptTokens;
    add.completionTokens = record.usage.completionTokens;
    add.cachedTokens = record.usage.cachedTokens;
    if (m_prices && (add.promptTokens || add.completionTokens))
        add.costUsd = m_prices->cost(record).value_or(0.0);
    const qint64 t = now();
    QMutexLocker lock(&m_mutex);
    addLocked(key(record.routeId, {}, kDay), kDay, t, add);
    addLocked(key(record.routeId, {}, kMonth), kMonth, t, add);
    const auto it = m_extraWindows.constFind(record.routeId);
    if (it == m_extraWindows.constEnd())
        return;
    QSet<QString> done; // two limits on one window count the request once
    for (const BudgetSpec &b : *it) {
        if (!b.instance.isEmpty() && b.instance != record.instance)
            continue;
        const QString k = key(record.routeId, b.instance, b);
        if (!done.contains(k)) {
            done.insert(k);
            addLocked(k, b, t, add);
        }
    }
}

std::optional<BudgetRejection>
BudgetTracker::checkLocked(const RouteSpec &route, const QString &instance, qint64 nowMs) const
{
    for (const BudgetSpec &b : route.budgets) {
        if (b.instance != instance)
            continue;
        if (usedLocked(route.id, b, nowMs) < b.limit)
            continue;
        const qint64 end = windowEnd(b, nowMs);
        BudgetRejection r;
        r.retryAfterSeconds = qMax<qint64>(1, (end - nowMs + 999) / 1000);
        const QString who = instance.isEmpty()
                                ? QStringLiteral("Route %1").arg(route.id)
                                : QStringLiteral("Instance %1 of route %2").arg(instance, route.id);
        if (b.source == BudgetSpec::Source::Label) {
            r.status = 429;
            r.code = "budget_exceeded";
            const QDateTime reset = QDateTime::fromMSecsSinceEpoch(end);
            r.message = QStringLiteral("%1 has used its %2; it resets %3 at 00:00 local time. "
                                       "Raise or remove the budget in the route's labels to "
                                       "continue now.")
                            .arg(who, describe(b),
                                 b.window == BudgetSpec::Window::Day
                                     ? QStringLiteral("tonight")
                                     : QStringLiteral("on ") + reset.date().toString(Qt::ISODate));
        } else {
            r.status = b.rejectedCode;
            r.code = "token_limit_exceeded";
            r.message = !b.rejectedMessage.isEmpty()
                            ? b.rejectedMessage
                            : QStringLiteral("%1 has used its %2; it resets in %3.")
                                  .arg(who, describe(b), durationWords(r.retryAfterSeconds));
        }
        return r;
    }
    return std::nullopt;
}

std::optional<BudgetRejection> BudgetTracker::checkRoute(const RouteSpec &route)
{
    const qint64 t = now();
    QMutexLocker lock(&m_mutex);
    return checkLocked(route, {}, t);
}

std::optional<BudgetRejection> BudgetTracker::checkInstance(const RouteSpec &route,
                                                            const InstanceSpec &instance)
{
    const qint64 t = now();
    QMutexLocker lock(&m_mutex);
    return checkLocked(route, instance.name, t);
}

QList<BudgetStatus> BudgetTracker::statuses(const RouteTable &table) const
{
    QList<BudgetStatus> out;
    const qint64 t = now();
    QMutexLocker lock(&m_mutex);
    for (const RouteSpec &route : table.routes()) {
        for (const BudgetSpec &b : route.budgets) {
            BudgetStatus s;
            s.route = route.id;
            s.spec = b;
            s.used = usedLocked(route.id, b, t);
            s.windowStartMs = windowStart(b, t);
            s.resetsAtMs = windowEnd(b, t);
            s.exhausted = s.used >= b.limit;
            out.append(s);
        }
    }
    return out;
}

QJsonArray BudgetTracker::toJson(const QList<BudgetStatus> &statuses)
{
    QJsonArray out;
    for (const BudgetStatus &s : statuses)
        out.append(s.toJson());
    return out;
}

} // namespace gatehouse
