#include "ApisixPublisher.h"

#include "AdminApi.h"
#include "CredentialManager.h"
#include "RouteSchema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QRegularExpression>
#include <QUrlQuery>
#include <QUuid>

namespace gatehouse {

namespace {

const QStringList kTimestamps = {QStringLiteral("create_time"), QStringLiteral("update_time")};

QJsonObject withoutTimestamps(QJsonObject route)
{
    for (const QString &k : kTimestamps)
        route.remove(k);
    return route;
}

QString render(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::String:
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Double:
        return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("(nothing)");
}

// Values under an auth map may be keys written into a route on the cluster: shown masked.
bool isAuthPath(const QString &path)
{
    return path.contains(QLatin1String(".auth.")) || path.endsWith(QLatin1String(".auth"));
}

QJsonValue masked(const QJsonValue &v)
{
    if (v.isString())
        return RouteSchema::isSecretReference(v.toString())
                   ? v
                   : QJsonValue(CredentialManager::mask(v.toString()));
    if (v.isObject()) {
        QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            it.value() = masked(it.value());
        return o;
    }
    return v;
}

// What APISIX writes into a stored route by itself (schema defaults), so a route published
// from here does not show up as changed because of them.
bool isClusterDefault(const QString &path, const QJsonValue &value)
{
    static const QRegularExpression index(QStringLiteral("\\[[0-9]+\\]"));
    QString p = path;
    p.replace(index, QStringLiteral("[]"));
    static const QHash<QString, QJsonValue> defaults = [] {
        QHash<QString, QJsonValue> d;
        d.insert(QStringLiteral("priority"), 0);
        d.insert(QStringLiteral("status"), 1);
        for (const QString &plugin :
             {QStringLiteral("plugins.ai-proxy"), QStringLiteral("plugins.ai-proxy-multi")}) {
            d.insert(plugin + QStringLiteral(".timeout"), 30000);
            d.insert(plugin + QStringLiteral(".keepalive"), true);
            d.insert(plugin + QStringLiteral(".keepalive_timeout"), 60000);
            d.insert(plugin + QStringLiteral(".keepalive_pool"), 30);
            d.insert(plugin + QStringLiteral(".ssl_verify"), true);
        }
        d.insert(QStringLiteral("plugins.ai-proxy-multi.balancer"),
                 QJsonObject{{QStringLiteral("algorithm"), QStringLiteral("roundrobin")}});
        d.insert(QStringLiteral("plugins.ai-proxy-multi.balancer.algorithm"),
                 QStringLiteral("roundrobin"));
        d.insert(QStringLiteral("plugins.ai-proxy-multi.instances[].priority"), 0);
        return d;
    }();
    const auto it = defaults.constFind(p);
    return it != defaults.cend() && it.value() == value;
}

void diffValues(const QString &path, const QJsonValue &remote, const QJsonValue &local,
                QList<ApisixPublisher::FieldChange> &out)
{
    using Kind = ApisixPublisher::FieldChange::Kind;
    if (remote == local)
        return;
    auto add = [&](Kind kind, const QString &p, const QJsonValue &r, const QJsonValue &l) {
        ApisixPublisher::FieldChange c;
        c.kind = kind;
        c.path = p;
        c.remote = isAuthPath(p) ? masked(r) : r;
        c.local = isAuthPath(p) ? masked(l) : l;
        c.clusterDefault = kind == Kind::Removed && isClusterDefault(p, r);
        out.append(c);
    };
    if (remote.isObject() && local.isObject()) {
        const QJsonObject r = remote.toObject();
        const QJsonObject l = local.toObject();
        QStringList keys = r.keys();
        for (const QString &k : l.keys()) {
            if (!keys.contains(k))
                keys << k;
        }
        keys.sort();
        for (const QString &k : std::as_const(keys)) {
            if (path.isEmpty() && kTimestamps.contains(k))
                continue;
            const QString p = path.isEmpty() ? k : path + QLatin1Char('.') + k;
            if (!r.contains(k))
                add(Kind::Added, p, QJsonValue::Undefined, l.value(k));
            else if (!l.contains(k))
                add(Kind::Removed, p, r.value(k), QJsonValue::Undefined);
            else
                diffValues(p, r.value(k), l.value(k), out);
        }
        return;
    }
    if (remote.isArray() && local.isArray()) {
        const QJsonArray r = remote.toArray();
        const QJsonArray l = local.toArray();
        for (qsizetype i = 0; i < std::max(r.size(), l.size()); ++i) {
            const QString p = path + QStringLiteral("[%1]").arg(i);
            if (i >= r.size())
                add(Kind::Added, p, QJsonValue::Undefined, l.at(i));
            else if (i >= l.size())
                add(Kind::Removed, p, r.at(i), QJsonValue::Undefined);
            else
                diffValues(p, r.at(i), l.at(i), out);
        }
        return;
    }
    add(Kind::Modified, path, remote, local);
}

bool sameRemote(const std::optional<QJsonObject> &a, const std::optional<QJsonObject> &b)
{
    if (a.has_value() != b.has_value())
        return false;
    return !a || withoutTimestamps(*a) == withoutTimestamps(*b);
}

} // namespace

QString ApisixPublisher::FieldChange::toString() const
{
    switch (kind) {
    case Kind::Added:
        return QStringLiteral("+ %1: %2").arg(path, render(local));
    case Kind::Removed:
        return QStringLiteral("- %1: %2%3")
            .arg(path, render(remote),
                 clusterDefault ? QStringLiteral(" (APISIX's default; ignored)") : QString());
    case Kind::Modified:
        break;
    }
    return QStringLiteral("~ %1: %2 -> %3").arg(path, render(remote), render(local));
}

QString ApisixPublisher::RouteDiff::toString() const
{
    QString out = QStringLiteral("%1: %2").arg(id, changeName(change));
    if (!error.isEmpty())
        out += QStringLiteral(" (%1)").arg(error);
    for (const FieldChange &f : fields)
        out += QStringLiteral("\n  ") + f.toString();
    return out;
}

bool ApisixPublisher::Preview::complete() const
{
    return count(Change::Unknown) == 0;
}

int ApisixPublisher::Preview::count(Change change) const
{
    return int(std::count_if(routes.begin(), routes.end(),
                             [change](const RouteDiff &d) { return d.change == change; }));
}

QString ApisixPublisher::Preview::toString() const
{
    QStringList parts;
    for (const RouteDiff &d : routes)
        parts << d.toString();
    return parts.join(QLatin1Char('\n'));
}

bool ApisixPublisher::PublishResult::ok() const
{
    return std::all_of(routes.begin(), routes.end(), [](const RouteOutcome &o) { return o.ok; });
}

QString ApisixPublisher::changeName(Change change)
{
    switch (change) {
    case Change::New:
        return QStringLiteral("new");
    case Change::Changed:
        return QStringLiteral("changed");
    case Change::Unchanged:
        return QStringLiteral("unchanged");
    case Change::Unknown:
        return QStringLiteral("could not be read");
    }
    return {};
}

ApisixPublisher::ApisixPublisher(const Remote &remote, QObject *parent)
    : QObject(parent), m_remote(remote), m_nam(new QNetworkAccessManager(this))
{}

ApisixPublisher::~ApisixPublisher() = default;

void ApisixPublisher::setRemote(const Remote &remote)
{
    m_remote = remote;
    ++m_generation; // answers still on their way belong to the old remote and are dropped
    m_outstanding = 0;
    m_operation = Operation::None;
    m_token.clear();
    m_preview = {};
    m_previewRemote.clear();
}

QUrl ApisixPublisher::routeUrl(const QString &id) const
{
    QUrl url = m_remote.adminUrl;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + QStringLiteral("/apisix/admin/routes/") + id);
    if (!m_remote.gatewayGroup.isEmpty())
        url.setQuery(QUrlQuery{{QStringLiteral("gateway_group_id"), m_remote.gatewayGroup}});
    return url;
}

