// gatehouse: parse the command line, then run headless here or hand over to the GUI module.
#include "CommandLine.h"
#include "Engine.h"
#include "GuiModule.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <ctime>
#include <sys/socket.h>
#include <unistd.h>

namespace {

QStringList argumentList(int argc, char **argv)
{
    QStringList out;
    for (int i = 0; i < argc; ++i)
        out << QString::fromLocal8Bit(argv[i]);
    return out;
}

// The log line format: "2025-01-31T12:34:56.789 [warning |error ]category: message", local time.
constexpr char kMessagePattern[] = "%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning %{endif}"
                                   "%{if-critical}error %{endif}%{category}: %{message}";

#ifdef Q_OS_LINUX
// kMessagePattern, written without Qt's pattern engine. Qt formats %{time} through QDateTime and
// QLocale and re-reads the time zone (a stat of /etc/localtime) for every message; with one line
// per proxied request that was about a tenth of the proxy's user-space work. The output is the
// same bytes, written to stderr as Qt's default handler does on Linux.
void writeLogLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    timespec now{};
    clock_gettime(CLOCK_REALTIME, &now);
    tm local{};
    localtime_r(&now.tv_sec, &local);
    char time[40];
    const int n =
        std::snprintf(time, sizeof time, "%04d-%02d-%02dT%02d:%02d:%02d.%03d ",
                      local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, local.tm_hour,
                      local.tm_min, local.tm_sec, int(now.tv_nsec / 1000000));
    QByteArray line;
    line.reserve(n + 40 + message.size() * 3);
    line.append(time, n);
    if (type == QtWarningMsg)
        line.append("warning ");
    else if (type == QtCriticalMsg)
        line.append("error ");
    if (context.category)
        line.append(context.category);
    line.append(": ").append(message.toUtf8());
    if (const qsizetype nul = line.indexOf('\0'); nul >= 0)
        line.truncate(nul); // Qt prints with "%s"
    line.append('\n');
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}
#endif

// SIGINT/SIGTERM end the event loop cleanly (a self-pipe: only write() is async-signal-safe).
int g_signalFds[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_signalFds[0], &byte, 1);
}

void quitOnSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFds) != 0)
        return;
    auto *notifier = new QSocketNotifier(g_signalFds[1], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(g_signalFds[1], &byte, 1);
        app.quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int runHeadless(int argc, char **argv, const gatehouse::LaunchOptions &options)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse"));
    QCoreApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QCoreApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    quitOnSignals(app);
    gatehouse::Engine engine(options);
    QString error;
    if (!engine.start(&error)) {
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(error));
        return 1;
    }
    // Headless, a listener that cannot start is fatal: nobody would see its state otherwise.
    for (const QString &problem : {engine.proxy().errorString(), engine.adminService().errorString()}) {
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "gatehouse: %s\n", qPrintable(problem));
            return 1;
        }
    }
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_MESSAGE_PATTERN")) {
        qSetMessagePattern(QString::fromLatin1(kMessagePattern));
#ifdef Q_OS_LINUX
        qInstallMessageHandler(writeLogLine); // QT_MESSAGE_PATTERN set: Qt's own handler
#endif
    }
    QString error;
    const QString envKey = qEnvironmentVariable("GATEHOUSE_ADMIN_KEY");
    const auto options = gatehouse::CommandLine::parse(argumentList(argc, argv), &error, envKey);
    if (!options) {
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(error));
        return 2;
    }
    if (options->showHelp) {
        std::fputs(qPrintable(gatehouse::CommandLine::helpText()), stdout);
        return 0;
    }
    if (options->showVersion) {
        std::printf("gatehouse %s\n", GATEHOUSE_VERSION);
        return 0;
    }
    if (options->headless)
        return runHeadless(argc, argv, *options);

    const int code = gatehouse::GuiModule::run(argc, argv, *options, &error);
    if (code < 0) {
        std::fprintf(stderr, "gatehouse: %s\n", qPrintable(error));
        return 1;
    }
    return code;
}
