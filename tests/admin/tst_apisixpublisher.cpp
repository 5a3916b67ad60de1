#include "tst_apisixpublisher.h"

#include "ApisixPublisher.h"
#include "Fixtures.h"
#include "RouteExchange.h"
#include "RouteSchema.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>
#include <optional>

using namespace gatehouse;
using Change = ApisixPublisher::Change;

namespace {

const QString kClusterKey = QStringLiteral("cluster-admin-key");

// Just enough of APISIX's Admin API: X-API-KEY, GET and PUT on /apisix/admin/routes/ID, its
// answer shapes, its schema's refusal of `paths` and of a route without uri / uris, and the
// defaults and timestamps it adds to what it stores.
class FakeApisix : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query
        QByteArray apiKey;
        QByteArray body;
    };

    FakeApisix()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    serve(socket, *buffer);
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }

    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
    }

    // A route as APISIX would hold it after a PUT of `value`.
    void store(const QJsonObject &value)
    {
        QJsonObject v = value;
        const QString id = RouteSchema::routeId(v);
        const qint64 now = ++m_clock;
        v.insert(QStringLiteral("create_time"),
                 routes.contains(id) ? routes[id].value(u"create_time") : QJsonValue(now));
        v.insert(QStringLiteral("update_time"), now);
        if (!v.contains(u"priority"))
            v.insert(QStringLiteral("priority"), 0);
        if (!v.contains(u"status"))
            v.insert(QStringLiteral("status"), 1);
        routes.insert(id, v);
    }

    QList<Request> withMethod(const QByteArray &method) const
    {
        QList<Request> out;
        for (const Request &r : requests) {
            if (r.method == method)
                out << r;
        }
        return out;
    }

    QHash<QString, QJsonObject> routes;
    QList<Request> requests;
    bool rejectPaths = true; // open-source APISIX; API7 takes paths

private:
    void serve(QTcpSocket *socket, QByteArray &buffer)
    {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        Request r;
        r.method = requestLine.value(0);
        r.target = requestLine.value(1);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines[i].trimmed();
            const qsizetype colon = line.indexOf(':');
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            else if (name == "x-api-key")
                r.apiKey = value;
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        r.body = buffer.mid(headerEnd + 4, length);
        buffer.clear();
        requests << r;
        const auto [status, body] = answer(r);
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " X\r\nContent-Type: application/json\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    static QByteArray json(const QJsonObject &o)
    {
        return QJsonDocument(o).toJson(QJsonDocument::Compact);
    }

    QPair<int, QByteArray> answer(const Request &r)
    {
        if (r.apiKey != kClusterKey.toUtf8())
            return {401, json({{"error_msg", "failed to check token"}})};
        const QByteArray path = r.target.split('?').first();
        const QByteArray prefix = "/apisix/admin/routes/";
        if (!path.startsWith(prefix))
            return {404, json({{"error_msg", "404 Route Not Found"}})};
        const QString id = QString::fromUtf8(path.mid(prefix.size()));
        const QString key = QStringLiteral("/apisix/routes/") + id;
        if (r.method == "GET") {
            if (!routes.contains(id))
                return {404, json({{"message", "Key not found"}})};
            return {200,
                    json({{"key", key}, {"value", routes[id]}, {"modifiedIndex", int(m_clock)}})};
        }
        if (r.method != "PUT")
            return {405, json({{"error_msg", "not allowed"}})};
        QJsonParseError error;
        const QJsonObject body = QJsonDocument::fromJson(r.body, &error).object();
        if (error.error != QJsonParseError::NoError)
            return {400, json({{"error_msg", "invalid request body"}})};
        if (body.contains(u"id") && RouteSchema::routeId(body) != id)
            return {400, json({{"error_msg", "wrong route id"}})};
        if (rejectPaths && body.contains(u"paths"))
            return {
                400,
                json({{"error_msg",
                       "invalid configuration: additional properties forbidden, found paths"}})};
        if (rejectPaths && body.contains(u"uri") == body.contains(u"uris"))
            return {400, json({{"error_msg",
                                "invalid configuration: value should match only one schema, but "
                                "matches none"}})};
        const bool created = !routes.contains(id);
        QJsonObject value = body;
        value.insert(QStringLiteral("id"), id);
        store(value);
        return {created ? 201 : 200, json({{"key", key}, {"value", routes[id]}})};
    }

    QTcpServer m_server;
    qint64 m_clock = 1700000000;
};

