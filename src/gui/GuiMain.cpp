// The GUI module's entry point, called by the gatehouse executable (see src/app/GuiModule.h).
#include "CommandLine.h"
#include "Engine.h"
#include "GuiLogging.h"
#include "MainWindow.h"
#include "SingleInstance.h"
#include "Theme.h"
#include "Translations.h"
#include "TrayIcon.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QIcon>
#include <QTimer>

extern "C" Q_DECL_EXPORT int gatehouse_gui_main(int argc, char **argv,
                                                const gatehouse::LaunchOptions *options)
{
    using namespace gatehouse;
    QElapsedTimer sinceLaunch;
    sinceLaunch.start();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(GATEHOUSE_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gatehouse.svg")));

    // One Gatehouse per data folder: a second launch shows the first one's window and leaves,
    // before it could fight over the ports.
    const QString dataDir =
        options->dataDir.isEmpty() ? Engine::defaultDataDir() : options->dataDir;
    SingleInstance single(SingleInstance::keyFor(QDir(dataDir).absolutePath()));
    if (single.activateRunningInstance()) {
        qCInfo(lcGui).noquote() << "Gatehouse is already running; showed its window";
        return 0;
    }
    single.listen();

    Engine engine(*options);
    QString error;
    if (!engine.start(&error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    const AppSettings settings = engine.settings();
    // The engine starts the proxy like a headless run does; a person may prefer to start it by
    // hand.
    if (!settings.startProxyOnLaunch)
        engine.stopProxy();
    engine.loadOrCreateAdminKey();

    // The chosen language, else the system's; Qt's own strings too, where Qt ships them.
    Translations::install(settings.language);

    Theme::captureSystemLook();
    if (settings.theme != AppSettings::Theme::System)
        Theme::apply(settings.theme);

    MainWindow window(engine);
    std::unique_ptr<TrayIcon> tray;
    if (TrayIcon::isAvailable()) {
        tray = std::make_unique<TrayIcon>(engine, window);
        tray->show();
        window.setKeepRunningInTray(true);
        QApplication::setQuitOnLastWindowClosed(false);
    }
    QObject::connect(&single, &SingleInstance::activationRequested, &window,
                     &MainWindow::bringToFront);
    if (settings.startMinimized && tray) {
        qCInfo(lcGui).noquote() << "started minimised to the tray";
    } else {
        window.show();
        QTimer::singleShot(0, &window, [&sinceLaunch] {
            qCInfo(lcGui).noquote()
                << "window on screen" << sinceLaunch.elapsed() << "ms after launch";
        });
    }
    return app.exec();
}
