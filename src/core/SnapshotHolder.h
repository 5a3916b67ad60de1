#pragma once

#include <QMutex>
#include <QMutexLocker>

#include <atomic>
#include <memory>

namespace gatehouse {

// Publishes immutable snapshots from one writer to many reader threads. A reader keeps its own
// shared_ptr and compares generations (one atomic load) before each request, taking the lock
// only when a new snapshot was published; a request in flight keeps the snapshot it started on.
template <typename T>
class SnapshotHolder
{
public:
    using Ptr = std::shared_ptr<const T>;

    explicit SnapshotHolder(Ptr initial = std::make_shared<const T>()) : m_current(std::move(initial)) {}

    void publish(Ptr next)
    {
        QMutexLocker lock(&m_mutex);
        m_current = std::move(next);
        m_generation.fetch_add(1, std::memory_order_release);
    }

    Ptr current() const
    {
        QMutexLocker lock(&m_mutex);
        return m_current;
    }

    quint64 generation() const { return m_generation.load(std::memory_order_acquire); }

    // Refreshes `local` if a newer snapshot exists; cheap when nothing changed.
    void refresh(Ptr &local, quint64 &localGeneration) const
    {
        const quint64 g = generation();
        if (g == localGeneration && local)
            return;
        QMutexLocker lock(&m_mutex);
        local = m_current;
        localGeneration = m_generation.load(std::memory_order_relaxed);
    }

private:
    mutable QMutex m_mutex;
    Ptr m_current;
    std::atomic<quint64> m_generation{1};
};

} // namespace gatehouse
