#pragma once

#include "RequestRecord.h"

#include <QMutex>
#include <QObject>

#include <atomic>
#include <vector>

namespace gatehouse {

// The request log's own sink: keeps every finished record (up to a cap) until the GUI takes
// them, and tells the main thread with one queued signal per event-loop turn at most, like the
// engine's RequestNotifier. Unlike reading RecentRequests on each notification, nothing is read
// twice or missed between two notifications.
class RequestFeed final : public QObject, public RequestSink
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestFeed)

public:
    explicit RequestFeed(int capacity, QObject *parent = nullptr)
        : QObject(parent), m_capacity(capacity)
    {}

    // Worker threads.
    void record(const RequestRecord &record) override
    {
        {
            const QMutexLocker lock(&m_mutex);
            if (int(m_records.size()) >= m_capacity)
                m_records.erase(m_records.begin()); // the GUI fell behind: keep the newest
            m_records.push_back(record);
        }
        if (!m_pending.exchange(true))
            QMetaObject::invokeMethod(this, &RequestFeed::deliver, Qt::QueuedConnection);
    }

    // Main thread: the records since the last call, oldest first.
    std::vector<RequestRecord> take()
    {
        const QMutexLocker lock(&m_mutex);
        std::vector<RequestRecord> out;
        out.swap(m_records);
        return out;
    }

signals:
    void arrived();

private:
    void deliver()
    {
        m_pending = false;
        emit arrived();
    }

    QMutex m_mutex;
    std::vector<RequestRecord> m_records;
    int m_capacity;
    std::atomic<bool> m_pending{false};
};

} // namespace gatehouse
