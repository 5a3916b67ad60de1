#include "InstanceHealth.h"

#include "RouteTable.h"

#include <QDateTime>
#include <QJsonArray>
#include <QMutexLocker>
#include <QSet>
#include <QTimerEvent>

#include <algorithm>
#include <array>
#include <climits>
#include <iterator>
#include <utility>

namespace gatehouse {

namespace {

constexpr int kHistory = 100;        // outcomes the success rate is computed over
constexpr int kMaxFailureTimes = 16; // the failure window remembers this many failures

QString isoTime(qint64 wallMs)
{
    return wallMs > 0 ? QDateTime::fromMSecsSinceEpoch(wallMs, Qt::UTC).toString(Qt::ISODateWithMs)
                      : QString();
}

} // namespace

struct InstanceHealth::Entry
{
    // The breaker. Open from the first cooldown until a success closes it; while open and the
    // cooldown is over, one probe at a time may go through.
    bool open = false;
    qint64 coolingUntil = 0; // monotonic ms
    Reason reason = Reason::None;
    int cooldownMs = 0; // the length of the current cooldown; doubles when a probe fails
    bool probeInFlight = false;
    qint64 probeSince = 0;

    // Times of the most recent failures (monotonic ms), a ring.
    std::array<qint64, kMaxFailureTimes> failureTimes{};
    int failureNext = 0;
    int failureCount = 0;

    // The last kHistory outcomes, one bit each.
    std::array<quint64, 2> history{};
    int historyNext = 0;
    int historyFilled = 0;
    int historySuccesses = 0;

    quint64 attempts = 0;
    quint64 failures = 0;
    int lastStatus = 0;
    QString lastError;
    qint64 lastErrorAt = 0; // wall clock
    qint64 lastSuccessAt = 0;

    // checks.active
    bool activeChecked = false;
    bool activeUnhealthy = false;
    int activeSuccesses = 0;
    int activeFailures = 0;
    QString activeError;
    qint64 lastCheckAt = 0; // wall clock

    bool troubled() const { return open || activeUnhealthy; }

    void remember(bool ok)
    {
        const int word = historyNext / 64;
        const quint64 bit = quint64(1) << (historyNext % 64);
        if (historyFilled == kHistory) {
            if (history[word] & bit)
                --historySuccesses;
        } else {
            ++historyFilled;
        }
        if (ok) {
            history[word] |= bit;
            ++historySuccesses;
        } else {
            history[word] &= ~bit;
        }
        historyNext = (historyNext + 1) % kHistory;
    }

    int failuresSince(qint64 since) const
    {
        int n = 0;
        for (int i = 0; i < failureCount; ++i)
            n += failureTimes[i] >= since ? 1 : 0;
        return n;
    }
};

InstanceHealth::InstanceHealth(QObject *parent) : QObject(parent)
{
    m_steady.start();
}

InstanceHealth::~InstanceHealth()
{
    for (const auto &route : std::as_const(m_entries))
        qDeleteAll(route);
}

void InstanceHealth::setPolicy(const HealthPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_policy = policy;
    m_policy.failureThreshold = std::clamp(policy.failureThreshold, 1, kMaxFailureTimes);
    m_policy.cooldownMs = qMax(1, policy.cooldownMs);
    m_policy.maxCooldownMs = qMax(m_policy.cooldownMs, policy.maxCooldownMs);
}

HealthPolicy InstanceHealth::policy() const
{
    QMutexLocker lock(&m_mutex);
    return m_policy;
}

void InstanceHealth::setClock(Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

qint64 InstanceHealth::now() const
{
    return m_clock ? m_clock() : m_steady.elapsed();
}

InstanceHealth::Entry *InstanceHealth::find(const QString &route, const QString &instance) const
{
    const auto r = m_entries.constFind(route);
    if (r == m_entries.cend())
        return nullptr;
    return r->value(instance, nullptr);
}

InstanceHealth::Entry &InstanceHealth::entry(const QString &route, const QString &instance)
{
    Entry *&e = m_entries[route][instance];
    if (!e)
        e = new Entry;
    return *e;
}

void InstanceHealth::setTroubled(Entry &e, bool before)
{
    const bool after = e.troubled();
    if (after != before)
        m_troubled.fetch_add(after ? 1 : -1, std::memory_order_acq_rel);
}

void InstanceHealth::touch()
{
    m_generation.fetch_add(1, std::memory_order_acq_rel);
    // One queued signal for a burst of changes, on this object's thread.
    if (!m_notifyPending.exchange(true, std::memory_order_acq_rel)) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_notifyPending.store(false, std::memory_order_release);
                scheduleExpiry();
                emit changed();
            },
            Qt::QueuedConnection);
    }
}