std::unique_ptr<FakeApisix> g_cluster;
std::unique_ptr<ApisixPublisher> g_publisher;

ApisixPublisher::Remote remoteFor(const FakeApisix &cluster)
{
    ApisixPublisher::Remote remote;
    remote.adminUrl = cluster.url();
    remote.adminKey = kClusterKey;
    return remote;
}

QList<QJsonObject> storedSeed()
{
    QList<QJsonObject> out;
    for (const char *name : {"seed/deepseek-route.json", "seed/deepseek-multi-route.json"}) {
        QJsonObject r = RouteSchema::mapAuthValues(
            fixtures::object(QString::fromLatin1(name)),
            [](const QString &owner, const QString &, const QString &v) -> QString {
                return QStringLiteral("$secret://keychain/") +
                       (v.contains(QLatin1String("deepseek")) ? QStringLiteral("deepseek-route")
                                                              : owner);
            });
        r.insert(QStringLiteral("update_time"), 1700000999);
        out << r;
    }
    QJsonObject extra = out[0];
    extra.insert(QStringLiteral("id"), QStringLiteral("new-route"));
    out << extra;
    return out;
}

// What the publisher sends for these routes (APISIX target, $env:// placeholders).
QList<QJsonObject> prepared(const QList<QJsonObject> &routes,
                            RouteExchange::Target target = RouteExchange::Target::Apisix)
{
    RouteExchange::ExportOptions options;
    options.target = target;
    return RouteExchange::prepare(routes, options).routes;
}

std::optional<ApisixPublisher::Preview> runPreview(ApisixPublisher &publisher,
                                                   const QList<QJsonObject> &routes)
{
    std::optional<ApisixPublisher::Preview> got;
    const auto c = QObject::connect(&publisher, &ApisixPublisher::previewFinished,
                                    [&](const ApisixPublisher::Preview &p) { got = p; });
    QString error;
    if (publisher.preview(routes, &error))
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000); // the caller checks `got`
    QObject::disconnect(c);
    return got;
}

std::optional<ApisixPublisher::PublishResult>
runPublish(ApisixPublisher &publisher, const QString &token, const QStringList &ids = {})
{
    std::optional<ApisixPublisher::PublishResult> got;
    const auto c = QObject::connect(&publisher, &ApisixPublisher::publishFinished,
                                    [&](const ApisixPublisher::PublishResult &r) { got = r; });
    QString error;
    if (publisher.publish(token, ids, &error))
        (void)QTest::qWaitFor([&] { return got.has_value(); }, 20000); // the caller checks `got`
    QObject::disconnect(c);
    return got;
}

const ApisixPublisher::RouteDiff *diffOf(const ApisixPublisher::Preview &p, const QString &id)
{
    for (const ApisixPublisher::RouteDiff &d : p.routes) {
        if (d.id == id)
            return &d;
    }
    return nullptr;
}

const ApisixPublisher::RouteOutcome *outcomeOf(const ApisixPublisher::PublishResult &r,
                                               const QString &id)
{
    for (const ApisixPublisher::RouteOutcome &o : r.routes) {
        if (o.id == id)
            return &o;
    }
    return nullptr;
}

// The cluster holds deepseek-route as it would be sent, and the multi route with OpenAI's
// instance different; new-route is not there.
void seedCluster()
{
    const QList<QJsonObject> local = prepared(storedSeed());
    g_cluster->store(local[0]);
    QJsonObject multi = local[1];
    QJsonObject plugins = multi.value(u"plugins").toObject();
    QJsonObject conf = plugins.value(u"ai-proxy-multi").toObject();
    QJsonArray instances = conf.value(u"instances").toArray();
    QJsonObject openai = instances[1].toObject();
    openai.insert(QStringLiteral("priority"), 1);
    openai.insert(QStringLiteral("options"), QJsonObject{{"model", "gpt-4o"}});
    instances[1] = openai;
    conf.insert(QStringLiteral("instances"), instances);
    plugins.insert(QStringLiteral("ai-proxy-multi"), conf);
    multi.insert(QStringLiteral("plugins"), plugins);
    g_cluster->store(multi);
}

} // namespace

void TestApisixPublisher::init()
{
    g_cluster = std::make_unique<FakeApisix>();
    QVERIFY(g_cluster->listen());
    g_publisher = std::make_unique<ApisixPublisher>(remoteFor(*g_cluster));
}

