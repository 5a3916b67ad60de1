#include "Engine.h"

#include "CredentialInfo.h"
#include "InstanceHealth.h"
#include "Logging.h"
#include "RouteSchema.h"

#include <QDir>
#include <QStandardPaths>

namespace gatehouse {

Engine::Engine(const LaunchOptions &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_dataDir(options.dataDir.isEmpty() ? defaultDataDir() : QDir(options.dataDir).absolutePath()),
      m_config(std::make_unique<ConfigStore>(m_dataDir)),
      m_credentials(std::make_unique<CredentialManager>()),
      m_notifier(std::make_unique<RequestNotifier>()),
      m_prices(std::make_unique<PriceTable>()),
      m_usage(std::make_unique<UsageLedger>(m_prices.get())),
      m_budgets(std::make_unique<BudgetTracker>(m_prices.get())),
      m_proxy(std::make_unique<ProxyServer>(m_config->routeTable())),
      m_admin(std::make_unique<AdminApi>(*m_config))
{
    m_sinks.add(&m_recent);
    m_sinks.add(&m_metrics);
    m_sinks.add(m_notifier.get());
    m_sinks.add(m_usage.get());
    m_sinks.add(m_budgets.get());
    m_proxy->setSink(&m_sinks);
    m_proxy->setBudgetGate(m_budgets.get());
    m_admin->setBudgetSource([this] { return BudgetTracker::toJson(budgets()); });
    m_admin->setHealthSource([this] { return m_proxy->health().snapshot(); });
    m_admin->setObservers(&m_recent, &m_metrics, [this]() -> QByteArray { // not a QStringBuilder of temporaries
        int cooling = 0;
        for (const InstanceHealth::Status &s : m_proxy->health().statuses())
            cooling += s.state != InstanceHealth::State::Healthy ? 1 : 0;
        return QByteArray("# HELP gatehouse_instances_not_healthy Instances cooling down, probing or failing "
                          "their active check.\n# TYPE gatehouse_instances_not_healthy gauge\n"
                          "gatehouse_instances_not_healthy ") +
               QByteArray::number(cooling) + "\n" + QByteArray("# HELP gatehouse_connections Open client connections.\n# TYPE gatehouse_connections gauge\n"
                          "gatehouse_connections ") +
               QByteArray::number(m_proxy->connectionCount()) +
               "\n# HELP gatehouse_requests_in_flight Requests being answered.\n"
               "# TYPE gatehouse_requests_in_flight gauge\ngatehouse_requests_in_flight " +
               QByteArray::number(m_proxy->inFlight()) + "\n";
    });
    m_adminService = std::make_unique<HttpService>(
        [this](const HttpRequest &request, const QString &peer) { return m_admin->handle(request, peer); },
        AdminApi::MaxBodyBytes);
}

Engine::~Engine() = default;

QString Engine::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool Engine::start(QString *error)
{
    if (!QDir().mkpath(m_dataDir)) {
        if (error)
            *error = QStringLiteral("cannot create the data folder %1").arg(m_dataDir);
        return false;
    }
    m_config->load();
    qCInfo(lcApp).noquote() << "data folder" << m_dataDir;
    connectCredentials();
    startUsage();
    // Headless, the keys must be there before the first request; the GUI shows its window at
    // once and the routes pick the keys up when they arrive.
    if (m_options.headless)
        m_credentials->waitForLoad(5000);
    // A proxy that cannot listen (port taken) is reported through its own state; the GUI shows
    // it and a headless run exits on it.
    m_proxy->start(proxySettings());
    m_admin->setAdminKey(m_options.adminKey);
    const ListenAddress adminListen = adminListenAddress();
    m_admin->setAllowedHosts({}, adminListen.host);
    if (m_adminService->listen(adminListen))
        qCInfo(lcApp).noquote() << "Admin API listening on" << adminListen.host + QLatin1Char(':') +
                                       QString::number(m_adminService->port());
    else
        qCWarning(lcApp).noquote() << m_adminService->errorString();
    if (m_options.adminKey.isEmpty())
        qCWarning(lcApp).noquote() << "no admin key is set: the Admin API refuses every call until Gatehouse is "
                                      "started with --admin-key KEY or GATEHOUSE_ADMIN_KEY";
    return true;
}

void Engine::connectCredentials()
{
    QStringList problems;
    m_credentials->setIndex(CredentialInfo::listFromJson(m_config->section(QStringLiteral("credentials")), &problems));
    for (const QString &p : problems)
        qCWarning(lcApp).noquote() << "credential index:" << p;
    connect(m_credentials.get(), &CredentialManager::indexChanged, this, [this] {
        QString error;
        if (!m_config->setSection(QStringLiteral("credentials"), CredentialInfo::listToJson(m_credentials->credentials()),
                                  &error))
            qCWarning(lcApp).noquote() << "cannot save the credential index:" << error;
    });
    connect(m_credentials.get(), &CredentialManager::secretsChanged, m_config.get(), &ConfigStore::republish);
    connect(m_credentials.get(), &CredentialManager::warning, this,
            [](const QString &sentence) { qCWarning(lcApp).noquote() << sentence; });
    m_config->setSecretResolver(m_credentials.get());
    m_config->setIncomingRouteFilter(
        [this](const QJsonObject &route, Diagnostics &warnings) { return moveLiteralKeys(route, warnings); });
    // Once the keychain has been read, keys typed into a config file while Gatehouse was stopped
    // move into it too.
    connect(
        m_credentials.get(), &CredentialManager::loadFinished, this,
        [this] {
            for (const Diagnostic &d : m_config->filterStoredRoutes())
                qCWarning(lcApp).noquote() << d.message;
        },
        Qt::SingleShotConnection);
    m_credentials->load();
}

QJsonObject Engine::moveLiteralKeys(const QJsonObject &route, Diagnostics &warnings)
{
    // A key typed into a route (the seed guide's curl, an import, a form) goes to the keychain and
    // the route keeps a reference, before anything is saved.
    return RouteSchema::mapAuthValues(route, [&](const QString &owner, const QString &provider, const QString &value) {
        if (value.isEmpty() || RouteSchema::isSecretReference(value))
            return value;
        const CredentialManager::MoveResult moved = m_credentials->moveLiteralToKeychain(value, owner, provider);
        if (!moved.warning.isEmpty())
            warnings.append({Diagnostic::Severity::Warning, {}, moved.warning, QStringLiteral("key-in-memory")});
        if (!moved.ok) {
            warnings.append({Diagnostic::Severity::Warning, {},
                             QStringLiteral("the key for %1 could not be stored (%2); it was not saved, add it again")
                                 .arg(owner, moved.error),
                             QStringLiteral("key-not-stored")});
            return QString();
        }
        return moved.reference;
    });
}

ProviderKeyCheck *Engine::testCredential(const QString &name, QObject *parent, QString *error)
{
    const std::optional<CredentialInfo> info = m_credentials->credential(name);
    const std::optional<QString> secret = m_credentials->reveal(name);
    if (!info || !secret) {
        *error = info ? m_credentials->status(name).message : QStringLiteral("no credential named %1").arg(name);
        return nullptr;
    }
    auto *check = new ProviderKeyCheck(info->provider, *secret, m_options.providerEndpoints.value(info->provider),
                                       10000, parent);
    check->start();
    return check;
}

ProxySettings Engine::proxySettings() const
{
    ProxySettings s;
    const AppSettings saved = settings();
    s.listen = listenFromCommandLine() ? m_options.listen : saved.listen;
    s.providerEndpoints = m_options.providerEndpoints;
    s.allowedOrigins = saved.allowedOrigins;
    if (const auto proxy = AppSettings::parseUpstreamProxy(saved.upstreamProxy))
        s.upstreamProxy = *proxy;
    return s;
}

} // namespace gatehouse