QNetworkReply *ApisixPublisher::send(const QByteArray &verb, const QString &id,
                                     const QByteArray &body)
{
    QNetworkRequest request(routeUrl(id));
    request.setRawHeader("X-API-KEY", m_remote.adminKey.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(m_remote.timeoutMs);
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
    return m_nam->sendCustomRequest(request, verb, body);
}

QString ApisixPublisher::remoteMessage(int status, const QByteArray &body,
                                       const QString &networkError)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QString said = o.value(QStringLiteral("error_msg")).toString();
    if (said.isEmpty())
        said = o.value(QStringLiteral("message")).toString();
    if (status == 0)
        return QStringLiteral("the Admin API could not be reached: %1").arg(networkError);
    if (said.isEmpty())
        said = QString::fromUtf8(body.left(200)).trimmed();
    if (status == 401 || status == 403)
        return QStringLiteral("the Admin API refused the key (HTTP %1%2): check the admin key")
            .arg(status)
            .arg(said.isEmpty() ? QString() : QStringLiteral(", ") + said);
    return said.isEmpty() ? QStringLiteral("HTTP %1").arg(status)
                          : QStringLiteral("HTTP %1: %2").arg(status).arg(said);
}

ApisixPublisher::Fetch ApisixPublisher::readFetch(QNetworkReply *reply)
{
    Fetch f;
    f.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (f.status == 404)
        return f; // not on the cluster
    if (f.status != 200) {
        f.error = remoteMessage(f.status, body, reply->errorString());
        return f;
    }
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QJsonValue value = o.value(QStringLiteral("value")); // APISIX 3
    if (!value.isObject())
        value =
            o.value(QStringLiteral("node")).toObject().value(QStringLiteral("value")); // APISIX 2
    if (!value.isObject()) {
        f.error = QStringLiteral(
            "the Admin API answered with something that is not a route (is the URL the Admin "
            "API's?)");
        return f;
    }
    f.route = value.toObject();
    return f;
}