void TestApisixPublisher::cleanup()
{
    g_publisher.reset();
    g_cluster.reset();
}

void TestApisixPublisher::previewShowsNewChangedUnchanged()
{
    seedCluster();
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QVERIFY(preview->complete());
    QVERIFY(!preview->token.isEmpty());
    QCOMPARE(preview->routes.size(), 3);

    const auto *same = diffOf(*preview, "deepseek-route");
    QVERIFY(same);
    QCOMPARE(same->change, Change::Unchanged);
    // Only what APISIX added by itself differs, and it is marked as such.
    for (const ApisixPublisher::FieldChange &f : same->fields)
        QVERIFY2(f.clusterDefault, qPrintable(f.toString()));

    const auto *changed = diffOf(*preview, "deepseek-multi-route");
    QVERIFY(changed);
    QCOMPARE(changed->change, Change::Changed);
    QStringList lines;
    for (const ApisixPublisher::FieldChange &f : changed->fields) {
        if (!f.clusterDefault)
            lines << f.toString();
    }
    QCOMPARE(
        lines,
        QStringList(
            {"~ plugins.ai-proxy-multi.instances[1].options.model: \"gpt-4o\" -> \"gpt-4o-mini\"",
             "~ plugins.ai-proxy-multi.instances[1].priority: 1 -> 2"}));
    QVERIFY(changed->toString().startsWith(QLatin1String("deepseek-multi-route: changed\n  ")));

    const auto *fresh = diffOf(*preview, "new-route");
    QVERIFY(fresh);
    QCOMPARE(fresh->change, Change::New);
    QVERIFY(fresh->remote.isEmpty());
    // What would be sent: APISIX's uri, and a placeholder for the key.
    QCOMPARE(fresh->local.value(u"uri").toString(), QStringLiteral("/deepseek"));
    QVERIFY(!fresh->local.contains(u"paths"));
    QCOMPARE(fresh->local[u"plugins"][u"ai-proxy"][u"auth"][u"header"][u"Authorization"].toString(),
             QStringLiteral("$env://DEEPSEEK_ROUTE"));

    QCOMPARE(preview->count(Change::New), 1);
    QCOMPARE(preview->count(Change::Changed), 1);
    QCOMPARE(preview->count(Change::Unchanged), 1);
    QCOMPARE(preview->environment.size(), 2);
    QCOMPARE(preview->environment[0].name, QStringLiteral("DEEPSEEK_ROUTE"));

    // A preview only reads.
    QCOMPARE(g_cluster->withMethod("GET").size(), 3);
    QCOMPARE(g_cluster->requests.size(), 3);
    for (const FakeApisix::Request &r : std::as_const(g_cluster->requests))
        QCOMPARE(r.apiKey, kClusterKey.toUtf8());
}

void TestApisixPublisher::publishNeedsThePreviewToken()
{
    QString error;
    QVERIFY(!g_publisher->publish(QString(), {}, &error));
    QVERIFY(error.contains(QLatin1String("preview the routes first")));
    QVERIFY(!g_publisher->publish(QStringLiteral("made-up"), {}, &error));
    QVERIFY(g_cluster->requests.isEmpty());
}

void TestApisixPublisher::publishSendsOnlyNewAndChanged()
{
    seedCluster();
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    const auto result = runPublish(*g_publisher, preview->token);
    QVERIFY(result);
    QVERIFY(result->ok());
    QCOMPARE(result->token, preview->token);

    const auto *same = outcomeOf(*result, "deepseek-route");
    QVERIFY(same && same->ok && !same->sent);
    QVERIFY(same->message.contains(QLatin1String("not sent")));
    const auto *changed = outcomeOf(*result, "deepseek-multi-route");
    QVERIFY(changed && changed->ok && changed->sent);
    QCOMPARE(changed->status, 200);
    QCOMPARE(changed->answer.value(u"key").toString(),
             QStringLiteral("/apisix/routes/deepseek-multi-route"));
    const auto *fresh = outcomeOf(*result, "new-route");
    QVERIFY(fresh && fresh->ok && fresh->sent);
    QCOMPARE(fresh->status, 201);
    QCOMPARE(fresh->message, QStringLiteral("created on the cluster"));

    // Exactly the previewed bodies went out, and only for the two that differed.
    const QList<FakeApisix::Request> puts = g_cluster->withMethod("PUT");
    QCOMPARE(puts.size(), 2);
    for (const FakeApisix::Request &put : puts) {
        const QJsonObject body = QJsonDocument::fromJson(put.body).object();
        const auto *d = diffOf(*preview, RouteSchema::routeId(body));
        QVERIFY(d);
        QCOMPARE(body, d->local);
        QCOMPARE(put.target, "/apisix/admin/routes/" + d->id.toUtf8());
    }

    // The token is spent.
    QString error;
    QVERIFY(!g_publisher->publish(preview->token, {}, &error));
    QCOMPARE(g_cluster->withMethod("PUT").size(), 2);
}