void InstanceHealth::scheduleExpiry()
{
    qint64 soonest = -1;
    {
        QMutexLocker lock(&m_mutex);
        const qint64 t = now();
        for (const auto &route : std::as_const(m_entries)) {
            for (const Entry *e : route) {
                if (e->open && e->coolingUntil > t)
                    soonest =
                        soonest < 0 ? e->coolingUntil - t : qMin(soonest, e->coolingUntil - t);
            }
        }
    }
    if (soonest < 0)
        m_expiry.stop();
    else
        m_expiry.start(int(qMin<qint64>(soonest + 1, INT_MAX)), this);
}

void InstanceHealth::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_expiry.timerId())
        return;
    m_expiry.stop();
    m_generation.fetch_add(1, std::memory_order_acq_rel); // cooling down → half-open
    scheduleExpiry();
    emit changed();
}

void InstanceHealth::open(Entry &e, qint64 now, qint64 durationMs, Reason reason)
{
    e.open = true;
    e.coolingUntil = qMax(e.coolingUntil, now + durationMs);
    e.reason = reason;
}

void InstanceHealth::close(Entry &e)
{
    e.open = false;
    e.coolingUntil = 0;
    e.reason = Reason::None;
    e.cooldownMs = 0;
    e.probeInFlight = false;
    e.failureCount = 0;
    e.failureNext = 0;
}

bool InstanceHealth::standings(const RouteSpec &route, Standing *out, qint64 *soonestMs) const
{
    if (m_troubled.load(std::memory_order_acquire) == 0)
        return false;
    QMutexLocker lock(&m_mutex);
    const auto r = m_entries.constFind(route.id);
    if (r == m_entries.cend())
        return false;
    const qint64 t = now();
    bool any = false;
    qint64 soonest = -1;
    for (qsizetype i = 0; i < route.instances.size(); ++i) {
        const Entry *e = r->value(route.instances[i].name, nullptr);
        Standing s = Standing::Available;
        qint64 wait = 0;
        if (e && e->activeUnhealthy) {
            s = Standing::Unhealthy;
            wait = 1000; // until the next check; not known here
        } else if (e && e->open) {
            if (t < e->coolingUntil) {
                s = Standing::Cooling;
                wait = e->coolingUntil - t;
            } else if (e->probeInFlight && t - e->probeSince < m_policy.probeLeaseMs) {
                s = Standing::Cooling; // another request is probing it
                wait = 1000;
            }
        }
        out[i] = s;
        if (s != Standing::Available) {
            any = true;
            soonest = soonest < 0 ? wait : qMin(soonest, wait);
        }
    }
    if (soonestMs)
        *soonestMs = soonest;
    return any;
}

bool InstanceHealth::beginAttempt(const QString &route, const QString &instance, bool *probe)
{
    *probe = false;
    if (m_troubled.load(std::memory_order_acquire) == 0)
        return true;
    QMutexLocker lock(&m_mutex);
    Entry *e = find(route, instance);
    if (!e)
        return true;
    if (e->activeUnhealthy)
        return false;
    if (!e->open)
        return true;
    const qint64 t = now();
    if (t < e->coolingUntil)
        return false;
    if (e->probeInFlight && t - e->probeSince < m_policy.probeLeaseMs)
        return false;
    e->probeInFlight = true;
    e->probeSince = t;
    *probe = true;
    lock.unlock();
    touch();
    return true;
}

