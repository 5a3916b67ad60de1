#include "CommandLine.h"

#include "Providers.h"

#include <QRegularExpression>

namespace gatehouse {

QString ListenAddress::toString() const
{
    const bool v6 = host.contains(QLatin1Char(':'));
    return (v6 ? QLatin1Char('[') + host + QLatin1Char(']') : host) + QLatin1Char(':') + QString::number(port);
}

std::optional<ListenAddress> CommandLine::parseListenAddress(const QString &text)
{
    // HOST:PORT, [V6]:PORT
    static const QRegularExpression re(QStringLiteral("^(?:\\[([0-9a-fA-F:.]+)\\]|([A-Za-z0-9.\\-]+)):([0-9]{1,5})$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const QString host = m.captured(1).isEmpty() ? m.captured(2) : m.captured(1);
    const int port = m.captured(3).toInt();
    if (port < 1 || port > 65535)
        return std::nullopt;
    if (!m.captured(1).isEmpty() && host.count(QLatin1Char(':')) < 2) // QtCore has no address parser
        return std::nullopt;
    return ListenAddress{host, quint16(port)};
}

QString CommandLine::helpText()
{
    return QStringLiteral(
        "Usage: gatehouse [options]\n"
        "A desktop LLM gateway: provider keys in the OS keychain, APISIX-compatible routes, and a local\n"
        "OpenAI-compatible proxy.\n"
        "\n"
        "Options:\n"
        "  --headless                   Run the proxy and the Admin API without a window.\n"
        "  --data-dir DIR               Where the configuration, usage database and logs live\n"
        "                               (default: the platform's application data folder).\n"
        "  --listen HOST:PORT           Proxy address (default 127.0.0.1:9080).\n"
        "  --admin-listen HOST:PORT     Admin API address (default 127.0.0.1:7080).\n"
        "  --admin-key KEY              Admin API key (or set GATEHOUSE_ADMIN_KEY).\n"
        "  --provider-endpoint NAME=URL Replace a provider's default base URL, e.g.\n"
        "                               deepseek=http://127.0.0.1:8000 (repeatable).\n"
        "  --help                       Show this help and exit.\n"
        "  --version                    Show the version and exit.\n");
}

std::optional<LaunchOptions> CommandLine::parse(const QStringList &arguments, QString *error,
                                                const QString &adminKeyFromEnv)
{
    LaunchOptions options;
    options.adminKey = adminKeyFromEnv;
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::nullopt;
    };

    for (qsizetype i = 1; i < arguments.size(); ++i) {
        QString arg = arguments[i];
        QString value;
        bool hasInlineValue = false;
        // --flag=value and --flag value are both accepted.
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            const qsizetype eq = arg.indexOf(QLatin1Char('='));
            value = arg.mid(eq + 1);
            arg = arg.left(eq);
            hasInlineValue = true;
        }
        auto takeValue = [&](QString *out) -> bool {
            if (hasInlineValue) {
                *out = value;
                return true;
            }
            if (i + 1 >= arguments.size())
                return false;
            *out = arguments[++i];
            return true;
        };
        auto noValue = [&]() { return !hasInlineValue; };

        if (arg == QLatin1String("--headless") && noValue()) {
            options.headless = true;
        } else if ((arg == QLatin1String("--help") || arg == QLatin1String("-h")) && noValue()) {
            options.showHelp = true;
        } else if ((arg == QLatin1String("--version") || arg == QLatin1String("-v")) && noValue()) {
            options.showVersion = true;
        } else if (arg == QLatin1String("--data-dir")) {
            if (!takeValue(&options.dataDir) || options.dataDir.isEmpty())
                return fail(QStringLiteral("--data-dir needs a folder, e.g. --data-dir ~/.local/share/gatehouse"));
        } else if (arg == QLatin1String("--listen") || arg == QLatin1String("--admin-listen")) {
            QString text;
            if (!takeValue(&text))
                return fail(QStringLiteral("%1 needs HOST:PORT, e.g. %1 127.0.0.1:%2")
                                .arg(arg, arg == QLatin1String("--listen") ? QStringLiteral("9080") : QStringLiteral("7080")));
            const auto address = parseListenAddress(text);
            if (!address)
                return fail(QStringLiteral("%1: \"%2\" is not HOST:PORT with a port from 1 to 65535").arg(arg, text));
            (arg == QLatin1String("--listen") ? options.listen : options.adminListen) = *address;
        } else if (arg == QLatin1String("--admin-key")) {
            if (!takeValue(&options.adminKey) || options.adminKey.isEmpty())
                return fail(QStringLiteral("--admin-key needs a value"));
        } else if (arg == QLatin1String("--provider-endpoint")) {
            QString text;
            if (!takeValue(&text))
                return fail(QStringLiteral("--provider-endpoint needs NAME=URL, e.g. deepseek=http://127.0.0.1:8000"));
            const qsizetype eq = text.indexOf(QLatin1Char('='));
            const QString name = eq < 0 ? QString() : text.left(eq);
            const QUrl url(eq < 0 ? QString() : text.mid(eq + 1), QUrl::StrictMode);
            if (eq <= 0)
                return fail(QStringLiteral("--provider-endpoint: \"%1\" is not NAME=URL").arg(text));
            if (!Providers::find(name))
                return fail(QStringLiteral("--provider-endpoint: unknown provider \"%1\" (use one of %2)")
                                .arg(name, Providers::ids().join(QStringLiteral(", "))));
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
                return fail(QStringLiteral("--provider-endpoint: \"%1\" is not an http(s) URL").arg(text.mid(eq + 1)));
            options.providerEndpoints.insert(name, url);
        } else if (arg.startsWith(QLatin1Char('-'))) {
            return fail(QStringLiteral("unknown option %1 (see gatehouse --help)").arg(arguments[i]));
        } else {
            return fail(QStringLiteral("unexpected argument \"%1\" (see gatehouse --help)").arg(arg));
        }
    }
    return options;
}

} // namespace gatehouse
