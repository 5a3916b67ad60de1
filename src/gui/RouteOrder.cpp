#include "RouteOrder.h"

#include <QMap>

namespace gatehouse {

QList<QList<int>> RouteOrder::groups(const RouteSpec &route)
{
    QMap<int, QList<int>> byPriority;
    for (int i = 0; i < route.instances.size(); ++i)
        byPriority[route.instances[i].priority] << i;
    QList<QList<int>> out;
    for (auto it = byPriority.cbegin(); it != byPriority.cend(); ++it)
        out.prepend(*it); // highest priority first
    return out;
}

QString RouteOrder::describe(const RouteSpec &route)
{
    if (route.instances.isEmpty())
        return tr("No instances yet: add one.");
    if (route.plugin == RouteSpec::Plugin::AiProxy || route.instances.size() == 1)
        return tr("Every request goes to %1.").arg(route.instances.first().name);

    const QList<QList<int>> ordered = groups(route);
    QStringList parts;
    for (const QList<int> &group : ordered) {
        QStringList names;
        QStringList weights;
        for (int i : group) {
            names << route.instances[i].name;
            weights << QString::number(route.instances[i].weight);
        }
        const int priority = route.instances[group.first()].priority;
        QString part = names.join(QStringLiteral(", "));
        if (group.size() > 1)
            part = tr("%1 by weight %2").arg(part, weights.join(QLatin1Char(':')));
        parts << tr("%1 (priority %2)").arg(part).arg(priority);
    }
    QString text = tr("Tried first: %1").arg(parts.first());
    for (qsizetype i = 1; i < parts.size(); ++i)
        text += tr(" → then %1").arg(parts[i]);
    if (ordered.size() > 1 && !route.fallback.enabled())
        text +=
            QLatin1Char(' ') + tr("(No fallback is set, so only the first group ever answers.)");
    return text;
}

} // namespace gatehouse
