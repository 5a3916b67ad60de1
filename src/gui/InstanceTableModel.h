#pragma once

#include "Diagnostic.h"

#include <QAbstractTableModel>
#include <QJsonObject>
#include <QList>

namespace gatehouse {

class CredentialManager;
class InstanceHealth;

// The instances of an ai-proxy-multi route being edited, one row each: name, provider, model,
// credential status, priority, weight, health check. Rows with a problem carry an icon and the
// problem as a tooltip. The editor owns the JSON; this only shows it.
class InstanceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InstanceTableModel)

public:
    enum Column { Name, Provider, Model, Credential, Priority, Weight, Health, ColumnCount };

    explicit InstanceTableModel(QObject *parent = nullptr);

    void setCredentials(const CredentialManager *credentials) { m_credentials = credentials; }
    // The proxy's view of each instance (cooling down, probing, failing its check); follows it.
    void setHealth(const InstanceHealth *health);
    // Health is looked up by route id and instance name.
    void setRouteId(const QString &id) { m_routeId = id; }
    // Keeps the rows (and the view's selection) when only values changed.
    void setInstances(const QList<QJsonObject> &instances, const Diagnostics &diagnostics,
                      const QString &instancesPath);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString credentialText(const QJsonObject &instance, bool *problem) const;
    QString healthText(const QJsonObject &instance, bool *problem) const;

    const CredentialManager *m_credentials = nullptr;
    const InstanceHealth *m_health = nullptr;
    QString m_routeId;
    QList<QJsonObject> m_instances;
    QList<Diagnostics> m_problems; // per row
};

} // namespace gatehouse
