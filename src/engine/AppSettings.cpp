#include "AppSettings.h"

#include <QJsonArray>
#include <QNetworkProxyFactory>
#include <QUrl>

namespace gatehouse {

namespace {

const QString kListen = QStringLiteral("listen");
const QString kAdminListen = QStringLiteral("admin_listen");
const QString kOrigins = QStringLiteral("allowed_origins");
const QString kUpstreamProxy = QStringLiteral("upstream_proxy");
const QString kStartProxy = QStringLiteral("start_proxy_on_launch");
const QString kStartMinimized = QStringLiteral("start_minimized");
const QString kLaunchAtLogin = QStringLiteral("launch_at_login");
const QString kTheme = QStringLiteral("theme");
const QString kLanguage = QStringLiteral("language");
const QString kPublishAdminUrl = QStringLiteral("publish_admin_url");
const QString kPublishGatewayGroup = QStringLiteral("publish_gateway_group");
const QString kFirstRunDone = QStringLiteral("first_run_done");

QString themeName(AppSettings::Theme theme)
{
    switch (theme) {
    case AppSettings::Theme::Light:
        return QStringLiteral("light");
    case AppSettings::Theme::Dark:
        return QStringLiteral("dark");
    case AppSettings::Theme::System:
        break;
    }
    return QStringLiteral("system");
}

} // namespace

QJsonObject AppSettings::toJson(const QJsonObject &section) const
{
    QJsonObject out = section;
    out.insert(kListen, listen.toString());
    out.insert(kAdminListen, adminListen.toString());
    out.insert(kOrigins, QJsonArray::fromStringList(allowedOrigins));
    out.insert(kUpstreamProxy, upstreamProxy);
    out.insert(kStartProxy, startProxyOnLaunch);
    out.insert(kStartMinimized, startMinimized);
    out.insert(kTheme, themeName(theme));
    out.insert(kLanguage, language);
    out.insert(kFirstRunDone, firstRunDone);
    out.insert(kLaunchAtLogin, launchAtLogin);
    out.insert(kPublishAdminUrl, publishAdminUrl);
    out.insert(kPublishGatewayGroup, publishGatewayGroup);
    return out;
}

AppSettings AppSettings::fromJson(const QJsonValue &value)
{
    // A value that does not read keeps its default: settings never stop Gatehouse from starting.
    const QJsonObject o = value.toObject();
    AppSettings s;
    if (auto a = CommandLine::parseListenAddress(o.value(kListen).toString()))
        s.listen = *a;
    if (auto a = CommandLine::parseListenAddress(o.value(kAdminListen).toString()))
        s.adminListen = *a;
    for (const QJsonValue &v : o.value(kOrigins).toArray()) {
        if (isValidOrigin(v.toString()))
            s.allowedOrigins << v.toString();
    }
    if (parseUpstreamProxy(o.value(kUpstreamProxy).toString()))
        s.upstreamProxy = o.value(kUpstreamProxy).toString();
    s.startProxyOnLaunch = o.value(kStartProxy).toBool(true);
    s.startMinimized = o.value(kStartMinimized).toBool(false);
    const QString theme = o.value(kTheme).toString();
    s.theme = theme == QLatin1String("light")  ? Theme::Light
              : theme == QLatin1String("dark") ? Theme::Dark
                                               : Theme::System;
    s.language = o.value(kLanguage).toString();
    s.firstRunDone = o.value(kFirstRunDone).toBool(false);
    s.launchAtLogin = o.value(kLaunchAtLogin).toBool(false);
    s.publishAdminUrl = o.value(kPublishAdminUrl).toString();
    s.publishGatewayGroup = o.value(kPublishGatewayGroup).toString();
    return s;
}

std::optional<QNetworkProxy> AppSettings::parseUpstreamProxy(const QString &text, QString *error)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    if (t == QLatin1String("system")) {
        const QList<QNetworkProxy> found = QNetworkProxyFactory::systemProxyForQuery(
            QNetworkProxyQuery(QUrl(QStringLiteral("https://api.openai.com"))));
        return found.isEmpty() ? QNetworkProxy(QNetworkProxy::NoProxy) : found.first();
    }
    const QUrl url(t, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool socks = scheme == QLatin1String("socks5");
    if (!url.isValid() || url.host().isEmpty() || (scheme != QLatin1String("http") && !socks) ||
        url.port() <= 0) {
        if (error)
            *error =
                QStringLiteral("use http://host:port or socks5://host:port for the upstream proxy");
        return std::nullopt;
    }
    return QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                         quint16(url.port()), url.userName(), url.password());
}

bool AppSettings::isValidOrigin(const QString &origin)
{
    const QUrl url(origin, QUrl::StrictMode);
    return url.isValid() &&
           (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) &&
           !url.host().isEmpty() && (url.path().isEmpty() || url.path() == QLatin1String("/")) &&
           !url.hasQuery() && !url.hasFragment();
}

} // namespace gatehouse
