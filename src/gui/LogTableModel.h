#pragma once

#include "UsageTypes.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>

namespace gatehouse {

// The request log's rows, newest first: live records put on top (the oldest fall off beyond the
// cap), older ones paged in from the ledger at the bottom when the view scrolls there
// (fetchMore) or on "Load older".
class LogTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogTableModel)

public:
    enum Column {
        Time,
        Client,
        Route,
        Instance,
        Model,
        Status,
        Stream,
        Latency,
        Ttft,
        Tokens,
        Cost,
        Attempts,
        ColumnCount
    };
    enum Role { RowRole = Qt::UserRole + 1, SearchTextRole };

    // Reads a page of rows older than the given one (newest first); empty when there are none.
    using OlderLoader = std::function<QList<UsageRow>(const UsageRow *oldest, int limit)>;

    explicit LogTableModel(int capacity, QObject *parent = nullptr);
    ~LogTableModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    void setOlderLoader(OlderLoader loader, int pageSize);
    // Newest first; replaces everything (the first page, or after a filter change).
    void reset(const QList<UsageRow> &rows, bool moreInLedger);
    // Newest last (arrival order); they go on top.
    void prepend(const QList<UsageRow> &rowsOldestFirst);
    // Pages older rows in; false when the ledger had none.
    bool loadOlder();
    const UsageRow &row(int index) const { return m_rows.at(index); }
    int capacity() const { return m_capacity; }

    static QString trailText(const RequestRecord &record);

private:
    QList<UsageRow> m_rows;
    int m_capacity;
    int m_pageSize = 200;
    bool m_moreInLedger = false;
    OlderLoader m_loader;
};

} // namespace gatehouse