void TestApisixPublisher::publishSelectedIds()
{
    seedCluster();
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    const auto result = runPublish(*g_publisher, preview->token, {"new-route", "ghost"});
    QVERIFY(result);
    QCOMPARE(result->routes.size(), 2);
    QVERIFY(outcomeOf(*result, "new-route")->sent);
    const auto *ghost = outcomeOf(*result, "ghost");
    QVERIFY(ghost && !ghost->sent && !ghost->ok);
    QVERIFY(ghost->message.contains(QLatin1String("not in the preview")));
    QVERIFY(!result->ok());
    const QList<FakeApisix::Request> puts = g_cluster->withMethod("PUT");
    QCOMPARE(puts.size(), 1);
    QCOMPARE(puts[0].target, QByteArray("/apisix/admin/routes/new-route"));
}

void TestApisixPublisher::remoteChangeSinceThePreviewIsNotOverwritten()
{
    seedCluster();
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    // Someone else changes one route and creates another on the cluster in the meantime.
    QJsonObject theirs = g_cluster->routes.value("deepseek-multi-route");
    theirs.insert(QStringLiteral("desc"), QStringLiteral("changed by a colleague"));
    g_cluster->store(theirs);
    QJsonObject theirNew = prepared(storedSeed())[2];
    theirNew.insert(QStringLiteral("desc"), QStringLiteral("also theirs"));
    g_cluster->store(theirNew);

    const auto result = runPublish(*g_publisher, preview->token);
    QVERIFY(result);
    QVERIFY(!result->ok());
    for (const QString &id :
         {QStringLiteral("deepseek-multi-route"), QStringLiteral("new-route")}) {
        const auto *o = outcomeOf(*result, id);
        QVERIFY(o && !o->sent && !o->ok);
        QVERIFY2(o->message.contains(QLatin1String("changed on the cluster after the preview")),
                 qPrintable(o->message));
    }
    QVERIFY(g_cluster->withMethod("PUT").isEmpty());
    QCOMPARE(g_cluster->routes.value("deepseek-multi-route").value(u"desc").toString(),
             QStringLiteral("changed by a colleague"));
}

void TestApisixPublisher::newPreviewReplacesTheOldToken()
{
    const auto first = runPreview(*g_publisher, storedSeed());
    const auto second = runPreview(*g_publisher, storedSeed());
    QVERIFY(first && second);
    QVERIFY(first->token != second->token);
    QString error;
    QVERIFY(!g_publisher->publish(first->token, {}, &error));

    // Another cluster (or key): the preview no longer says what would happen.
    g_publisher->setRemote(remoteFor(*g_cluster));
    QVERIFY(!g_publisher->publish(second->token, {}, &error));
    QVERIFY(g_cluster->withMethod("PUT").isEmpty());

    // While a step runs, another is refused.
    QVERIFY(g_publisher->preview(storedSeed(), &error));
    QVERIFY(g_publisher->isBusy());
    QVERIFY(!g_publisher->preview(storedSeed(), &error));
    QVERIFY(error.contains(QLatin1String("busy")));
    QTRY_VERIFY(!g_publisher->isBusy());
}

void TestApisixPublisher::answersNeverArriveInsideTheCall()
{
    // Even with nothing to ask the cluster, the answer comes from the event loop.
    bool previewed = false;
    connect(g_publisher.get(), &ApisixPublisher::previewFinished, this, [&] { previewed = true; });
    QString error;
    QVERIFY(g_publisher->preview({}, &error));
    QVERIFY(!previewed);
    QTRY_VERIFY(previewed);
    QVERIFY(g_cluster->requests.isEmpty());
}

