#include "ProxyServer.h"

#include "ActiveHealthChecker.h"
#include "InstanceBalancer.h"
#include "InstanceHealth.h"
#include "ProxyLogging.h"
#include "ProxyWorker.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QTcpServer>
#include <QThread>

namespace gatehouse {

namespace {

// Accepts in a worker thread and deals the sockets out to the workers in turn.
class Acceptor final : public QTcpServer
{
public:
    Acceptor(std::vector<ProxyWorker *> workers, ProxyShared *shared)
        : m_workers(std::move(workers)), m_shared(shared)
    {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        m_shared->connections.fetch_add(1, std::memory_order_relaxed);
        ProxyWorker *worker = m_workers[m_next++ % m_workers.size()];
        if (worker->thread() == QThread::currentThread())
            worker->adopt(descriptor);
        else
            QMetaObject::invokeMethod(
                worker, [worker, descriptor] { worker->adopt(descriptor); }, Qt::QueuedConnection);
    }

private:
    std::vector<ProxyWorker *> m_workers;
    ProxyShared *m_shared;
    size_t m_next = 0;
};

QHostAddress resolve(const QString &host)
{
    if (host == QLatin1String("localhost"))
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address(host);
    if (!address.isNull())
        return address;
    const QHostInfo info = QHostInfo::fromName(host);
    return info.addresses().value(0);
}

} // namespace

ProxyServer::ProxyServer(const SnapshotHolder<RouteTable> &routes, QObject *parent)
    : QObject(parent), m_routes(routes), m_balancer(std::make_unique<InstanceBalancer>()),
      m_health(std::make_unique<InstanceHealth>())
{}

ProxyServer::~ProxyServer()
{
    stop();
}

QString ProxyServer::address() const
{
    return m_shared ? ListenAddress{m_shared->settings.listen.host, m_port}.toString() : QString();
}

void ProxyServer::setSink(RequestSink *sink)
{
    m_sink = sink;
    if (m_shared)
        m_shared->sink.store(sink, std::memory_order_release);
}

void ProxyServer::setBudgetGate(BudgetGate *gate)
{
    m_budgets = gate;
    if (m_shared)
        m_shared->budgets.store(gate, std::memory_order_release);
}

bool ProxyServer::start(const ProxySettings &settings)
{
    stop();
    m_error.clear();
    const QHostAddress address = resolve(settings.listen.host);
    if (address.isNull()) {
        m_error =
            QStringLiteral("cannot listen on %1: unknown host").arg(settings.listen.toString());
        emit stateChanged();
        return false;
    }

    m_shared = std::make_unique<ProxyShared>();
    m_shared->routes = &m_routes;
    m_shared->balancer = m_balancer.get();
    m_shared->health = m_health.get();
    m_health->setPolicy(settings.health);
    m_shared->settings = settings;
    m_shared->sink.store(m_sink);
    m_shared->budgets.store(m_budgets);

    const int count =
        settings.workerThreads > 0 ? settings.workerThreads : qMax(1, QThread::idealThreadCount());
    for (int i = 0; i < count; ++i) {
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("proxy-worker-%1").arg(i));
        auto *worker = new ProxyWorker(m_shared.get());
        worker->moveToThread(thread);
        connect(thread, &QThread::finished, worker, &QObject::deleteLater);
        thread->start();
        m_threads.push_back(thread);
        m_workers.push_back(worker);
    }

    // The listening socket is made and used in the first worker's thread.
    bool ok = false;
    QString error;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_workers.front(),
        [&] {
            m_server = new Acceptor(m_workers, m_shared.get());
            m_server->setMaxPendingConnections(1024);
            ok = m_server->listen(address, settings.listen.port);
            if (ok) {
                port = m_server->serverPort();
            } else {
                error = m_server->errorString();
                delete m_server;
                m_server = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);

    if (!ok) {
        m_error = QStringLiteral("cannot listen on %1: %2").arg(settings.listen.toString(), error);
        qCWarning(lcProxy).noquote() << m_error;
        stop();
        m_error = QStringLiteral("cannot listen on %1: %2").arg(settings.listen.toString(), error);
        emit stateChanged();
        return false;
    }
    m_port = port;
    m_listening = true;
    m_checker = std::make_unique<ActiveHealthChecker>(m_routes, *m_health);
    m_checker->setEndpointOverrides(settings.providerEndpoints);
    m_checker->setNetworkProxy(settings.upstreamProxy);
    m_checker->start();
    qCInfo(lcProxy).noquote() << "proxy listening on"
                              << address.toString() + QLatin1Char(':') + QString::number(port)
                              << "with" << count << "worker threads";
    emit stateChanged();
    return true;
}

void ProxyServer::stop()
{
    m_checker.reset();
    if (m_workers.empty())
        return;
    if (m_server) {
        QMetaObject::invokeMethod(
            m_workers.front(),
            [this] {
                delete m_server;
                m_server = nullptr;
            },
            Qt::BlockingQueuedConnection);
    }
    for (ProxyWorker *worker : m_workers)
        QMetaObject::invokeMethod(
            worker, [worker] { worker->closeAll(); }, Qt::BlockingQueuedConnection);
    for (QThread *thread : m_threads) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_workers.clear();
    m_shared.reset();
    const bool was = m_listening;
    m_listening = false;
    m_port = 0;
    if (was)
        emit stateChanged();
}

int ProxyServer::connectionCount() const
{
    return m_shared ? m_shared->connections.load() : 0;
}

int ProxyServer::inFlight() const
{
    return m_shared ? m_shared->inFlight.load() : 0;
}

quint64 ProxyServer::requestCount() const
{
    return m_shared ? m_shared->requests.load() : 0;
}

} // namespace gatehouse
