#include "ConfigStore.h"

#include "Logging.h"
#include "RouteLinter.h"
#include "RouteSchema.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace gatehouse {

namespace {

const QString kRoutes = QStringLiteral("routes");
const QString kSchema = QStringLiteral("schema_version");

QList<RouteSpec> specsOf(const QList<QJsonObject> &routes)
{
    QList<RouteSpec> out;
    out.reserve(routes.size());
    for (const QJsonObject &r : routes) {
        RouteSchema::Result parsed = RouteSchema::parse(r);
        if (parsed.ok())
            out << parsed.spec;
    }
    return out;
}

qsizetype indexOfRoute(const QList<QJsonObject> &routes, const QString &id)
{
    for (qsizetype i = 0; i < routes.size(); ++i) {
        if (RouteSchema::routeId(routes[i]) == id)
            return i;
    }
    return -1;
}

} // namespace

ConfigStore::ConfigStore(const QString &dataDir, QObject *parent) : QObject(parent), m_dataDir(dataDir) {}

ConfigStore::~ConfigStore() = default;

QString ConfigStore::configPath() const
{
    return m_dataDir + QStringLiteral("/config.json");
}

QString ConfigStore::backupPath(int n) const
{
    return m_dataDir + QStringLiteral("/backups/config.json.") + QString::number(n);
}

bool ConfigStore::readDocument(const QString &path, QList<QJsonObject> &routes, QJsonObject &sections,
                               Diagnostics &problems) const
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        problems.append({Diagnostic::Severity::Error, {}, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()), {}});
        return false;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        problems.append({Diagnostic::Severity::Error, {},
                         error.error != QJsonParseError::NoError
                             ? QStringLiteral("not valid JSON at offset %1: %2").arg(error.offset).arg(error.errorString())
                             : QStringLiteral("the file is not a JSON object"),
                         {}});
        return false;
    }
    QJsonObject root = doc.object();
    const int version = root.value(kSchema).toInt(0);
    if (version < 1 || version > SchemaVersion) {
        problems.append({Diagnostic::Severity::Error, kSchema,
                         version > SchemaVersion
                             ? QStringLiteral("written by a newer Gatehouse (schema %1; this one reads up to %2)")
                                   .arg(version).arg(SchemaVersion)
                             : QStringLiteral("missing or invalid schema_version"),
                         {}});
        return false;
    }
    // Migrations from older schema versions go here, one step per version.

    const QJsonValue list = root.take(kRoutes);
    if (!list.isUndefined() && !list.isArray()) {
        problems.append({Diagnostic::Severity::Error, kRoutes, QStringLiteral("\"routes\" is not an array"), {}});
        return false;
    }
    QList<QJsonObject> loaded;
    QSet<QString> ids;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString where = QStringLiteral("routes[%1]").arg(i);
        if (!array.at(i).isObject()) {
            problems.append({Diagnostic::Severity::Error, where, QStringLiteral("a route must be a JSON object"), {}});
            continue;
        }
        const QJsonObject route = array.at(i).toObject();
        const RouteSchema::Result parsed = RouteSchema::parse(route);
        for (Diagnostic d : parsed.errors) {
            d.path = where + QLatin1Char('.') + d.path;
            problems << d;
        }
        if (parsed.ok() && ids.contains(parsed.spec.id))
            problems.append({Diagnostic::Severity::Error, where + QStringLiteral(".id"),
                             QStringLiteral("route id \"%1\" appears twice").arg(parsed.spec.id), {}});
        ids.insert(parsed.spec.id);
        loaded << route;
    }
    if (!problems.isEmpty())
        return false;
    root.remove(kSchema);
    routes = loaded;
    sections = root;
    return true;
}

