#pragma once

#include "RequestRecord.h"

#include <QMetaMethod>
#include <QObject>

#include <atomic>

namespace gatehouse {

// Tells the main thread that requests finished, without a timer: the first record after the
// last notification posts one queued signal, and records arriving before it is delivered ride
// along. So a busy proxy costs the GUI one signal per event-loop turn at most, an idle one none.
class RequestNotifier final : public QObject, public RequestSink
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestNotifier)

public:
    explicit RequestNotifier(QObject *parent = nullptr) : QObject(parent) {}

    void record(const RequestRecord &) override
    {
        // Nobody listening (headless): no wake-up of the main thread per request.
        if (m_listeners.load(std::memory_order_relaxed) > 0 && !m_pending.exchange(true))
            QMetaObject::invokeMethod(this, &RequestNotifier::deliver, Qt::QueuedConnection);
    }

signals:
    void recorded();

protected:
    void connectNotify(const QMetaMethod &signal) override
    {
        if (signal == QMetaMethod::fromSignal(&RequestNotifier::recorded))
            m_listeners.fetch_add(1, std::memory_order_relaxed);
    }
    void disconnectNotify(const QMetaMethod &signal) override
    {
        if (signal == QMetaMethod::fromSignal(&RequestNotifier::recorded))
            m_listeners.fetch_sub(1, std::memory_order_relaxed);
    }

private:
    void deliver()
    {
        m_pending = false;
        emit recorded();
    }

    std::atomic<bool> m_pending{false};
    std::atomic<int> m_listeners{0};
};

} // namespace gatehouse
