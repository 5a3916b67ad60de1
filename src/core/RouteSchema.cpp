#include "RouteSchema.h"

#include "Providers.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <functional>
#include <limits>
#include <optional>

namespace gatehouse {

namespace {

const QString kAiProxy = QStringLiteral("ai-proxy");
const QString kAiProxyMulti = QStringLiteral("ai-proxy-multi");
const QString kAiRateLimiting = QStringLiteral("ai-rate-limiting");

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) ? QStringLiteral("integer") : QStringLiteral("number");
    }
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString join(const QString &base, const QString &key)
{
    return base.isEmpty() ? key : base + QLatin1Char('.') + key;
}

QString indexed(const QString &base, qsizetype i)
{
    return base + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

// Walks one JSON object, reading typed fields and recording every problem with its path.
// The messages follow lua-resty-jsonschema's shape that APISIX returns
// (`property "x" validation failed: ...`) and add what to do where that helps.
class Reader
{
public:
    Reader(Diagnostics &errors, QStringList &unknown) : m_errors(errors), m_unknown(unknown) {}

    void error(const QString &path, const QString &message)
    {
        m_errors.append({Diagnostic::Severity::Error, path, message, {}});
    }

    void wrongType(const QString &path, const QString &key, const QString &expected, const QJsonValue &v)
    {
        error(path, QStringLiteral("property \"%1\" validation failed: wrong type: expected %2, got %3")
                        .arg(key, expected, typeName(v)));
    }

    void required(const QString &path, const QString &key, const QString &hint = {})
    {
        QString msg = QStringLiteral("property \"%1\" is required").arg(key);
        if (!hint.isEmpty())
            msg += QStringLiteral(" (") + hint + QLatin1Char(')');
        error(join(path, key), msg);
    }

    void noteUnknown(const QJsonObject &obj, const QString &path, const QSet<QString> &known)
    {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            if (!known.contains(it.key()))
                m_unknown << join(path, it.key());
        }
    }

    std::optional<QString> string(const QJsonObject &obj, const QString &path, const QString &key,
                                  int minLen = 0, int maxLen = std::numeric_limits<int>::max())
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isString()) {
            wrongType(join(path, key), key, QStringLiteral("string"), v);
            return std::nullopt;
        }
        const QString s = v.toString();
        if (s.size() < minLen) {
            error(join(path, key), QStringLiteral("property \"%1\" validation failed: string too short, "
                                                  "expected at least %2 characters").arg(key).arg(minLen));
            return std::nullopt;
        }
        if (s.size() > maxLen) {
            error(join(path, key), QStringLiteral("property \"%1\" validation failed: string too long, "
                                                  "expected at most %2 characters").arg(key).arg(maxLen));
            return std::nullopt;
        }
        return s;
    }

    std::optional<qint64> integer(const QJsonObject &obj, const QString &path, const QString &key,
                                  qint64 min = std::numeric_limits<qint64>::min(),
                                  qint64 max = std::numeric_limits<qint64>::max())
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return std::nullopt;
        const double d = v.toDouble();
        if (!v.isDouble() || d != std::floor(d) || std::isinf(d)) {
            wrongType(join(path, key), key, QStringLiteral("integer"), v);
            return std::nullopt;
        }
        const auto n = static_cast<qint64>(d);
        if (n < min) {
            error(join(path, key), QStringLiteral("property \"%1\" validation failed: expected %2 to be at least %3")
                                       .arg(key).arg(n).arg(min));
            return std::nullopt;
        }
        if (n > max) {
            error(join(path, key), QStringLiteral("property \"%1\" validation failed: expected %2 to be at most %3")
                                       .arg(key).arg(n).arg(max));
            return std::nullopt;
        }
        return n;
    }

    std::optional<bool> boolean(const QJsonObject &obj, const QString &path, const QString &key)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isBool()) {
            wrongType(join(path, key), key, QStringLiteral("boolean"), v);
            return std::nullopt;
        }
        return v.toBool();
    }

    std::optional<QJsonObject> object(const QJsonObject &obj, const QString &path, const QString &key)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isObject()) {
            wrongType(join(path, key), key, QStringLiteral("object"), v);
            return std::nullopt;
        }
        return v.toObject();
    }

    std::optional<QJsonArray> array(const QJsonObject &obj, const QString &path, const QString &key,
                                    int minItems = 0)
    {
        const QJsonValue v = obj.value(key);
        if (v.isUndefined())
            return std::nullopt;
        if (!v.isArray()) {
            wrongType(join(path, key), key, QStringLiteral("array"), v);
            return std::nullopt;
        }
        const QJsonArray a = v.toArray();
        if (a.size() < minItems) {
            error(join(path, key), QStringLiteral("property \"%1\" validation failed: expect array to have at "
                                                  "least %2 items").arg(key).arg(minItems));
            return std::nullopt;
        }
        return a;
    }

    // An array of strings, each checked by `check` (which returns an error sentence or empty).
    std::optional<QStringList> stringArray(const QJsonObject &obj, const QString &path, const QString &key,
                                           int minItems, const std::function<QString(const QString &)> &check)
    {
        const auto a = array(obj, path, key, minItems);
        if (!a)
            return std::nullopt;
        QStringList out;
        bool ok = true;
        for (qsizetype i = 0; i < a->size(); ++i) {
            const QJsonValue item = a->at(i);
            const QString itemPath = indexed(join(path, key), i);
            if (!item.isString()) {
                wrongType(itemPath, key + QStringLiteral(" item"), QStringLiteral("string"), item);
                ok = false;
                continue;
            }
            const QString problem = check ? check(item.toString()) : QString();
            if (!problem.isEmpty()) {
                error(itemPath, problem);
                ok = false;
                continue;
            }
            if (out.contains(item.toString())) {
                error(itemPath, QStringLiteral("property \"%1\" validation failed: expected unique items, "
                                               "\"%2\" appears twice").arg(key, item.toString()));
                ok = false;
                continue;
            }
            out << item.toString();
        }
        return ok ? std::optional<QStringList>(out) : std::nullopt;
    }

private:
    Diagnostics &m_errors;
    QStringList &m_unknown;
};

