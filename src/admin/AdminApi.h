#pragma once

#include "HttpService.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

namespace gatehouse {

class ConfigStore;
class ProxyMetrics;
class RecentRequests;

// The APISIX-compatible Admin API, as a function from a request to a reply (HttpService carries
// it over sockets; tests call it directly). Every change goes through the ConfigStore, so a
// rejected one leaves the configuration exactly as it was. Answers use APISIX's shapes:
// {"key": "/apisix/routes/ID", "value": {...}}, {"total": N, "list": [...]}, {"error_msg": "..."},
// plus a "warnings" array from Gatehouse's linter. Secrets never leave: auth values that are not
// references are masked.
class AdminApi final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AdminApi)

public:
    static constexpr qint64 MaxBodyBytes = 4 << 20;

    explicit AdminApi(ConfigStore &store, QObject *parent = nullptr);

    // An empty key refuses every call (with a sentence saying how to set one).
    void setAdminKey(const QString &key) { m_key = key.toUtf8(); }
    void setAllowedHosts(const QStringList &hosts, const QString &listenHost);
    // Read-only views for tools: GET /gatehouse/requests and GET /metrics (`gauges` adds the
    // live figures only the caller knows, in Prometheus' text format).
    void setObservers(const RecentRequests *recent, const ProxyMetrics *metrics, std::function<QByteArray()> gauges);
    // GET /gatehouse/health: the instances' health as the proxy sees it.
    void setHealthSource(std::function<QJsonObject()> health) { m_health = std::move(health); }
    // GET /gatehouse/budgets: every route's budgets (limit, used, reset time) as a JSON array.
    void setBudgetSource(std::function<QJsonArray()> budgets) { m_budgets = std::move(budgets); }

    HttpReply handle(const HttpRequest &request, const QString &peer);

    // A route as the API shows it: auth values that are not secret references are masked.
    static QJsonObject redact(const QJsonObject &route);
    // RFC 7396 JSON merge patch (APISIX's PATCH): objects merge, null removes, the rest replaces.
    static QJsonObject mergePatch(const QJsonObject &target, const QJsonObject &patch);

private:
    HttpReply routes(const HttpRequest &request, const QString &id);
    HttpReply putRoute(QJsonObject body, const QString &pathId);
    HttpReply patchRoute(const QString &id, const QJsonObject &patch);
    HttpReply changeReply(const struct ConfigChangeView &change, int okStatus);
    bool authorized(const HttpRequest &request) const;

    HttpReply requests(const HttpRequest &request) const;

    ConfigStore &m_store;
    const RecentRequests *m_recent = nullptr;
    const ProxyMetrics *m_metrics = nullptr;
    std::function<QByteArray()> m_gauges;
    std::function<QJsonObject()> m_health;
    std::function<QJsonArray()> m_budgets;
    QByteArray m_key;
    QStringList m_allowedHosts;
    QString m_listenHost;
};

} // namespace gatehouse
