#pragma once

#include "AiRequest.h"
#include "InstanceBalancer.h"
#include "RequestRecord.h"
#include "ServerConnection.h"
#include "SseParser.h"
#include "UpstreamConnection.h"
#include "UsageExtractor.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>
#include <QVarLengthArray>

#include <memory>
#include <optional>

namespace gatehouse {

class ProxyWorker;
class RouteTable;
struct BudgetRejection;
struct RouteSpec;

// One client request, from the matched route to the last byte: it reads the AI request, asks
// the balancer for the order of instances (model-matching ones first when the route routes by
// model, cooling ones last or left out as the route's strategy says), tries them (falling back on
// the route's strategy while nothing has reached the client yet), tells InstanceHealth how each
// attempt went, relays the answer as it arrives (SSE event by event, the usage chunk Gatehouse
// asked for hidden from a client that did not), enforces the timeouts, and hands one
// RequestRecord to the sink. Lives in a worker thread; owned by its ServerConnection.
class ProxyExchange final : public QObject, public UpstreamListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyExchange)

public:
    ProxyExchange(ServerConnection *client, ProxyWorker *worker, HttpRequest request,
                  HeaderList cors);
    ~ProxyExchange() override;

    void start();
    // The client went away: stop the upstream at once so no tokens flow to nobody.
    void clientGone();

    void upstreamProgress(const HttpResponseParser &parser, bool headReady, bool complete) override;
    void upstreamFailed(const QString &reason, bool nothingReceived) override;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // Fills m_plan; false when the request was answered instead (nothing can serve it).
    bool planAttempts();
    void nextAttempt();
    void answerCoolingDown();
    void answerBudget(const BudgetRejection &rejected);
    void send(bool freshConnection);
    // An attempt failed before anything reached the client: fall back or answer.
    void attemptFailed(int status, const QString &reason, bool timeout);
    bool isFallbackStatus(int status) const;
    // Whether another instance may be tried after `attemptsMade` attempts (this one included):
    // one is left, max_retries allows it, and the failure was quick enough.
    bool mayRetry(qsizetype attemptsMade) const;
    void commitHead();
    void relay(const std::vector<QByteArrayView> &chunks);
    void complete();
    void interrupt(const GatewayError &error);
    void responseTooLarge();
    void answer(const GatewayError &error, const HeaderList &extra = {});
    // Tells InstanceHealth how the current attempt went: once per attempt for its status (0: a
    // transport failure), and again when a stream that had started breaks.
    void reportHealth(int status, const QString &error);
    void reportFailure(const QString &error);
    void releaseProbe();
    qint64 retryAfterMs() const;
    void finish();
    void releaseUpstream(bool reusable);
    QByteArray hashKey() const;
    HeaderList gatewayHeaders() const;
    void appendGatewayHeaders(HeaderList &headers) const;
    double elapsedMs(const QElapsedTimer &t) const { return double(t.nsecsElapsed()) / 1e6; }

    ServerConnection *m_client;
    ProxyWorker *m_worker;
    HttpRequest m_request;
    HeaderList m_cors;
    std::shared_ptr<const RouteTable> m_table; // kept for the whole request: a reload never cuts it
    const RouteSpec *m_route = nullptr;
    std::optional<AiRequest> m_ai;

    InstanceBalancer::Plan m_plan;
    QVarLengthArray<bool, 8> m_deferred; // put back once because another request probes it
    int m_next = 0;
    bool m_strictHealth = false; // rate_limiting: cooling instances are left out, not last
    bool m_probing = false;      // this attempt holds the instance's half-open probe
    bool m_reported = false;     // this attempt's outcome went to InstanceHealth
    const InstanceSpec *m_instance = nullptr;
    UpstreamRequest m_upstreamRequest;
    UpstreamConnection *m_upstream = nullptr;
    bool m_retriedStale = false;

    // The response being relayed.
    HttpResponseHead m_head;
    bool m_accepted = false;  // this attempt's answer is the one the client gets
    bool m_committed = false; // bytes went to the client: no fallback any more
    bool m_isSse = false;
    bool m_fixedLength = false;
    SseParser m_sse;
    UsageExtractor m_usage;
    QList<SseEvent> m_events;
    QByteArray m_bodyCopy; // a JSON body, for its usage
    qint64 m_upstreamBytes = 0;

    QElapsedTimer m_clock;        // since the request was received
    QElapsedTimer m_attemptClock; // since this attempt started
    QBasicTimer m_timeout;        // connect / first byte / between chunks
    QBasicTimer m_deadline;       // max_stream_duration_ms
    RequestRecord m_record;
    GatewayError m_lastFailure;
    bool m_finished = false;
};

} // namespace gatehouse
