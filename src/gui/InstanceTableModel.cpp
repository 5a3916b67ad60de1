#include "InstanceTableModel.h"

#include "CredentialManager.h"
#include "CredentialShape.h"
#include "InstanceHealth.h"
#include "Providers.h"
#include "Theme.h"
#include "Translations.h"

#include <QApplication>
#include <QStyle>

namespace gatehouse {

InstanceTableModel::InstanceTableModel(QObject *parent) : QAbstractTableModel(parent)
{}

void InstanceTableModel::setInstances(const QList<QJsonObject> &instances,
                                      const Diagnostics &diagnostics, const QString &instancesPath)
{
    QList<Diagnostics> problems(instances.size());
    for (const Diagnostic &d : diagnostics) {
        if (!d.path.startsWith(instancesPath + QLatin1Char('[')))
            continue;
        const int row =
            d.path.mid(instancesPath.size() + 1).section(QLatin1Char(']'), 0, 0).toInt();
        if (row >= 0 && row < problems.size())
            problems[row] << d;
    }
    if (instances.size() == m_instances.size()) {
        m_instances = instances;
        m_problems = problems;
        if (!m_instances.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_instances.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_instances = instances;
    m_problems = problems;
    endResetModel();
}

void InstanceTableModel::setHealth(const InstanceHealth *health)
{
    m_health = health;
    if (health)
        connect(health, &InstanceHealth::changed, this, [this] {
            if (!m_instances.isEmpty())
                emit dataChanged(index(0, Health), index(int(m_instances.size()) - 1, Health));
        });
}

QString InstanceTableModel::healthText(const QJsonObject &instance, bool *problem) const
{
    *problem = false;
    const QJsonObject active = instance.value(QStringLiteral("checks"))
                                   .toObject()
                                   .value(QStringLiteral("active"))
                                   .toObject();
    QString idle = tr("No traffic yet");
    if (!active.isEmpty()) {
        const int interval = active.value(QStringLiteral("healthy"))
                                 .toObject()
                                 .value(QStringLiteral("interval"))
                                 .toInt(1);
        idle = tr("Checked every %n s", nullptr, interval);
    }
    if (!m_health || m_routeId.isEmpty())
        return idle;
    const InstanceHealth::Status s =
        m_health->status(m_routeId, instance.value(QStringLiteral("name")).toString());
    const int secondsLeft = int((s.cooldownLeftMs + 999) / 1000);
    switch (s.state) {
    case InstanceHealth::State::Healthy:
        if (s.attempts == 0 && !s.activeChecked)
            return idle;
        if (s.lastErrorAtMs > s.lastSuccessAtMs)
            return s.lastStatus > 0 ? tr("Available; the last try got HTTP %1").arg(s.lastStatus)
                                    : tr("Available; the last try failed: %1").arg(s.lastError);
        if (s.successRate < 0)
            return tr("Available");
        return tr("Available, %1% answered").arg(qRound(s.successRate * 100));
    case InstanceHealth::State::CoolingDown:
        *problem = true;
        return s.reason == InstanceHealth::Reason::RateLimited
                   ? tr("Rate limited, back in %n s", nullptr, secondsLeft)
                   : tr("Failing, skipped for %n s", nullptr, secondsLeft);
    case InstanceHealth::State::HalfOpen:
        return tr("Being tried again");
    case InstanceHealth::State::Unhealthy:
        *problem = true;
        return s.activeError.isEmpty() ? tr("Unhealthy (its check failed)")
                                       : tr("Unhealthy: %1").arg(s.activeError);
    }
    return idle;
}

int InstanceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_instances.size());
}

int InstanceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString InstanceTableModel::credentialText(const QJsonObject &instance, bool *problem) const
{
    *problem = false;
    const QJsonObject auth = instance.value(QStringLiteral("auth")).toObject();
    const QString reference = CredentialShape::referenceIn(auth);
    if (reference.isEmpty()) {
        const bool empty = auth.value(QStringLiteral("header")).toObject().isEmpty() &&
                           auth.value(QStringLiteral("query")).toObject().isEmpty();
        *problem = empty;
        return empty ? tr("No key") : tr("Custom");
    }
    const QString name = CredentialShape::credentialName(reference);
    if (name.isEmpty())
        return reference;
    if (!m_credentials || !m_credentials->contains(name)) {
        *problem = true;
        return tr("%1 (missing)").arg(name);
    }
    const bool ok = m_credentials->status(name).ok();
    *problem = !ok;
    return ok ? tr("%1 ✓").arg(name) : tr("%1 (not readable)").arg(name);
}

QVariant InstanceTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_instances.size())
        return {};
    const QJsonObject &inst = m_instances[index.row()];
    const Diagnostics &problems = m_problems[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Name:
            return inst.value(QStringLiteral("name")).toString();
        case Provider: {
            const QString id = inst.value(QStringLiteral("provider")).toString();
            const ProviderInfo *info = Providers::find(id);
            return info ? Translations::providerName(*info) : id;
        }
        case Model: {
            const QString model = inst.value(QStringLiteral("options"))
                                      .toObject()
                                      .value(QStringLiteral("model"))
                                      .toString();
            return model.isEmpty() ? tr("(client's)") : model;
        }
        case Credential: {
            bool problem = false;
            return credentialText(inst, &problem);
        }
        case Priority:
            return inst.value(QStringLiteral("priority")).toInt(0);
        case Weight:
            return inst.contains(QStringLiteral("weight"))
                       ? QVariant(inst.value(QStringLiteral("weight")).toInt())
                       : QVariant(tr("missing"));
        case Health: {
            bool problem = false;
            return healthText(inst, &problem);
        }
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == Name && !problems.isEmpty()) {
        const bool error = std::any_of(problems.begin(), problems.end(), [](const Diagnostic &d) {
            return d.severity == Diagnostic::Severity::Error;
        });
        return QApplication::style()->standardIcon(error ? QStyle::SP_MessageBoxCritical
                                                         : QStyle::SP_MessageBoxWarning);
    }
    if (role == Qt::ToolTipRole && index.column() == Name && !problems.isEmpty()) {
        QStringList lines;
        for (const Diagnostic &d : problems)
            lines << d.message;
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::ForegroundRole && (index.column() == Credential || index.column() == Health)) {
        bool problem = false;
        if (index.column() == Credential)
            credentialText(inst, &problem);
        else
            healthText(inst, &problem);
        if (problem)
            return Theme::errorColor();
    }
    if (role == Qt::ToolTipRole && index.column() == Health && m_health && !m_routeId.isEmpty()) {
        const InstanceHealth::Status s =
            m_health->status(m_routeId, inst.value(QStringLiteral("name")).toString());
        if (!s.lastError.isEmpty())
            return tr("Last error: %1").arg(s.lastError);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == Priority || index.column() == Weight))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant InstanceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Name");
    case Provider:
        return tr("Provider");
    case Model:
        return tr("Model");
    case Credential:
        return tr("Credential");
    case Priority:
        return tr("Priority");
    case Weight:
        return tr("Weight");
    case Health:
        return tr("Health");
    default:
        return {};
    }
}

} // namespace gatehouse