ConfigStore::LoadReport ConfigStore::load()
{
    m_loadReport = {};
    m_readOnly = false;
    QDir().mkpath(m_dataDir);
    const QString path = configPath();

    Diagnostics problems;
    bool haveFile = QFileInfo::exists(path);
    if (haveFile && readDocument(path, m_routes, m_sections, problems)) {
        m_loadReport.outcome = LoadReport::Outcome::Loaded;
    } else {
        // No file, or a bad one: the newest backup that reads cleanly wins.
        bool recovered = false;
        for (int n = 1; n <= BackupCount && !recovered; ++n) {
            Diagnostics ignored;
            if (QFileInfo::exists(backupPath(n)) && readDocument(backupPath(n), m_routes, m_sections, ignored)) {
                recovered = true;
                m_loadReport.recoveredFrom = backupPath(n);
            }
        }
        if (haveFile) {
            m_loadReport.problems = problems;
            const bool newer = std::any_of(problems.begin(), problems.end(), [](const Diagnostic &d) {
                return d.path == QLatin1String("schema_version") && d.message.startsWith(QLatin1String("written by a newer"));
            });
            if (newer) {
                // Never overwrite what a newer version wrote: run on it read-only.
                m_readOnly = true;
                m_routes.clear();
                m_sections = {};
                m_loadReport.outcome = LoadReport::Outcome::Failed;
                m_loadReport.message = QStringLiteral("%1 was %2; Gatehouse runs without routes and will not change "
                                                      "it. Update Gatehouse to use it.")
                                           .arg(path, problems.first().message);
                qCWarning(lcConfig).noquote() << m_loadReport.message;
                return m_loadReport;
            }
            const QString aside = path + QStringLiteral(".corrupt-") +
                                  QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd'T'HHmmss"));
            QFile::rename(path, aside);
            m_loadReport.quarantinedPath = aside;
        }
        if (recovered) {
            m_loadReport.outcome = LoadReport::Outcome::Recovered;
            m_loadReport.message =
                haveFile ? QStringLiteral("The configuration could not be used (%1). It was kept as %2, and the last "
                                          "good version (%3) was loaded.")
                               .arg(joinDiagnostics(problems), m_loadReport.quarantinedPath, m_loadReport.recoveredFrom)
                         : QStringLiteral("The configuration file was missing; the last good version (%1) was loaded.")
                               .arg(m_loadReport.recoveredFrom);
            QString error;
            if (!save(m_routes, m_sections, &error))
                m_loadReport.message += QStringLiteral(" Saving it again failed: ") + error;
        } else if (haveFile) {
            m_routes.clear();
            m_sections = {};
            m_loadReport.outcome = LoadReport::Outcome::Failed;
            m_loadReport.message = QStringLiteral("The configuration could not be used (%1) and no good backup "
                                                  "exists. It was kept as %2; Gatehouse starts empty.")
                                       .arg(joinDiagnostics(problems), m_loadReport.quarantinedPath);
        } else {
            m_loadReport.outcome = LoadReport::Outcome::Fresh;
        }
    }
    if (!m_loadReport.message.isEmpty())
        qCWarning(lcConfig).noquote() << m_loadReport.message;
    else
        qCInfo(lcConfig).noquote() << "loaded" << m_routes.size() << "routes from" << path;
    republish();
    return m_loadReport;
}

void ConfigStore::rotateBackups()
{
    QDir().mkpath(m_dataDir + QStringLiteral("/backups"));
    QFile::remove(backupPath(BackupCount));
    for (int n = BackupCount - 1; n >= 1; --n) {
        if (QFileInfo::exists(backupPath(n)))
            QFile::rename(backupPath(n), backupPath(n + 1));
    }
    // The current file was written by us and validated, so it is a good version to keep.
    if (QFileInfo::exists(configPath()))
        QFile::copy(configPath(), backupPath(1));
}

