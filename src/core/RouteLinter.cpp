#include "RouteLinter.h"

#include "RouteTable.h"

#include <QRegularExpression>
#include <QSet>
#include <QUrl>

namespace gatehouse {

namespace {

QString pluginPath(const RouteSpec &spec)
{
    return spec.plugin == RouteSpec::Plugin::AiProxy ? QStringLiteral("plugins.ai-proxy")
                                                     : QStringLiteral("plugins.ai-proxy-multi");
}

QString instancePath(const RouteSpec &spec, int index)
{
    if (spec.plugin == RouteSpec::Plugin::AiProxy)
        return pluginPath(spec);
    return pluginPath(spec) + QStringLiteral(".instances[") + QString::number(index) + QLatin1Char(']');
}

bool soundsLikeFallback(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("fallback|backup|secondary|standby|reserve"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

bool soundsLikePrimary(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("primary|main|default|first"),
                                       QRegularExpression::CaseInsensitiveOption);
    return re.match(name).hasMatch();
}

bool isLocalEndpoint(const QString &endpoint)
{
    const QString host = QUrl(endpoint).host();
    return host == QLatin1String("localhost") || host.startsWith(QLatin1String("127.")) || host == QLatin1String("::1");
}

} // namespace

QPair<int, int> RouteLinter::invertedPair(const RouteSpec &route)
{
    if (route.plugin != RouteSpec::Plugin::AiProxyMulti)
        return {-1, -1};
    for (int f = 0; f < route.instances.size(); ++f) {
        const InstanceSpec &fallback = route.instances[f];
        if (!soundsLikeFallback(fallback.name))
            continue;
        for (int p = 0; p < route.instances.size(); ++p) {
            const InstanceSpec &primary = route.instances[p];
            if (p != f && soundsLikePrimary(primary.name) && !soundsLikeFallback(primary.name) &&
                fallback.priority > primary.priority)
                return {f, p};
        }
    }
    return {-1, -1};
}

Diagnostics RouteLinter::lint(const RouteSchema::Result &parsed, const Context &context)
{
    Diagnostics out;
    auto warn = [&](const QString &code, const QString &path, const QString &message) {
        out.append({Diagnostic::Severity::Warning, path, message, code});
    };
    const RouteSpec &spec = parsed.spec;

    for (const QString &plugin : parsed.ignoredPlugins)
        warn(PluginNotRun, QStringLiteral("plugins.") + plugin,
             QStringLiteral("plugin \"%1\" is kept for APISIX, but Gatehouse does not run it").arg(plugin));
    for (const QString &path : parsed.unknownPaths)
        warn(UnknownField, path,
             QStringLiteral("\"%1\" is not a field Gatehouse knows; it is kept for export but has no effect here "
                            "(check the spelling)").arg(path.section(QLatin1Char('.'), -1)));

    for (const QString &path : parsed.orphanLabels)
        warn(OrphanModelAliases, path,
             QStringLiteral("label \"%1\" names no instance of this route, so these aliases are not used: "
                            "rename it after an instance").arg(path.mid(7)));

    if (!spec.serviceId.isEmpty() && !context.serviceIds.contains(spec.serviceId))
        warn(MissingService, QStringLiteral("service_id"),
             QStringLiteral("service \"%1\" does not exist here; the route works without it").arg(spec.serviceId));

    for (int i = 0; i < spec.instances.size(); ++i) {
        const InstanceSpec &inst = spec.instances[i];
        const bool keyless = inst.provider == QLatin1String("openai-compatible") && isLocalEndpoint(inst.endpoint);
        if (inst.auth.isEmpty() && !keyless)
            warn(MissingCredential, instancePath(spec, i) + QStringLiteral(".auth"),
                 QStringLiteral("instance \"%1\" sends no key to %2: pick a credential or add "
                                "auth.header {\"Authorization\": \"Bearer …\"}").arg(inst.name, inst.provider));
    }

    if (spec.plugin == RouteSpec::Plugin::AiProxyMulti && !spec.instances.isEmpty()) {
        QSet<int> priorities;
        bool anyWeight = false;
        for (const InstanceSpec &inst : spec.instances) {
            priorities.insert(inst.priority);
            anyWeight = anyWeight || inst.weight > 0;
        }
        if (priorities.size() > 1 && !spec.fallback.enabled())
            warn(NoFallbackStrategy, pluginPath(spec) + QStringLiteral(".fallback_strategy"),
                 QStringLiteral("the instances are in %1 priority groups but fallback_strategy is not set, so no "
                                "fallback will ever happen and only the highest group is used: set it, e.g. "
                                "[\"http_429\", \"http_5xx\"]").arg(priorities.size()));
        if (!anyWeight)
            warn(AllWeightsZero, pluginPath(spec) + QStringLiteral(".instances"),
                 QStringLiteral("every instance has weight 0, so none is preferred: give the instances that should "
                                "take traffic a weight of 1 or more"));
        if (spec.instances.size() == 1 && spec.fallback.enabled())
            warn(SingleInstanceFallback, pluginPath(spec) + QStringLiteral(".fallback_strategy"),
                 QStringLiteral("a route with a single instance is never retried: add a second instance for "
                                "fallback to do anything"));
        const auto [f, p] = invertedPair(spec);
        if (f >= 0) {
            const InstanceSpec &fb = spec.instances[f];
            const InstanceSpec &pr = spec.instances[p];
            warn(FallbackOutranksPrimary, instancePath(spec, f) + QStringLiteral(".priority"),
                 QStringLiteral("\"%1\" (priority %2) is tried before \"%3\" (priority %4): a higher priority is "
                                "tried first, as in APISIX. If \"%3\" should be tried first, swap their priorities")
                     .arg(fb.name).arg(fb.priority).arg(pr.name).arg(pr.priority));
        }
    }

    for (const RouteSpec &other : context.otherRoutes) {
        if (other.id == spec.id || !other.enabled || !RouteTable::overlap(spec, other))
            continue;
        for (int i = 0; i < spec.paths.size(); ++i) {
            const QString &path = spec.paths[i];
            if (!other.paths.contains(path) || !RouteTable::precedes(other, spec))
                continue;
            const QString why = other.priority != spec.priority
                                    ? QStringLiteral("it has a higher priority")
                                    : QStringLiteral("same priority, and it was changed more recently");
            warn(ShadowedPath, QStringLiteral("paths[%1]").arg(i),
                 QStringLiteral("path \"%1\" is also served by route \"%2\", which is tried first (%3): this route "
                                "never answers on it. Give this route a higher priority or another path")
                     .arg(path, other.id, why));
        }
    }
    return out;
}

} // namespace gatehouse
