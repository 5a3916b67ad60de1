#pragma once

#include "AiRequest.h"
#include "RequestRecord.h"
#include "ServerConnection.h"
#include "SseParser.h"
#include "UpstreamConnection.h"
#include "UsageExtractor.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QObject>

#include <memory>
#include <optional>

namespace gatehouse {

class ProxyWorker;
class RouteTable;
struct RouteSpec;

// One client request, from the matched route to the last byte: it reads the AI request, asks
// the balancer for the order of instances, tries them (falling back on the route's strategy while
// nothing has reached the client yet), relays the answer as it arrives (SSE event by event, the
// usage chunk Gatehouse asked for hidden from a client that did not), enforces the timeouts, and
// hands one RequestRecord to the sink. Lives in a worker thread; owned by its ServerConnection.
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
    void nextAttempt();
    void send(bool freshConnection);
    // An attempt failed before anything reached the client: fall back or answer.
    void attemptFailed(int status, const QString &reason, bool timeout);
    bool isFallbackStatus(int status) const;
    bool mayRetry() const;
    void commitHead();
    void relay(const std::vector<QByteArrayView> &chunks);
    void complete();
    void interrupt(const GatewayError &error);
    void responseTooLarge();
    void answer(const GatewayError &error);
    void finish();
    void releaseUpstream(bool reusable);
    QByteArray hashKey() const;
    HeaderList gatewayHeaders() const;
    double elapsedMs(const QElapsedTimer &t) const { return double(t.nsecsElapsed()) / 1e6; }

    ServerConnection *m_client;
    ProxyWorker *m_worker;
    HttpRequest m_request;
    HeaderList m_cors;
    std::shared_ptr<const RouteTable> m_table; // kept for the whole request: a reload never cuts it
    const RouteSpec *m_route = nullptr;
    std::optional<AiRequest> m_ai;

    QList<int> m_plan;
    int m_next = 0;
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
