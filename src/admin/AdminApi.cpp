#include "AdminApi.h"

#include "ConfigStore.h"
#include "CredentialManager.h"
#include "HostGuard.h"
#include "RequestSinks.h"
#include "RouteSchema.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace gatehouse {

struct ConfigChangeView
{
    const ConfigStore::ChangeResult &result;
};

namespace {

const QByteArray kRoutesPrefix = "/apisix/admin/routes";

HttpReply json(int status, const QJsonObject &body)
{
    HttpReply reply;
    reply.status = status;
    reply.headers.emplaceBack("Content-Type", "application/json");
    reply.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return reply;
}

HttpReply error(int status, const QString &message, const QJsonArray &details = {})
{
    QJsonObject body{{QStringLiteral("error_msg"), message}};
    if (!details.isEmpty())
        body.insert(QStringLiteral("errors"), details);
    return json(status, body);
}

QJsonArray toJson(const Diagnostics &diagnostics)
{
    QJsonArray out;
    for (const Diagnostic &d : diagnostics) {
        QJsonObject o{{QStringLiteral("path"), d.path}, {QStringLiteral("message"), d.message}};
        if (!d.code.isEmpty())
            o.insert(QStringLiteral("code"), d.code);
        out.append(o);
    }
    return out;
}

QJsonObject entry(const QJsonObject &route)
{
    return {{QStringLiteral("key"), QString(QStringLiteral("/apisix/routes/") + RouteSchema::routeId(route))},
            {QStringLiteral("value"), AdminApi::redact(route)}};
}

// Constant time in the length of the expected key, whatever the candidate is.
bool sameKey(QByteArrayView expected, QByteArrayView candidate)
{
    unsigned char diff = expected.size() == candidate.size() ? 0 : 1;
    for (qsizetype i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected[i] ^ (i < candidate.size() ? candidate[i] : 0));
    return diff == 0;
}

} // namespace

AdminApi::AdminApi(ConfigStore &store, QObject *parent) : QObject(parent), m_store(store) {}

void AdminApi::setObservers(const RecentRequests *recent, const ProxyMetrics *metrics,
                            std::function<QByteArray()> gauges)
{
    m_recent = recent;
    m_metrics = metrics;
    m_gauges = std::move(gauges);
}

HttpReply AdminApi::requests(const HttpRequest &request) const
{
    if (request.method != "GET")
        return error(405, QStringLiteral("use GET on /gatehouse/requests"));
    const QUrlQuery query(QString::fromUtf8(request.query()));
    bool ok = false;
    int limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit <= 0)
        limit = 100;
    QJsonArray list;
    if (m_recent) {
        for (const RequestRecord &r : m_recent->newest(qMin(limit, 1000)))
            list.append(RecentRequests::toJson(r));
    }
    return json(200, {{QStringLiteral("total"), list.size()}, {QStringLiteral("list"), list}});
}

void AdminApi::setAllowedHosts(const QStringList &hosts, const QString &listenHost)
{
    m_allowedHosts = hosts;
    m_listenHost = listenHost;
}

QJsonObject AdminApi::redact(const QJsonObject &route)
{
    return RouteSchema::mapAuthValues(route, [](const QString &, const QString &, const QString &value) {
        return RouteSchema::isSecretReference(value) ? value : CredentialManager::mask(value);
    });
}

QJsonObject AdminApi::mergePatch(const QJsonObject &target, const QJsonObject &patch)
{
    QJsonObject out = target;
    for (auto it = patch.begin(); it != patch.end(); ++it) {
        if (it.value().isNull())
            out.remove(it.key());
        else if (it.value().isObject() && out.value(it.key()).isObject())
            out.insert(it.key(), mergePatch(out.value(it.key()).toObject(), it.value().toObject()));
        else
            out.insert(it.key(), it.value());
    }
    return out;
}

bool AdminApi::authorized(const HttpRequest &request) const
{
    QByteArrayView key = request.header("x-api-key");
    const QByteArrayView bearer = request.header("authorization");
    if (key.isEmpty() && bearer.startsWith("Bearer ")) // what a Prometheus scraper can send
        key = bearer.sliced(7);
    QByteArray fromQuery;
    if (key.isEmpty()) { // APISIX also takes ?api_key=
        fromQuery = QUrlQuery(QString::fromUtf8(request.query())).queryItemValue(QStringLiteral("api_key")).toUtf8();
        key = fromQuery;
    }
    return !m_key.isEmpty() && sameKey(m_key, key);
}

HttpReply AdminApi::handle(const HttpRequest &request, const QString &)
{
    const QByteArrayView host = request.header("host");
    if (!host.isEmpty() && !HostGuard::allowed(host, m_listenHost, m_allowedHosts))
        return error(403, QStringLiteral("Host \"%1\" is not this machine: the Admin API only answers requests "
                                         "addressed to localhost or an IP address")
                              .arg(QString::fromLatin1(host)));
    if (!request.header("origin").isEmpty())
        return error(403, QStringLiteral("the Admin API does not answer web pages (an Origin header was sent)"));
    if (m_key.isEmpty())
        return error(401, QStringLiteral("failed to check token: no admin key is set; start Gatehouse with "
                                         "--admin-key KEY or GATEHOUSE_ADMIN_KEY"));
    if (!authorized(request))
        return error(401, QStringLiteral("failed to check token"));

    const QByteArrayView path = request.path();
    if (path == "/gatehouse/requests")
        return requests(request);
    if (path == "/gatehouse/budgets") {
        if (request.method != "GET")
            return error(405, QStringLiteral("use GET on /gatehouse/budgets"));
        const QJsonArray list = m_budgets ? m_budgets() : QJsonArray();
        return json(200, {{QStringLiteral("total"), list.size()}, {QStringLiteral("list"), list}});
    }
    if (path == "/gatehouse/health") {
        if (request.method != "GET")
            return error(405, QStringLiteral("use GET on /gatehouse/health"));
        return json(200, m_health ? m_health() : QJsonObject());
    }
    if (path == "/metrics" || path == "/apisix/prometheus/metrics") {
        HttpReply reply;
        reply.headers.emplaceBack("Content-Type", "text/plain; version=0.0.4");
        reply.body = m_metrics ? m_metrics->prometheusText(m_gauges ? m_gauges() : QByteArray()) : QByteArray();
        return reply;
    }
    if (path == kRoutesPrefix || path == QByteArray(kRoutesPrefix + '/'))
        return routes(request, {});
    if (path.startsWith(QByteArray(kRoutesPrefix + '/'))) {
        const QString id = QString::fromUtf8(path.sliced(kRoutesPrefix.size() + 1));
        if (id.contains(QLatin1Char('/')))
            return error(404, QStringLiteral("not found: %1").arg(QString::fromUtf8(path)));
        return routes(request, id);
    }
    return error(404, QStringLiteral("not found: %1 (the Admin API serves /apisix/admin/routes)")
                          .arg(QString::fromUtf8(path)));
}

