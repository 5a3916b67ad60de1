#pragma once

#include "Diagnostic.h"

#include <QAbstractTableModel>
#include <QJsonObject>

namespace gatehouse {

class ConfigStore;

// The stored routes as rows for a table: id, paths, kind, instances in the order they are tried,
// state, and the linter's warnings. Follows the config store.
class RouteListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteListModel)

public:
    enum Column { Id, Paths, Kind, Instances, State, Warnings, ColumnCount };

    explicit RouteListModel(ConfigStore &store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    Diagnostics warnings(int row) const;

private:
    void reload();

    struct Row
    {
        QJsonObject json;
        QString id, paths, kind, instances, state;
        Diagnostics warnings;
    };
    ConfigStore &m_store;
    QList<Row> m_rows;
};

} // namespace gatehouse
