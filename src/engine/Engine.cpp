#include "Engine.h"

#include "Logging.h"

#include <QDir>
#include <QStandardPaths>

namespace gatehouse {

Engine::Engine(const LaunchOptions &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_dataDir(options.dataDir.isEmpty() ? defaultDataDir() : QDir(options.dataDir).absolutePath()),
      m_config(std::make_unique<ConfigStore>(m_dataDir))
{
}

Engine::~Engine() = default;

QString Engine::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

bool Engine::start(QString *error)
{
    if (!QDir().mkpath(m_dataDir)) {
        if (error)
            *error = QStringLiteral("cannot create the data folder %1").arg(m_dataDir);
        return false;
    }
    m_config->load();
    qCInfo(lcApp).noquote() << "data folder" << m_dataDir;
    return true;
}

} // namespace gatehouse
