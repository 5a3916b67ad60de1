#pragma once

// A scripted LLM provider on real sockets: the independent party the proxy is tested and
// benchmarked against. It speaks just enough HTTP/1.1 by itself (no proxy code, no QNAM) and
// answers like OpenAI, DeepSeek or Anthropic would, or misbehaves on purpose.
//
// Choosing the answer for a request, first match wins:
//   1. the queue (enqueue): the first queued behaviour whose path prefix matches is used once;
//   2. per-path behaviours (setBehavior): the longest matching path prefix;
//   3. the default (setDefault).
// Then path conventions (on unless setPathConventions(false)) adjust it from the request path.
// Leading segments are consumed while they are recognised, so they combine freely and the rest
// is the path a proxy appends (e.g. /status/429/retry-after/3/v1/chat/completions):
//   /json /sse /hang /hang-after-headers /garbage /close   kind of answer
//   /status/CODE        error answer (OpenAI error shape) with that status
//   /cut/N              stream N events, then close the connection abruptly
//   /delay/MS /pace/MS /events/N /retry-after/S /model/NAME
//   /openai /deepseek /anthropic                           dialect
//   /usage-always /usage-never /usage-requested            final usage chunk in streams
//   /chunked            JSON body with chunked transfer-encoding
//   /conn-close         answer with "Connection: close" and close
// With Dialect::Auto a path ending in /messages answers in Anthropic's native shape. With
// Kind::Auto a request with "stream": true gets SSE, others JSON, and GET .../models a model list.

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <memory>

namespace gatehouse {

using MockHeaders = QList<QPair<QByteArray, QByteArray>>;

// How to answer one request. Aggregate, so designated initializers work as well as the helpers.
struct Behavior
{
    enum class Kind {
        Auto,             // SSE if the request asked for a stream, else JSON
        Json,             // chat.completion (or Anthropic message)
        Sse,              // chat.completion.chunk events ending with data: [DONE]
        Status,           // error answer with `status`; OpenAI error body (Anthropic's there)
        Hang,             // read the request, never answer
        HangAfterHeaders, // send the headers (SSE, or JSON with a Content-Length), then nothing
        CutStream,        // stream `cutAfterEvents` events, then close without ending the body
        Garbage,          // bytes that are not HTTP, then close
        CloseImmediately, // close without answering
    };
    enum class Dialect { Auto, OpenAI, DeepSeek, Anthropic };
    // Auto: OpenAI sends the usage chunk only if stream_options.include_usage; DeepSeek and
    // Anthropic always report usage.
    enum class Usage { Auto, IfRequested, Always, Never };

    Kind kind = Kind::Auto;
    int status = 200;
    MockHeaders headers; // extra response headers, e.g. Retry-After
    QString content = QStringLiteral("Hello from the mock provider.");
    QString reasoning;         // DeepSeek reasoning_content, streamed before content
    int events = -1;           // content events; -1: one per word of `content`
    int delayMs = 0;           // before the response headers
    int paceMs = 0;            // between SSE events
    int cutAfterEvents = 2;    // CutStream
    bool cutWithReset = false; // CutStream/Garbage end with RST instead of FIN
    Dialect dialect = Dialect::Auto;
    Usage usage = Usage::Auto;
    int promptTokens = 11;
    int completionTokens = -1;    // -1: number of content + reasoning events
    int cachedTokens = 0;         // cached_tokens / prompt_cache_hit_tokens / cache_read
    int reasoningTokens = -1;     // -1: number of reasoning events
    QString model;                // empty: echo the request's model
    QString errorMessage;         // Status; empty: a stock sentence for the status
    QByteArray rawBody;           // replaces the generated body (Json, Status, Garbage)
    bool chunked = false;         // JSON body with chunked transfer-encoding
    bool sseChunked = true;       // false: the SSE body ends when the connection closes
    bool connectionClose = false; // "Connection: close", then close

    static Behavior json(const QString &content = {});
    static Behavior sse(int events = -1, int paceMs = 0);
    static Behavior error(int status, const QString &message = {});
    static Behavior rateLimited(int retryAfterSeconds);
    static Behavior hang();
    static Behavior hangAfterHeaders();
    static Behavior cutStream(int afterEvents, int paceMs = 0);
    static Behavior garbage(const QByteArray &bytes = {});
    static Behavior closeImmediately();

    Behavior &withHeader(const QByteArray &name, const QByteArray &value);
    Behavior &withDialect(Dialect d);
    Behavior &withUsage(Usage u);
    Behavior &withDelay(int ms);
    Behavior &withPace(int ms);
    Behavior &withEvents(int n);
    Behavior &withModel(const QString &m);
    Behavior &withContent(const QString &c);
};

// One request as it arrived.
struct MockRequest
{
    QByteArray method;
    QByteArray path;     // the request target: path and query
    QByteArray version;  // "HTTP/1.1"
    MockHeaders headers; // in arrival order, names as sent
    QByteArray body;     // de-chunked
    bool chunkedBody = false;
    int connectionId = 0;
    int indexOnConnection = 0; // 0 for the first request on its connection
    qint64 receivedAtNs = 0;   // steady clock, see MockProvider::monotonicNs()
    qint64 receivedAtMs = 0;   // wall clock, ms since the epoch

    QByteArray pathWithoutQuery() const;
    QByteArray query() const;
    QByteArray header(QByteArrayView name) const; // first match, case-insensitive
    bool hasHeader(QByteArrayView name) const;
    QJsonObject json() const; // body as a JSON object (empty if it is not one)
};

class MockProvider final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MockProvider)

public:
    explicit MockProvider(QObject *parent = nullptr);
    ~MockProvider() override;

    // Connections run on N threads with their own event loops (set before listen). With 1 (the
    // default) they run on this object's thread and signals are emitted synchronously.
    void setWorkerThreads(int count);
    bool listen(quint16 port = 0); // on 127.0.0.1
    void close();                  // stop listening and drop every connection
    void closeAllConnections();
    quint16 port() const;
    QString baseUrl() const; // "http://127.0.0.1:PORT"

    void setDefault(const Behavior &behavior);
    Behavior defaultBehavior() const;
    void setBehavior(const QString &pathPrefix, const Behavior &behavior);
    void clearBehaviors(); // per-path ones
    void enqueue(const Behavior &behavior, const QString &pathPrefix = {});
    int queuedCount() const;
    void clearQueue();
    void setPathConventions(bool enabled);

    // Recording is on by default; a long benchmark turns it off.
    void setRecordRequests(bool enabled);
    QList<MockRequest> requests() const;
    MockRequest request(int index) const;
    MockRequest lastRequest() const;
    int requestCount() const; // every request, recorded or not, since the start
    void clearRequests();

    int connectionsAccepted() const;
    int connectionsClosedByPeer() const; // not counting those the mock closed itself
    int openConnections() const;

    static qint64 monotonicNs();

    struct Shared; // state shared with the connections; an implementation detail

signals:
    // Emitted before the answer is chosen, so a slot connected on this object's thread may still
    // script it. `index` is the request's index in requests(), -1 when recording is off.
    void requestReceived(int index);
    void connectionAccepted(int connectionId);
    // The peer closed or reset the connection, whatever the mock was doing (idle, hanging,
    // pacing a stream). A proxy's pool closing an idle connection counts too.
    void clientDisconnected(int connectionId);

private:
    std::shared_ptr<Shared> m_shared;
};

} // namespace gatehouse