QString checkPath(const QString &p)
{
    if (!p.startsWith(QLatin1Char('/')))
        return QStringLiteral("path \"%1\" must start with \"/\"").arg(p);
    static const QRegularExpression bad(QStringLiteral("[\\s?#]"));
    if (p.contains(bad))
        return QStringLiteral("path \"%1\" may not contain spaces, \"?\" or \"#\"").arg(p);
    const qsizetype star = p.indexOf(QLatin1Char('*'));
    if (star >= 0 && star != p.size() - 1)
        return QStringLiteral("path \"%1\" may only end with \"*\" (a prefix match such as /v1/*)").arg(p);
    return {};
}

QString checkMethod(const QString &m)
{
    static const QStringList methods = {QStringLiteral("GET"),     QStringLiteral("POST"),  QStringLiteral("PUT"),
                                        QStringLiteral("DELETE"),  QStringLiteral("PATCH"), QStringLiteral("HEAD"),
                                        QStringLiteral("OPTIONS"), QStringLiteral("CONNECT"), QStringLiteral("TRACE"),
                                        QStringLiteral("PURGE")};
    if (!methods.contains(m))
        return QStringLiteral("method \"%1\" matches none of the enum values (use one of %2)")
            .arg(m, methods.join(QStringLiteral(", ")));
    return {};
}

QString checkHost(const QString &h)
{
    static const QRegularExpression re(QStringLiteral("^\\*?[0-9a-zA-Z\\-._\\[\\]:]+$"));
    if (!re.match(h).hasMatch())
        return QStringLiteral("host \"%1\" is not a host name (letters, digits, \"-\", \".\", an optional "
                              "leading \"*\")").arg(h);
    return {};
}

// override.endpoint: ^(https?)://host[:port][/...]
bool validEndpoint(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral("^https?://(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?(/[^\\s]*)?$"));
    if (!re.match(s).hasMatch())
        return false;
    const QUrl url(s, QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty() && (url.port() == -1 || (url.port() > 0 && url.port() < 65536));
}

class PluginReader
{
public:
    PluginReader(Reader &r, RouteSchema::Result &result) : r(r), result(result) {}

    void readLimits(const QJsonObject &conf, const QString &path, UpstreamLimits &limits)
    {
        if (auto v = r.integer(conf, path, QStringLiteral("timeout"), 1, 3600000))
            limits.timeoutMs = int(*v);
        if (auto v = r.integer(conf, path, QStringLiteral("max_req_body_size"), 1))
            limits.maxRequestBodyBytes = *v;
        if (auto v = r.integer(conf, path, QStringLiteral("max_stream_duration_ms"), 1))
            limits.maxStreamDurationMs = *v;
        if (auto v = r.integer(conf, path, QStringLiteral("max_response_bytes"), 1))
            limits.maxResponseBytes = *v;
        if (auto v = r.boolean(conf, path, QStringLiteral("keepalive")))
            limits.keepalive = *v;
        if (auto v = r.integer(conf, path, QStringLiteral("keepalive_timeout"), 1000, 3600000))
            limits.keepaliveTimeoutMs = int(*v);
        if (auto v = r.integer(conf, path, QStringLiteral("keepalive_pool"), 1, 10000))
            limits.keepalivePool = int(*v);
        if (auto v = r.boolean(conf, path, QStringLiteral("ssl_verify")))
            limits.sslVerify = *v;
        if (auto logging = r.object(conf, path, QStringLiteral("logging"))) {
            const QString lp = join(path, QStringLiteral("logging"));
            if (auto v = r.boolean(*logging, lp, QStringLiteral("summaries")))
                limits.logSummaries = *v;
            if (auto v = r.boolean(*logging, lp, QStringLiteral("payloads")))
                limits.logPayloads = *v;
            r.noteUnknown(*logging, lp, {QStringLiteral("summaries"), QStringLiteral("payloads")});
        }
    }

    void readAuthMap(const QJsonObject &auth, const QString &path, const QString &key, NameValueList &out)
    {
        const auto map = r.object(auth, path, key);
        if (!map)
            return;
        static const QRegularExpression namePattern(QStringLiteral("^[a-zA-Z0-9._-]+$"));
        const QString mp = join(path, key);
        for (auto it = map->begin(); it != map->end(); ++it) {
            const QString itemPath = join(mp, it.key());
            if (!namePattern.match(it.key()).hasMatch()) {
                r.error(itemPath, QStringLiteral("\"%1\" is not a valid %2 name (letters, digits, \".\", \"_\", \"-\")")
                                      .arg(it.key(), key));
                continue;
            }
            if (!it.value().isString()) {
                r.wrongType(itemPath, it.key(), QStringLiteral("string"), it.value());
                continue;
            }
            out.append({it.key(), it.value().toString()});
        }
    }

    AuthSpec readAuth(const QJsonObject &conf, const QString &path)
    {
        AuthSpec auth;
        const auto obj = r.object(conf, path, QStringLiteral("auth"));
        if (!obj)
            return auth;
        const QString ap = join(path, QStringLiteral("auth"));
        for (auto it = obj->begin(); it != obj->end(); ++it) {
            const QString k = it.key();
            if (k != QLatin1String("header") && k != QLatin1String("query") && k != QLatin1String("gcp"))
                r.error(join(ap, k), QStringLiteral("additional properties forbidden, found \"%1\" "
                                                    "(auth takes \"header\" and \"query\")").arg(k));
        }
        readAuthMap(*obj, ap, QStringLiteral("header"), auth.headers);
        readAuthMap(*obj, ap, QStringLiteral("query"), auth.query);
        return auth;
    }

