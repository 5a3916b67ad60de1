#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse {

// One problem found while importing or exporting, with where it is: a line (and column) of the
// imported text when there is one, and the JSON path of the value.
struct ExchangeProblem
{
    int line = 0;   // 1-based; 0 when the location is a JSON path only
    int column = 0; // 1-based; 0 when the whole line is meant
    QString path;   // e.g. "routes[1].plugins.ai-proxy.provider"; may be empty
    QString message;
    QString code; // for warnings a GUI can act on, e.g. "unexpanded-variable"

    // "line 12, column 5 (routes[1].plugins.ai-proxy.provider)", "list[0].value.id", ...
    QString location() const;
    QString toString() const;
    bool operator==(const ExchangeProblem &) const = default;
};

using ExchangeProblems = QList<ExchangeProblem>;

// Import and export of routes in the formats an APISIX / API7 user has at hand. Import reads
// the text and reports every problem at once; it never applies anything (the caller hands the
// routes to ConfigStore::replaceRoutes or putRoute). Export writes the same formats; by default
// no secret leaves: every keychain reference (and any literal key) becomes an `$env://NAME`
// placeholder that APISIX resolves from its own environment, and the result lists the variables
// the cluster needs.
//
// Import formats (Format::Auto tells them apart):
//  - AdminJson: one route object; a JSON array of routes; APISIX's list answer
//    {"total": N, "list": [{"key": ..., "value": {...}}]}; one {"key": ..., "value": {...}};
//    {"routes": [...]} (Gatehouse's config.json, apisix.json). API7's `paths` is kept as is.
//  - Curl: pasted shell text with `curl ... /apisix/admin/routes[/ID] -X PUT -d '...'` commands
//    (the seed guide's); the body after -d / --data / --data-raw / --data-binary / --json with
//    the shell's quoting undone. $VARS stay as text unless `environment` has them.
//  - ApisixYaml: APISIX standalone `apisix.yaml`, its `routes:` section (YamlSubset).
class RouteExchange final
{
public:
    enum class Format { Auto, AdminJson, Curl, ApisixYaml };
    enum class ExportFormat {
        AdminList,  // {"total": N, "list": [{"key": "/apisix/routes/ID", "value": {...}}]}
        RouteJson,  // one route object, or an array when there are several
        ApisixYaml, // routes: ... #END
        CurlScript, // sh script of curl -X PUT against an Admin API, key in $ADMIN_API_KEY
    };
    // The dialect of the routes written: as stored; APISIX (uri / uris only, since APISIX
    // rejects `paths`); API7 Enterprise (`paths`).
    enum class Target { AsStored, Apisix, Api7 };
    enum class Secrets {
        EnvPlaceholders, // $secret://keychain/NAME and literals -> $env://NAME_IN_UPPER_SNAKE
        KeepReferences,  // references stay as they are; a literal still becomes a placeholder
    };

    struct ImportOptions
    {
        Format format = Format::Auto;
        // For curl text: values of shell variables. Without it every $VAR stays as text.
        std::optional<QHash<QString, QString>> environment;
        bool validate = true; // check each route with RouteSchema and report its errors
    };

    struct ImportResult
    {
        Format format = Format::Auto; // what was read
        QList<QJsonObject> routes;
        ExchangeProblems errors;   // nothing should be applied while there is one
        ExchangeProblems warnings; // skipped commands, ignored sections, ...

        bool ok() const { return errors.isEmpty(); }
    };

    struct EnvVariable
    {
        QString name;       // set this in the cluster's environment
        QString replaces;   // "$secret://keychain/deepseek-route", "$env://X", or "a literal key"
        QStringList usedBy; // "deepseek-route", "deepseek-multi-route/deepseek-primary"
        bool operator==(const EnvVariable &) const = default;
    };

    struct ExportOptions
    {
        Target target = Target::AsStored;
        Secrets secrets = Secrets::EnvPlaceholders;
        bool keepTimestamps = false; // create_time / update_time (APISIX sets its own)
        // Gatehouse's own settings live in route labels named "gatehouse.*", which APISIX keeps
        // and ignores; kept by default so a round trip keeps them.
        bool stripGatehouseLabels = false;
        // CurlScript: default for $ADMIN_API_URL; empty: APISIX's http://127.0.0.1:9180 (API7:
        // :7080 as in the seed guide).
        QString adminUrl;
        QString gatewayGroup = QStringLiteral("default"); // API7's ?gateway_group_id=
    };

    // The routes as they will leave, before any text is written (the publisher sends these).
    struct Prepared
    {
        QList<QJsonObject> routes;
        QList<EnvVariable> environment;
        ExchangeProblems warnings;
    };

    struct ExportResult
    {
        QByteArray text;
        QList<QJsonObject> routes; // what the text holds
        QList<EnvVariable> environment;
        ExchangeProblems warnings;
    };

    // (Overloads rather than default arguments: GCC cannot default a nested struct in its class.)
    static ImportResult importText(const QByteArray &text);
    static ImportResult importText(const QByteArray &text, const ImportOptions &options);
    static Format detectFormat(const QByteArray &text);

    static Prepared prepare(const QList<QJsonObject> &routes, const ExportOptions &options);
    static ExportResult exportRoutes(const QList<QJsonObject> &routes, ExportFormat format);
    static ExportResult exportRoutes(const QList<QJsonObject> &routes, ExportFormat format,
                                     const ExportOptions &options);

    // "deepseek-route" -> "DEEPSEEK_ROUTE"; a valid environment variable name in any case.
    static QString environmentName(const QString &hint);
    // The route's paths in the target's field(s): uri / uris for APISIX, paths for API7.
    static QJsonObject convertPaths(const QJsonObject &route, Target target);

    static QString formatName(Format format);
    static QString formatName(ExportFormat format);
    static QString fileSuffix(ExportFormat format); // "json", "yaml", "sh"

    // The order keys are written in (YAML), so a route reads top-down as a person wrote it.
    static const QStringList &keyOrder();

private:
    RouteExchange() = delete;
};

} // namespace gatehouse