void TestApisixPublisher::wrongKey()
{
    seedCluster();
    ApisixPublisher::Remote remote = remoteFor(*g_cluster);
    remote.adminKey = QStringLiteral("wrong");
    g_publisher->setRemote(remote);
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QVERIFY(!preview->complete());
    QCOMPARE(preview->count(Change::Unknown), 3);
    QVERIFY2(preview->routes[0].error.contains(
                 QLatin1String("refused the key (HTTP 401, failed to check token)")),
             qPrintable(preview->routes[0].error));

    // Nothing the preview could not read is sent.
    const auto result = runPublish(*g_publisher, preview->token);
    QVERIFY(result);
    QVERIFY(!result->ok());
    for (const ApisixPublisher::RouteOutcome &o : result->routes) {
        QVERIFY(!o.sent);
        QVERIFY(o.message.contains(QLatin1String("could not read")));
    }
    QVERIFY(g_cluster->withMethod("PUT").isEmpty());
}

void TestApisixPublisher::unreachableCluster()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    ApisixPublisher::Remote remote = remoteFor(*g_cluster);
    remote.adminUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closed.serverPort()));
    closed.close();
    g_publisher->setRemote(remote);
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QCOMPARE(preview->count(Change::Unknown), 3);
    QVERIFY2(
        preview->routes[0].error.startsWith(QLatin1String("the Admin API could not be reached")),
        qPrintable(preview->routes[0].error));
}

void TestApisixPublisher::clusterRejectionIsReported()
{
    // Sent as stored, `paths` reaches open-source APISIX, which refuses it.
    ApisixPublisher::Remote remote = remoteFor(*g_cluster);
    remote.target = RouteExchange::Target::AsStored;
    g_publisher->setRemote(remote);
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QCOMPARE(preview->count(Change::New), 3);
    QVERIFY(std::any_of(
        preview->warnings.begin(), preview->warnings.end(),
        [](const ExchangeProblem &p) { return p.code == QLatin1String("paths-not-apisix"); }));
    const auto result = runPublish(*g_publisher, preview->token);
    QVERIFY(result);
    QVERIFY(!result->ok());
    for (const ApisixPublisher::RouteOutcome &o : result->routes) {
        QVERIFY(o.sent);
        QCOMPARE(o.status, 400);
        QCOMPARE(
            o.message,
            QStringLiteral(
                "HTTP 400: invalid configuration: additional properties forbidden, found paths"));
        QCOMPARE(
            o.answer.value(u"error_msg").toString(),
            QStringLiteral("invalid configuration: additional properties forbidden, found paths"));
    }
    QVERIFY(g_cluster->routes.isEmpty());
}

void TestApisixPublisher::noSecretLeaves()
{
    // Routes with keys written into them, and a cluster that holds a key written into a route.
    QList<QJsonObject> routes{fixtures::object(QStringLiteral("seed/deepseek-route.json")),
                              fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))};
    QJsonObject clusterCopy = prepared(routes)[0];
    clusterCopy = RouteSchema::mapAuthValues(
        clusterCopy, [](const QString &, const QString &, const QString &) {
            return QStringLiteral("Bearer sk-cluster-literal-0123456789");
        });
    g_cluster->store(clusterCopy);

    const auto preview = runPreview(*g_publisher, routes);
    QVERIFY(preview);
    const QByteArray shown =
        preview->toString().toUtf8() + QJsonDocument(preview->routes[0].remote).toJson();
    QVERIFY2(!shown.contains("sk-cluster-literal-0123456789"), shown.constData());
    QVERIFY(shown.contains("Bearer sk-…6789")); // masked, still recognisable
    const auto result = runPublish(*g_publisher, preview->token);
    QVERIFY(result && result->ok());
    for (const ApisixPublisher::RouteOutcome &o : result->routes)
        QVERIFY(!QJsonDocument(o.answer).toJson().contains("test-deepseek-key"));

    for (const FakeApisix::Request &r : std::as_const(g_cluster->requests)) {
        for (const QByteArray &secret :
             {QByteArray("test-deepseek-key"), QByteArray("test-openai-key")}) {
            QVERIFY(!r.body.contains(secret));
            QVERIFY(!r.target.contains(secret));
        }
    }
    QCOMPARE(
        g_cluster->routes
            .value("deepseek-route")[u"plugins"][u"ai-proxy"][u"auth"][u"header"][u"Authorization"]
            .toString(),
        QStringLiteral("$env://DEEPSEEK_ROUTE"));
    QVERIFY(std::any_of(
        preview->warnings.begin(), preview->warnings.end(),
        [](const ExchangeProblem &p) { return p.code == QLatin1String("literal-key-replaced"); }));
}