    // provider, auth, options, override: what ai-proxy and each ai-proxy-multi instance share.
    void readProviderFields(const QJsonObject &conf, const QString &path, InstanceSpec &inst)
    {
        if (!conf.contains(QStringLiteral("provider"))) {
            r.required(path, QStringLiteral("provider"), QStringLiteral("one of ") + Providers::ids().join(QStringLiteral(", ")));
        } else if (auto p = r.string(conf, path, QStringLiteral("provider"))) {
            if (!Providers::find(*p)) {
                r.error(join(path, QStringLiteral("provider")),
                        QStringLiteral("property \"provider\" validation failed: matches none of the enum values "
                                       "(\"%1\" is not a provider; use one of %2)")
                            .arg(*p, Providers::ids().join(QStringLiteral(", "))));
            } else {
                inst.provider = *p;
            }
        }
        if (!conf.contains(QStringLiteral("auth")))
            r.required(path, QStringLiteral("auth"), QStringLiteral("the provider's key, e.g. "
                                                                    "{\"header\": {\"Authorization\": \"Bearer …\"}}"));
        else
            inst.auth = readAuth(conf, path);

        if (auto options = r.object(conf, path, QStringLiteral("options"))) {
            inst.options = *options;
            const QString op = join(path, QStringLiteral("options"));
            r.string(*options, op, QStringLiteral("model"), 1);
            r.boolean(*options, op, QStringLiteral("stream"));
            const QJsonValue t = options->value(QStringLiteral("temperature"));
            if (!t.isUndefined() && !t.isDouble())
                r.wrongType(join(op, QStringLiteral("temperature")), QStringLiteral("temperature"),
                            QStringLiteral("number"), t);
            r.integer(*options, op, QStringLiteral("max_tokens"), 1);
        }

        if (auto override_ = r.object(conf, path, QStringLiteral("override"))) {
            const QString op = join(path, QStringLiteral("override"));
            if (auto endpoint = r.string(*override_, op, QStringLiteral("endpoint"))) {
                if (!validEndpoint(*endpoint))
                    r.error(join(op, QStringLiteral("endpoint")),
                            QStringLiteral("invalid endpoint \"%1\": use http(s)://host[:port][/path]").arg(*endpoint));
                else
                    inst.endpoint = *endpoint;
            }
            if (auto llm = r.object(*override_, op, QStringLiteral("llm_options"))) {
                inst.llmOptions = *llm;
                const QString lp = join(op, QStringLiteral("llm_options"));
                r.integer(*llm, lp, QStringLiteral("max_tokens"), 1);
            }
            r.noteUnknown(*override_, op, {QStringLiteral("endpoint"), QStringLiteral("llm_options")});
        }

        if (const ProviderInfo *info = Providers::find(inst.provider);
            info && info->endpointRequired && inst.endpoint.isEmpty() && conf.contains(QStringLiteral("provider"))) {
            // An invalid endpoint was reported above; only report a missing one.
            const bool endpointGiven = conf.value(QStringLiteral("override")).toObject().contains(QStringLiteral("endpoint"));
            if (!endpointGiven)
                r.error(join(path, QStringLiteral("override.endpoint")),
                        QStringLiteral("provider \"%1\" has no default address: set override.endpoint to its URL")
                            .arg(inst.provider));
        }
    }

    void readAiProxy(const QJsonObject &conf, const QString &path)
    {
        RouteSpec &spec = result.spec;
        spec.plugin = RouteSpec::Plugin::AiProxy;
        InstanceSpec inst;
        readProviderFields(conf, path, inst);
        // APISIX names the single instance after its provider; logs and headers show the same.
        inst.name = QStringLiteral("ai-proxy-") + inst.provider;
        spec.instances = {inst};
        readLimits(conf, path, spec.limits);
        r.noteUnknown(conf, path,
                      {QStringLiteral("provider"), QStringLiteral("auth"), QStringLiteral("options"),
                       QStringLiteral("override"), QStringLiteral("timeout"), QStringLiteral("max_req_body_size"),
                       QStringLiteral("max_stream_duration_ms"), QStringLiteral("max_response_bytes"),
                       QStringLiteral("keepalive"), QStringLiteral("keepalive_timeout"),
                       QStringLiteral("keepalive_pool"), QStringLiteral("ssl_verify"), QStringLiteral("logging"),
                       QStringLiteral("_meta")});
    }

    void readCheck(const QJsonObject &inst, const QString &path, ActiveCheckSpec &check)
    {
        const auto checks = r.object(inst, path, QStringLiteral("checks"));
        if (!checks)
            return;
        const QString cp = join(path, QStringLiteral("checks"));
        const auto active = r.object(*checks, cp, QStringLiteral("active"));
        r.noteUnknown(*checks, cp, {QStringLiteral("active")});
        if (!active)
            return;
        const QString ap = join(cp, QStringLiteral("active"));
        check.enabled = true;
        if (auto t = r.string(*active, ap, QStringLiteral("type"))) {
            if (*t != QLatin1String("http") && *t != QLatin1String("https") && *t != QLatin1String("tcp"))
                r.error(join(ap, QStringLiteral("type")),
                        QStringLiteral("property \"type\" validation failed: matches none of the enum values "
                                       "(use http, https or tcp)"));
            else
                check.type = *t;
        }
        if (auto p = r.string(*active, ap, QStringLiteral("http_path"), 1)) {
            if (!p->startsWith(QLatin1Char('/')))
                r.error(join(ap, QStringLiteral("http_path")), QStringLiteral("http_path must start with \"/\""));
            else
                check.httpPath = *p;
        }
        // APISIX: a number of seconds (default 1), so 0.5 is a valid timeout.
        const QJsonValue timeout = active->value(QStringLiteral("timeout"));
        if (!timeout.isUndefined()) {
            const double t = timeout.toDouble();
            if (!timeout.isDouble() || !std::isfinite(t))
                r.wrongType(join(ap, QStringLiteral("timeout")), QStringLiteral("timeout"), QStringLiteral("number"),
                            timeout);
            else if (t < 0.001 || t > 300)
                r.error(join(ap, QStringLiteral("timeout")),
                        QStringLiteral("property \"timeout\" validation failed: use 0.001 to 300 seconds"));
            else
                check.timeoutMs = qMax(1, int(std::lround(t * 1000)));
        }
        if (auto v = r.integer(*active, ap, QStringLiteral("port"), 1, 65535))
            check.port = int(*v);
        if (auto headers = r.stringArray(*active, ap, QStringLiteral("req_headers"), 1, [](const QString &h) {
                const qsizetype colon = h.indexOf(QLatin1Char(':'));
                static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$"));
                if (colon <= 0 || !name.match(h.left(colon)).hasMatch() || h.contains(QLatin1Char('\n')) ||
                    h.contains(QLatin1Char('\r')))
                    return QStringLiteral("a probe header must look like \"Name: value\"");
                return QString();
            })) {
            for (const QString &h : *headers) {
                const qsizetype colon = h.indexOf(QLatin1Char(':'));
                check.headers.append({h.left(colon), h.mid(colon + 1).trimmed()});
            }
        }
        for (const QString &state : {QStringLiteral("healthy"), QStringLiteral("unhealthy")}) {
            const auto s = r.object(*active, ap, state);
            if (!s)
                continue;
            const QString sp = join(ap, state);
            const bool healthy = state == QLatin1String("healthy");
            if (auto v = r.integer(*s, sp, QStringLiteral("interval"), 1, 86400))
                (healthy ? check.intervalSeconds : check.unhealthyIntervalSeconds) = int(*v);
            if (healthy) {
                if (auto v = r.integer(*s, sp, QStringLiteral("successes"), 1, 254))
                    check.healthySuccesses = int(*v);
                if (auto statuses = r.array(*s, sp, QStringLiteral("http_statuses"), 1)) {
                    for (qsizetype i = 0; i < statuses->size(); ++i) {
                        const QJsonValue st = statuses->at(i);
                        const double d = st.toDouble();
                        if (!st.isDouble() || d != std::floor(d) || d < 200 || d > 599)
                            r.error(indexed(join(sp, QStringLiteral("http_statuses")), i),
                                    QStringLiteral("an HTTP status from 200 to 599"));
                        else
                            check.healthyStatuses << int(d);
                    }
                }
            } else {
                for (const QString &k : {QStringLiteral("http_failures"), QStringLiteral("tcp_failures"),
                                         QStringLiteral("timeouts")}) {
                    if (auto v = r.integer(*s, sp, k, 1, 254))
                        check.unhealthyFailures = int(*v);
                }
            }
        }
    }

