#include "RouteListModel.h"

#include "ConfigStore.h"
#include "RouteSchema.h"

#include <QApplication>
#include <QStyle>

#include <algorithm>

namespace gatehouse {

RouteListModel::RouteListModel(ConfigStore &store, QObject *parent)
    : QAbstractTableModel(parent), m_store(store)
{
    connect(&m_store, &ConfigStore::routesChanged, this, &RouteListModel::reload);
    reload();
}

void RouteListModel::reload()
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonObject &json : m_store.routes()) {
        const RouteSchema::Result parsed = RouteSchema::parse(json);
        const RouteSpec &spec = parsed.spec;
        Row row;
        row.json = json;
        row.id = spec.id;
        row.paths = spec.paths.join(QStringLiteral(", "));
        row.kind =
            spec.plugin == RouteSpec::Plugin::AiProxy ? tr("Single provider") : tr("With fallback");
        // Instances in the order they are tried: highest priority first.
        QList<InstanceSpec> ordered = spec.instances;
        std::stable_sort(
            ordered.begin(), ordered.end(),
            [](const InstanceSpec &a, const InstanceSpec &b) { return a.priority > b.priority; });
        QStringList names;
        for (const InstanceSpec &i : ordered)
            names << (spec.plugin == RouteSpec::Plugin::AiProxy ? i.provider : i.name);
        row.instances = names.join(QStringLiteral(" → "));
        row.state = spec.enabled ? tr("Enabled") : tr("Disabled");
        row.warnings = m_store.check(json).warnings;
        m_rows << row;
    }
    endResetModel();
}

int RouteListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RouteListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

Diagnostics RouteListModel::warnings(int row) const
{
    return m_rows.value(row).warnings;
}

QVariant RouteListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Id:
            return row.id;
        case Paths:
            return row.paths;
        case Kind:
            return row.kind;
        case Instances:
            return row.instances;
        case State:
            return row.state;
        case Warnings:
            return row.warnings.isEmpty() ? QString() : QString::number(row.warnings.size());
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Warnings && !row.warnings.isEmpty())
        return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
    if (role == Qt::ToolTipRole && index.column() == Warnings && !row.warnings.isEmpty())
        return joinDiagnostics(row.warnings, QStringLiteral("\n"));
    if (role == Qt::AccessibleTextRole && index.column() == Warnings)
        return tr("%n warning(s)", nullptr, int(row.warnings.size()));
    return {};
}

QVariant RouteListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Id:
        return tr("ID");
    case Paths:
        return tr("Paths");
    case Kind:
        return tr("Kind");
    case Instances:
        return tr("Tried in this order");
    case State:
        return tr("State");
    case Warnings:
        return tr("Warnings");
    default:
        return {};
    }
}

} // namespace gatehouse
