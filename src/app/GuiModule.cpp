#include "GuiModule.h"

#include "CommandLine.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QLibrary>
#include <QStringList>

#include <memory>

namespace gatehouse {

int GuiModule::run(int argc, char **argv, const LaunchOptions &options, QString *error)
{
    const QString name = QStringLiteral(GATEHOUSE_GUI_MODULE);
    if (name.isEmpty()) {
        *error = QStringLiteral("this build of Gatehouse has no GUI; run it with --headless");
        return -1;
    }
    // QCoreApplication is not running yet, so find our own folder from /proc.
    const QString exeDir = QFileInfo(QFile::symLinkTarget(QStringLiteral("/proc/self/exe"))).absolutePath();
    const QStringList candidates = {exeDir + QLatin1Char('/') + name,
                                    exeDir + QStringLiteral("/../" GATEHOUSE_INSTALL_LIBDIR "/gatehouse/") + name};
    QStringList failures;
    for (const QString &path : candidates) {
        if (!QFileInfo::exists(path))
            continue;
        QLibrary library(path);
        using Entry = int (*)(int, char **, const LaunchOptions *);
        const auto entry = reinterpret_cast<Entry>(library.resolve("gatehouse_gui_main"));
        if (!entry) {
            failures << library.errorString();
            continue;
        }
        return entry(argc, argv, &options);
    }
    *error = failures.isEmpty()
                 ? QStringLiteral("the GUI module %1 is not installed next to gatehouse; run with --headless or "
                                  "reinstall").arg(name)
                 : QStringLiteral("the GUI module could not be loaded: %1").arg(failures.join(QStringLiteral("; ")));
    return -1;
}

} // namespace gatehouse
