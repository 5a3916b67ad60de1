#pragma once

#include "CommandLine.h"
#include "AdminApi.h"
#include "AppSettings.h"
#include "ConfigStore.h"
#include "CredentialManager.h"
#include "HttpService.h"
#include "ProviderKeyCheck.h"
#include "RequestSinks.h"
#include "ProxyServer.h"
#include "RequestNotifier.h"
#include "BudgetTracker.h"
#include "PriceTable.h"
#include "UsageLedger.h"

#include <QObject>

#include <memory>

namespace gatehouse {

class SecretStore;

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

    // --- Desktop control: settings, listeners, admin key (the GUI's Settings page, tray and
    // status bar). Implemented in EngineDesktop.cpp. ---

    // The saved settings (defaults where nothing is saved).
    AppSettings settings() const;
    // Saves the settings and applies them at once: the proxy restarts on a new address, origin
    // list or upstream proxy (if it was meant to run), the Admin API moves to its new address.
    // False with *error when they could not be saved; a listener that cannot start reports
    // through its own state, as at start-up.
    bool applySettings(const AppSettings &settings, QString *error);
    // Addresses given on the command line win over saved ones.
    bool listenFromCommandLine() const;
    bool adminListenFromCommandLine() const;
    ListenAddress adminListenAddress() const;
    // Where the Admin API listens now ("127.0.0.1:7080", the real port when 0 was asked for).
    QString adminAddress() const;
    // Start or stop the proxy by hand (the tray, the Overview page).
    bool startProxy();
    void stopProxy();

    // The Admin API key: --admin-key / GATEHOUSE_ADMIN_KEY, else one kept in the keychain
    // (generated on first use). Empty until loadOrCreateAdminKey() has an answer.
    QString adminKey() const { return adminKeyFromCommandLine() ? m_options.adminKey : m_adminKey; }
    bool adminKeyFromCommandLine() const { return !m_options.adminKey.isEmpty(); }
    // A sentence when the key could not be kept in the keychain (it then lasts for this run).
    QString adminKeyNote() const { return m_adminKeyNote; }
    // Reads the stored admin key, or generates and stores one; asynchronous, ends with
    // adminKeyChanged(). Does nothing when the command line gave the key.
    void loadOrCreateAdminKey();
    // A new random key replaces the stored one (not when the command line gave the key).
    void regenerateAdminKey();
    // Where the admin keys of remote APISIX clusters are kept (the keychain, next to our own).
    SecretStore &clusterKeyStore() { return *adminKeyStore(); }
    // Emits recorded() on the main thread after proxy requests finished (coalesced, no timer).
    RequestNotifier &requestNotifier() { return *m_notifier; }

    // --- Usage: the ledger, prices and budgets (the Usage, Logs and Playground pages). ---

    // The usage ledger (usage.sqlite in the data folder), open after start(); its queries are
    // synchronous and callable from the GUI thread.
    UsageLedger &usage() { return *m_usage; }
    // Prices per model (defaults plus the saved overrides); thread-safe.
    const PriceTable &prices() const { return *m_prices; }
    // Saves the price overrides (config section "usage", key "prices") and uses them for every
    // record from now on; false with *error when the config could not be saved.
    bool setPriceOverrides(const QHash<QString, ModelPrice> &overrides, QString *error);
    // Every route's budgets: limit, used, reset time (also GET /gatehouse/budgets).
    QList<BudgetStatus> budgets() const;

signals:
    void settingsChanged();
    void adminKeyChanged();

private:
    void connectCredentials();
    void startUsage(); // EngineUsage.cpp
    QJsonObject moveLiteralKeys(const QJsonObject &route, Diagnostics &warnings);

    LaunchOptions m_options;
    QString m_dataDir;
    std::unique_ptr<ConfigStore> m_config;
    std::unique_ptr<CredentialManager> m_credentials;
    RequestFanout m_sinks; // declared before the proxy, which feeds it until it stops
    RecentRequests m_recent;
    ProxyMetrics m_metrics;
    // Before the proxy, which may still feed it while it stops.
    std::unique_ptr<RequestNotifier> m_notifier;
    // Before the proxy, which may still feed them while it stops.
    std::unique_ptr<PriceTable> m_prices;
    std::unique_ptr<UsageLedger> m_usage;
    std::unique_ptr<BudgetTracker> m_budgets;
    std::unique_ptr<ProxyServer> m_proxy;
    std::unique_ptr<AdminApi> m_admin;
    std::unique_ptr<HttpService> m_adminService;

    // Desktop control (EngineDesktop.cpp)
    void setAdminKeyInUse(const QString &key, const QString &note);
    void storeAdminKey(const QString &key);
    void restartAdminService();
    SecretStore *adminKeyStore();
    QString m_adminKey;
    QString m_adminKeyNote;
    SecretStore *m_adminKeyStore = nullptr; // owned by this object, made on first use
    bool m_proxyWanted = true;
};

} // namespace gatehouse