QList<ApisixPublisher::FieldChange> ApisixPublisher::diff(const QJsonObject &remote,
                                                          const QJsonObject &local)
{
    QList<FieldChange> out;
    diffValues({}, withoutTimestamps(remote), withoutTimestamps(local), out);
    return out;
}

bool ApisixPublisher::preview(const QList<QJsonObject> &routes, QString *error)
{
    if (isBusy()) {
        if (error)
            *error = QStringLiteral(
                "the publisher is still busy with the last step: wait for it to finish");
        return false;
    }
    RouteExchange::ExportOptions options;
    options.target = m_remote.target;
    options.secrets = m_remote.secrets;
    const RouteExchange::Prepared prepared = RouteExchange::prepare(routes, options);

    m_operation = Operation::Preview;
    m_building = {};
    m_building.token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_building.environment = prepared.environment;
    m_building.warnings = prepared.warnings;
    m_buildingRemote.clear();
    // The old token stops working as soon as a new preview starts.
    m_token.clear();

    const quint64 generation = m_generation;
    m_outstanding = 1; // held until every request went out
    for (qsizetype i = 0; i < prepared.routes.size(); ++i) {
        RouteDiff d;
        d.local = prepared.routes[i];
        d.id = RouteSchema::routeId(d.local);
        if (d.id.isEmpty()) {
            d.error = QStringLiteral("the route has no id");
        } else if (m_buildingRemote.contains(d.id)) {
            d.error = QStringLiteral("the id appears twice in the selection");
        }
        m_building.routes.append(d);
        if (!d.error.isEmpty())
            continue;
        m_buildingRemote.insert(d.id, std::nullopt);
        ++m_outstanding;
        QNetworkReply *reply = send("GET", d.id);
        connect(reply, &QNetworkReply::finished, this, [this, reply, i, generation] {
            reply->deleteLater();
            if (generation != m_generation)
                return; // another remote since
            const Fetch f = readFetch(reply);
            RouteDiff &d = m_building.routes[i];
            if (!f.error.isEmpty()) {
                d.change = Change::Unknown;
                d.error = f.error;
            } else if (!f.route) {
                d.change = Change::New;
            } else {
                m_buildingRemote.insert(d.id, f.route);
                d.remote = AdminApi::redact(*f.route);
                d.fields = diff(*f.route, d.local);
                const bool differs =
                    std::any_of(d.fields.begin(), d.fields.end(),
                                [](const FieldChange &c) { return !c.clusterDefault; });
                d.change = differs ? Change::Changed : Change::Unchanged;
            }
            finishOne();
        });
    }
    releaseHold(generation);
    return true;
}