    void readFallbackStrategy(const QJsonObject &conf, const QString &path, FallbackPolicy &fb)
    {
        const QString key = QStringLiteral("fallback_strategy");
        const QJsonValue v = conf.value(key);
        if (v.isUndefined())
            return;
        const QString fp = join(path, key);
        auto apply = [&](const QString &s, bool inArray, const QString &itemPath) {
            if (s == QLatin1String("http_429"))
                fb.onHttp429 = true;
            else if (s == QLatin1String("http_5xx"))
                fb.onHttp5xx = true;
            else if (s == QLatin1String("rate_limiting"))
                fb.onRateLimiting = true;
            else if (s == QLatin1String("instance_health_and_rate_limiting"))
                fb.onInstanceHealth = fb.onRateLimiting = true;
            else
                r.error(itemPath, QStringLiteral("property \"fallback_strategy\" validation failed: \"%1\" matches "
                                                 "none of the enum values (use %2)")
                                      .arg(s, inArray ? QStringLiteral("http_429, http_5xx or rate_limiting")
                                                      : QStringLiteral("http_429, http_5xx or "
                                                                       "instance_health_and_rate_limiting")));
        };
        if (v.isString()) {
            apply(v.toString(), false, fp);
        } else if (v.isArray()) {
            const QJsonArray a = v.toArray();
            for (qsizetype i = 0; i < a.size(); ++i) {
                if (!a.at(i).isString())
                    r.wrongType(indexed(fp, i), key + QStringLiteral(" item"), QStringLiteral("string"), a.at(i));
                else
                    apply(a.at(i).toString(), true, indexed(fp, i));
            }
        } else {
            r.wrongType(fp, key, QStringLiteral("string or array"), v);
        }
    }

