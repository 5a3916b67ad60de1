#pragma once

#include "CommandLine.h"

#include <QJsonObject>
#include <QNetworkProxy>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse {

// The settings a person changes on the Settings page, kept in the config's "settings" section.
// Every key, its meaning and its default are in this one struct (after KeePassXC's Config
// table); the command line still wins over a saved address or admin key.
struct AppSettings
{
    enum class Theme { System, Light, Dark };

    ListenAddress listen{QStringLiteral("127.0.0.1"), 9080};
    ListenAddress adminListen{QStringLiteral("127.0.0.1"), 7080};
    QStringList
        allowedOrigins; // browser origins that may call the proxy, e.g. http://localhost:3000
    // "" no proxy, "system" the system's proxy settings, or http://host:port / socks5://host:port
    QString upstreamProxy;
    bool startProxyOnLaunch = true;
    bool startMinimized = false;
    bool launchAtLogin = false; // an XDG autostart entry (see Autostart)
    Theme theme = Theme::System;
    QString language; // "" follows the system; "en", "zh_CN"
    bool firstRunDone = false;
    // The APISIX / API7 cluster routes were last published to (its admin key is in the keychain).
    QString publishAdminUrl;
    QString publishGatewayGroup;

    // Writes these keys into `section`, keeping keys other layers keep there.
    QJsonObject toJson(const QJsonObject &section = {}) const;
    static AppSettings fromJson(const QJsonValue &section);

    // The QNetworkProxy for `upstreamProxy`, or nullopt with *error set to a sentence.
    static std::optional<QNetworkProxy> parseUpstreamProxy(const QString &text,
                                                           QString *error = nullptr);
    // "http://localhost:3000": scheme://host[:port], no path.
    static bool isValidOrigin(const QString &origin);

    bool operator==(const AppSettings &) const = default;
};

} // namespace gatehouse
