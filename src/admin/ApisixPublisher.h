#pragma once

#include "RouteExchange.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace gatehouse {

// Pushes routes to a remote APISIX (or API7) Admin API, in two steps so nothing is sent without
// a person seeing it first:
//   1. preview(routes) reads each route's remote copy (GET /apisix/admin/routes/ID) and compares
//      it with what would be sent: new, changed (field by field), or unchanged. The routes are
//      prepared as RouteExchange exports them (APISIX's uri / uris, secrets as $env://
//      placeholders), so what the preview shows is exactly what publish sends.
//   2. publish(token) PUTs the previewed new and changed routes, and only those, after the
//      caller confirmed. The token is good once; a new preview or another remote replaces it.
//      Before each PUT the remote copy is read again: a route someone changed on the cluster
//      since the preview is not overwritten.
// Both answer through signals; one operation runs at a time. QNetworkAccessManager does the
// calls (this is not the proxy's hot path). The remote admin key is a string here; the GUI
// keeps it in the keychain.
class ApisixPublisher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApisixPublisher)

public:
    struct Remote
    {
        QUrl adminUrl; // e.g. http://127.0.0.1:9180; a path prefix is kept
        QString adminKey;
        RouteExchange::Target target = RouteExchange::Target::Apisix;
        RouteExchange::Secrets secrets = RouteExchange::Secrets::EnvPlaceholders;
        QString gatewayGroup; // API7: ?gateway_group_id= on every call; empty: none
        int timeoutMs = 15000;
    };

    enum class Change {
        New,       // not on the cluster
        Changed,   // on the cluster, different
        Unchanged, // on the cluster as it would be sent (APISIX's own defaults aside)
        Unknown,   // the cluster could not be read; `error` says why
    };

    struct FieldChange
    {
        enum class Kind { Added, Removed, Modified };
        Kind kind = Kind::Modified;
        QString path;                // "plugins.ai-proxy-multi.instances[1].priority"
        QJsonValue remote;           // on the cluster now (undefined when Added); keys masked
        QJsonValue local;            // what would be sent (undefined when Removed)
        bool clusterDefault = false; // only on the cluster, and just APISIX's default value

        QString toString() const; // "~ plugins.ai-proxy.options.model: \"a\" -> \"b\""
    };

    struct RouteDiff
    {
        QString id;
        Change change = Change::Unknown;
        QList<FieldChange> fields;
        QJsonObject local;  // the body publish would PUT
        QJsonObject remote; // the cluster's copy, keys masked; empty when New
        QString error;      // why Unknown

        QString toString() const; // a few readable lines
    };

    struct Preview
    {
        QString token; // hand it to publish() once the person confirmed
        QList<RouteDiff> routes;
        QList<RouteExchange::EnvVariable> environment; // what the cluster must have set
        ExchangeProblems warnings;

        bool complete() const; // every route was read
        int count(Change change) const;
        QString toString() const;
    };

    struct RouteOutcome
    {
        QString id;
        bool sent = false;  // a PUT went out
        bool ok = false;    // the cluster holds the route as previewed
        int status = 0;     // the cluster's HTTP status (0: none)
        QJsonObject answer; // the cluster's answer, keys masked
        QString message;    // a sentence: the cluster's error_msg, or why nothing was sent
    };

    struct PublishResult
    {
        QString token;
        QList<RouteOutcome> routes;
        bool ok() const;
    };

    explicit ApisixPublisher(const Remote &remote, QObject *parent = nullptr);
    ~ApisixPublisher() override;

    const Remote &remote() const { return m_remote; }
    // Another cluster or key: every preview is forgotten.
    void setRemote(const Remote &remote);
    bool isBusy() const { return m_outstanding > 0; }

    // Starts reading the remote copies; previewFinished() follows. False (with *error) when busy.
    bool preview(const QList<QJsonObject> &routes, QString *error = nullptr);
    // Sends what the preview `token` showed (only the routes in `ids`, when given);
    // publishFinished() follows. False with *error when the token is unknown or already used, or
    // when busy; nothing is sent then.
    bool publish(const QString &token, const QStringList &ids = {}, QString *error = nullptr);

    // Field-level differences from `remote` to `local` (timestamps ignored).
    static QList<FieldChange> diff(const QJsonObject &remote, const QJsonObject &local);
    static QString changeName(Change change);

signals:
    void previewFinished(const gatehouse::ApisixPublisher::Preview &preview);
    void publishFinished(const gatehouse::ApisixPublisher::PublishResult &result);

private:
    struct Fetch
    {
        int status = 0;
        std::optional<QJsonObject> route; // the remote copy, when it exists
        QString error;                    // when the cluster could not be read
    };

    QUrl routeUrl(const QString &id) const;
    QNetworkReply *send(const QByteArray &verb, const QString &id, const QByteArray &body = {});
    static Fetch readFetch(QNetworkReply *reply);
    static QString remoteMessage(int status, const QByteArray &body, const QString &networkError);
    void finishOne();
    void releaseHold(quint64 generation); // the count held while requests go out
    void putRoute(qsizetype index);

    Remote m_remote;
    QNetworkAccessManager *m_nam;
    int m_outstanding = 0;
    quint64 m_generation = 0; // bumps on setRemote, so late answers of an old remote are dropped

    enum class Operation { None, Preview, Publish } m_operation = Operation::None;
    Preview m_building;
    QHash<QString, std::optional<QJsonObject>> m_buildingRemote; // raw remote copies by id

    // The last finished preview, until published or replaced.
    QString m_token;
    Preview m_preview;
    QHash<QString, std::optional<QJsonObject>> m_previewRemote;

    PublishResult m_publishing;
    QList<RouteDiff> m_toSend; // parallel to m_publishing.routes
};

} // namespace gatehouse
