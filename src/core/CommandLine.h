#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace gatehouse {

struct ListenAddress
{
    QString host; // as given: "127.0.0.1", "localhost", "::1"
    quint16 port = 0;

    QString toString() const;
    bool operator==(const ListenAddress &) const = default;
};

// What the command line asks for. The interface is stable (DESIGN.md):
//   gatehouse [--headless] [--data-dir DIR] [--listen HOST:PORT] [--admin-listen HOST:PORT]
//             [--admin-key KEY] [--provider-endpoint NAME=URL]... [--help] [--version]
struct LaunchOptions
{
    bool headless = false;
    bool showHelp = false;
    bool showVersion = false;
    QString dataDir; // empty: the platform's app data location
    ListenAddress listen{QStringLiteral("127.0.0.1"), 9080};
    ListenAddress adminListen{QStringLiteral("127.0.0.1"), 7080};
    QString adminKey; // --admin-key, else GATEHOUSE_ADMIN_KEY
    QMap<QString, QUrl> providerEndpoints;
};

class CommandLine
{
public:
    // Parses arguments (argv[0] included). On a bad flag or value returns nullopt with *error a
    // one-line sentence that names the flag; the caller prints it and exits with code 2.
    static std::optional<LaunchOptions> parse(const QStringList &arguments, QString *error,
                                              const QString &adminKeyFromEnv = {});
    static QString helpText();
    static std::optional<ListenAddress> parseListenAddress(const QString &text);
};

} // namespace gatehouse
