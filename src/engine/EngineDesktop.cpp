// Engine: what the desktop needs besides a headless run (settings, listener control, the Admin
// API key). Kept apart from Engine.cpp so the two grow without stepping on each other.
#include "Engine.h"

#include "Autostart.h"
#include "KeychainSecretStore.h"
#include "Logging.h"
#include "SecretJob.h"

#include <QCoreApplication>
#include <QRandomGenerator>

namespace gatehouse {

namespace {

const QString kSettings = QStringLiteral("settings");
// A keychain item of its own, apart from the provider keys under "Gatehouse".
const QString kAdminKeyService = QStringLiteral("Gatehouse Admin API");
const QString kAdminKeyName = QStringLiteral("admin-key");

QString generateKey()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return QStringLiteral("gh-") +
           QString::fromLatin1(
               bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace

AppSettings Engine::settings() const
{
    return AppSettings::fromJson(m_config->section(kSettings));
}

bool Engine::listenFromCommandLine() const
{
    return !(m_options.listen == LaunchOptions().listen);
}

bool Engine::adminListenFromCommandLine() const
{
    return !(m_options.adminListen == LaunchOptions().adminListen);
}

ListenAddress Engine::adminListenAddress() const
{
    return adminListenFromCommandLine() ? m_options.adminListen : settings().adminListen;
}

QString Engine::adminAddress() const
{
    ListenAddress address = adminListenAddress();
    if (m_adminService->isListening())
        address.port = m_adminService->port();
    return address.toString();
}

bool Engine::applySettings(const AppSettings &next, QString *error)
{
    QString proxyError;
    if (!AppSettings::parseUpstreamProxy(next.upstreamProxy, &proxyError)) {
        if (error)
            *error = proxyError;
        return false;
    }
    const AppSettings before = settings();
    // The autostart entry first: when it cannot be written, nothing is saved.
    if ((next.launchAtLogin != before.launchAtLogin || next.launchAtLogin != Autostart::isEnabled()) &&
        !Autostart::setEnabled(next.launchAtLogin, QCoreApplication::applicationFilePath(), error))
        return false;
    if (!m_config->setSection(kSettings, next.toJson(m_config->section(kSettings).toObject()),
                              error))
        return false;
    const bool proxyChanged = !(before.listen == next.listen) ||
                              before.allowedOrigins != next.allowedOrigins ||
                              before.upstreamProxy != next.upstreamProxy;
    if (proxyChanged && m_proxyWanted)
        startProxy();
    if (!(before.adminListen == next.adminListen) && !adminListenFromCommandLine())
        restartAdminService();
    emit settingsChanged();
    return true;
}

bool Engine::startProxy()
{
    m_proxyWanted = true;
    return m_proxy->start(proxySettings());
}

void Engine::stopProxy()
{
    m_proxyWanted = false;
    m_proxy->stop();
}

void Engine::restartAdminService()
{
    const ListenAddress address = adminListenAddress();
    m_admin->setAllowedHosts({}, address.host);
    if (m_adminService->listen(address))
        qCInfo(lcApp).noquote() << "Admin API listening on" << address.toString();
    else
        qCWarning(lcApp).noquote() << m_adminService->errorString();
}

SecretStore *Engine::adminKeyStore()
{
    if (!m_adminKeyStore)
        m_adminKeyStore = new KeychainSecretStore(kAdminKeyService, this);
    return m_adminKeyStore;
}

void Engine::setAdminKeyInUse(const QString &key, const QString &note)
{
    m_adminKey = key;
    m_adminKeyNote = note;
    m_admin->setAdminKey(key);
    emit adminKeyChanged();
}

void Engine::loadOrCreateAdminKey()
{
    if (adminKeyFromCommandLine())
        return;
    SecretJob *job = adminKeyStore()->read(kAdminKeyName);
    connect(job, &SecretJob::finished, this, [this](const SecretResult &result) {
        if (result.ok() && !result.value.isEmpty()) {
            setAdminKeyInUse(result.value, {});
            return;
        }
        // Not there yet (or the keychain cannot say): make one; storeAdminKey says if it stays.
        qCInfo(lcApp).noquote() << "generating an Admin API key";
        storeAdminKey(generateKey());
    });
}

void Engine::regenerateAdminKey()
{
    if (adminKeyFromCommandLine())
        return;
    storeAdminKey(generateKey());
}

void Engine::storeAdminKey(const QString &key)
{
    // In use at once; the keychain only decides whether it outlives this run.
    setAdminKeyInUse(key, {});
    SecretJob *job = adminKeyStore()->write(kAdminKeyName, key);
    connect(job, &SecretJob::finished, this, [this, key](const SecretResult &result) {
        if (result.ok() || key != m_adminKey)
            return;
        qCWarning(lcApp).noquote() << "the Admin API key could not be stored:" << result.describe();
        setAdminKeyInUse(key, result.message);
    });
}

} // namespace gatehouse