void InstanceHealth::report(const QString &route, const QString &instance, const Outcome &outcome,
                            bool probe)
{
    const bool failed = outcome.kind != Outcome::Kind::Success;
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    bool changedState = false;
    {
        QMutexLocker lock(&m_mutex);
        Entry &e = entry(route, instance);
        const bool before = e.troubled();
        const bool wasOpen = e.open;
        const qint64 t = now();
        ++e.attempts;
        e.lastStatus = outcome.status;
        e.remember(!failed);
        if (!failed) {
            e.lastSuccessAt = wall;
            if (e.open)
                close(e); // the probe (or a last-resort try) answered: closed again
        } else {
            ++e.failures;
            e.lastError = outcome.error.isEmpty() && outcome.status
                              ? QStringLiteral("HTTP %1").arg(outcome.status)
                              : outcome.error;
            e.lastErrorAt = wall;
            e.failureTimes[e.failureNext] = t;
            e.failureNext = (e.failureNext + 1) % kMaxFailureTimes;
            e.failureCount = qMin(e.failureCount + 1, kMaxFailureTimes);
            const Reason reason =
                outcome.kind == Outcome::Kind::RateLimited ? Reason::RateLimited : Reason::Failing;
            const qint64 retryAfter =
                outcome.retryAfterMs >= 0
                    ? qMin<qint64>(outcome.retryAfterMs, m_policy.maxRetryAfterMs)
                    : -1;
            if (!m_policy.breaker) {
                // Recorded above; the breaker stays closed.
            } else if (e.open && probe) {
                // The probe failed: it keeps failing, so the next cooldown is twice as long.
                e.cooldownMs = qMin(e.cooldownMs > 0 ? e.cooldownMs * 2 : m_policy.cooldownMs,
                                    m_policy.maxCooldownMs);
                e.coolingUntil = 0;
                e.probeInFlight = false;
                open(e, t, retryAfter >= 0 ? retryAfter : e.cooldownMs, reason);
            } else if (e.open) {
                // A last-resort try while cooling: only a Retry-After moves the end.
                if (retryAfter >= 0)
                    open(e, t, retryAfter, reason);
            } else if (retryAfter >= 0) {
                e.cooldownMs = m_policy.cooldownMs;
                open(e, t, retryAfter, reason);
            } else if (e.failuresSince(t - m_policy.failureWindowMs) >= m_policy.failureThreshold) {
                e.cooldownMs = m_policy.cooldownMs;
                open(e, t, e.cooldownMs, reason);
            }
        }
        changedState =
            e.open != wasOpen || (e.open && failed && (probe || outcome.retryAfterMs >= 0));
        setTroubled(e, before);
    }
    if (changedState)
        touch();
}

void InstanceHealth::abandon(const QString &route, const QString &instance)
{
    {
        QMutexLocker lock(&m_mutex);
        Entry *e = find(route, instance);
        if (!e || !e->probeInFlight)
            return;
        e->probeInFlight = false; // the next request probes instead
    }
    touch();
}

void InstanceHealth::reportCheck(const QString &route, const QString &instance, bool ok,
                                 const QString &error, int healthySuccesses, int unhealthyFailures)
{
    bool changedState = false;
    {
        QMutexLocker lock(&m_mutex);
        Entry &e = entry(route, instance);
        const bool before = e.troubled();
        const bool wasUnhealthy = e.activeUnhealthy;
        e.lastCheckAt = QDateTime::currentMSecsSinceEpoch();
        changedState = !e.activeChecked;
        e.activeChecked = true;
        if (ok) {
            e.activeFailures = 0;
            ++e.activeSuccesses;
            e.activeError.clear();
            if (e.activeUnhealthy && e.activeSuccesses >= healthySuccesses)
                e.activeUnhealthy = false;
        } else {
            e.activeSuccesses = 0;
            ++e.activeFailures;
            e.activeError = error;
            if (!e.activeUnhealthy && e.activeFailures >= unhealthyFailures)
                e.activeUnhealthy = true;
        }
        changedState = changedState || e.activeUnhealthy != wasUnhealthy;
        setTroubled(e, before);
    }
    if (changedState)
        touch();
}

