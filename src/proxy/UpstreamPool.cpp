#include "UpstreamPool.h"

#include <QTimerEvent>

namespace gatehouse {

namespace {

QString keyOf(const UpstreamConnection::Target &t)
{
    return t.scheme + QStringLiteral("://") + t.host + QLatin1Char(':') + QString::number(t.port) +
           (t.sslVerify ? QStringLiteral("") : QStringLiteral("#noverify"));
}

} // namespace

UpstreamPool::UpstreamPool(QObject *parent) : QObject(parent)
{}

UpstreamPool::~UpstreamPool() = default;

UpstreamConnection *UpstreamPool::acquire(const UpstreamConnection::Target &target, bool fresh)
{
    const QString key = keyOf(target);
    if (!fresh) {
        auto it = m_idle.find(key);
        while (it != m_idle.end() && !it->isEmpty()) {
            // Most recently used first: the least likely to have been closed by the server.
            UpstreamConnection *c = it->takeLast().connection;
            if (c->isOpen())
                return c;
            c->deleteLater();
        }
    }
    UpstreamConnection::Target t = target;
    t.proxy = m_proxy;
    auto *c = new UpstreamConnection(key, t, this);
    connect(c, &UpstreamConnection::closedWhileIdle, this, &UpstreamPool::drop);
    ++m_opened;
    return c;
}

void UpstreamPool::release(UpstreamConnection *connection, int keepaliveTimeoutMs,
                           int keepalivePool, bool keepalive)
{
    connection->detach();
    QList<Idle> &list = m_idle[connection->key()];
    if (!keepalive || !connection->isReusable() || list.size() >= keepalivePool) {
        connection->abort();
        connection->deleteLater();
        return;
    }
    list.append({connection, keepaliveTimeoutMs});
    if (!m_sweep.isActive())
        m_sweep.start(1000, Qt::CoarseTimer, this);
}

void UpstreamPool::drop(UpstreamConnection *connection)
{
    auto it = m_idle.find(connection->key());
    if (it == m_idle.end())
        return;
    for (qsizetype i = 0; i < it->size(); ++i) {
        if (it->at(i).connection == connection) {
            it->removeAt(i);
            connection->deleteLater();
            return;
        }
    }
}

int UpstreamPool::idleCount() const
{
    int n = 0;
    for (const QList<Idle> &l : m_idle)
        n += int(l.size());
    return n;
}

void UpstreamPool::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_sweep.timerId())
        return;
    for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
        for (qsizetype i = it->size() - 1; i >= 0; --i) {
            const Idle &idle = it->at(i);
            if (idle.connection->idleMs() > idle.timeoutMs || !idle.connection->isOpen()) {
                idle.connection->abort();
                idle.connection->deleteLater();
                it->removeAt(i);
            }
        }
    }
    if (idleCount() == 0)
        m_sweep.stop();
}

} // namespace gatehouse
