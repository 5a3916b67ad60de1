#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QStringList>

namespace gatehouse {

class Engine;

// The credential index as rows: name, provider, masked key, where it is stored, the routes that
// use it, when it was last used. Follows the credential manager and the routes.
class CredentialListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialListModel)

public:
    enum Column { Name, Provider, Key, StoredIn, UsedBy, LastUsed, ColumnCount };

    explicit CredentialListModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString nameAt(int row) const;
    QStringList usedBy(const QString &name) const { return m_usedBy.value(name); }
    void reload();

private:
    Engine &m_engine;
    QStringList m_names;
    QHash<QString, QStringList> m_usedBy;
};

} // namespace gatehouse
