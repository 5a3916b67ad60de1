#include "RouteTable.h"

#include "SecretResolver.h"
#include "RouteSchema.h"

#include <algorithm>

namespace gatehouse {

namespace {

// Strips the query and fragment: routes match on the path alone.
QByteArrayView pathOnly(QByteArrayView target)
{
    const qsizetype q = target.indexOf('?');
    return q < 0 ? target : target.first(q);
}

QByteArrayView hostOnly(QByteArrayView host)
{
    if (host.startsWith('[')) { // [::1]:9080
        const qsizetype end = host.indexOf(']');
        return end < 0 ? host : host.first(end + 1);
    }
    const qsizetype colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.first(colon);
}

void resolveAll(NameValueList &list, const SecretResolver *resolver, QString &problem)
{
    for (auto &[name, value] : list) {
        if (!RouteSchema::isSecretReference(value))
            continue;
        QString error;
        const std::optional<QString> secret =
            resolver ? resolver->resolve(value, &error) : std::nullopt;
        if (secret) {
            value = *secret;
        } else {
            if (problem.isEmpty())
                problem = error.isEmpty() ? QStringLiteral("the secret %1 could not be read").arg(value) : error;
            value.clear();
        }
    }
}

} // namespace

bool RouteTable::precedes(const RouteSpec &a, const RouteSpec &b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    if (a.updateTime != b.updateTime)
        return a.updateTime > b.updateTime;
    return a.id < b.id;
}

bool RouteTable::hostMatches(QByteArrayView pattern, QByteArrayView host)
{
    const QByteArrayView h = hostOnly(host);
    if (pattern.startsWith('*')) {
        const QByteArrayView suffix = pattern.sliced(1); // "*.example.com" matches "a.example.com"
        return h.size() > suffix.size() && h.last(suffix.size()).compare(suffix, Qt::CaseInsensitive) == 0;
    }
    return h.compare(pattern, Qt::CaseInsensitive) == 0;
}

bool RouteTable::overlap(const RouteSpec &a, const RouteSpec &b)
{
    const bool methods = a.methods.isEmpty() || b.methods.isEmpty() ||
                         std::any_of(a.methods.begin(), a.methods.end(),
                                     [&](const QString &m) { return b.methods.contains(m); });
    if (!methods)
        return false;
    if (a.hosts.isEmpty() || b.hosts.isEmpty())
        return true;
    for (const QString &h : a.hosts) {
        for (const QString &k : b.hosts) {
            const QByteArray hb = h.toUtf8(), kb = k.toUtf8();
            if (hostMatches(hb, kb) || hostMatches(kb, hb))
                return true;
        }
    }
    return false;
}

std::shared_ptr<const RouteTable> RouteTable::build(const QList<RouteSpec> &routes, const SecretResolver *resolver,
                                                    quint64 version)
{
    auto table = std::make_shared<RouteTable>();
    table->m_version = version;
    for (const RouteSpec &spec : routes) {
        if (!spec.enabled)
            continue;
        RouteSpec resolved = spec;
        for (InstanceSpec &inst : resolved.instances) {
            inst.authProblem.clear();
            resolveAll(inst.auth.headers, resolver, inst.authProblem);
            resolveAll(inst.auth.query, resolver, inst.authProblem);
        }
        table->m_routes << resolved;
    }

    // Candidates on one path are kept in precedence order, so matching takes the first that fits.
    std::vector<int> order(table->m_routes.size());
    for (int i = 0; i < int(order.size()); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return precedes(table->m_routes[a], table->m_routes[b]); });

    QHash<QByteArray, qsizetype> prefixIndex;
    for (int i : order) {
        const RouteSpec &spec = table->m_routes[i];
        Candidate c{i, {}, {}};
        for (const QString &m : spec.methods)
            c.methods << m.toUpper().toLatin1();
        for (const QString &h : spec.hosts)
            c.hosts << h.toLower().toUtf8();
        for (const QString &path : spec.paths) {
            QByteArray p = path.toUtf8();
            if (p.endsWith('*')) {
                p.chop(1);
                auto it = prefixIndex.find(p);
                if (it == prefixIndex.end()) {
                    it = prefixIndex.insert(p, qsizetype(table->m_prefixes.size()));
                    table->m_prefixes.push_back({p, {}});
                }
                table->m_prefixes[*it].candidates.push_back(c);
            } else {
                table->m_exact[p].push_back(c);
            }
        }
    }
    std::stable_sort(table->m_prefixes.begin(), table->m_prefixes.end(),
                     [](const Prefix &a, const Prefix &b) { return a.prefix.size() > b.prefix.size(); });
    return table;
}

bool RouteTable::pick(const std::vector<Candidate> &candidates, QByteArrayView method, QByteArrayView host,
                      RouteMatch &out) const
{
    for (const Candidate &c : candidates) {
        if (!c.hosts.isEmpty()) {
            const bool hostOk = std::any_of(c.hosts.begin(), c.hosts.end(),
                                            [&](const QByteArray &h) { return hostMatches(h, host); });
            if (!hostOk)
                continue;
        }
        if (!c.methods.isEmpty() && !c.methods.contains(method)) {
            out.miss = RouteMatch::Miss::MethodNotAllowed;
            for (const QByteArray &m : c.methods) {
                if (!out.allowedMethods.contains(m))
                    out.allowedMethods << m;
            }
            continue;
        }
        out.route = &m_routes[c.route];
        out.miss = RouteMatch::Miss::None;
        return true;
    }
    return false;
}

RouteMatch RouteTable::match(QByteArrayView method, QByteArrayView target, QByteArrayView host) const
{
    RouteMatch out;
    const QByteArrayView path = pathOnly(target);
    const auto exact = m_exact.constFind(QByteArray::fromRawData(path.data(), path.size()));
    if (exact != m_exact.constEnd() && pick(*exact, method, host, out))
        return out;
    for (const Prefix &p : m_prefixes) {
        if (path.startsWith(p.prefix) && pick(p.candidates, method, host, out))
            return out;
    }
    out.route = nullptr;
    return out;
}

} // namespace gatehouse
