// The GUI module's entry point, called by the gatehouse executable (see src/app/GuiModule.h).
#include "CommandLine.h"
#include "Engine.h"
#include "MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

extern "C" Q_DECL_EXPORT int gatehouse_gui_main(int argc, char **argv, const gatehouse::LaunchOptions *options)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("gatehouse"));
    QApplication::setOrganizationName(QStringLiteral("gatehouse"));
    QApplication::setApplicationDisplayName(QStringLiteral("Gatehouse"));
    QApplication::setApplicationVersion(QStringLiteral(GATEHOUSE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(GATEHOUSE_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/gatehouse.svg")));

    // The system's language; Qt's own strings too, where Qt ships them.
    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("gatehouse"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    gatehouse::Engine engine(*options);
    QString error;
    if (!engine.start(&error)) {
        qCritical("%s", qPrintable(error));
        return 1;
    }
    gatehouse::MainWindow window(engine);
    window.show();
    return app.exec();
}
