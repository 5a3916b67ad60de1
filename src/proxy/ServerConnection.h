#pragma once

#include "GatewayError.h"
#include "HttpRequestParser.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <deque>
#include <memory>
#include <vector>

class QTcpSocket;

namespace gatehouse {

class ProxyExchange;
class ProxyWorker;

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// One client connection: reads and parses requests (limits, timeouts), checks Host and Origin,
// answers pipelined requests one at a time in order, and writes responses for the exchange that
// is serving the current request. Lives in a worker thread.
class ServerConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServerConnection)

public:
    ServerConnection(qintptr descriptor, ProxyWorker *worker);
    ~ServerConnection() override;

    bool isValid() const;
    QString peer() const { return m_peer; }

    // Response writing, for the exchange and for the gateway's own answers.
    void sendResponse(int status, const HeaderList &headers, const QByteArray &body);
    void sendError(const GatewayError &error, const HeaderList &extra = {});
    // A response whose length is not known up front (a stream): chunked for HTTP/1.1 clients,
    // delimited by the close for HTTP/1.0 ones.
    void beginStream(int status, const HeaderList &headers);
    void beginFixed(int status, const HeaderList &headers, qint64 contentLength);
    void writeBody(QByteArrayView data);
    void endResponse();
    // Closes at once (a relayed body that cannot be finished).
    void abortResponse();
    // While corked, the writes above gather in one buffer that leaves as one write at the last
    // uncork(): for what one upstream read produces (head, events, end of the chunked body).
    // Nothing waits for later input, so streaming is not delayed. Nests.
    void cork() { ++m_corked; }
    void uncork();
    qint64 bytesWritten() const { return m_bytesOut; }

    // The exchange is done with the current request.
    void exchangeFinished();

    // For the server's stop().
    void closeNow();

signals:
    void closed(ServerConnection *self);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onReadyRead();
    void onDisconnected();
    void startNext();
    bool checkOrigin(const HttpRequest &request, HeaderList &cors);
    bool hostAllowed(QByteArrayView host) const;
    void answerParserError();
    void writeHead(int status, const HeaderList &headers, QByteArrayView framing);
    void flushOut();
    void afterResponse();
    void armReadTimer();
    qint64 headLimit(const HttpRequest &head);

    ProxyWorker *m_worker;
    QTcpSocket *m_socket;
    QString m_peer;
    HttpRequestParser m_parser;
    std::deque<HttpRequest> m_queue;
    std::unique_ptr<ProxyExchange> m_exchange;
    // Exchanges that finished, freed at the next read: one may still be on the stack when it
    // finishes, and deleteLater() would cost a posted event (a wake-up of the loop) per request.
    std::vector<std::unique_ptr<ProxyExchange>> m_finished;
    HttpRequest m_current; // moved into the exchange that serves it
    bool m_http10 = false;
    bool m_headRequest = false;
    QBasicTimer m_timer; // header/body timeout while reading, idle timeout between requests

    // Where the parser is, for the read timer and for a deferred 100 Continue.
    quint64 m_headsParsed = 0;        // request heads the parser has finished
    quint64 m_requestsParsed = 0;     // whole requests taken from the parser
    quint64 m_continueFor = 0;        // the request (by head count) whose 100 Continue waits
    bool m_headDeadlineArmed = false; // the header timer runs for the head being read

    QByteArray m_out; // response bytes not yet handed to the socket (see cork)
    int m_corked = 0;
    qint64 m_bytesOut = 0;
    bool m_keepAlive = true;   // of the current request
    bool m_chunked = false;    // the current response is chunked
    bool m_closeAfter = false; // close once this response is written
    bool m_responding = false;
    bool m_gone = false;
    bool m_inStartNext = false;
};

} // namespace gatehouse