    void readAiProxyMulti(const QJsonObject &conf, const QString &path)
    {
        RouteSpec &spec = result.spec;
        spec.plugin = RouteSpec::Plugin::AiProxyMulti;
        readLimits(conf, path, spec.limits);
        readFallbackStrategy(conf, path, spec.fallback);

        if (auto statuses = r.array(conf, path, QStringLiteral("fallback_http_statuses"))) {
            const QString sp = join(path, QStringLiteral("fallback_http_statuses"));
            for (qsizetype i = 0; i < statuses->size(); ++i) {
                const QJsonValue s = statuses->at(i);
                const double d = s.toDouble();
                if (!s.isDouble() || d != std::floor(d))
                    r.wrongType(indexed(sp, i), QStringLiteral("fallback_http_statuses item"),
                                QStringLiteral("integer"), s);
                else if (d < 400 || d > 599)
                    r.error(indexed(sp, i), QStringLiteral("status %1 is not an error status: use 400 to 599").arg(d));
                else
                    spec.fallback.extraStatuses.insert(int(d));
            }
        }
        if (auto v = r.integer(conf, path, QStringLiteral("max_retries"), 0, 100))
            spec.fallback.maxRetries = int(*v);
        if (auto v = r.integer(conf, path, QStringLiteral("retry_on_failure_within_ms"), 1))
            spec.fallback.retryOnFailureWithinMs = int(*v);

        if (auto balancer = r.object(conf, path, QStringLiteral("balancer"))) {
            const QString bp = join(path, QStringLiteral("balancer"));
            if (auto alg = r.string(*balancer, bp, QStringLiteral("algorithm"))) {
                if (*alg == QLatin1String("chash"))
                    spec.balancer.algorithm = BalancerSpec::Algorithm::ConsistentHash;
                else if (*alg != QLatin1String("roundrobin"))
                    r.error(join(bp, QStringLiteral("algorithm")),
                            QStringLiteral("property \"algorithm\" validation failed: matches none of the enum "
                                           "values (use roundrobin or chash)"));
            }
            if (auto on = r.string(*balancer, bp, QStringLiteral("hash_on"))) {
                static const QStringList kinds = {QStringLiteral("vars"), QStringLiteral("header"),
                                                  QStringLiteral("cookie"), QStringLiteral("consumer"),
                                                  QStringLiteral("vars_combinations")};
                if (!kinds.contains(*on))
                    r.error(join(bp, QStringLiteral("hash_on")),
                            QStringLiteral("property \"hash_on\" validation failed: matches none of the enum values "
                                           "(use %1)").arg(kinds.join(QStringLiteral(", "))));
                else
                    spec.balancer.hashOn = *on;
            }
            if (auto key = r.string(*balancer, bp, QStringLiteral("key")))
                spec.balancer.key = *key;
            if (spec.balancer.algorithm == BalancerSpec::Algorithm::ConsistentHash && spec.balancer.key.isEmpty() &&
                spec.balancer.hashOn != QLatin1String("consumer"))
                r.error(join(bp, QStringLiteral("key")),
                        QStringLiteral("chash needs a key: the %1 to hash on (e.g. \"remote_addr\" or a header name)")
                            .arg(spec.balancer.hashOn == QLatin1String("vars") ? QStringLiteral("variable")
                                                                               : spec.balancer.hashOn));
            r.noteUnknown(*balancer, bp, {QStringLiteral("algorithm"), QStringLiteral("hash_on"), QStringLiteral("key")});
        }

        if (!conf.contains(QStringLiteral("instances"))) {
            r.required(path, QStringLiteral("instances"), QStringLiteral("the providers to route between"));
        } else if (auto instances = r.array(conf, path, QStringLiteral("instances"), 1)) {
            const QString ip = join(path, QStringLiteral("instances"));
            QHash<QString, qsizetype> firstIndexOfName;
            for (qsizetype i = 0; i < instances->size(); ++i) {
                const QString itemPath = indexed(ip, i);
                if (!instances->at(i).isObject()) {
                    r.wrongType(itemPath, QStringLiteral("instances item"), QStringLiteral("object"), instances->at(i));
                    continue;
                }
                const QJsonObject obj = instances->at(i).toObject();
                InstanceSpec inst;
                if (!obj.contains(QStringLiteral("name")))
                    r.required(itemPath, QStringLiteral("name"), QStringLiteral("a unique name such as deepseek-primary"));
                else if (auto name = r.string(obj, itemPath, QStringLiteral("name"), 1, 100)) {
                    inst.name = *name;
                    if (firstIndexOfName.contains(*name))
                        r.error(join(itemPath, QStringLiteral("name")),
                                QStringLiteral("duplicate instance name '%1' at instances[%2] and instances[%3]")
                                    .arg(*name).arg(firstIndexOfName.value(*name)).arg(i));
                    else
                        firstIndexOfName.insert(*name, i);
                }
                readProviderFields(obj, itemPath, inst);
                if (!obj.contains(QStringLiteral("weight")))
                    r.required(itemPath, QStringLiteral("weight"), QStringLiteral("an integer ≥ 0; 1 for an even share"));
                else if (auto w = r.integer(obj, itemPath, QStringLiteral("weight"), 0, 1000000))
                    inst.weight = int(*w);
                if (auto p = r.integer(obj, itemPath, QStringLiteral("priority"), -1000000, 1000000))
                    inst.priority = int(*p);
                readCheck(obj, itemPath, inst.check);
                r.noteUnknown(obj, itemPath,
                              {QStringLiteral("name"), QStringLiteral("provider"), QStringLiteral("auth"),
                               QStringLiteral("options"), QStringLiteral("override"), QStringLiteral("weight"),
                               QStringLiteral("priority"), QStringLiteral("checks")});
                spec.instances << inst;
            }
        }
        r.noteUnknown(conf, path,
                      {QStringLiteral("instances"), QStringLiteral("balancer"), QStringLiteral("fallback_strategy"),
                       QStringLiteral("fallback_http_statuses"), QStringLiteral("max_retries"),
                       QStringLiteral("retry_on_failure_within_ms"), QStringLiteral("timeout"),
                       QStringLiteral("max_req_body_size"), QStringLiteral("max_stream_duration_ms"),
                       QStringLiteral("max_response_bytes"), QStringLiteral("keepalive"),
                       QStringLiteral("keepalive_timeout"), QStringLiteral("keepalive_pool"),
                       QStringLiteral("ssl_verify"), QStringLiteral("logging"), QStringLiteral("_meta")});
    }

private:
    Reader &r;
    RouteSchema::Result &result;
};

// "gatehouse.budget.{daily,monthly}_{tokens,cost_usd}": a calendar budget on the whole route.
void readBudgetLabel(Reader &r, const QString &path, const QString &key, const QString &value,
                     RouteSpec &spec)
{
    static const QRegularExpression whole(QStringLiteral("^[0-9]{1,15}$"));
    static const QRegularExpression money(QStringLiteral("^[0-9]{1,9}(\\.[0-9]{1,6})?$"));
    const QString name = key.mid(int(qstrlen("gatehouse.budget.")));
    BudgetSpec b;
    b.source = BudgetSpec::Source::Label;
    b.rejectedCode = 429;
    if (name == QLatin1String("daily_tokens") || name == QLatin1String("monthly_tokens")) {
        b.metric = BudgetSpec::Metric::TotalTokens;
        if (!whole.match(value).hasMatch() || value.toLongLong() <= 0) {
            r.error(path, QStringLiteral("a token budget is a whole number of tokens above 0, e.g. \"100000\""));
            return;
        }
        b.limit = double(value.toLongLong());
    } else if (name == QLatin1String("daily_cost_usd") || name == QLatin1String("monthly_cost_usd")) {
        b.metric = BudgetSpec::Metric::CostUsd;
        if (!money.match(value).hasMatch() || value.toDouble() <= 0) {
            r.error(path, QStringLiteral("a cost budget is an amount in US dollars above 0, e.g. \"5\" or \"2.50\""));
            return;
        }
        b.limit = value.toDouble();
    } else {
        r.error(path, QStringLiteral("unknown budget label: use gatehouse.budget.daily_tokens, "
                                     "monthly_tokens, daily_cost_usd or monthly_cost_usd"));
        return;
    }
    b.window = name.startsWith(QLatin1String("daily")) ? BudgetSpec::Window::Day : BudgetSpec::Window::Month;
    spec.budgets.append(b);
}

