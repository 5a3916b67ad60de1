#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QSet>
#include <QString>
#include <QStringList>

namespace gatehouse {

// The typed, defaults-applied form of a valid route, built by RouteSchema from the route's JSON.
// The JSON stays the stored truth (it round-trips byte for byte in meaning); this is what the
// router and the proxy run on. A single-provider `ai-proxy` becomes a route with one instance,
// so both plugins share one execution path.

using NameValueList = QList<QPair<QString, QString>>;

struct AuthSpec
{
    NameValueList headers; // values may be secret references until a snapshot resolves them
    NameValueList query;
    bool isEmpty() const { return headers.isEmpty() && query.isEmpty(); }
};

// checks.active of an ai-proxy-multi instance (APISIX's health checker fields).
struct ActiveCheckSpec
{
    bool enabled = false;
    QString type = QStringLiteral("http"); // http, https, tcp
    QString httpPath = QStringLiteral("/");
    int intervalSeconds = 1;          // healthy.interval: between probes while healthy
    int unhealthyIntervalSeconds = 1; // unhealthy.interval: between probes while unhealthy
    int timeoutMs = 1000;             // `timeout` is in seconds and may be fractional
    int healthySuccesses = 2;
    int unhealthyFailures = 3;
    QList<int> healthyStatuses; // healthy.http_statuses; empty: any 2xx or 3xx
    int port = 0;               // 0: the instance's endpoint port
    NameValueList headers;      // req_headers ("Name: value"), sent with every probe
};

struct InstanceSpec
{
    QString name;
    QString provider;
    AuthSpec auth;
    QJsonObject options;     // written over the client's body
    QString endpoint;        // override.endpoint, empty when the provider's default applies
    QJsonObject llmOptions;  // override.llm_options
    int weight = 1;
    int priority = 0;
    ActiveCheckSpec check;
    // Set in a route snapshot when a secret reference could not be resolved; the proxy answers
    // with this sentence instead of calling the provider without its key.
    QString authProblem;
    // Further model names this instance answers for (route label
    // "gatehouse.model_aliases.<name>"), used when the route routes by model. A trailing '*'
    // matches a prefix.
    QStringList modelAliases;

    QString model() const { return options.value(QStringLiteral("model")).toString(); }
};

struct UpstreamLimits
{
    int timeoutMs = 30000;                  // per operation: connect, first byte, between chunks
    qint64 maxRequestBodyBytes = 64LL << 20; // 413 above this
    qint64 maxStreamDurationMs = 0;         // 0: no limit
    qint64 maxResponseBytes = 0;            // 0: no limit
    bool keepalive = true;
    int keepaliveTimeoutMs = 60000;
    int keepalivePool = 30;
    bool sslVerify = true;
    bool logSummaries = false;
    bool logPayloads = false;
};

struct FallbackPolicy
{
    bool onHttp429 = false;
    bool onHttp5xx = false;          // also transport errors before any byte
    bool onRateLimiting = false;     // skip instances that are cooling down or over a limit
    bool onInstanceHealth = false;
    QSet<int> extraStatuses;         // fallback_http_statuses
    int maxRetries = -1;             // -1: every instance may be tried once
    int retryOnFailureWithinMs = 0;  // 0: no limit on how slow a failure may be

    bool enabled() const
    {
        return onHttp429 || onHttp5xx || onRateLimiting || onInstanceHealth || !extraStatuses.isEmpty();
    }
};

struct BalancerSpec
{
    enum class Algorithm { RoundRobin, ConsistentHash };
    Algorithm algorithm = Algorithm::RoundRobin;
    QString hashOn = QStringLiteral("vars"); // vars, header, cookie, consumer, vars_combinations
    QString key;
};

// A limit on what a route (or one instance of it) may spend in a window. Two sources:
//  - route labels "gatehouse.budget.{daily,monthly}_{tokens,cost_usd}": calendar windows in local
//    time (a day resets at 00:00, a month on the 1st), answered with 429 budget_exceeded; APISIX
//    ignores labels, so the route still runs there, without the budget;
//  - APISIX's ai-rate-limiting plugin (limit/time_window/limit_strategy, per-instance limits):
//    fixed windows of time_window seconds, aligned to local midnight, answered with its
//    rejected_code (APISIX's default 503) and rejected_msg; the same route limits on APISIX.
struct BudgetSpec
{
    enum class Metric { TotalTokens, PromptTokens, CompletionTokens, CostUsd };
    enum class Window { Day, Month, Seconds };
    enum class Source { Label, AiRateLimiting };

    Metric metric = Metric::TotalTokens;
    Window window = Window::Day;
    qint64 windowSeconds = 0; // Window::Seconds
    double limit = 0;         // tokens, or US dollars for CostUsd
    QString instance;         // empty: the whole route
    Source source = Source::Label;
    int rejectedCode = 429;
    QString rejectedMessage; // ai-rate-limiting's rejected_msg; empty: Gatehouse's sentence

    bool operator==(const BudgetSpec &) const = default;
};

struct RouteSpec
{
    enum class Plugin { AiProxy, AiProxyMulti };

    QString id;
    QString name;
    QString description;
    QStringList paths;   // uri, uris and paths together; "/x/*" is a prefix
    QStringList methods; // empty: any
    QStringList hosts;   // empty: any
    int priority = 0;
    QString serviceId;
    bool enabled = true;
    qint64 updateTime = 0; // seconds since the epoch; breaks ties between equal routes

    // Route label "gatehouse.route_by_model": prefer (or, strict, only use) the instances whose
    // model or alias matches the client's "model". A label, because APISIX accepts any string
    // label on a route and ignores it, while ai-proxy-multi's schema knows only its own fields.
    enum class ModelRouting { Off, Prefer, Strict };
    ModelRouting modelRouting = ModelRouting::Off;

    Plugin plugin = Plugin::AiProxy;
    QList<InstanceSpec> instances;
    UpstreamLimits limits;
    FallbackPolicy fallback;
    BalancerSpec balancer;
    // Token and cost limits (route-wide ones and per-instance ones); empty for most routes, and
    // then the proxy never asks the budget gate.
    QList<BudgetSpec> budgets;
    bool hasRouteBudgets() const;
    bool hasInstanceBudgets() const;
};

inline bool RouteSpec::hasRouteBudgets() const
{
    for (const BudgetSpec &b : budgets) {
        if (b.instance.isEmpty())
            return true;
    }
    return false;
}

inline bool RouteSpec::hasInstanceBudgets() const
{
    for (const BudgetSpec &b : budgets) {
        if (!b.instance.isEmpty())
            return true;
    }
    return false;
}

} // namespace gatehouse