void InstanceHealth::retain(const RouteTable &table)
{
    bool removed = false;
    {
        QMutexLocker lock(&m_mutex);
        QHash<QString, QSet<QString>> wanted;
        for (const RouteSpec &route : table.routes()) {
            QSet<QString> &names = wanted[route.id];
            for (const InstanceSpec &inst : route.instances)
                names.insert(inst.name);
        }
        for (auto r = m_entries.begin(); r != m_entries.end();) {
            const QSet<QString> names = wanted.value(r.key());
            for (auto i = r->begin(); i != r->end();) {
                if (names.contains(i.key())) {
                    ++i;
                    continue;
                }
                if (i.value()->troubled())
                    m_troubled.fetch_sub(1, std::memory_order_acq_rel);
                delete i.value();
                i = r->erase(i);
                removed = true;
            }
            r = r->isEmpty() ? m_entries.erase(r) : std::next(r);
        }
    }
    if (removed)
        touch();
}

void InstanceHealth::clear()
{
    {
        QMutexLocker lock(&m_mutex);
        for (const auto &route : std::as_const(m_entries))
            qDeleteAll(route);
        m_entries.clear();
        m_troubled.store(0, std::memory_order_release);
    }
    touch();
}

InstanceHealth::Status InstanceHealth::statusOf(const QString &route, const QString &instance,
                                                const Entry &e, qint64 t, qint64 wallNow) const
{
    Status s;
    s.route = route;
    s.instance = instance;
    if (e.activeUnhealthy) {
        s.state = State::Unhealthy;
        s.reason = Reason::ActiveCheck;
    } else if (e.open) {
        s.reason = e.reason;
        if (t < e.coolingUntil) {
            s.state = State::CoolingDown;
            s.cooldownLeftMs = e.coolingUntil - t;
            s.coolingUntilMs = wallNow + s.cooldownLeftMs;
        } else {
            s.state = State::HalfOpen;
            s.probing = e.probeInFlight && t - e.probeSince < m_policy.probeLeaseMs;
        }
    }
    s.lastStatus = e.lastStatus;
    s.lastError = e.lastError;
    s.lastErrorAtMs = e.lastErrorAt;
    s.lastSuccessAtMs = e.lastSuccessAt;
    s.samples = e.historyFilled;
    s.successRate = e.historyFilled ? double(e.historySuccesses) / e.historyFilled : -1;
    s.recentFailures = e.failuresSince(t - m_policy.failureWindowMs);
    s.attempts = e.attempts;
    s.failures = e.failures;
    s.activeChecked = e.activeChecked;
    s.activeHealthy = !e.activeUnhealthy;
    s.activeError = e.activeError;
    s.lastCheckAtMs = e.lastCheckAt;
    return s;
}

QList<InstanceHealth::Status> InstanceHealth::statuses() const
{
    QMutexLocker lock(&m_mutex);
    const qint64 t = now();
    const qint64 wall = QDateTime::currentMSecsSinceEpoch();
    QList<Status> out;
    for (auto r = m_entries.cbegin(); r != m_entries.cend(); ++r) {
        for (auto i = r->cbegin(); i != r->cend(); ++i)
            out << statusOf(r.key(), i.key(), *i.value(), t, wall);
    }
    std::sort(out.begin(), out.end(), [](const Status &a, const Status &b) {
        return a.route != b.route ? a.route < b.route : a.instance < b.instance;
    });
    return out;
}

InstanceHealth::Status InstanceHealth::status(const QString &route, const QString &instance) const
{
    QMutexLocker lock(&m_mutex);
    if (const Entry *e = find(route, instance))
        return statusOf(route, instance, *e, now(), QDateTime::currentMSecsSinceEpoch());
    Status s;
    s.route = route;
    s.instance = instance;
    return s;
}