HttpReply AdminApi::routes(const HttpRequest &request, const QString &id)
{
    const QByteArray &method = request.method;
    QJsonObject body;
    if (method == "PUT" || method == "POST" || method == "PATCH") {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (request.body.trimmed().isEmpty())
            return error(400, QStringLiteral("invalid request body: the body is empty; send the route as JSON"));
        if (parseError.error != QJsonParseError::NoError)
            return error(400, QStringLiteral("invalid request body: %1 at character %2")
                                  .arg(parseError.errorString())
                                  .arg(parseError.offset));
        if (!doc.isObject())
            return error(400, QStringLiteral("invalid request body: expected a JSON object"));
        body = doc.object();
    }

    if (id.isEmpty()) {
        if (method == "GET") {
            QJsonArray list;
            for (const QJsonObject &route : m_store.routes())
                list.append(entry(route));
            return json(200, {{QStringLiteral("total"), list.size()}, {QStringLiteral("list"), list}});
        }
        if (method == "PUT") // the id comes in the body, as in the seed guide
            return putRoute(body, {});
        if (method == "POST") {
            QString generated;
            do {
                generated = QString::number(QDateTime::currentMSecsSinceEpoch()) +
                            QString::number(QRandomGenerator::global()->bounded(1000, 9999));
            } while (m_store.route(generated));
            body.insert(QStringLiteral("id"), generated);
            return putRoute(body, {});
        }
        HttpReply reply = error(405, QStringLiteral("method %1 is not allowed on /apisix/admin/routes (use GET, PUT "
                                                    "or POST)").arg(QString::fromLatin1(method)));
        reply.headers.emplaceBack("Allow", "GET, PUT, POST");
        return reply;
    }

    if (method == "GET") {
        const auto route = m_store.route(id);
        if (!route)
            return error(404, QStringLiteral("route \"%1\" not found").arg(id));
        return json(200, entry(*route));
    }
    if (method == "PUT")
        return putRoute(body, id);
    if (method == "PATCH")
        return patchRoute(id, body);
    if (method == "DELETE") {
        const ConfigStore::ChangeResult result = m_store.removeRoute(id);
        if (!result.ok) {
            const bool missing = !m_store.route(id);
            return error(missing ? 404 : 500, joinDiagnostics(result.errors));
        }
        return json(200, {{QStringLiteral("deleted"), QStringLiteral("1")},
                          {QStringLiteral("key"), QString(QStringLiteral("/apisix/routes/") + id)}});
    }
    HttpReply reply = error(405, QStringLiteral("method %1 is not allowed on a route (use GET, PUT, PATCH or DELETE)")
                                     .arg(QString::fromLatin1(method)));
    reply.headers.emplaceBack("Allow", "GET, PUT, PATCH, DELETE");
    return reply;
}

HttpReply AdminApi::putRoute(QJsonObject body, const QString &pathId)
{
    if (!pathId.isEmpty()) {
        const QString bodyId = RouteSchema::routeId(body);
        if (body.contains(QStringLiteral("id")) && bodyId != pathId)
            return error(400, QStringLiteral("wrong route id: the body says \"%1\" but the URL says \"%2\"")
                                  .arg(bodyId, pathId));
        if (!body.contains(QStringLiteral("id")))
            body.insert(QStringLiteral("id"), pathId);
    }
    const ConfigStore::ChangeResult result = m_store.putRoute(body);
    return changeReply(ConfigChangeView{result}, result.created ? 201 : 200);
}

HttpReply AdminApi::patchRoute(const QString &id, const QJsonObject &patch)
{
    const auto existing = m_store.route(id);
    if (!existing)
        return error(404, QStringLiteral("route \"%1\" not found").arg(id));
    if (patch.contains(QStringLiteral("id")) && RouteSchema::routeId(patch) != id)
        return error(400, QStringLiteral("a PATCH cannot change a route's id"));
    QJsonObject merged = mergePatch(*existing, patch);
    merged.remove(QStringLiteral("update_time"));
    const ConfigStore::ChangeResult result = m_store.putRoute(merged);
    return changeReply(ConfigChangeView{result}, 200);
}

HttpReply AdminApi::changeReply(const ConfigChangeView &change, int okStatus)
{
    const ConfigStore::ChangeResult &result = change.result;
    if (!result.ok)
        return error(400, joinDiagnostics(result.errors), toJson(result.errors));
    QJsonObject body = entry(result.route);
    body.insert(QStringLiteral("warnings"), toJson(result.warnings));
    return json(okStatus, body);
}

} // namespace gatehouse