// APISIX's ai-rate-limiting: token limits per time_window seconds on the route and per instance,
// in APISIX's schema (limit and time_window together, or instances; rejected_code 200-599,
// default 503). Gatehouse runs them as fixed windows counted from local midnight.
void readAiRateLimiting(Reader &r, const QJsonObject &conf, const QString &path, RouteSchema::Result &result)
{
    RouteSpec &spec = result.spec;
    BudgetSpec base;
    base.source = BudgetSpec::Source::AiRateLimiting;
    base.rejectedCode = 503;
    if (auto v = r.integer(conf, path, QStringLiteral("rejected_code"), 200, 599))
        base.rejectedCode = int(*v);
    if (auto v = r.string(conf, path, QStringLiteral("rejected_msg"), 1))
        base.rejectedMessage = *v;
    r.boolean(conf, path, QStringLiteral("show_limit_quota_header"));
    if (auto v = r.string(conf, path, QStringLiteral("limit_strategy"))) {
        if (*v == QLatin1String("total_tokens"))
            base.metric = BudgetSpec::Metric::TotalTokens;
        else if (*v == QLatin1String("prompt_tokens"))
            base.metric = BudgetSpec::Metric::PromptTokens;
        else if (*v == QLatin1String("completion_tokens"))
            base.metric = BudgetSpec::Metric::CompletionTokens;
        else
            r.error(join(path, QStringLiteral("limit_strategy")),
                    QStringLiteral("property \"limit_strategy\" validation failed: matches none of the enum "
                                   "values (total_tokens, prompt_tokens, completion_tokens)"));
    }
    const auto limit = r.integer(conf, path, QStringLiteral("limit"), 1);
    const auto window = r.integer(conf, path, QStringLiteral("time_window"), 1);
    if (conf.contains(QStringLiteral("limit")) && !conf.contains(QStringLiteral("time_window")))
        r.required(path, QStringLiteral("time_window"), QStringLiteral("limit needs a time_window in seconds"));
    if (conf.contains(QStringLiteral("time_window")) && !conf.contains(QStringLiteral("limit")))
        r.required(path, QStringLiteral("limit"), QStringLiteral("time_window needs a limit in tokens"));
    if (limit && window) {
        BudgetSpec b = base;
        b.window = BudgetSpec::Window::Seconds;
        b.windowSeconds = *window;
        b.limit = double(*limit);
        spec.budgets.append(b);
    }
    const auto instances = r.array(conf, path, QStringLiteral("instances"), 1);
    if (!conf.contains(QStringLiteral("instances")) && !conf.contains(QStringLiteral("limit")) &&
        !conf.contains(QStringLiteral("time_window")))
        r.required(path, QStringLiteral("limit"), QStringLiteral("set limit and time_window, or instances"));
    if (instances) {
        for (qsizetype i = 0; i < instances->size(); ++i) {
            const QString ipath = indexed(join(path, QStringLiteral("instances")), i);
            const QJsonValue item = instances->at(i);
            if (!item.isObject()) {
                r.wrongType(ipath, QStringLiteral("instances item"), QStringLiteral("object"), item);
                continue;
            }
            const QJsonObject o = item.toObject();
            const auto name = r.string(o, ipath, QStringLiteral("name"), 1);
            const auto ilimit = r.integer(o, ipath, QStringLiteral("limit"), 1);
            const auto iwindow = r.integer(o, ipath, QStringLiteral("time_window"), 1);
            for (const QString &key : {QStringLiteral("name"), QStringLiteral("limit"), QStringLiteral("time_window")}) {
                if (!o.contains(key))
                    r.required(ipath, key);
            }
            r.noteUnknown(o, ipath, {QStringLiteral("name"), QStringLiteral("limit"), QStringLiteral("time_window")});
            if (!name || !ilimit || !iwindow)
                continue;
            bool known = false;
            for (const InstanceSpec &inst : spec.instances)
                known = known || inst.name == *name;
            if (!known)
                result.unknownPaths << join(ipath, QStringLiteral("name"));
            BudgetSpec b = base;
            b.window = BudgetSpec::Window::Seconds;
            b.windowSeconds = *iwindow;
            b.limit = double(*ilimit);
            b.instance = *name;
            spec.budgets.append(b);
        }
    }
    r.noteUnknown(conf, path,
                  {QStringLiteral("limit"), QStringLiteral("time_window"), QStringLiteral("show_limit_quota_header"),
                   QStringLiteral("limit_strategy"), QStringLiteral("instances"), QStringLiteral("rejected_code"),
                   QStringLiteral("rejected_msg"), QStringLiteral("_meta")});
}

// Gatehouse's own settings that must not disturb APISIX live in route labels ("gatehouse.*"):
// APISIX accepts any label whose value is a string of 1 to 64 characters without whitespace (at
// most 16 labels) and ignores it, while ai-proxy-multi's schema would reject unknown fields.
void readGatehouseLabels(Reader &r, const QJsonObject &labels, RouteSchema::Result &result)
{
    static const QString prefix = QStringLiteral("gatehouse.");
    static const QString aliasPrefix = QStringLiteral("gatehouse.model_aliases.");
    static const QRegularExpression apisixValue(QStringLiteral("^\\S{1,64}$"));
    RouteSpec &spec = result.spec;
    if (labels.size() > 16)
        r.error(QStringLiteral("labels"), QStringLiteral("a route may have at most 16 labels (APISIX rejects more)"));
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (!it.key().startsWith(prefix) || !it.value().isString())
            continue;
        const QString path = QStringLiteral("labels.") + it.key();
        const QString value = it.value().toString();
        if (!apisixValue.match(value).hasMatch()) {
            r.error(path, QStringLiteral("a label value must be 1 to 64 characters without spaces (APISIX "
                                         "rejects others)"));
            continue;
        }
        if (it.key() == QLatin1String("gatehouse.route_by_model")) {
            const QString v = value.toLower();
            if (v == QLatin1String("true") || v == QLatin1String("prefer"))
                spec.modelRouting = RouteSpec::ModelRouting::Prefer;
            else if (v == QLatin1String("strict"))
                spec.modelRouting = RouteSpec::ModelRouting::Strict;
            else if (v == QLatin1String("false") || v == QLatin1String("off"))
                spec.modelRouting = RouteSpec::ModelRouting::Off;
            else
                r.error(path, QStringLiteral("use \"true\" (prefer instances serving the requested model), "
                                             "\"strict\" (only those) or \"false\""));
        } else if (it.key().startsWith(QLatin1String("gatehouse.budget."))) {
            readBudgetLabel(r, path, it.key(), value, spec);
        } else if (it.key().startsWith(aliasPrefix)) {
            const QString instance = it.key().mid(aliasPrefix.size());
            QStringList aliases;
            bool ok = true;
            for (const QString &a : value.split(QLatin1Char(','))) {
                const qsizetype star = a.indexOf(QLatin1Char('*'));
                if (a.isEmpty() || (star >= 0 && star != a.size() - 1)) {
                    r.error(path, QStringLiteral("model aliases are names separated by commas; only a trailing "
                                                 "\"*\" matches a prefix (e.g. \"gpt-4o,gpt-4o-*\")"));
                    ok = false;
                    break;
                }
                aliases << a;
            }
            if (!ok)
                continue;
            bool found = false;
            for (InstanceSpec &inst : spec.instances) {
                if (inst.name == instance) {
                    inst.modelAliases = aliases;
                    found = true;
                }
            }
            if (!found)
                result.orphanLabels << path;
        } else {
            result.unknownPaths << path;
        }
    }
}

} // namespace