QJsonObject InstanceHealth::toJson(const Status &s)
{
    QJsonObject o{{QStringLiteral("route"), s.route},
                  {QStringLiteral("instance"), s.instance},
                  {QStringLiteral("state"), stateName(s.state)},
                  {QStringLiteral("attempts"), qint64(s.attempts)},
                  {QStringLiteral("failures"), qint64(s.failures)},
                  {QStringLiteral("recent_failures"), s.recentFailures},
                  {QStringLiteral("samples"), s.samples}};
    if (s.reason != Reason::None)
        o.insert(QStringLiteral("reason"), reasonName(s.reason));
    if (s.state == State::CoolingDown) {
        o.insert(QStringLiteral("cooling_until"), isoTime(s.coolingUntilMs));
        o.insert(QStringLiteral("cooldown_left_ms"), s.cooldownLeftMs);
    }
    if (s.state == State::HalfOpen)
        o.insert(QStringLiteral("probing"), s.probing);
    if (s.successRate >= 0)
        o.insert(QStringLiteral("success_rate"), s.successRate);
    if (s.attempts)
        o.insert(QStringLiteral("last_status"), s.lastStatus);
    if (!s.lastError.isEmpty()) {
        o.insert(QStringLiteral("last_error"), s.lastError);
        o.insert(QStringLiteral("last_error_at"), isoTime(s.lastErrorAtMs));
    }
    if (s.lastSuccessAtMs)
        o.insert(QStringLiteral("last_success_at"), isoTime(s.lastSuccessAtMs));
    if (s.activeChecked) {
        QJsonObject active{{QStringLiteral("healthy"), s.activeHealthy},
                           {QStringLiteral("last_check_at"), isoTime(s.lastCheckAtMs)}};
        if (!s.activeError.isEmpty())
            active.insert(QStringLiteral("last_error"), s.activeError);
        o.insert(QStringLiteral("active_check"), active);
    }
    return o;
}

QJsonObject InstanceHealth::snapshot() const
{
    QJsonArray instances;
    for (const Status &s : statuses())
        instances.append(toJson(s));
    const HealthPolicy p = policy();
    const QJsonObject policy{{QStringLiteral("failure_threshold"), p.failureThreshold},
                             {QStringLiteral("failure_window_ms"), p.failureWindowMs},
                             {QStringLiteral("cooldown_ms"), p.cooldownMs},
                             {QStringLiteral("max_cooldown_ms"), p.maxCooldownMs}};
    return {{QStringLiteral("generation"), qint64(generation())},
            {QStringLiteral("policy"), policy},
            {QStringLiteral("instances"), instances}};
}

QString InstanceHealth::stateName(State state)
{
    switch (state) {
    case State::Healthy:
        return QStringLiteral("healthy");
    case State::CoolingDown:
        return QStringLiteral("cooling_down");
    case State::HalfOpen:
        return QStringLiteral("half_open");
    case State::Unhealthy:
        return QStringLiteral("unhealthy");
    }
    return {};
}

QString InstanceHealth::reasonName(Reason reason)
{
    switch (reason) {
    case Reason::None:
        return {};
    case Reason::Failing:
        return QStringLiteral("failing");
    case Reason::RateLimited:
        return QStringLiteral("rate_limited");
    case Reason::ActiveCheck:
        return QStringLiteral("active_check");
    }
    return {};
}

qint64 InstanceHealth::parseRetryAfterMs(QByteArrayView value, qint64 nowWallMs)
{
    const QByteArrayView v = value.trimmed();
    if (v.isEmpty())
        return -1;
    bool digits = true;
    for (char c : v)
        digits = digits && c >= '0' && c <= '9';
    if (digits) {
        bool ok = false;
        const qint64 seconds = v.toLongLong(&ok);
        return ok ? qMin<qint64>(seconds, qint64(1) << 40) * 1000 : -1;
    }
    // An HTTP date (IMF-fixdate, "Wed, 21 Oct 2015 07:28:00 GMT") is RFC 2822's syntax, except
    // that Qt wants the zone as an offset.
    QString text = QString::fromLatin1(v.data(), v.size());
    if (text.endsWith(QLatin1String(" GMT")) || text.endsWith(QLatin1String(" UTC")))
        text = text.chopped(3) + QStringLiteral("+0000");
    const QDateTime at = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!at.isValid())
        return -1;
    return qMax<qint64>(0, at.toMSecsSinceEpoch() - nowWallMs);
}

} // namespace gatehouse
