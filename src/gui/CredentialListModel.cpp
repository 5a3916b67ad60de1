#include "CredentialListModel.h"

#include "CredentialShape.h"
#include "Engine.h"
#include "Providers.h"
#include "RouteSchema.h"
#include "Theme.h"
#include "Translations.h"

#include <QLocale>

namespace gatehouse {

CredentialListModel::CredentialListModel(Engine &engine, QObject *parent)
    : QAbstractTableModel(parent), m_engine(engine)
{
    CredentialManager &credentials = engine.credentials();
    connect(&credentials, &CredentialManager::indexChanged, this, &CredentialListModel::reload);
    connect(&credentials, &CredentialManager::secretsChanged, this, &CredentialListModel::reload);
    connect(&credentials, &CredentialManager::loadFinished, this, &CredentialListModel::reload);
    connect(&engine.config(), &ConfigStore::routesChanged, this, &CredentialListModel::reload);
    reload();
}

void CredentialListModel::reload()
{
    QStringList names;
    for (const CredentialInfo &info : m_engine.credentials().credentials())
        names << info.name;
    // The same rows: refresh the values and keep the view's selection.
    const bool sameRows = names == m_names;
    if (!sameRows)
        beginResetModel();
    m_names = names;
    m_usedBy.clear();
    for (const QJsonObject &route : m_engine.config().routes()) {
        const QString id = RouteSchema::routeId(route);
        RouteSchema::mapAuthValues(route,
                                   [&](const QString &, const QString &, const QString &value) {
                                       const QString name = CredentialShape::credentialName(value);
                                       if (!name.isEmpty() && !m_usedBy[name].contains(id))
                                           m_usedBy[name] << id;
                                       return value;
                                   });
    }
    if (!sameRows)
        endResetModel();
    else if (!m_names.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_names.size()) - 1, ColumnCount - 1));
}

QString CredentialListModel::nameAt(int row) const
{
    return m_names.value(row);
}

int CredentialListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size());
}

int CredentialListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_names.size())
        return {};
    const QString &name = m_names[index.row()];
    const CredentialManager &credentials = m_engine.credentials();
    const std::optional<CredentialInfo> info = credentials.credential(name);
    if (!info)
        return {};
    const SecretResult status = credentials.status(name);
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return name;
        case Provider: {
            const ProviderInfo *p = Providers::find(info->provider);
            return p ? Translations::providerName(*p) : info->provider;
        }
        case Key: {
            const QString masked = credentials.masked(name);
            return masked.isEmpty() ? tr("(not available)") : masked;
        }
        case StoredIn:
            if (status.ok())
                return info->memoryOnly ? tr("Memory, this run only") : tr("Keychain");
            switch (status.status) {
            case SecretStatus::NotFound:
                return tr("Missing");
            case SecretStatus::Locked:
                return tr("Keychain (locked)");
            case SecretStatus::NoBackend:
                return tr("No keychain");
            case SecretStatus::AccessDenied:
                return tr("Keychain (access refused)");
            default:
                return status.message.isEmpty() ? tr("Reading…") : tr("Unavailable");
            }
        case UsedBy: {
            const QStringList routes = m_usedBy.value(name);
            return routes.isEmpty() ? tr("No route") : routes.join(QStringLiteral(", "));
        }
        case LastUsed:
            return info->lastUsed.isValid()
                       ? QLocale().toString(info->lastUsed.toLocalTime(), QLocale::ShortFormat)
                       : tr("Never");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == StoredIn && !status.ok())
        return status.message;
    if (role == Qt::ToolTipRole && index.column() == Name && !info->note.isEmpty())
        return info->note;
    if (role == Qt::ForegroundRole && index.column() == StoredIn) {
        if (!status.ok() && !status.message.isEmpty())
            return Theme::errorColor();
        if (info->memoryOnly)
            return Theme::warningColor();
    }
    return {};
}

QVariant CredentialListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Provider:
        return tr("Provider");
    case Key:
        return tr("Key");
    case StoredIn:
        return tr("Stored in");
    case UsedBy:
        return tr("Used by");
    case LastUsed:
        return tr("Last used");
    default:
        return {};
    }
}

} // namespace gatehouse
