#pragma once

#include "RequestRecord.h"

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
        if (!m_pending.exchange(true))
            QMetaObject::invokeMethod(this, &RequestNotifier::deliver, Qt::QueuedConnection);
    }

signals:
    void recorded();

private:
    void deliver()
    {
        m_pending = false;
        emit recorded();
    }

    std::atomic<bool> m_pending{false};
};

} // namespace gatehouse
