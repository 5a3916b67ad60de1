#pragma once

#include "RouteTable.h"
#include "SnapshotHolder.h"
#include "UpstreamConnection.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QTcpSocket;

namespace gatehouse {

class InstanceHealth;

// One active check in flight: an HTTP(S) GET of checks.active.http_path with the instance's
// auth, or a bare TCP connect. Reports once, then deletes itself.
class HealthProbe final : public QObject, public UpstreamListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthProbe)

public:
    using Done = std::function<void(bool ok, int status, const QString &error)>;
    struct Spec
    {
        QString scheme; // http, https, or tcp for a connect-only check
        QString host;
        quint16 port = 0;
        bool sslVerify = true;
        QByteArray request;         // the HTTP request to send (empty for tcp)
        QList<int> healthyStatuses; // empty: any 2xx or 3xx
        int timeoutMs = 1000;
        QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    };

    HealthProbe(const Spec &spec, Done done, QObject *parent = nullptr);
    ~HealthProbe() override;

    void start();

    void upstreamProgress(const HttpResponseParser &parser, bool headReady, bool complete) override;
    void upstreamFailed(const QString &reason, bool nothingReceived) override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void finish(bool ok, int status, const QString &error);

    Spec m_spec;
    Done m_done;
    UpstreamConnection *m_connection = nullptr;
    QTcpSocket *m_socket = nullptr;
    QBasicTimer m_timer;
    bool m_finished = false;
};

// Runs the routes' active health checks (checks.active, off unless configured) on the thread it
// lives in (the ProxyServer's, i.e. the main thread), and feeds the results to InstanceHealth:
// every `healthy.interval` seconds (`unhealthy.interval` while the instance is unhealthy) it
// probes each configured instance; `unhealthy.http_failures` failures in a row mark it
// unhealthy, `healthy.successes` successes in a row healthy again. The probe carries the
// instance's auth (headers and query), so a dead key shows as unhealthy. It follows the route
// snapshot: checks start, change and stop with the config, and InstanceHealth forgets instances
// that are gone.
class ActiveHealthChecker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ActiveHealthChecker)

public:
    ActiveHealthChecker(const SnapshotHolder<RouteTable> &routes, InstanceHealth &health,
                        QObject *parent = nullptr);
    ~ActiveHealthChecker() override;

    void setEndpointOverrides(const QMap<QString, QUrl> &overrides) { m_overrides = overrides; }
    void setNetworkProxy(const QNetworkProxy &proxy) { m_proxy = proxy; }

    void start();
    void stop();
    // Probes every configured instance now, whatever its interval (tests; "check now").
    void checkNow();

    int configuredCount() const { return int(m_targets.size()); }
    int inFlight() const { return m_inFlight; }

    // What a probe of `instance` sends, for tests and the GUI; empty scheme when it cannot be
    // probed (no endpoint), with the reason in *problem.
    HealthProbe::Spec probeSpec(const RouteSpec &route, const InstanceSpec &instance,
                                QString *problem) const;

signals:
    // One probe finished (after InstanceHealth was told).
    void checked(const QString &route, const QString &instance, bool ok);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Target
    {
        QString route;
        QString instance;
        ActiveCheckSpec check;
        HealthProbe::Spec spec;
        QString problem; // set: report this failure instead of probing
        qint64 due = 0;  // on m_clock
        QPointer<HealthProbe> probe;
    };

    void sync();
    void launch(Target &target);
    void probeDone(const QString &key, bool ok, int status, const QString &error);
    void rearm();

    const SnapshotHolder<RouteTable> &m_routes;
    InstanceHealth &m_health;
    std::shared_ptr<const RouteTable> m_table;
    quint64 m_generation = 0;
    QMap<QString, QUrl> m_overrides;
    QNetworkProxy m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    QHash<QString, Target> m_targets; // "route\ninstance" → target
    QElapsedTimer m_clock;
    QBasicTimer m_tick;
    int m_inFlight = 0;
    bool m_running = false;
};

} // namespace gatehouse
