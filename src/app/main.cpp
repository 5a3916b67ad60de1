// gatehouse: parse the command line, then run headless here or hand over to the GUI module.
#include "CommandLine.h"
#include "Engine.h"
#include "GuiModule.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
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
    if (!qEnvironmentVariableIsSet("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-warning}warning %{endif}"
                                          "%{if-critical}error %{endif}%{category}: %{message}"));
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
