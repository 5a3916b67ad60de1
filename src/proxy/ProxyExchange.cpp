#include "ProxyExchange.h"

#include "BudgetGate.h"
#include "InstanceBalancer.h"
#include "InstanceHealth.h"
#include "ProxyLogging.h"
#include "ProxyWorker.h"
#include "RouteTable.h"

#include <QDateTime>
#include <QHostAddress>
#include <QTimerEvent>

#include <algorithm>
#include <cmath>
#include <utility>

namespace gatehouse {

namespace {

constexpr qsizetype kMaxBodyCopy = 8 << 20; // enough for any JSON answer's usage

bool isHopByHop(QByteArrayView name)
{
    static constexpr QByteArrayView hop[] = {
        "connection", "keep-alive", "transfer-encoding", "content-length", "proxy-connection",
        "upgrade",    "te",         "trailer",           "set-cookie"};
    for (QByteArrayView h : hop) {
        if (HttpHeaders::equalsIgnoreCase(name, h)) // the length first: most names differ there
            return true;
    }
    return false;
}

// Whether an instance serves `model` when its route routes by model: its options.model or one of
// its aliases (a trailing '*' matches a prefix), ignoring case. An instance without a model
// matches only through aliases.
bool servesModel(const InstanceSpec &instance, const QString &model)
{
    const QString own = instance.model();
    if (!own.isEmpty() && own.compare(model, Qt::CaseInsensitive) == 0)
        return true;
    for (const QString &alias : instance.modelAliases) {
        if (alias.endsWith(QLatin1Char('*'))
                ? model.startsWith(QStringView(alias).chopped(1), Qt::CaseInsensitive)
                : alias.compare(model, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

ProxyExchange::ProxyExchange(ServerConnection *client, ProxyWorker *worker, HttpRequest request,
                             HeaderList cors)
    : m_client(client), m_worker(worker), m_request(std::move(request)), m_cors(std::move(cors))
{
    m_clock.start();
    m_worker->shared().inFlight.fetch_add(1, std::memory_order_relaxed);
    m_record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_record.client = client->peer();
    m_record.method = QString::fromLatin1(m_request.method);
    m_record.path = QString::fromUtf8(m_request.path());
    m_record.requestBytes = m_request.body.size();
}

ProxyExchange::~ProxyExchange()
{
    if (m_upstream) {
        m_upstream->abort();
        m_upstream->deleteLater();
    }
    releaseProbe();
    if (!m_finished)
        m_worker->shared().inFlight.fetch_sub(1, std::memory_order_relaxed);
}

void ProxyExchange::start()
{
    m_table = m_worker->routes();
    const RouteMatch match =
        m_table->match(m_request.method, m_request.path(), m_request.header("host"));
    if (!match.route) {
        if (match.miss == RouteMatch::Miss::MethodNotAllowed) {
            HeaderList allow{{"Allow", match.allowedMethods.join(", ")}};
            m_client->sendError(
                GatewayError{405, "method_not_allowed",
                             QStringLiteral("%1 is not allowed on %2: use %3")
                                 .arg(m_record.method, m_record.path,
                                      QString::fromLatin1(match.allowedMethods.join(", ")))},
                allow);
            m_record.status = 405;
            m_record.errorCode = "method_not_allowed";
        } else {
            answer(GatewayError{
                404, "no_route",
                QStringLiteral("no route matches %1 %2: add a route for this path in Gatehouse")
                    .arg(m_record.method, m_record.path)});
            return;
        }
        finish();
        return;
    }
    m_route = match.route;
    m_record.routeId = m_route->id;

    GatewayError error;
    m_ai = AiRequest::read(m_request, &error);
    if (!m_ai) {
        answer(error);
        return;
    }
    m_record.clientModel = m_ai->clientModel;
    m_record.stream = m_ai->clientStream;

    // Budgets: a route without any never reaches the gate (one flag, one atomic load).
    if (m_route->hasRouteBudgets()) {
        if (BudgetGate *gate = m_worker->shared().budgets.load(std::memory_order_acquire)) {
            if (const auto rejected = gate->checkRoute(*m_route)) {
                answerBudget(*rejected);
                return;
            }
        }
    }

    if (planAttempts())
        nextAttempt();
}

bool ProxyExchange::planAttempts()
{
    const RouteSpec &route = *m_route;
    const FallbackPolicy &f = route.fallback;
    const qsizetype n = route.instances.size();
    m_strictHealth = f.onRateLimiting || f.onInstanceHealth;
    // Tiers for the balancer, lower first, -1 left out; priority groups apply inside each.
    QVarLengthArray<qint8, 8> tiers(n);
    std::fill(tiers.begin(), tiers.end(), qint8(0));

    if (route.modelRouting != RouteSpec::ModelRouting::Off && !m_ai->clientModel.isEmpty()) {
        const bool strict = route.modelRouting == RouteSpec::ModelRouting::Strict;
        int matching = 0;
        for (qsizetype i = 0; i < n; ++i) {
            const bool match = servesModel(route.instances[i], m_ai->clientModel);
            matching += match ? 1 : 0;
            tiers[i] = match ? 0 : strict ? -1 : 1;
        }
        if (matching == 0 && strict) {
            QStringList models;
            for (const InstanceSpec &inst : route.instances)
                models << inst.model() << inst.modelAliases;
            models.removeAll(QString());
            models.removeDuplicates();
            answer(GatewayError{
                404, "model_not_found",
                QStringLiteral("route %1 serves no model \"%2\"; it serves: %3")
                    .arg(route.id, m_ai->clientModel, models.join(QStringLiteral(", ")))});
            return false;
        }
        if (matching == 0)
            std::fill(tiers.begin(), tiers.end(), qint8(0)); // nothing matches: the usual order
    }

    // The desktop playground's "one instance": a client on this machine may name the instance
    // to try, alone (no fallback). From any other address the header is ignored, so it never
    // steers a gateway others reach.
    if (const QByteArrayView forced = m_request.header("x-gatehouse-instance");
        !forced.isEmpty() && QHostAddress(m_client->peer()).isLoopback()) {
        const QString name = QString::fromUtf8(forced);
        bool found = false;
        for (qsizetype i = 0; i < n; ++i) {
            const bool match = route.instances[i].name == name;
            found = found || match;
            tiers[i] = match ? 0 : -1;
        }
        if (!found) {
            answer(GatewayError{404, "instance_not_found",
                                QStringLiteral("route %1 has no instance \"%2\"")
                                    .arg(route.id, name)});
            return false;
        }
    }

    // Health: a cooling or unhealthy instance is left out under rate_limiting /
    // instance_health_and_rate_limiting, and otherwise kept as a last resort behind every
    // available one (a passive cooldown only when the route falls back at all; without a
    // strategy the route behaves exactly as configured, as on APISIX).
    QVarLengthArray<InstanceHealth::Standing, 8> standing(n);
    if (InstanceHealth *health = m_worker->shared().health;
        health && health->standings(route, standing.data())) {
        for (qsizetype i = 0; i < n; ++i) {
            if (standing[i] == InstanceHealth::Standing::Available || tiers[i] < 0)
                continue;
            if (m_strictHealth)
                tiers[i] = -1;
            else if (standing[i] == InstanceHealth::Standing::Unhealthy || f.enabled())
                tiers[i] = qint8(tiers[i] + 2);
        }
    }
    // Instances over their own token limit (ai-rate-limiting instances[]) are left out.
    std::optional<BudgetRejection> overLimit;
    if (route.hasInstanceBudgets()) {
        if (BudgetGate *gate = m_worker->shared().budgets.load(std::memory_order_acquire)) {
            for (qsizetype i = 0; i < n; ++i) {
                if (tiers[i] < 0)
                    continue;
                if (auto rejected = gate->checkInstance(route, route.instances[i])) {
                    tiers[i] = -1;
                    if (!overLimit)
                        overLimit = std::move(rejected);
                }
            }
        }
    }
    m_worker->shared().balancer->plan(route, hashKey(), tiers.constData(), m_plan);
    m_deferred.resize(n);
    std::fill(m_deferred.begin(), m_deferred.end(), false);
    if (m_plan.isEmpty()) {
        if (overLimit)
            answerBudget(*overLimit);
        else
            answerCoolingDown();
        return false;
    }
    return true;
}

void ProxyExchange::answerBudget(const BudgetRejection &rejected)
{
    answer(GatewayError{rejected.status, rejected.code, rejected.message},
           {{"Retry-After", QByteArray::number(qMax<qint64>(1, rejected.retryAfterSeconds))}});
}

void ProxyExchange::answerCoolingDown()
{
    qint64 soonestMs = -1;
    QVarLengthArray<InstanceHealth::Standing, 8> standing(m_route->instances.size());
    if (InstanceHealth *health = m_worker->shared().health)
        health->standings(*m_route, standing.data(), &soonestMs);
    const qint64 seconds = qMax<qint64>(1, (soonestMs + 999) / 1000);
    answer(GatewayError{503, "instances_cooling_down",
                        QStringLiteral("every instance of route %1 is cooling down after failures "
                                       "or rate limits; try again in %2 s")
                            .arg(m_route->id)
                            .arg(seconds)},
           {{"Retry-After", QByteArray::number(seconds)}});
}

QByteArray ProxyExchange::hashKey() const
{
    const BalancerSpec &b = m_route->balancer;
    if (b.algorithm != BalancerSpec::Algorithm::ConsistentHash)
        return {};
    // A request without the header or cookie hashes on its address, as APISIX does.
    if (b.hashOn == QLatin1String("header")) {
        const QByteArrayView value = m_request.header(b.key.toLatin1());
        if (!value.isEmpty())
            return value.toByteArray();
    } else if (b.hashOn == QLatin1String("cookie")) {
        const QByteArray cookies = m_request.header("cookie").toByteArray();
        for (QByteArray part : cookies.split(';')) {
            part = part.trimmed();
            if (part.startsWith(QByteArray(b.key.toLatin1() + "=")))
                return part.mid(b.key.size() + 1);
        }
    } else if (b.key == QLatin1String("uri")) {
        return m_request.path().toByteArray();
    }
    return m_client->peer().toLatin1(); // remote_addr, and the fallback for other variables
}

void ProxyExchange::nextAttempt()
{
    InstanceHealth *health = m_worker->shared().health;
    while (m_next < m_plan.size()) {
        const int index = m_plan[m_next++];
        const InstanceSpec &instance = m_route->instances[index];
        bool probe = false;
        if (health && !health->beginAttempt(m_route->id, instance.name, &probe)) {
            // It started cooling down since the plan was made, or another request is probing
            // it: left out under rate_limiting, else tried once more after the others (without
            // a fallback strategy the plan's order stands).
            if (m_strictHealth)
                continue;
            if (m_route->fallback.enabled() && !m_deferred[index] && m_next < m_plan.size()) {
                m_deferred[index] = true;
                m_plan.append(index);
                continue;
            }
        }
        m_instance = &instance;
        m_probing = probe;
        m_reported = false;
        m_attemptClock.start();
        m_accepted = false;
        m_record.instance = m_instance->name;
        m_record.provider = m_instance->provider;
        if (!m_instance->authProblem.isEmpty()) {
            releaseProbe(); // a configuration problem says nothing about the instance
            attemptFailed(0, m_instance->authProblem, false);
            return;
        }
        GatewayError error;
        std::optional<UpstreamRequest> built = UpstreamRequestBuilder::build(
            *m_instance, *m_ai, m_request, m_worker->shared().settings.providerEndpoints, &error);
        if (!built) {
            releaseProbe();
            attemptFailed(0, error.message, false);
            return;
        }
        m_upstreamRequest = std::move(*built);
        m_record.upstreamModel = m_upstreamRequest.model;
        m_retriedStale = false;
        send(false);
        return;
    }
    // Every instance left was skipped while this request ran.
    if (m_record.attempts.isEmpty()) {
        answerCoolingDown();
        return;
    }
    answer(GatewayError{502, "all_instances_failed",
                        QStringLiteral("all instances of route %1 failed: %2")
                            .arg(m_route->id, m_record.attemptTrail())});
}

void ProxyExchange::send(bool freshConnection)
{
    UpstreamConnection::Target target{m_upstreamRequest.scheme, m_upstreamRequest.host,
                                      m_upstreamRequest.port, m_route->limits.sslVerify};
    m_upstream = m_worker->pool().acquire(target, freshConnection);
    m_timeout.start(m_route->limits.timeoutMs, this);
    m_upstream->send(m_upstreamRequest.bytes, this);
}

bool ProxyExchange::isFallbackStatus(int status) const
{
    const FallbackPolicy &f = m_route->fallback;
    return (f.onHttp429 && status == 429) || (f.onHttp5xx && status >= 500) ||
           f.extraStatuses.contains(status);
}

bool ProxyExchange::mayRetry(qsizetype attemptsMade) const
{
    const FallbackPolicy &f = m_route->fallback;
    if (m_next >= m_plan.size())
        return false;
    if (f.maxRetries >= 0 && attemptsMade > f.maxRetries)
        return false;
    if (f.retryOnFailureWithinMs > 0 && elapsedMs(m_attemptClock) > f.retryOnFailureWithinMs)
        return false;
    return true;
}

void ProxyExchange::attemptFailed(int status, const QString &reason, bool timeout)
{
    m_timeout.stop();
    m_record.attempts.append({m_instance->name, status, reason, elapsedMs(m_attemptClock)});
    const FallbackPolicy &f = m_route->fallback;
    // A transport failure counts as a 5xx (APISIX: refused → 500, timeout → 504).
    const bool fallbackWorthy = status ? isFallbackStatus(status) : f.onHttp5xx;
    if (fallbackWorthy && mayRetry(m_record.attempts.size())) {
        qCDebug(lcProxy).noquote()
            << "route" << m_route->id << "falls back from" << m_instance->name << "after"
            << (status ? QString::number(status) : reason);
        nextAttempt();
        return;
    }
    // An upstream answer that was dropped to fall back, or every instance tried: 502 with the
    // trail. A retry limit reached after a transport failure: that failure's own answer.
    const bool exhausted = m_next >= m_plan.size();
    if (status != 0 ||
        (m_plan.size() > 1 && exhausted && (fallbackWorthy || m_record.attempts.size() > 1))) {
        answer(GatewayError{502, "all_instances_failed",
                            QStringLiteral("all instances of route %1 failed: %2")
                                .arg(m_route->id, m_record.attemptTrail())});
        return;
    }
    if (!m_instance->authProblem.isEmpty()) {
        answer(GatewayError{503, "secret_unavailable", m_instance->authProblem});
        return;
    }
    answer(timeout
               ? GatewayError{504, "upstream_timeout",
                              QStringLiteral("%1 did not answer within %2 ms (the route's timeout)")
                                  .arg(m_instance->name)
                                  .arg(m_route->limits.timeoutMs)}
               : GatewayError{
                     502, "upstream_unreachable",
                     QStringLiteral("%1 could not be reached: %2").arg(m_instance->name, reason)});
}

void ProxyExchange::upstreamProgress(const HttpResponseParser &parser, bool headReady,
                                     bool complete)
{
    // What this read produces (head, events, the end) leaves in one write when the call returns.
    // The connection outlives this call even if the exchange lets go of it (deleteLater).
    struct Cork
    {
        ServerConnection *c;
        explicit Cork(ServerConnection *client) : c(client)
        {
            if (c)
                c->cork();
        }
        ~Cork()
        {
            if (c)
                c->uncork();
        }
        Q_DISABLE_COPY_MOVE(Cork)
    } cork(m_client);
    if (headReady) {
        m_head = parser.head();
        const int status = m_head.statusCode;
        reportHealth(status, {});
        const bool fallbackWorthy = isFallbackStatus(status);
        // This attempt is not in the record yet: it counts towards max_retries.
        if (fallbackWorthy && (mayRetry(m_record.attempts.size() + 1) ||
                               (m_plan.size() > 1 && m_next >= m_plan.size()))) {
            // Not worth relaying: this answer never reaches the client. An error answer that
            // came whole in this read keeps its connection (a TLS handshake saved when the
            // provider is tried again); one still arriving is cut off.
            releaseUpstream(complete);
            attemptFailed(status, QString::fromLatin1(m_head.reason), false);
            return;
        }
        m_accepted = true;
        m_record.status = status;
        m_record.attempts.append({m_instance->name, status, {}, elapsedMs(m_attemptClock)});
        const QByteArrayView type = m_head.headers.value("content-type");
        m_isSse = type.startsWith("text/event-stream");
        m_fixedLength = !m_isSse && m_head.contentLength >= 0;
        const qint64 maxBytes = m_route->limits.maxResponseBytes;
        if (maxBytes > 0 && m_head.contentLength > maxBytes) {
            responseTooLarge(); // known before a byte of it reached the client
            return;
        }
        if (m_route->limits.maxStreamDurationMs > 0 && m_isSse)
            m_deadline.start(int(qMin<qint64>(m_route->limits.maxStreamDurationMs, INT_MAX)), this);
    }
    if (!m_accepted)
        return;
    if (!parser.bodyChunks().empty()) {
        relay(parser.bodyChunks());
        if (m_finished)
            return;
    }
    if (complete) {
        this->complete();
        return;
    }
    // From now on the route's timeout is the longest wait for the next piece. Restarted once per
    // read, after relaying it (a timer restart is a register and unregister in the event loop).
    m_timeout.start(m_route->limits.timeoutMs, this);
}

void ProxyExchange::commitHead()
{
    if (m_committed)
        return;
    m_committed = true;
    HeaderList headers;
    headers.reserve(m_head.headers.size() + m_cors.size() + 3);
    for (const HttpHeader &h : m_head.headers) {
        if (!isHopByHop(h.name))
            headers.append({h.name, h.value});
    }
    appendGatewayHeaders(headers);
    if (m_fixedLength)
        m_client->beginFixed(m_head.statusCode, headers, m_head.contentLength);
    else
        m_client->beginStream(m_head.statusCode, headers);
}

HeaderList ProxyExchange::gatewayHeaders() const
{
    HeaderList headers;
    headers.reserve(m_cors.size() + 3);
    appendGatewayHeaders(headers);
    return headers;
}

void ProxyExchange::appendGatewayHeaders(HeaderList &headers) const
{
    headers += m_cors;
    if (m_route)
        headers.emplaceBack("X-Gatehouse-Route", m_route->id.toUtf8());
    if (m_accepted && m_instance)
        headers.emplaceBack("X-Gatehouse-Instance", m_instance->name.toUtf8());
    if (!m_record.attempts.isEmpty())
        headers.emplaceBack("X-Gatehouse-Attempts", m_record.attemptTrail().toUtf8());
}

void ProxyExchange::relay(const std::vector<QByteArrayView> &chunks)
{
    const qint64 maxBytes = m_route->limits.maxResponseBytes;
    if (!m_isSse) {
        for (QByteArrayView chunk : chunks) {
            m_upstreamBytes += chunk.size();
            if (maxBytes > 0 && m_upstreamBytes > maxBytes) {
                responseTooLarge(); // before writing what is over the limit
                return;
            }
            commitHead();
            if (m_record.ttftMs < 0)
                m_record.ttftMs = elapsedMs(m_clock);
            m_client->writeBody(chunk);
            if (m_bodyCopy.size() + chunk.size() <= kMaxBodyCopy)
                m_bodyCopy.append(chunk.data(), chunk.size());
        }
        return;
    }
    // Event by event: forward each complete block the moment it is whole.
    QByteArray out;
    bool content = false;
    for (QByteArrayView chunk : chunks) {
        m_upstreamBytes += chunk.size();
        m_events.clear();
        m_sse.feed(chunk, m_events);
        for (const SseEvent &event : m_events) {
            if (event.hasData) {
                const UsageExtractor::ChunkInfo info = m_usage.feedEvent(event.data);
                if (info.usageOnly && m_upstreamRequest.addedUsageOption)
                    continue; // the client did not ask for usage; Gatehouse did, for its own count
                content = content || info.hasContent;
            }
            out += event.raw;
        }
    }
    if (m_sse.hasError()) {
        reportFailure(m_sse.errorString());
        interrupt(GatewayError{502, "stream_error", m_sse.errorString()});
        return;
    }
    if (maxBytes > 0 && m_upstreamBytes > maxBytes) {
        responseTooLarge(); // the events of the read that went over are not forwarded
        return;
    }
    if (!out.isEmpty()) {
        commitHead();
        m_client->writeBody(out);
        // Time to first token: the first generated text, not a role-only chunk or a comment.
        if (content && m_record.ttftMs < 0)
            m_record.ttftMs = elapsedMs(m_clock);
    }
}

void ProxyExchange::responseTooLarge()
{
    const GatewayError error{
        502, "response_too_large",
        QStringLiteral("the answer exceeded the route's max_response_bytes (%1)")
            .arg(m_route->limits.maxResponseBytes)};
    if (m_committed)
        interrupt(error);
    else
        answer(error); // nothing reached the client yet: a clean error answer
}

void ProxyExchange::complete()
{
    if (m_isSse && !m_sse.pending().isEmpty()) {
        commitHead();
        m_client->writeBody(m_sse.pending()); // an unterminated last block: pass it on as it came
    }
    if (!m_isSse)
        m_usage.parseBody(m_bodyCopy);
    commitHead();
    releaseUpstream(true);
    m_client->endResponse();
    finish();
}

void ProxyExchange::upstreamFailed(const QString &reason, bool nothingReceived)
{
    UpstreamConnection *failed = m_upstream;
    m_upstream = nullptr;
    if (failed)
        failed->deleteLater();
    // A pooled connection the provider had already closed: try once more on a fresh one.
    if (nothingReceived && failed && failed->wasUsedBefore() && !m_retriedStale && !m_accepted) {
        m_retriedStale = true;
        send(true);
        return;
    }
    reportFailure(reason);
    if (!m_committed) {
        if (m_accepted) // the head came but nothing was relayed yet: still free to fall back
            m_record.attempts.removeLast();
        m_accepted = false;
        attemptFailed(0, reason, false);
        return;
    }
    interrupt(
        GatewayError{502, "stream_interrupted",
                     QStringLiteral("%1 broke off the answer: %2").arg(m_instance->name, reason)});
}

void ProxyExchange::interrupt(const GatewayError &error)
{
    m_timeout.stop();
    m_deadline.stop();
    releaseUpstream(false);
    m_record.interrupted = true;
    m_record.errorCode = error.code;
    m_record.error = error.message;
    if (m_isSse) {
        // The client can tell the answer is incomplete: an error event, and no [DONE].
        commitHead();
        m_client->writeBody(error.sseEvent());
        m_client->endResponse();
    } else {
        // A cut body is all HTTP can say. The record is written first: the abort reaches this
        // exchange again as a client that left (clientGone), which must not rewrite it.
        ServerConnection *client = std::exchange(m_client, nullptr);
        m_record.responseBytes = client->bytesWritten();
        finish();
        client->abortResponse();
        return;
    }
    finish();
}

void ProxyExchange::answer(const GatewayError &error, const HeaderList &extra)
{
    m_timeout.stop();
    releaseUpstream(false);
    m_record.status = error.status;
    m_record.errorCode = error.code;
    m_record.error = error.message;
    HeaderList headers = gatewayHeaders();
    headers += extra;
    m_client->sendError(error, headers);
    finish();
}

void ProxyExchange::releaseUpstream(bool reusable)
{
    if (!m_upstream)
        return;
    UpstreamConnection *c = m_upstream;
    m_upstream = nullptr;
    if (reusable) {
        const UpstreamLimits &l = m_route->limits;
        m_worker->pool().release(c, l.keepaliveTimeoutMs, l.keepalivePool, l.keepalive);
    } else {
        c->abort();
        c->deleteLater();
    }
}

void ProxyExchange::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_deadline.timerId()) {
        interrupt(GatewayError{
            504, "stream_too_long",
            QStringLiteral("the stream ran longer than the route's max_stream_duration_ms (%1)")
                .arg(m_route->limits.maxStreamDurationMs)});
        return;
    }
    if (event->timerId() != m_timeout.timerId())
        return;
    m_timeout.stop();
    reportFailure(m_committed ? QStringLiteral("the stream stalled")
                              : QStringLiteral("timeout before the first byte"));
    if (m_committed) {
        interrupt(GatewayError{504, "upstream_timeout",
                               QStringLiteral("%1 sent nothing for %2 ms (the route's timeout)")
                                   .arg(m_instance->name)
                                   .arg(m_route->limits.timeoutMs)});
        return;
    }
    if (m_accepted)
        m_record.attempts.removeLast();
    m_accepted = false;
    releaseUpstream(false);
    attemptFailed(0, QStringLiteral("timeout before the first byte"), true);
}

void ProxyExchange::clientGone()
{
    if (m_finished)
        return;
    releaseProbe();
    releaseUpstream(false); // closes the provider's connection now
    m_timeout.stop();
    m_deadline.stop();
    m_record.status = 499; // nginx's "client closed request"
    m_record.interrupted = m_committed;
    m_record.errorCode = "client_closed";
    m_record.error = QStringLiteral("the client disconnected");
    m_client = nullptr;
    finish();
}

void ProxyExchange::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    releaseProbe();
    m_timeout.stop();
    m_deadline.stop();
    m_worker->shared().inFlight.fetch_sub(1, std::memory_order_relaxed);
    m_record.latencyMs = elapsedMs(m_clock);
    m_record.usage = m_usage.usage();
    if (!m_usage.model().isEmpty())
        m_record.upstreamModel = QString::fromUtf8(m_usage.model());
    if (m_client)
        m_record.responseBytes = m_client->bytesWritten();
    if (lcRequests().isInfoEnabled()) {
        // What qCInfo(lcRequests).noquote() << line hands the message handler, without building
        // a QDebug stream around it.
        const QMessageLogContext context(QT_MESSAGELOG_FILE, QT_MESSAGELOG_LINE, QT_MESSAGELOG_FUNC,
                                         lcRequests().categoryName());
        qt_message_output(QtInfoMsg, context, m_record.logLine());
    }
    if (RequestSink *sink = m_worker->shared().sink.load(std::memory_order_acquire))
        sink->record(m_record);
    // The connection keeps a finished exchange until its next read: let go of the bodies now.
    m_bodyCopy = QByteArray();
    m_request.body = QByteArray();
    m_upstreamRequest.bytes = QByteArray();
    if (m_client)
        m_client->exchangeFinished();
}

void ProxyExchange::reportHealth(int status, const QString &error)
{
    InstanceHealth *health = m_worker->shared().health;
    if (!health || !m_instance || m_reported)
        return;
    m_reported = true;
    InstanceHealth::Outcome outcome;
    outcome.status = status;
    outcome.error = error;
    if (status == 429)
        outcome.kind = InstanceHealth::Outcome::Kind::RateLimited;
    else if (status == 0 || status >= 500 || m_route->fallback.extraStatuses.contains(status))
        outcome.kind = InstanceHealth::Outcome::Kind::Failure;
    if (status == 429 || status == 503)
        outcome.retryAfterMs = retryAfterMs();
    health->report(m_route->id, m_instance->name, outcome, std::exchange(m_probing, false));
}

void ProxyExchange::reportFailure(const QString &error)
{
    if (!m_reported) {
        reportHealth(0, error);
        return;
    }
    // A stream that had started broke: one more failure on the instance's record.
    if (InstanceHealth *health = m_worker->shared().health; health && m_instance)
        health->report(m_route->id, m_instance->name,
                       {InstanceHealth::Outcome::Kind::Failure, 0, error, -1}, false);
}

void ProxyExchange::releaseProbe()
{
    if (!m_probing)
        return;
    m_probing = false;
    if (InstanceHealth *health = m_worker->shared().health; health && m_instance)
        health->abandon(m_route->id, m_instance->name);
}

qint64 ProxyExchange::retryAfterMs() const
{
    // OpenAI also sends retry-after-ms, the more precise of the two.
    const QByteArrayView ms = m_head.headers.value("retry-after-ms");
    if (!ms.isEmpty()) {
        bool ok = false;
        const double v = ms.trimmed().toDouble(&ok);
        if (ok && v >= 0 && std::isfinite(v))
            return qint64(std::ceil(v));
    }
    const QByteArrayView value = m_head.headers.value("retry-after");
    return value.isNull()
               ? -1
               : InstanceHealth::parseRetryAfterMs(value, QDateTime::currentMSecsSinceEpoch());
}

} // namespace gatehouse
