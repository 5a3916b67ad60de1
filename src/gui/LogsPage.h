#pragma once

#include "UsageTypes.h"

#include <QScopedPointer>
#include <QSet>
#include <QTimer>
#include <QWidget>

#include <vector>

class QSortFilterProxyModel;

namespace Ui {
class LogsPage;
}

namespace gatehouse {

class Engine;
class LogTableModel;
class RequestFeed;

// The live request log: a table of the newest requests (capped in memory, older ones paged in
// from the usage ledger), filtered by text, route and status, with Pause and a details pane.
// New rows come from the page's own request sink, one coalesced signal per event-loop turn at
// most; there is no polling timer.
class LogsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogsPage)

public:
    static constexpr int Capacity = 2000;
    static constexpr int PageSize = 200;

    explicit LogsPage(Engine &engine, QWidget *parent = nullptr);
    ~LogsPage() override;

    LogTableModel *model() const { return m_model; }
    QSortFilterProxyModel *filterModel() const { return m_filter; }
    bool isPaused() const;
    int heldCount() const { return int(m_held.size()); }

protected:
    void showEvent(QShowEvent *event) override;

private:
    void arrived();
    void reload();
    void applyFilter();
    void setPaused(bool paused);
    void refreshRoutes();
    void showDetails();
    void updateCount();
    UsageFilter currentFilter() const;
    QList<UsageRow> loadOlder(const UsageRow *oldest, int limit) const;
    UsageRow rowOf(const RequestRecord &record) const;
    static QString keyOf(const RequestRecord &record);

    QScopedPointer<Ui::LogsPage> m_ui;
    Engine &m_engine;
    RequestFeed *m_feed;
    LogTableModel *m_model;
    QSortFilterProxyModel *m_filter;
    QList<UsageRow> m_held;     // arrived while paused, oldest first
    QSet<QString> m_loadedKeys; // rows of the last ledger read, so the feed does not repeat them
    QTimer m_searchDebounce;
    bool m_loaded = false;
};

} // namespace gatehouse
