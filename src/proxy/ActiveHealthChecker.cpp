#include "ActiveHealthChecker.h"

#include "InstanceHealth.h"
#include "Providers.h"
#include "ProxyLogging.h"

#include <QTcpSocket>
#include <QTimerEvent>
#include <QUrlQuery>

namespace gatehouse {

namespace {

constexpr int kTickMs = 250;      // resolution of the intervals while checks are configured
constexpr int kIdleTickMs = 1000; // only following the route snapshot

QString keyOf(const QString &route, const QString &instance)
{
    return route + QLatin1Char('\n') + instance;
}

} // namespace

HealthProbe::HealthProbe(const Spec &spec, Done done, QObject *parent)
    : QObject(parent), m_spec(spec), m_done(std::move(done))
{}

HealthProbe::~HealthProbe()
{
    if (m_connection)
        m_connection->abort();
    if (m_socket)
        m_socket->abort();
}

void HealthProbe::start()
{
    m_timer.start(m_spec.timeoutMs, this);
    if (m_spec.scheme == QLatin1String("tcp")) {
        m_socket = new QTcpSocket(this);
        m_socket->setProxy(m_spec.proxy);
        connect(m_socket, &QTcpSocket::connected, this, [this] { finish(true, 0, {}); });
        connect(m_socket, &QTcpSocket::errorOccurred, this,
                [this] { finish(false, 0, m_socket->errorString()); });
        m_socket->connectToHost(m_spec.host, m_spec.port);
        return;
    }
    UpstreamConnection::Target target{m_spec.scheme, m_spec.host, m_spec.port, m_spec.sslVerify,
                                      m_spec.proxy};
    m_connection = new UpstreamConnection(QString(), target, this);
    m_connection->send(m_spec.request, this);
}

void HealthProbe::upstreamProgress(const HttpResponseParser &parser, bool headReady, bool)
{
    if (!headReady)
        return;
    const int status = parser.head().statusCode;
    const bool ok = m_spec.healthyStatuses.isEmpty() ? status >= 200 && status < 400
                                                     : m_spec.healthyStatuses.contains(status);
    finish(ok, status, ok ? QString() : QStringLiteral("the check answered HTTP %1").arg(status));
}

void HealthProbe::upstreamFailed(const QString &reason, bool)
{
    finish(false, 0, reason);
}

void HealthProbe::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_timer.timerId())
        finish(false, 0, QStringLiteral("no answer within %1 ms").arg(m_spec.timeoutMs));
}

void HealthProbe::finish(bool ok, int status, const QString &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_timer.stop();
    if (m_connection) {
        m_connection->abort();
        m_connection->deleteLater();
        m_connection = nullptr;
    }
    if (m_socket)
        m_socket->abort();
    const Done done = std::move(m_done);
    deleteLater();
    if (done)
        done(ok, status, error);
}

// ---------------------------------------------------------------------------------------------

ActiveHealthChecker::ActiveHealthChecker(const SnapshotHolder<RouteTable> &routes,
                                         InstanceHealth &health, QObject *parent)
    : QObject(parent), m_routes(routes), m_health(health)
{
    m_clock.start();
}

ActiveHealthChecker::~ActiveHealthChecker()
{
    stop();
}

void ActiveHealthChecker::start()
{
    m_running = true;
    m_generation = 0; // sync at once
    timerEvent(nullptr);
}

void ActiveHealthChecker::stop()
{
    m_running = false;
    m_tick.stop();
    for (Target &t : m_targets)
        delete t.probe.data();
    m_targets.clear();
    m_inFlight = 0;
}

void ActiveHealthChecker::checkNow()
{
    if (m_routes.generation() != m_generation)
        sync();
    for (Target &t : m_targets) {
        if (!t.probe)
            launch(t);
    }
}

