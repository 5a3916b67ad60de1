#pragma once

// What every integration test of the proxy needs: the proxy running in-process on port 0 over a
// route snapshot the test publishes, the project's mock provider as every provider's endpoint, a
// sink that keeps the request records, and clients that speak HTTP by hand (RawClient) or run
// curl. Everything runs on real sockets; the mock and the clients live on the test's thread, the
// proxy on its own worker threads, so waits always turn the event loop (QTest::qWaitFor).

#include "MockProvider.h"
#include "ProxyServer.h"
#include "RequestRecord.h"
#include "RouteTable.h"
#include "SnapshotHolder.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace gatehouse::integration {

// Keeps every record the proxy hands over (called from worker threads).
class CollectingSink final : public RequestSink
{
public:
    void record(const RequestRecord &record) override;

    QList<RequestRecord> records() const;
    int count() const;
    RequestRecord last() const;
    void clear();

private:
    mutable QMutex m_mutex;
    QList<RequestRecord> m_records;
};

// One HTTP response as a client read it.
struct HttpResponse
{
    int status = 0;
    QByteArray reason;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // de-chunked
    bool chunked = false;
    bool hasContentLength = false;

    QByteArray header(QByteArrayView name) const; // first match, case-insensitive
    bool hasHeader(QByteArrayView name) const;
    QJsonObject json() const;
    // The gateway's error envelope: error.code and error.message.
    QString errorCode() const;
    QString errorMessage() const;
};

// A client that speaks HTTP/1.1 by hand over a QTcpSocket: pipelining, split writes, malformed
// input, and a look at when bytes arrive.
class RawClient
{
public:
    explicit RawClient(quint16 port);

    bool connected(int timeoutMs = 5000);
    void send(const QByteArray &bytes);
    // Waits until the peer closed (or reset) the connection.
    bool waitDisconnected(int timeoutMs = 5000);
    bool isOpen() const { return socket.state() == QAbstractSocket::ConnectedState; }
    // Waits until the buffer holds `needle` (or the connection closed); true when it does.
    bool waitFor(QByteArrayView needle, int timeoutMs = 5000);
    // Reads one whole response from the buffer, waiting for bytes as needed; leaves what follows.
    // Interim 1xx answers are skipped unless keepInterim.
    bool read(HttpResponse *out, int timeoutMs = 10000, bool keepInterim = false);

    QTcpSocket socket;
    QByteArray buffer;
    int reads = 0; // readyRead signals that brought bytes
};

// A bare upstream for byte-exact scripts on the test's thread: it reads one request (head and a
// Content-Length body) per connection and the test writes the answer piece by piece, so where
// the proxy's reads split a stream is under the test's control.
class ScriptedUpstream
{
public:
    ScriptedUpstream();
    ~ScriptedUpstream();
    Q_DISABLE_COPY_MOVE(ScriptedUpstream)

    QString baseUrl() const;
    // Waits until a whole request arrived on the newest connection.
    bool waitForRequest(int timeoutMs = 10000);
    // Writes to the newest connection now.
    void write(const QByteArray &bytes);
    void closeConnection();  // FIN
    void resetConnection();  // RST
    bool peerClosed() const; // the proxy closed the newest connection
    int connectionCount() const { return m_connections; }

    QByteArray request; // raw bytes of the request on the newest connection

private:
    QTcpServer *m_server;
    QTcpSocket *m_connection = nullptr;
    int m_connections = 0;
    bool m_peerClosed = false;
};

// The proxy under test with its mock provider.
class ProxyHarness
{
public:
    ProxyHarness();
    ~ProxyHarness();
    Q_DISABLE_COPY_MOVE(ProxyHarness)

    // Settings used by start(): listen on 127.0.0.1:0, every provider that has a default host
    // pointed at the mock (paths kept, so DeepSeek's requests arrive on /chat/completions and
    // OpenAI's on /v1/chat/completions).
    ProxySettings settings;

    // (Re)starts the proxy with `settings`.
    bool start();
    void stop();
    // Replaces the route snapshot. Returns false (with a warning naming the problem) when a
    // route does not validate.
    bool publish(const QList<QJsonObject> &routes);

    quint16 port() const { return proxy->port(); }
    QString url(const QString &path) const;

    MockProvider mock;
    SnapshotHolder<RouteTable> routes;
    CollectingSink sink;
    std::unique_ptr<ProxyServer> proxy;
};

// A POST with a JSON body, as curl or an SDK would send it.
QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders = {},
                const QByteArray &host = "127.0.0.1");

struct CurlResult
{
    int exitCode = -1;
    QByteArray out; // stdout
    QByteArray err; // stderr
};

// Runs curl (-sS, no proxy) with the event loop turning, so an in-process mock keeps serving.
CurlResult runCurl(const QStringList &args, int timeoutMs = 20000);

// Splits "curl -i" output into a response.
HttpResponse parseCurlInclude(const QByteArray &out);

// The JSON objects of the "data:" lines of an SSE body (not [DONE]).
QList<QJsonObject> sseObjects(const QByteArrayView body);
QList<QByteArray> sseEventNames(const QByteArrayView body);

// Common request bodies.
extern const QByteArray kChatBody;        // {"model":"client-model","messages":[...]}
extern const QByteArray kStreamBody;      // the same with "stream": true
extern const QByteArray kStreamUsageBody; // and stream_options.include_usage

// A route object from JSON text (qFatal on bad JSON).
QJsonObject routeJson(const char *text);

// A free port nothing listens on (bound and released).
quint16 unusedPort();

} // namespace gatehouse::integration
