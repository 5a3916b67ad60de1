#pragma once

#include "ProxySettings.h"
#include "RouteTable.h"
#include "SnapshotHolder.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QThread;
class QTcpServer;

namespace gatehouse {

class ActiveHealthChecker;
class BudgetGate;
class InstanceBalancer;
class InstanceHealth;
class ProxyWorker;
class RequestSink;
struct ProxyShared;

// The embedded proxy: listens on the configured address and spreads connections over worker
// threads (one per core), each running its own event loop, connections and upstream pool. The
// listening socket lives in the first worker's thread, so a busy GUI thread never delays an
// accept. Routes come from the config store's snapshot holder. The instances' health (passive
// breaker and active checks) lives here, shared by the workers and readable by the Admin API and
// the GUI; it outlives a restart of the proxy.
class ProxyServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyServer)

public:
    ProxyServer(const SnapshotHolder<RouteTable> &routes, QObject *parent = nullptr);
    ~ProxyServer() override;

    // Listens with these settings; false with errorString() on failure (e.g. the port is taken).
    bool start(const ProxySettings &settings);
    void stop();

    bool isListening() const { return m_listening; }
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    QString address() const; // "127.0.0.1:9080"

    // Where finished request records go (thread-safe sink; may be null).
    void setSink(RequestSink *sink);
    // Who decides whether a route with budgets may still spend tokens (thread-safe; may be null:
    // no budget is enforced).
    void setBudgetGate(BudgetGate *gate);

    // The health of every route's instances (thread-safe; changed() on this object's thread).
    InstanceHealth &health() { return *m_health; }
    const InstanceHealth &health() const { return *m_health; }
    // The active checks while the proxy runs (null when stopped).
    ActiveHealthChecker *healthChecker() const { return m_checker.get(); }

    int connectionCount() const;
    int inFlight() const;
    quint64 requestCount() const;

signals:
    void stateChanged();

private:
    const SnapshotHolder<RouteTable> &m_routes;
    std::unique_ptr<InstanceBalancer> m_balancer;
    std::unique_ptr<InstanceHealth> m_health;
    std::unique_ptr<ActiveHealthChecker> m_checker;
    std::unique_ptr<ProxyShared> m_shared;
    std::vector<QThread *> m_threads;
    std::vector<ProxyWorker *> m_workers;
    QTcpServer *m_server = nullptr; // lives in the first worker's thread
    RequestSink *m_sink = nullptr;
    BudgetGate *m_budgets = nullptr;
    QString m_error;
    quint16 m_port = 0;
    bool m_listening = false;
};

} // namespace gatehouse
