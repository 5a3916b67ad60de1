#include "LogTableModel.h"

#include "Theme.h"

#include <QDateTime>
#include <QLocale>

namespace gatehouse {

LogTableModel::LogTableModel(int capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(capacity)
{}

LogTableModel::~LogTableModel() = default;

int LogTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LogTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LogTableModel::trailText(const RequestRecord &record)
{
    QStringList steps;
    for (const AttemptRecord &a : record.attempts)
        steps << a.instance + QLatin1Char(' ') +
                     (a.status ? QString::number(a.status) : QStringLiteral("✕"));
    return steps.join(QStringLiteral(" → "));
}

QVariant LogTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const UsageRow &row = m_rows.at(index.row());
    const RequestRecord &r = row.record;
    const QLocale locale;
    if (role == RowRole)
        return index.row();
    if (role == SearchTextRole)
        return QStringList{r.routeId, r.instance, r.upstreamModel, r.clientModel,
                           r.path,    r.client,   r.error,         QString::number(r.status)}
            .join(QLatin1Char('\n'));
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case Stream:
            return QVariant(Qt::AlignCenter);
        case Status:
        case Latency:
        case Ttft:
        case Tokens:
        case Cost:
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (r.status >= 500 || r.status == 0 || r.interrupted)
            return Theme::errorColor();
        if (r.status >= 400)
            return Theme::warningColor();
        return {};
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toString(Qt::ISODateWithMs);
        case Status:
            return r.error.isEmpty() ? QVariant() : QVariant(r.error);
        case Tokens:
            return tr("%1 prompt (%2 cached), %3 completion")
                .arg(r.usage.promptTokens)
                .arg(r.usage.cachedTokens)
                .arg(r.usage.completionTokens);
        case Attempts:
            return trailText(r);
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(r.startedAtMs);
        return t.date() == QDate::currentDate()
                   ? t.toString(QStringLiteral("HH:mm:ss.zzz"))
                   : QLocale().toString(t, QStringLiteral("MMM d HH:mm:ss"));
    }
    case Client:
        return r.client;
    case Route:
        return r.routeId.isEmpty() ? tr("(no route)") : r.routeId;
    case Instance:
        return r.instance;
    case Model:
        return r.upstreamModel.isEmpty() ? r.clientModel : r.upstreamModel;
    case Status:
        return r.interrupted ? tr("%1 cut").arg(r.status) : QString::number(r.status);
    case Stream:
        return r.stream ? QStringLiteral("✓") : QString();
    case Latency:
        return tr("%1 ms").arg(locale.toString(qRound(r.latencyMs)));
    case Ttft:
        return r.ttftMs < 0 ? QStringLiteral("—")
                            : tr("%1 ms").arg(locale.toString(qRound(r.ttftMs)));
    case Tokens:
        return r.usage.present ? tr("%1 / %2").arg(locale.toString(r.usage.promptTokens),
                                                   locale.toString(r.usage.completionTokens))
                               : QStringLiteral("—");
    case Cost:
        return row.priced ? QStringLiteral("$") + locale.toString(row.costUsd, 'f', 5)
                          : QStringLiteral("—");
    case Attempts:
        return r.attempts.size() > 1 ? trailText(r) : QString();
    default:
        return {};
    }
}

QVariant LogTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Client:
        return tr("Client");
    case Route:
        return tr("Route");
    case Instance:
        return tr("Instance");
    case Model:
        return tr("Model");
    case Status:
        return tr("Status");
    case Stream:
        return tr("Stream");
    case Latency:
        return tr("Latency");
    case Ttft:
        return tr("TTFT");
    case Tokens:
        return tr("Tokens in / out");
    case Cost:
        return tr("Cost");
    case Attempts:
        return tr("Attempts");
    default:
        return {};
    }
}

bool LogTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_moreInLedger && m_loader;
}

void LogTableModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        loadOlder();
}

void LogTableModel::setOlderLoader(OlderLoader loader, int pageSize)
{
    m_loader = std::move(loader);
    m_pageSize = pageSize;
}

void LogTableModel::reset(const QList<UsageRow> &rows, bool moreInLedger)
{
    beginResetModel();
    m_rows = rows.mid(0, m_capacity);
    m_moreInLedger = moreInLedger || rows.size() > m_capacity;
    endResetModel();
}

void LogTableModel::prepend(const QList<UsageRow> &rowsOldestFirst)
{
    if (rowsOldestFirst.isEmpty())
        return;
    const int n = int(qMin<qsizetype>(rowsOldestFirst.size(), m_capacity));
    beginInsertRows({}, 0, n - 1);
    QList<UsageRow> fresh;
    fresh.reserve(n + m_rows.size());
    for (qsizetype i = rowsOldestFirst.size() - 1; i >= rowsOldestFirst.size() - n; --i)
        fresh.append(rowsOldestFirst.at(i));
    fresh.append(m_rows);
    m_rows = std::move(fresh);
    endInsertRows();
    if (m_rows.size() > m_capacity) {
        beginRemoveRows({}, m_capacity, int(m_rows.size()) - 1);
        m_rows.resize(m_capacity);
        endRemoveRows();
        m_moreInLedger = true; // what fell off is still in the ledger
    }
}

bool LogTableModel::loadOlder()
{
    if (!m_loader)
        return false;
    const QList<UsageRow> older = m_loader(m_rows.isEmpty() ? nullptr : &m_rows.last(), m_pageSize);
    m_moreInLedger = older.size() >= m_pageSize;
    if (older.isEmpty())
        return false;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + older.size()) - 1);
    m_rows.append(older);
    endInsertRows();
    return true;
}

} // namespace gatehouse
