#pragma once

#include "Diagnostic.h"
#include "RouteSchema.h"
#include "RouteTable.h"
#include "SnapshotHolder.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace gatehouse {

class SecretResolver;

// The one owner of Gatehouse's configuration: routes (APISIX route objects, stored as their JSON
// so unknown fields survive), plus named sections other layers keep there (the credential index,
// settings, services). Every change validates the whole result first, is saved atomically
// (QSaveFile) after rotating the last good file into backups/, and then publishes a new immutable
// RouteTable that proxy threads pick up between requests. Lives on the main thread.
class ConfigStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigStore)

public:
    static constexpr int SchemaVersion = 1;
    static constexpr int BackupCount = 5;

    struct LoadReport
    {
        enum class Outcome { Fresh, Loaded, Recovered, Failed };
        Outcome outcome = Outcome::Fresh;
        QString message;        // a sentence for the GUI and the log; empty when all went well
        QString quarantinedPath; // where the unreadable file was moved
        QString recoveredFrom;  // the backup that was loaded instead
        Diagnostics problems;   // what was wrong with the bad file
    };

    struct ChangeResult
    {
        bool ok = false;
        bool created = false;    // a new route rather than a replaced one
        Diagnostics errors;      // why nothing changed
        Diagnostics warnings;    // the linter's, and notes from the incoming filter
        QJsonObject route;       // the route as stored
    };

    // Applied to every route that arrives (API, GUI, import) before validation; the secrets layer
    // uses it to move literal keys into the keychain. It may add warnings.
    using IncomingRouteFilter = std::function<QJsonObject(const QJsonObject &, Diagnostics &warnings)>;

    explicit ConfigStore(const QString &dataDir, QObject *parent = nullptr);
    ~ConfigStore() override;

    LoadReport load();
    const LoadReport &loadReport() const { return m_loadReport; }
    QString configPath() const;
    QString backupPath(int n) const; // 1 = newest

    // Routes
    QList<QJsonObject> routes() const { return m_routes; }
    std::optional<QJsonObject> route(const QString &id) const;
    QList<RouteSpec> routeSpecs() const;
    ChangeResult putRoute(const QJsonObject &route);
    ChangeResult removeRoute(const QString &id);
    // Replaces every route at once (import, a file edited while stopped): all valid or nothing.
    ChangeResult replaceRoutes(const QList<QJsonObject> &routes);
    // Validation and lint of a route as if it were put, without changing anything.
    ChangeResult check(const QJsonObject &route) const;

    // Sections owned by other layers ("credentials", "settings", "services").
    QJsonValue section(const QString &name) const { return m_sections.value(name); }
    bool setSection(const QString &name, const QJsonValue &value, QString *error = nullptr);

    void setIncomingRouteFilter(IncomingRouteFilter filter) { m_filter = std::move(filter); }
    // Runs the incoming filter over the stored routes too (a file edited while Gatehouse was
    // stopped may hold a literal key) and saves if anything changed. Returns the filter's notes.
    Diagnostics filterStoredRoutes();
    void setSecretResolver(const SecretResolver *resolver);
    // Rebuilds the snapshot (e.g. after a secret changed).
    void republish();

    const SnapshotHolder<RouteTable> &routeTable() const { return m_table; }

signals:
    void routesChanged();
    void sectionChanged(const QString &name);

private:
    bool save(const QList<QJsonObject> &routes, const QJsonObject &sections, QString *error);
    void rotateBackups();
    QJsonObject prepare(const QJsonObject &incoming, const std::optional<QJsonObject> &existing,
                        Diagnostics &warnings) const;
    Diagnostics lint(const RouteSchema::Result &parsed, const QList<QJsonObject> &all) const;
    bool readDocument(const QString &path, QList<QJsonObject> &routes, QJsonObject &sections,
                      Diagnostics &problems) const;

    QString m_dataDir;
    QList<QJsonObject> m_routes;
    QJsonObject m_sections;
    LoadReport m_loadReport;
    bool m_readOnly = false;
    IncomingRouteFilter m_filter;
    const SecretResolver *m_resolver = nullptr;
    SnapshotHolder<RouteTable> m_table;
    quint64 m_version = 0;
};

} // namespace gatehouse
