#pragma once

#include "CommandLine.h"
#include "AdminApi.h"
#include "ConfigStore.h"
#include "CredentialManager.h"
#include "HttpService.h"
#include "ProviderKeyCheck.h"
#include "RequestSinks.h"
#include "ProxyServer.h"

#include <QObject>

#include <memory>

namespace gatehouse {

// Owns and wires every headless part of Gatehouse for one run: the config store now, and the
// secrets, proxy, admin API and usage ledger as they land. `gatehouse --headless` runs exactly
// this; the GUI runs it too and talks to it instead of reaching into the parts.
class Engine final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Engine)

public:
    explicit Engine(const LaunchOptions &options, QObject *parent = nullptr);
    ~Engine() override;

    // Loads the configuration and starts the listeners. Returns false with *error set when the
    // engine cannot run at all (a listener that fails reports through its own state instead).
    bool start(QString *error);

    const LaunchOptions &options() const { return m_options; }
    QString dataDir() const { return m_dataDir; }
    ConfigStore &config() { return *m_config; }
    ProxyServer &proxy() { return *m_proxy; }
    HttpService &adminService() { return *m_adminService; }
    CredentialManager &credentials() { return *m_credentials; }
    // Every finished proxy request goes here; add a sink to see them (GUI log, ledger).
    RequestFanout &requestSinks() { return m_sinks; }
    const RecentRequests &recentRequests() const { return m_recent; }
    // Starts the "test key" call for a stored credential (owned by `parent`), or returns null with
    // *error set when the credential or its key is not there.
    ProviderKeyCheck *testCredential(const QString &name, QObject *parent, QString *error);
    // The proxy's settings as the command line and the saved settings make them.
    ProxySettings proxySettings() const;

    static QString defaultDataDir();

private:
    void connectCredentials();
    QJsonObject moveLiteralKeys(const QJsonObject &route, Diagnostics &warnings);

    LaunchOptions m_options;
    QString m_dataDir;
    std::unique_ptr<ConfigStore> m_config;
    std::unique_ptr<CredentialManager> m_credentials;
    RequestFanout m_sinks; // declared before the proxy, which feeds it until it stops
    RecentRequests m_recent;
    ProxyMetrics m_metrics;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<AdminApi> m_admin;
    std::unique_ptr<HttpService> m_adminService;
};

} // namespace gatehouse