const QStringList &RouteSchema::supportedPlugins()
{
    static const QStringList names = {kAiProxy, kAiProxyMulti, kAiRateLimiting};
    return names;
}

const QStringList &RouteSchema::keptPlugins()
{
    // Common APISIX plugins a route may carry on a cluster. Gatehouse keeps them so an import
    // exports unchanged, and the linter says they do nothing here.
    static const QStringList names = {
        QStringLiteral("proxy-buffering"),   QStringLiteral("key-auth"),          QStringLiteral("basic-auth"),
        QStringLiteral("jwt-auth"),          QStringLiteral("limit-count"),       QStringLiteral("limit-req"),
        QStringLiteral("limit-conn"),        QStringLiteral("ai-prompt-template"),
        QStringLiteral("ai-prompt-decorator"), QStringLiteral("ai-prompt-guard"), QStringLiteral("ai-content-moderation"),
        QStringLiteral("ai-request-rewrite"), QStringLiteral("prometheus"),       QStringLiteral("cors"),
        QStringLiteral("ip-restriction"),    QStringLiteral("request-id"),        QStringLiteral("http-logger"),
        QStringLiteral("file-logger"),       QStringLiteral("proxy-rewrite"),     QStringLiteral("response-rewrite"),
        QStringLiteral("consumer-restriction"), QStringLiteral("opentelemetry"),  QStringLiteral("zipkin")};
    return names;
}

bool RouteSchema::isSecretReference(const QString &value)
{
    // APISIX's own docs write $ENV://; its resolver ignores the scheme's case, and so does this.
    return value.startsWith(QLatin1String("$secret://"), Qt::CaseInsensitive) ||
           value.startsWith(QLatin1String("$env://"), Qt::CaseInsensitive);
}

QJsonObject RouteSchema::mapAuthValues(const QJsonObject &route, const AuthValueMap &map)
{
    auto mapAuth = [&](QJsonObject holder, const QString &owner) {
        if (!holder.value(QStringLiteral("auth")).isObject())
            return holder;
        QJsonObject auth = holder.value(QStringLiteral("auth")).toObject();
        const QString provider = holder.value(QStringLiteral("provider")).toString();
        for (const QString &kind : {QStringLiteral("header"), QStringLiteral("query")}) {
            if (!auth.value(kind).isObject())
                continue;
            QJsonObject values = auth.value(kind).toObject();
            for (auto it = values.begin(); it != values.end(); ++it) {
                if (it.value().isString())
                    it.value() = map(owner, provider, it.value().toString());
            }
            auth.insert(kind, values);
        }
        holder.insert(QStringLiteral("auth"), auth);
        return holder;
    };
    QJsonObject out = route;
    QJsonObject plugins = out.value(QStringLiteral("plugins")).toObject();
    if (plugins.value(kAiProxy).isObject())
        plugins.insert(kAiProxy, mapAuth(plugins.value(kAiProxy).toObject(), routeId(route)));
    if (plugins.value(kAiProxyMulti).isObject()) {
        QJsonObject conf = plugins.value(kAiProxyMulti).toObject();
        if (conf.value(QStringLiteral("instances")).isArray()) {
            QJsonArray instances = conf.value(QStringLiteral("instances")).toArray();
            for (qsizetype i = 0; i < instances.size(); ++i) {
                if (instances[i].isObject()) {
                    const QJsonObject inst = instances[i].toObject();
                    instances[i] = mapAuth(inst, inst.value(QStringLiteral("name")).toString());
                }
            }
            conf.insert(QStringLiteral("instances"), instances);
        }
        plugins.insert(kAiProxyMulti, conf);
    }
    if (out.contains(QStringLiteral("plugins")))
        out.insert(QStringLiteral("plugins"), plugins);
    return out;
}

QString RouteSchema::routeId(const QJsonObject &route)
{
    const QJsonValue id = route.value(QStringLiteral("id"));
    if (id.isString())
        return id.toString();
    if (id.isDouble())
        return QString::number(id.toInteger());
    return {};
}

