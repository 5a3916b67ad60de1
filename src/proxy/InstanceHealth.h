#pragma once

#include "ProxySettings.h"

#include <QBasicTimer>
#include <QByteArrayView>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>

namespace gatehouse {

class RouteTable;
struct RouteSpec;

// The health of every instance of every route, in one place shared by all proxy workers, the
// active checker, the Admin API and the GUI. Keyed by route id and instance name, so it survives
// a config reload.
//
// Passive health is a circuit breaker per instance, fed by every attempt the proxy makes:
// `failureThreshold` failures (transport errors, 5xx, 429, statuses listed in the route's
// fallback_http_statuses) within `failureWindowMs` open it for `cooldownMs`; an upstream
// Retry-After on a 429/503 opens it for exactly that long. When the cooldown is over, one request
// is let through as a probe (half-open): success closes the breaker, failure opens it again for
// twice as long (up to `maxCooldownMs`). Active checks (checks.active) mark an instance unhealthy
// on their own thresholds, independently of the breaker.
//
// The hot path costs one atomic load while nothing is in trouble (standings(), beginAttempt()),
// and one short mutex per attempt to record its outcome (report()). Changes of state are
// announced by changed(), emitted on this object's thread (the main thread) and coalesced.
class InstanceHealth final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceHealth)

public:
    enum class State {
        Healthy,
        CoolingDown, // the breaker is open: skipped until coolingUntil
        HalfOpen,    // the cooldown is over: the next request probes it (or one already does)
        Unhealthy,   // the active check says so
    };
    enum class Reason { None, Failing, RateLimited, ActiveCheck };

    // What one attempt found out about an instance.
    struct Outcome
    {
        enum class Kind { Success, Failure, RateLimited };
        Kind kind = Kind::Success;
        int status = 0; // 0: no HTTP answer (refused, reset, timeout, garbage)
        QString error;
        qint64 retryAfterMs = -1; // the upstream's Retry-After; -1 when it sent none
    };

    // How the balancer should treat an instance right now.
    enum class Standing : quint8 { Available, Cooling, Unhealthy };

    // One instance's health, for the GUI, the Admin API and tests.
    struct Status
    {
        QString route;
        QString instance;
        State state = State::Healthy;
        Reason reason = Reason::None;
        qint64 coolingUntilMs = 0;  // wall clock (ms since the epoch); 0 when not cooling
        qint64 cooldownLeftMs = 0;  // 0 when not cooling
        bool probing = false;       // a half-open probe is in flight
        int lastStatus = 0;         // of the last attempt; 0 for a transport error
        QString lastError;          // of the last failure
        qint64 lastErrorAtMs = 0;   // wall clock
        qint64 lastSuccessAtMs = 0; // wall clock
        double successRate = -1;    // over the last 100 attempts; -1 before the first
        int samples = 0;
        int recentFailures = 0; // within the failure window
        quint64 attempts = 0;   // since the start
        quint64 failures = 0;
        bool activeChecked = false; // checks.active ran at least once
        bool activeHealthy = true;
        QString activeError;
        qint64 lastCheckAtMs = 0; // wall clock
    };

    explicit InstanceHealth(QObject *parent = nullptr);
    ~InstanceHealth() override;

    void setPolicy(const HealthPolicy &policy);
    HealthPolicy policy() const;

    // Milliseconds on a monotonic clock. Tests replace it to step through cooldowns; set it
    // before the proxy serves. Null restores the steady clock.
    using Clock = std::function<qint64()>;
    void setClock(Clock clock);
    qint64 now() const;

    // --- hot path (any thread) ---

    // Fills out[i] for route.instances[i] and returns true when any of them is not available;
    // returns false without touching `out` when all are (the common case, one atomic load).
    // *soonestMs: how long until the first unavailable one may be tried again.
    bool standings(const RouteSpec &route, Standing *out, qint64 *soonestMs = nullptr) const;
    // Called before an attempt: true when the instance may be tried now. When its cooldown is
    // over this claims the single half-open probe and sets *probe; a cooling instance, or one
    // another request is probing, gives false.
    bool beginAttempt(const QString &route, const QString &instance, bool *probe);
    // The outcome of an attempt; `probe` as beginAttempt() set it.
    void report(const QString &route, const QString &instance, const Outcome &outcome, bool probe);
    // An attempt that ended with no outcome (the client left first): frees a claimed probe.
    void abandon(const QString &route, const QString &instance);

    // --- active checks (the checker's thread) ---
    void reportCheck(const QString &route, const QString &instance, bool ok, const QString &error,
                     int healthySuccesses, int unhealthyFailures);

    // Forgets instances the table no longer has (after a reload).
    void retain(const RouteTable &table);
    // Forgets everything (a test, or "reset health" in the GUI).
    void clear();

    // --- readers (any thread) ---
    QList<Status> statuses() const;
    Status status(const QString &route, const QString &instance) const;
    // {"generation": N, "policy": {...}, "instances": [{"route", "instance", "state", ...}]}
    // for GET /gatehouse/health.
    QJsonObject snapshot() const;
    static QJsonObject toJson(const Status &status);
    // Bumped by every change of state; readers can poll it instead of connecting to changed().
    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }

    static QString stateName(State state);
    static QString reasonName(Reason reason);
    // A Retry-After value (delay-seconds or an HTTP date) in milliseconds from `nowWallMs`;
    // -1 when it is neither.
    static qint64 parseRetryAfterMs(QByteArrayView value, qint64 nowWallMs);

signals:
    // Some instance changed state, including a cooldown running out. Emitted on this object's
    // thread; several changes in a row give one signal.
    void changed();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Entry;
    Entry *find(const QString &route, const QString &instance) const;
    Entry &entry(const QString &route, const QString &instance);
    Status statusOf(const QString &route, const QString &instance, const Entry &e, qint64 now,
                    qint64 wallNow) const;
    void open(Entry &e, qint64 now, qint64 durationMs, Reason reason);
    void close(Entry &e);
    void setTroubled(Entry &e, bool before);
    void touch();
    void scheduleExpiry(); // this object's thread: a signal when the next cooldown ends

    mutable QMutex m_mutex;
    HealthPolicy m_policy;
    Clock m_clock;
    QElapsedTimer m_steady;
    // route id → instance name → entry (values allocated once, kept until retain() drops them)
    QHash<QString, QHash<QString, Entry *>> m_entries;
    std::atomic<int> m_troubled{0}; // entries not healthy: 0 lets the hot path skip the lock
    std::atomic<quint64> m_generation{1};
    std::atomic<bool> m_notifyPending{false};
    QBasicTimer m_expiry;
};

} // namespace gatehouse
