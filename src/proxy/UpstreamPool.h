#pragma once

#include "UpstreamConnection.h"

#include <QBasicTimer>
#include <QHash>
#include <QList>
#include <QObject>

namespace gatehouse {

// Keep-alive connections of one worker thread, per scheme/host/port (and TLS verification).
// Idle connections beyond `keepalive_pool` or older than `keepalive_timeout` are closed.
class UpstreamPool final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamPool)

public:
    explicit UpstreamPool(QObject *parent = nullptr);
    ~UpstreamPool() override;

    void setNetworkProxy(const QNetworkProxy &proxy) { m_proxy = proxy; }

    // An idle connection to the target, or a new one. `fresh` forces a new connection (the
    // retry after a stale pooled one failed).
    UpstreamConnection *acquire(const UpstreamConnection::Target &target, bool fresh = false);
    // Back to the pool if it can carry another request, else closed.
    void release(UpstreamConnection *connection, int keepaliveTimeoutMs, int keepalivePool,
                 bool keepalive);

    int idleCount() const;
    int openedTotal() const { return m_opened; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Idle
    {
        UpstreamConnection *connection;
        int timeoutMs;
    };
    void drop(UpstreamConnection *connection);

    QHash<QString, QList<Idle>> m_idle;
    QNetworkProxy m_proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    QBasicTimer m_sweep;
    int m_opened = 0;
};

} // namespace gatehouse