RouteSchema::Result RouteSchema::parse(const QJsonObject &route)
{
    Result result;
    Reader r(result.errors, result.unknownPaths);
    RouteSpec &spec = result.spec;

    // id: a string or an integer, as APISIX allows.
    const QJsonValue id = route.value(QStringLiteral("id"));
    static const QRegularExpression idPattern(QStringLiteral("^[a-zA-Z0-9\\-_.]+$"));
    if (id.isUndefined()) {
        r.required({}, QStringLiteral("id"), QStringLiteral("a short name such as deepseek-route"));
    } else if (!id.isString() && !(id.isDouble() && id.toDouble() == std::floor(id.toDouble()))) {
        r.wrongType(QStringLiteral("id"), QStringLiteral("id"), QStringLiteral("string or integer"), id);
    } else {
        spec.id = routeId(route);
        if (spec.id.isEmpty() || spec.id.size() > 64 || !idPattern.match(spec.id).hasMatch())
            r.error(QStringLiteral("id"), QStringLiteral("invalid route id \"%1\": use 1 to 64 letters, digits, "
                                                         "\"-\", \"_\" or \".\"").arg(spec.id));
    }

    if (auto v = r.string(route, {}, QStringLiteral("name"), 1, 100))
        spec.name = *v;
    if (auto v = r.string(route, {}, QStringLiteral("desc"), 0, 256))
        spec.description = *v;

    // uri, uris (APISIX) and paths (API7) all add to one list.
    bool anyPathField = false;
    if (route.contains(QStringLiteral("uri"))) {
        anyPathField = true;
        if (auto uri = r.string(route, {}, QStringLiteral("uri"), 1)) {
            const QString problem = checkPath(*uri);
            if (!problem.isEmpty())
                r.error(QStringLiteral("uri"), problem);
            else
                spec.paths << *uri;
        }
    }
    for (const QString &key : {QStringLiteral("uris"), QStringLiteral("paths")}) {
        if (!route.contains(key))
            continue;
        anyPathField = true;
        if (auto list = r.stringArray(route, {}, key, 1, checkPath)) {
            for (const QString &p : *list) {
                if (!spec.paths.contains(p))
                    spec.paths << p;
            }
        }
    }
    if (!anyPathField)
        r.error(QStringLiteral("paths"), QStringLiteral("a route needs at least one path: set \"paths\" (or \"uri\" / "
                                                        "\"uris\"), e.g. [\"/v1/*\"]"));

    if (auto v = r.stringArray(route, {}, QStringLiteral("methods"), 1, checkMethod))
        spec.methods = *v;
    if (auto v = r.stringArray(route, {}, QStringLiteral("hosts"), 1, checkHost))
        spec.hosts = *v;
    if (route.contains(QStringLiteral("host"))) {
        if (auto h = r.string(route, {}, QStringLiteral("host"), 1)) {
            const QString problem = checkHost(*h);
            if (!problem.isEmpty())
                r.error(QStringLiteral("host"), problem);
            else if (!spec.hosts.contains(*h))
                spec.hosts << *h;
        }
    }
    if (auto v = r.integer(route, {}, QStringLiteral("priority"), -1000000000, 1000000000))
        spec.priority = int(*v);
    const QJsonValue service = route.value(QStringLiteral("service_id"));
    if (service.isString())
        spec.serviceId = service.toString();
    else if (service.isDouble())
        spec.serviceId = QString::number(service.toInteger());
    else if (!service.isUndefined())
        r.wrongType(QStringLiteral("service_id"), QStringLiteral("service_id"), QStringLiteral("string or integer"),
                    service);
    if (auto v = r.integer(route, {}, QStringLiteral("status"), 0, 1))
        spec.enabled = *v == 1;
    r.integer(route, {}, QStringLiteral("create_time"), 0);
    if (auto v = r.integer(route, {}, QStringLiteral("update_time"), 0))
        spec.updateTime = *v;
    const auto labels = r.object(route, {}, QStringLiteral("labels"));
    if (labels) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            if (!it.value().isString())
                r.wrongType(QStringLiteral("labels.") + it.key(), it.key(), QStringLiteral("string"), it.value());
        }
    }

    const auto plugins = r.object(route, {}, QStringLiteral("plugins"));
    if (!route.contains(QStringLiteral("plugins"))) {
        r.error(QStringLiteral("plugins"), QStringLiteral("a route needs the ai-proxy or ai-proxy-multi plugin: "
                                                          "Gatehouse only serves AI routes"));
    } else if (plugins) {
        const bool single = plugins->contains(kAiProxy);
        const bool multi = plugins->contains(kAiProxyMulti);
        for (auto it = plugins->begin(); it != plugins->end(); ++it) {
            if (supportedPlugins().contains(it.key()))
                continue;
            if (keptPlugins().contains(it.key()))
                result.ignoredPlugins << it.key();
            else
                r.error(QStringLiteral("plugins.") + it.key(), QStringLiteral("unknown plugin [%1]").arg(it.key()));
        }
        if (single && multi) {
            r.error(QStringLiteral("plugins"), QStringLiteral("use either ai-proxy or ai-proxy-multi on a route, "
                                                              "not both (move the provider into instances)"));
        } else if (!single && !multi) {
            r.error(QStringLiteral("plugins"), QStringLiteral("a route needs the ai-proxy or ai-proxy-multi plugin: "
                                                              "Gatehouse only serves AI routes"));
        } else {
            const QString name = single ? kAiProxy : kAiProxyMulti;
            const QString path = QStringLiteral("plugins.") + name;
            const QJsonValue conf = plugins->value(name);
            if (!conf.isObject()) {
                r.wrongType(path, name, QStringLiteral("object"), conf);
            } else {
                PluginReader pr(r, result);
                if (single)
                    pr.readAiProxy(conf.toObject(), path);
                else
                    pr.readAiProxyMulti(conf.toObject(), path);
            }
        }
        if (plugins->contains(kAiRateLimiting)) {
            const QString path = QStringLiteral("plugins.") + kAiRateLimiting;
            const QJsonValue conf = plugins->value(kAiRateLimiting);
            if (!conf.isObject())
                r.wrongType(path, kAiRateLimiting, QStringLiteral("object"), conf);
            else
                readAiRateLimiting(r, conf.toObject(), path, result);
        }
    }

    if (labels)
        readGatehouseLabels(r, *labels, result);

    static const QSet<QString> knownRouteFields = {
        QStringLiteral("id"),          QStringLiteral("name"),        QStringLiteral("desc"),
        QStringLiteral("uri"),         QStringLiteral("uris"),        QStringLiteral("paths"),
        QStringLiteral("methods"),     QStringLiteral("hosts"),       QStringLiteral("host"),
        QStringLiteral("priority"),    QStringLiteral("service_id"),  QStringLiteral("status"),
        QStringLiteral("plugins"),     QStringLiteral("create_time"), QStringLiteral("update_time"),
        QStringLiteral("labels")};
    r.noteUnknown(route, {}, knownRouteFields);
    return result;
}

} // namespace gatehouse