bool ApisixPublisher::publish(const QString &token, const QStringList &ids, QString *error)
{
    if (isBusy()) {
        if (error)
            *error = QStringLiteral(
                "the publisher is still busy with the last step: wait for it to finish");
        return false;
    }
    if (token.isEmpty() || token != m_token) {
        if (error)
            *error = QStringLiteral(
                "there is no preview with this token: preview the routes first (a preview is "
                "good for one publish, and a newer preview or another cluster replaces it)");
        return false;
    }
    m_token.clear(); // good once

    m_operation = Operation::Publish;
    m_publishing = {};
    m_publishing.token = token;
    m_toSend.clear();
    QStringList missing = ids;
    for (const RouteDiff &d : std::as_const(m_preview.routes)) {
        if (!ids.isEmpty() && !ids.contains(d.id))
            continue;
        missing.removeAll(d.id);
        RouteOutcome o;
        o.id = d.id;
        if (d.change == Change::Unchanged) {
            o.ok = true;
            o.message = QStringLiteral("unchanged on the cluster; not sent");
        } else if (d.change == Change::Unknown) {
            o.message = QStringLiteral(
                            "not sent: the preview could not read this route (%1); preview again")
                            .arg(d.error);
        }
        m_publishing.routes.append(o);
        m_toSend.append(d);
    }
    for (const QString &id : std::as_const(missing)) {
        RouteOutcome o;
        o.id = id;
        o.message = QStringLiteral("not sent: the route was not in the preview");
        m_publishing.routes.append(o);
        m_toSend.append(RouteDiff{});
    }

    const quint64 generation = m_generation;
    m_outstanding = 1;
    for (qsizetype i = 0; i < m_toSend.size(); ++i) {
        const RouteDiff &d = m_toSend[i];
        if (d.id.isEmpty() || (d.change != Change::New && d.change != Change::Changed))
            continue;
        ++m_outstanding;
        // Read again first: someone may have changed the route on the cluster since the preview.
        QNetworkReply *reply = send("GET", d.id);
        connect(reply, &QNetworkReply::finished, this, [this, reply, i, generation] {
            reply->deleteLater();
            if (generation != m_generation)
                return;
            const Fetch f = readFetch(reply);
            RouteOutcome &o = m_publishing.routes[i];
            const QString id = m_toSend[i].id;
            if (!f.error.isEmpty()) {
                o.message = QStringLiteral("not sent: %1").arg(f.error);
                o.status = f.status;
            } else if (!sameRemote(f.route, m_previewRemote.value(id))) {
                o.message = QStringLiteral(
                    "not sent: the route changed on the cluster after the preview; preview "
                    "again to see the change");
            } else {
                putRoute(i);
                return;
            }
            finishOne();
        });
    }
    releaseHold(generation);
    return true;
}

void ApisixPublisher::releaseHold(quint64 generation)
{
    // Queued, so the answer never arrives inside preview() / publish(), even with nothing to ask.
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            if (generation == m_generation)
                finishOne();
        },
        Qt::QueuedConnection);
}

void ApisixPublisher::putRoute(qsizetype index)
{
    const RouteDiff &d = m_toSend[index];
    const quint64 generation = m_generation;
    QNetworkReply *reply = send("PUT", d.id, QJsonDocument(d.local).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, index, generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        RouteOutcome &o = m_publishing.routes[index];
        o.sent = true;
        o.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        QJsonObject answer = QJsonDocument::fromJson(body).object();
        if (answer.value(QStringLiteral("value")).isObject())
            answer.insert(QStringLiteral("value"),
                          AdminApi::redact(answer.value(QStringLiteral("value")).toObject()));
        o.answer = answer;
        o.ok = o.status == 200 || o.status == 201;
        o.message = o.ok ? (o.status == 201 ? QStringLiteral("created on the cluster")
                                            : QStringLiteral("updated on the cluster"))
                         : remoteMessage(o.status, body, reply->errorString());
        finishOne();
    });
}

void ApisixPublisher::finishOne()
{
    if (--m_outstanding > 0)
        return;
    m_outstanding = 0;
    const Operation done = m_operation;
    m_operation = Operation::None;
    if (done == Operation::Preview) {
        m_preview = m_building;
        m_previewRemote = m_buildingRemote;
        m_token = m_preview.token;
        emit previewFinished(m_preview);
    } else if (done == Operation::Publish) {
        m_preview = {};
        m_previewRemote.clear();
        emit publishFinished(m_publishing);
    }
}

} // namespace gatehouse
