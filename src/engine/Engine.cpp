#include "Engine.h"

#include "Logging.h"

#include <QDir>
#include <QStandardPaths>

namespace gatehouse {

Engine::Engine(const LaunchOptions &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_dataDir(options.dataDir.isEmpty() ? defaultDataDir() : QDir(options.dataDir).absolutePath()),
      m_config(std::make_unique<ConfigStore>(m_dataDir)),
      m_proxy(std::make_unique<ProxyServer>(m_config->routeTable())),
      m_admin(std::make_unique<AdminApi>(*m_config))
{
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
    // A proxy that cannot listen (port taken) is reported through its own state; the GUI shows
    // it and a headless run exits on it.
    m_proxy->start(proxySettings());
    m_admin->setAdminKey(m_options.adminKey);
    m_admin->setAllowedHosts({}, m_options.adminListen.host);
    if (m_adminService->listen(m_options.adminListen))
        qCInfo(lcApp).noquote() << "Admin API listening on" << m_options.adminListen.host + QLatin1Char(':') +
                                       QString::number(m_adminService->port());
    else
        qCWarning(lcApp).noquote() << m_adminService->errorString();
    if (m_options.adminKey.isEmpty())
        qCWarning(lcApp).noquote() << "no admin key is set: the Admin API refuses every call until Gatehouse is "
                                      "started with --admin-key KEY or GATEHOUSE_ADMIN_KEY";
    return true;
}

ProxySettings Engine::proxySettings() const
{
    ProxySettings s;
    s.listen = m_options.listen;
    s.providerEndpoints = m_options.providerEndpoints;
    return s;
}

} // namespace gatehouse