HealthProbe::Spec ActiveHealthChecker::probeSpec(const RouteSpec &route,
                                                 const InstanceSpec &instance,
                                                 QString *problem) const
{
    // Where the instance's requests go: override.endpoint, a --provider-endpoint mirror (whose
    // path prefixes http_path), or the provider's own address.
    QUrl base;
    QString prefix;
    if (!instance.endpoint.isEmpty()) {
        base = QUrl(instance.endpoint);
    } else if (m_overrides.contains(instance.provider)) {
        base = m_overrides.value(instance.provider);
        prefix = base.path();
        while (prefix.endsWith(QLatin1Char('/')))
            prefix.chop(1);
    } else if (const ProviderInfo *info = Providers::find(instance.provider)) {
        base = QUrl(info->baseUrl);
    }
    HealthProbe::Spec s;
    if (base.host().isEmpty()) {
        *problem = QStringLiteral("%1 has no endpoint to check").arg(instance.name);
        return s;
    }
    if (!instance.authProblem.isEmpty()) {
        *problem = instance.authProblem;
        return s;
    }
    const ActiveCheckSpec &c = instance.check;
    const bool endpointTls = base.scheme() == QLatin1String("https");
    // APISIX's default type is "http"; against an https endpoint (every hosted provider) that
    // could never pass, so the endpoint's TLS wins.
    const bool tls = c.type == QLatin1String("https") || endpointTls;
    s.scheme = c.type == QLatin1String("tcp") ? QStringLiteral("tcp")
               : tls                          ? QStringLiteral("https")
                                              : QStringLiteral("http");
    s.host = base.host();
    s.port = quint16(c.port > 0 ? c.port : base.port(endpointTls ? 443 : 80));
    s.sslVerify = route.limits.sslVerify;
    s.healthyStatuses = c.healthyStatuses;
    s.timeoutMs = c.timeoutMs;
    s.proxy = m_proxy;
    if (s.scheme == QLatin1String("tcp"))
        return s;

    QByteArray target = (prefix + c.httpPath).toUtf8();
    if (!instance.auth.query.isEmpty()) {
        QUrlQuery query;
        for (const auto &[name, value] : instance.auth.query)
            query.addQueryItem(name, value);
        target += (target.contains('?') ? '&' : '?') + query.toString(QUrl::FullyEncoded).toUtf8();
    }
    QByteArray &r = s.request;
    r = "GET " + target + " HTTP/1.1\r\nHost: " + base.host(QUrl::FullyEncoded).toUtf8();
    if (s.port != (tls ? 443 : 80))
        r += ':' + QByteArray::number(s.port);
    r += "\r\nUser-Agent: Gatehouse-health-check\r\nAccept: */*\r\nAccept-Encoding: identity\r\n"
         "Connection: close\r\n";
    for (const auto &[name, value] : instance.auth.headers)
        r += name.toLatin1() + ": " + value.toUtf8() + "\r\n";
    for (const auto &[name, value] : c.headers)
        r += name.toLatin1() + ": " + value.toUtf8() + "\r\n";
    r += "\r\n";
    return s;
}

void ActiveHealthChecker::sync()
{
    m_routes.refresh(m_table, m_generation);
    m_health.retain(*m_table);
    QHash<QString, Target> next;
    for (const RouteSpec &route : m_table->routes()) {
        for (const InstanceSpec &inst : route.instances) {
            if (!inst.check.enabled)
                continue;
            const QString key = keyOf(route.id, inst.name);
            Target t;
            if (const auto old = m_targets.constFind(key); old != m_targets.cend())
                t = *old; // keeps its schedule and a probe in flight
            t.route = route.id;
            t.instance = inst.name;
            t.check = inst.check;
            t.problem.clear();
            t.spec = probeSpec(route, inst, &t.problem);
            next.insert(key, t);
        }
    }
    for (auto it = m_targets.begin(); it != m_targets.end(); ++it) {
        if (!next.contains(it.key()) && it->probe) {
            delete it->probe.data();
            --m_inFlight;
        }
    }
    m_targets = next;
    rearm();
}

void ActiveHealthChecker::rearm()
{
    if (!m_running)
        return;
    m_tick.start(m_targets.isEmpty() ? kIdleTickMs : kTickMs, Qt::CoarseTimer, this);
}

void ActiveHealthChecker::launch(Target &target)
{
    const qint64 now = m_clock.elapsed();
    if (!target.problem.isEmpty()) {
        target.due = now + qint64(target.check.unhealthyIntervalSeconds) * 1000;
        m_health.reportCheck(target.route, target.instance, false, target.problem,
                             target.check.healthySuccesses, target.check.unhealthyFailures);
        emit checked(target.route, target.instance, false);
        return;
    }
    const QString key = keyOf(target.route, target.instance);
    auto *probe = new HealthProbe(
        target.spec,
        [this, key](bool ok, int status, const QString &error) {
            probeDone(key, ok, status, error);
        },
        this);
    target.probe = probe;
    ++m_inFlight;
    probe->start();
}

void ActiveHealthChecker::probeDone(const QString &key, bool ok, int, const QString &error)
{
    --m_inFlight;
    const auto it = m_targets.find(key);
    if (it == m_targets.end())
        return;
    Target &t = *it;
    t.probe = nullptr;
    m_health.reportCheck(t.route, t.instance, ok, error, t.check.healthySuccesses,
                         t.check.unhealthyFailures);
    const bool healthy = m_health.status(t.route, t.instance).activeHealthy;
    t.due = m_clock.elapsed() +
            qint64(healthy ? t.check.intervalSeconds : t.check.unhealthyIntervalSeconds) * 1000;
    if (!ok)
        qCDebug(lcProxy).noquote()
            << "health check of" << t.instance << "on route" << t.route << "failed:" << error;
    emit checked(t.route, t.instance, ok);
}

void ActiveHealthChecker::timerEvent(QTimerEvent *event)
{
    if (event && event->timerId() != m_tick.timerId())
        return;
    if (!m_running)
        return;
    if (m_routes.generation() != m_generation)
        sync();
    const qint64 now = m_clock.elapsed();
    for (Target &t : m_targets) {
        if (!t.probe && now >= t.due)
            launch(t);
    }
}

} // namespace gatehouse
