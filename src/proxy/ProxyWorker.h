#pragma once

#include "ProxySettings.h"
#include "RouteTable.h"
#include "SnapshotHolder.h"
#include "UpstreamPool.h"

#include <QObject>
#include <QSet>

#include <atomic>
#include <memory>

namespace gatehouse {

class BudgetGate;
class InstanceBalancer;
class InstanceHealth;
class RequestSink;
class ServerConnection;

// What every worker shares, owned by the ProxyServer and outliving the workers.
struct ProxyShared
{
    const SnapshotHolder<RouteTable> *routes = nullptr;
    InstanceBalancer *balancer = nullptr;
    InstanceHealth *health = nullptr;
    std::atomic<RequestSink *> sink{nullptr};
    std::atomic<BudgetGate *> budgets{nullptr}; // asked only for routes with budgets
    std::atomic<int> connections{0};
    std::atomic<int> inFlight{0};
    std::atomic<quint64> requests{0};
    ProxySettings settings; // fixed while the server runs
};

// One worker thread's event loop: the client connections handed to it, its upstream pool and its
// view of the route snapshot.
class ProxyWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyWorker)

public:
    explicit ProxyWorker(ProxyShared *shared);
    ~ProxyWorker() override;

    // Runs in the worker's thread.
    void adopt(qintptr descriptor);
    void closeAll();

    ProxyShared &shared() { return *m_shared; }
    UpstreamPool &pool() { return m_pool; }
    // The newest route snapshot (one atomic load when nothing changed).
    const std::shared_ptr<const RouteTable> &routes();

private:
    ProxyShared *m_shared;
    UpstreamPool m_pool;
    std::shared_ptr<const RouteTable> m_table;
    quint64 m_generation = 0;
    QSet<ServerConnection *> m_connections;
};

} // namespace gatehouse