bool ConfigStore::save(const QList<QJsonObject> &routes, const QJsonObject &sections, QString *error)
{
    if (m_readOnly) {
        if (error)
            *error = QStringLiteral("the configuration was written by a newer Gatehouse and is read-only here");
        return false;
    }
    QJsonObject root = sections;
    root.insert(kSchema, SchemaVersion);
    QJsonArray list;
    for (const QJsonObject &r : routes)
        list.append(r);
    root.insert(kRoutes, list);

    QDir().mkpath(m_dataDir);
    QSaveFile file(configPath());
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(configPath(), file.errorString());
        return false;
    }
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    rotateBackups();
    if (!file.commit()) {
        if (error)
            *error = QStringLiteral("cannot save %1: %2").arg(configPath(), file.errorString());
        return false;
    }
    return true;
}

QJsonObject ConfigStore::prepare(const QJsonObject &incoming, const std::optional<QJsonObject> &existing,
                                 Diagnostics &warnings) const
{
    QJsonObject route = m_filter ? m_filter(incoming, warnings) : incoming;
    // Timestamps as APISIX keeps them: the store owns them, a client cannot set them.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonValue created = existing ? existing->value(QStringLiteral("create_time")) : QJsonValue();
    route.insert(QStringLiteral("create_time"), created.isDouble() ? created : QJsonValue(now));
    route.insert(QStringLiteral("update_time"), now);
    return route;
}

Diagnostics ConfigStore::lint(const RouteSchema::Result &parsed, const QList<QJsonObject> &all) const
{
    RouteLinter::Context context;
    for (const RouteSpec &spec : specsOf(all)) {
        if (spec.id != parsed.spec.id)
            context.otherRoutes << spec;
    }
    const QJsonArray services = m_sections.value(QStringLiteral("services")).toArray();
    for (const QJsonValue &s : services)
        context.serviceIds << RouteSchema::routeId(s.toObject());
    return RouteLinter::lint(parsed, context);
}

std::optional<QJsonObject> ConfigStore::route(const QString &id) const
{
    const qsizetype i = indexOfRoute(m_routes, id);
    return i < 0 ? std::nullopt : std::optional<QJsonObject>(m_routes[i]);
}

QList<RouteSpec> ConfigStore::routeSpecs() const
{
    return specsOf(m_routes);
}

ConfigStore::ChangeResult ConfigStore::check(const QJsonObject &route) const
{
    ChangeResult result;
    const RouteSchema::Result parsed = RouteSchema::parse(route);
    result.errors = parsed.errors;
    result.ok = parsed.ok();
    result.route = route;
    if (result.ok) {
        QList<QJsonObject> all = m_routes;
        const qsizetype i = indexOfRoute(all, parsed.spec.id);
        if (i >= 0)
            all[i] = route;
        else
            all << route;
        result.warnings = lint(parsed, all);
    }
    return result;
}

ConfigStore::ChangeResult ConfigStore::putRoute(const QJsonObject &incoming)
{
    ChangeResult result;
    const QString id = RouteSchema::routeId(incoming);
    const qsizetype index = id.isEmpty() ? -1 : indexOfRoute(m_routes, id);
    const std::optional<QJsonObject> existing =
        index < 0 ? std::nullopt : std::optional<QJsonObject>(m_routes[index]);

    // Validate what the client sent before the filter stores any secret.
    const RouteSchema::Result first = RouteSchema::parse(incoming);
    if (!first.ok()) {
        result.errors = first.errors;
        return result;
    }
    const QJsonObject route = prepare(incoming, existing, result.warnings);
    const RouteSchema::Result parsed = RouteSchema::parse(route);
    if (!parsed.ok()) {
        result.errors = parsed.errors;
        return result;
    }

    QList<QJsonObject> next = m_routes;
    if (index >= 0)
        next[index] = route;
    else
        next << route;
    QString error;
    if (!save(next, m_sections, &error)) {
        result.errors.append({Diagnostic::Severity::Error, {}, error, {}});
        return result;
    }
    m_routes = next;
    result.ok = true;
    result.created = index < 0;
    result.route = route;
    result.warnings += lint(parsed, m_routes);
    qCInfo(lcConfig).noquote() << (result.created ? "created route" : "replaced route") << id;
    republish();
    emit routesChanged();
    return result;
}

