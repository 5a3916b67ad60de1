#include "ProxyWorker.h"

#include "ProxyLogging.h"
#include "ServerConnection.h"

namespace gatehouse {

ProxyWorker::ProxyWorker(ProxyShared *shared) : m_shared(shared), m_pool(this)
{
    m_pool.setNetworkProxy(shared->settings.upstreamProxy);
}

ProxyWorker::~ProxyWorker()
{
    closeAll();
}

const std::shared_ptr<const RouteTable> &ProxyWorker::routes()
{
    m_shared->routes->refresh(m_table, m_generation);
    return m_table;
}

void ProxyWorker::adopt(qintptr descriptor)
{
    auto *connection = new ServerConnection(descriptor, this);
    if (!connection->isValid()) {
        delete connection;
        m_shared->connections.fetch_sub(1, std::memory_order_relaxed);
        return;
    }
    m_connections.insert(connection);
    connect(connection, &ServerConnection::closed, this, [this](ServerConnection *c) {
        if (m_connections.remove(c)) {
            m_shared->connections.fetch_sub(1, std::memory_order_relaxed);
            c->deleteLater();
        }
    });
    if (m_shared->connections.load(std::memory_order_relaxed) > m_shared->settings.maxConnections) {
        // Over the limit: a clear answer rather than a silent reset.
        connection->sendError(
            GatewayError{
                503, "too_many_connections",
                QStringLiteral("Gatehouse already serves %1 connections; try again shortly")
                    .arg(m_shared->settings.maxConnections)},
            {{"Connection", "close"}});
        connection->closeNow();
    }
}

void ProxyWorker::closeAll()
{
    const QSet<ServerConnection *> connections = m_connections;
    m_connections.clear();
    for (ServerConnection *c : connections) {
        c->closeNow();
        delete c;
        m_shared->connections.fetch_sub(1, std::memory_order_relaxed);
    }
}

} // namespace gatehouse