void TestApisixPublisher::apisixDefaultsAreNotChanges()
{
    auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QVERIFY(runPublish(*g_publisher, preview->token)->ok());
    // APISIX added priority, status and timestamps; published routes still read as unchanged.
    QCOMPARE(g_cluster->routes.value("new-route").value(u"status").toInt(), 1);
    preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QCOMPARE(preview->count(Change::Unchanged), 3);
    const auto *d = diffOf(*preview, "deepseek-route");
    QStringList lines;
    for (const ApisixPublisher::FieldChange &f : d->fields)
        lines << f.toString();
    QCOMPARE(lines, QStringList({"- priority: 0 (APISIX's default; ignored)",
                                 "- status: 1 (APISIX's default; ignored)"}));
}

void TestApisixPublisher::api7GatewayGroup()
{
    g_cluster->rejectPaths = false;
    ApisixPublisher::Remote remote = remoteFor(*g_cluster);
    remote.target = RouteExchange::Target::Api7;
    remote.gatewayGroup = QStringLiteral("default");
    g_publisher->setRemote(remote);
    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QVERIFY(runPublish(*g_publisher, preview->token)->ok());
    for (const FakeApisix::Request &r : std::as_const(g_cluster->requests))
        QVERIFY2(r.target.endsWith("?gateway_group_id=default"), r.target.constData());
    QCOMPARE(g_cluster->routes.value("deepseek-route").value(u"paths").toArray(),
             QJsonArray{"/deepseek"});
}

void TestApisixPublisher::fieldDiffIsReadable()
{
    const QJsonObject remote = fixtures::json(
        R"({"a":1,"b":{"c":"x"},"arr":[1,2,3],"create_time":5,"priority":0,"s":"old",
            "plugins":{"ai-proxy":{"auth":{"header":{"Authorization":"Bearer sk-abcdefghijklmnop"}}}}})");
    const QJsonObject local = fixtures::json(
        R"({"a":2,"b":{"c":"x","d":true},"arr":[1,3],"s":"new",
            "plugins":{"ai-proxy":{"auth":{"header":{"Authorization":"$env://KEY"}}}}})");
    QStringList lines;
    for (const ApisixPublisher::FieldChange &f : ApisixPublisher::diff(remote, local))
        lines << f.toString();
    QCOMPARE(
        lines,
        QStringList(
            {"~ a: 1 -> 2", "~ arr[1]: 2 -> 3", "- arr[2]: 3", "+ b.d: true",
             "~ plugins.ai-proxy.auth.header.Authorization: \"Bearer sk-…mnop\" -> \"$env://KEY\"",
             "- priority: 0 (APISIX's default; ignored)", "~ s: \"old\" -> \"new\""}));
    QVERIFY(ApisixPublisher::diff(local, local).isEmpty());
}

void TestApisixPublisher::exportedScriptRunsAgainstTheCluster()
{
    // The curl script export and the publisher agree: after the script ran, nothing is left to
    // publish.
    RouteExchange::ExportOptions options;
    options.target = RouteExchange::Target::Apisix;
    const RouteExchange::ExportResult out =
        RouteExchange::exportRoutes(storedSeed(), RouteExchange::ExportFormat::CurlScript, options);
    QTemporaryDir dir;
    QFile script(dir.filePath(QStringLiteral("routes.sh")));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(out.text);
    script.close();

    QProcess sh;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ADMIN_API_KEY"), kClusterKey);
    env.insert(QStringLiteral("ADMIN_API_URL"), g_cluster->url().toString());
    env.remove(QStringLiteral("http_proxy"));
    env.remove(QStringLiteral("HTTP_PROXY"));
    sh.setProcessEnvironment(env);
    sh.start(QStringLiteral("/bin/sh"), {script.fileName()});
    QTRY_VERIFY_WITH_TIMEOUT(sh.state() == QProcess::NotRunning, 30000);
    QVERIFY2(sh.exitCode() == 0, sh.readAllStandardError().constData());
    QCOMPARE(g_cluster->withMethod("PUT").size(), 3);

    const auto preview = runPreview(*g_publisher, storedSeed());
    QVERIFY(preview);
    QCOMPARE(preview->count(Change::Unchanged), 3);
}

QTEST_GUILESS_MAIN(TestApisixPublisher)