ConfigStore::ChangeResult ConfigStore::removeRoute(const QString &id)
{
    ChangeResult result;
    const qsizetype index = indexOfRoute(m_routes, id);
    if (index < 0) {
        result.errors.append({Diagnostic::Severity::Error, QStringLiteral("id"),
                              QStringLiteral("route \"%1\" does not exist").arg(id), {}});
        return result;
    }
    QList<QJsonObject> next = m_routes;
    result.route = next.takeAt(index);
    QString error;
    if (!save(next, m_sections, &error)) {
        result.errors.append({Diagnostic::Severity::Error, {}, error, {}});
        return result;
    }
    m_routes = next;
    result.ok = true;
    qCInfo(lcConfig).noquote() << "removed route" << id;
    republish();
    emit routesChanged();
    return result;
}

ConfigStore::ChangeResult ConfigStore::replaceRoutes(const QList<QJsonObject> &incoming)
{
    ChangeResult result;
    QList<QJsonObject> next;
    QSet<QString> ids;
    // Check everything as sent first, so a bad import stores no secret and changes nothing.
    for (qsizetype i = 0; i < incoming.size(); ++i) {
        const RouteSchema::Result parsed = RouteSchema::parse(incoming[i]);
        for (Diagnostic d : parsed.errors) {
            d.path = QStringLiteral("routes[%1].").arg(i) + d.path;
            result.errors << d;
        }
        if (parsed.ok() && ids.contains(parsed.spec.id))
            result.errors.append({Diagnostic::Severity::Error, QStringLiteral("routes[%1].id").arg(i),
                                  QStringLiteral("route id \"%1\" appears twice").arg(parsed.spec.id), {}});
        ids.insert(parsed.spec.id);
    }
    if (!result.errors.isEmpty())
        return result;
    for (const QJsonObject &r : incoming)
        next << prepare(r, route(RouteSchema::routeId(r)), result.warnings);
    QString error;
    if (!save(next, m_sections, &error)) {
        result.errors.append({Diagnostic::Severity::Error, {}, error, {}});
        return result;
    }
    m_routes = next;
    result.ok = true;
    for (const QJsonObject &r : m_routes)
        result.warnings += lint(RouteSchema::parse(r), m_routes);
    qCInfo(lcConfig).noquote() << "replaced all routes:" << m_routes.size();
    republish();
    emit routesChanged();
    return result;
}

Diagnostics ConfigStore::filterStoredRoutes()
{
    Diagnostics warnings;
    if (!m_filter)
        return warnings;
    QList<QJsonObject> next;
    bool changed = false;
    for (const QJsonObject &route : m_routes) {
        QJsonObject filtered = m_filter(route, warnings);
        // Only accept what still validates; a filter must never break a stored route.
        if (filtered != route && RouteSchema::parse(filtered).ok()) {
            changed = true;
            next << filtered;
        } else {
            next << route;
        }
    }
    QString error;
    if (changed && save(next, m_sections, &error)) {
        m_routes = next;
        qCInfo(lcConfig).noquote() << "moved literal keys out of the stored routes";
        republish();
        emit routesChanged();
    } else if (changed) {
        warnings.append({Diagnostic::Severity::Warning, {}, error, QStringLiteral("save-failed")});
    }
    return warnings;
}

bool ConfigStore::setSection(const QString &name, const QJsonValue &value, QString *error)
{
    if (name == kRoutes || name == kSchema) {
        if (error)
            *error = QStringLiteral("\"%1\" is not a section").arg(name);
        return false;
    }
    QJsonObject next = m_sections;
    next.insert(name, value);
    if (!save(m_routes, next, error))
        return false;
    m_sections = next;
    emit sectionChanged(name);
    return true;
}

void ConfigStore::setSecretResolver(const SecretResolver *resolver)
{
    m_resolver = resolver;
    republish();
}

void ConfigStore::republish()
{
    m_table.publish(RouteTable::build(specsOf(m_routes), m_resolver, ++m_version));
}

} // namespace gatehouse
