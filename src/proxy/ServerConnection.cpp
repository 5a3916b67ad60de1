#include "ServerConnection.h"

#include "ProxyExchange.h"
#include "ProxyLogging.h"
#include "ProxyWorker.h"
#include "UpstreamConnection.h" // writeToSocket

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTcpSocket>
#include <QTimerEvent>

#include <cstdio>

namespace gatehouse {

namespace {

QByteArrayView hostWithoutPort(QByteArrayView host)
{
    if (host.startsWith('[')) {
        const qsizetype end = host.indexOf(']');
        return end < 0 ? host : host.sliced(1, end - 1);
    }
    const qsizetype colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.first(colon);
}

bool isIpLiteral(QByteArrayView host)
{
    if (host.contains(':'))
        return true; // an IPv6 literal (brackets already removed)
    int dots = 0;
    for (char c : host) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}

} // namespace

ServerConnection::ServerConnection(qintptr descriptor, ProxyWorker *worker)
    : m_worker(worker), m_socket(new QTcpSocket(this))
{
    if (!m_socket->setSocketDescriptor(descriptor)) {
        m_gone = true;
        return;
    }
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_peer = m_socket->peerAddress().toString();
    connect(m_socket, &QTcpSocket::readyRead, this, &ServerConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &ServerConnection::onDisconnected);
    m_parser.setHeadHandler([this](const HttpRequest &head) { return headLimit(head); });
    m_timer.start(m_worker->shared().settings.idleTimeoutMs, this);
}

ServerConnection::~ServerConnection()
{
    if (m_exchange)
        m_exchange->clientGone();
}

bool ServerConnection::isValid() const
{
    return !m_gone;
}

qint64 ServerConnection::headLimit(const HttpRequest &head)
{
    ++m_headsParsed;
    const RouteMatch match =
        m_worker->routes()->match(head.method, head.path(), head.header("host"));
    const qint64 limit = match.route ? match.route->limits.maxRequestBodyBytes
                                     : HttpRequestParser::DefaultMaxBodySize;
    if (head.expectContinue && head.contentLength <= limit) {
        // Only the request the connection is reading for may be told to go on: a 100 sent while
        // an earlier pipelined response is still due would read as that response's interim one.
        if (m_responding || !m_queue.empty() || m_headsParsed - 1 > m_requestsParsed)
            m_continueFor = m_headsParsed; // sent when its turn comes (end of startNext)
        else
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
    return limit;
}

void ServerConnection::onReadyRead()
{
    m_finished.clear(); // called from the event loop: no exchange is on the stack
    const QByteArray data = m_socket->readAll();
    if (m_parser.hasError() || m_gone)
        return;
    const bool ok = m_parser.feed(data);
    while (m_parser.hasRequest()) {
        m_queue.push_back(m_parser.takeRequest());
        ++m_requestsParsed;
    }
    if (!ok && !m_responding && m_queue.empty()) {
        answerParserError();
        return;
    }
    // After a parser error, the complete requests before it are still served in order; the
    // error is answered once they are (end of startNext).
    if (ok && !m_responding)
        armReadTimer();
    startNext();
}

void ServerConnection::armReadTimer()
{
    // Between requests the connection may sit idle for the idle timeout. A started head must be
    // complete within the header timeout of its first byte (dripping bytes does not extend it);
    // a body must not stall for longer than that (progress restarts the timer).
    const ProxySettings &s = m_worker->shared().settings;
    if (!m_parser.isMidRequest()) {
        m_headDeadlineArmed = false;
        m_timer.start(s.idleTimeoutMs, this);
    } else if (m_headsParsed > m_requestsParsed) {
        m_headDeadlineArmed = false;
        m_timer.start(s.headerTimeoutMs, this);
    } else if (!m_headDeadlineArmed) {
        m_headDeadlineArmed = true;
        m_timer.start(s.headerTimeoutMs, this);
    }
}

void ServerConnection::answerParserError()
{
    const HttpRequestParser::Error e = m_parser.error();
    QByteArray code = "bad_request";
    if (e == HttpRequestParser::Error::BodyTooLarge)
        code = "body_too_large";
    else if (e == HttpRequestParser::Error::HeaderTooLarge ||
             e == HttpRequestParser::Error::TooManyHeaders)
        code = "headers_too_large";
    else if (e == HttpRequestParser::Error::UnsupportedVersion)
        code = "http_version_not_supported";
    m_keepAlive = false;
    m_responding = true;
    sendError(GatewayError{m_parser.errorStatusCode(), code, m_parser.errorString()});
}

void ServerConnection::startNext()
{
    if (m_inStartNext)
        return; // the loop below is already running further up the stack
    m_inStartNext = true;
    while (!m_responding && !m_queue.empty() && !m_gone) {
        m_current = std::move(m_queue.front());
        m_queue.pop_front();
        m_responding = true;
        m_keepAlive = m_current.keepAlive;
        m_http10 = m_current.versionMinor == 0;
        m_headRequest = m_current.method == "HEAD";
        m_timer.stop();
        m_headDeadlineArmed = false;
        m_worker->shared().requests.fetch_add(1, std::memory_order_relaxed);

        const QByteArrayView host = m_current.header("host");
        if (host.isEmpty() && m_current.versionMinor >= 1) {
            sendError(GatewayError{400, "bad_request", QStringLiteral("missing Host header")});
            continue;
        }
        if (!host.isEmpty() && !hostAllowed(host)) {
            sendError(GatewayError{
                403, "forbidden_host",
                QStringLiteral("Host \"%1\" is not this machine: Gatehouse only answers requests "
                               "addressed to localhost or an IP address (this blocks DNS rebinding "
                               "from web pages); add the name to the allowed hosts to use it")
                    .arg(QString::fromLatin1(host))});
            continue;
        }
        HeaderList cors;
        if (!checkOrigin(m_current, cors))
            continue;
        if (m_current.method == "OPTIONS" && !m_current.header("origin").isEmpty()) {
            cors.emplaceBack("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
            const QByteArrayView requested = m_current.header("access-control-request-headers");
            cors.emplaceBack("Access-Control-Allow-Headers",
                             requested.isEmpty() ? QByteArray("Authorization, Content-Type")
                                                 : requested.toByteArray());
            cors.emplaceBack("Access-Control-Max-Age", "600");
            sendResponse(204, cors, {});
            continue;
        }
        const QByteArrayView path = m_current.path();
        if (m_current.method == "GET" && (path == "/v1/models" || path == "/models")) {
            QJsonArray data;
            QSet<QString> seen;
            for (const RouteSpec &route : m_worker->routes()->routes()) {
                for (const InstanceSpec &inst : route.instances) {
                    const QString model = inst.model();
                    if (model.isEmpty() || seen.contains(model))
                        continue;
                    seen.insert(model);
                    data.append(QJsonObject{{QStringLiteral("id"), model},
                                            {QStringLiteral("object"), QStringLiteral("model")},
                                            {QStringLiteral("created"), 0},
                                            {QStringLiteral("owned_by"), inst.provider}});
                }
            }
            HeaderList headers = cors;
            headers.emplaceBack("Content-Type", "application/json");
            sendResponse(
                200, headers,
                QJsonDocument(QJsonObject{{QStringLiteral("object"), QStringLiteral("list")},
                                          {QStringLiteral("data"), data}})
                    .toJson(QJsonDocument::Compact));
            continue;
        }
        m_exchange =
            std::make_unique<ProxyExchange>(this, m_worker, std::move(m_current), std::move(cors));
        m_exchange->start();
    }
    m_inStartNext = false;
    if (m_responding || !m_queue.empty() || m_gone)
        return;
    if (m_parser.hasError()) {
        answerParserError(); // the bad bytes that followed the requests just answered
        return;
    }
    if (m_continueFor != 0) {
        // The request now being read asked for 100 Continue behind earlier ones (headLimit);
        // unless its body came anyway, it is told to go on now.
        if (m_continueFor == m_requestsParsed + 1 && m_parser.isMidRequest()) {
            m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            m_socket->flush();
        }
        m_continueFor = 0;
    }
}

bool ServerConnection::hostAllowed(QByteArrayView host) const
{
    const QByteArrayView name = hostWithoutPort(host);
    if (isIpLiteral(name))
        return true; // a rebinding attack needs a DNS name
    if (name.compare("localhost", Qt::CaseInsensitive) == 0 ||
        (name.size() > 10 && name.last(10).compare(".localhost", Qt::CaseInsensitive) == 0))
        return true;
    const ProxySettings &s = m_worker->shared().settings;
    if (name.compare(s.listen.host.toUtf8(), Qt::CaseInsensitive) == 0)
        return true;
    for (const QString &allowed : s.allowedHosts) {
        if (name.compare(allowed.toUtf8(), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool ServerConnection::checkOrigin(const HttpRequest &request, HeaderList &cors)
{
    const QByteArrayView origin = request.header("origin");
    if (origin.isEmpty())
        return true; // not a browser, or a same-origin navigation
    const QStringList &allowed = m_worker->shared().settings.allowedOrigins;
    const QString o = QString::fromUtf8(origin);
    if (allowed.contains(o) || allowed.contains(QStringLiteral("*"))) {
        cors.emplaceBack("Access-Control-Allow-Origin", origin.toByteArray());
        cors.emplaceBack("Vary", "Origin");
        cors.emplaceBack("Access-Control-Expose-Headers",
                         "X-Gatehouse-Route, X-Gatehouse-Instance, X-Gatehouse-Attempts");
        return true;
    }
    sendError(GatewayError{
        403, "forbidden_origin",
        QStringLiteral(
            "requests from web pages are blocked: origin %1 is not in Gatehouse's allowed "
            "browser origins (Settings)")
            .arg(o)});
    return false;
}

void ServerConnection::writeHead(int status, const HeaderList &headers, QByteArrayView framing)
{
    QByteArray &head = m_out;
    head.reserve(head.size() + 512);
    head.append("HTTP/1.1 ").append(QByteArray::number(status)).append(' ');
    head.append(GatewayError::reasonPhrase(status)).append("\r\n");
    for (const auto &[name, value] : headers)
        head.append(name).append(": ").append(value).append("\r\n");
    head.append(framing);
    if (!m_keepAlive) {
        m_closeAfter = true;
        head.append("Connection: close\r\n");
    } else if (m_http10) {
        head.append("Connection: keep-alive\r\n");
    }
    head.append("\r\n");
    if (!m_corked)
        flushOut();
}

void ServerConnection::flushOut()
{
    if (m_out.isEmpty())
        return;
    if (m_gone) {
        m_out.clear();
        return;
    }
    // The buffer is reused: keep its capacity for the next response on this connection.
    writeToSocket(m_socket, m_out, true);
    m_out.resize(0);
}

void ServerConnection::uncork()
{
    if (m_corked > 0 && --m_corked == 0)
        flushOut();
}

void ServerConnection::sendResponse(int status, const HeaderList &headers, const QByteArray &body)
{
    if (m_gone)
        return;
    m_chunked = false;
    // Head and body in one write: one packet for small answers.
    const QByteArray framing = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    ++m_corked;
    writeHead(status, headers, framing);
    if (!m_headRequest)
        m_out.append(body);
    --m_corked;
    flushOut();
    m_bytesOut += body.size();
    afterResponse();
}

void ServerConnection::sendError(const GatewayError &error, const HeaderList &extra)
{
    HeaderList headers = extra;
    headers.emplaceBack("Content-Type", "application/json");
    sendResponse(error.status, headers, error.body());
}

void ServerConnection::beginStream(int status, const HeaderList &headers)
{
    m_chunked = !m_http10;
    if (!m_chunked)
        m_keepAlive = false; // an HTTP/1.0 client reads to the close
    writeHead(status, headers,
              m_chunked ? QByteArray("Transfer-Encoding: chunked\r\n") : QByteArray());
}

void ServerConnection::beginFixed(int status, const HeaderList &headers, qint64 contentLength)
{
    m_chunked = false;
    writeHead(status, headers,
              QByteArray("Content-Length: " + QByteArray::number(contentLength) + "\r\n"));
}

void ServerConnection::writeBody(QByteArrayView data)
{
    if (m_gone || data.isEmpty())
        return;
    if (m_chunked) {
        char size[20];
        const int n = std::snprintf(size, sizeof size, "%llx\r\n", (unsigned long long)data.size());
        m_out.reserve(m_out.size() + n + data.size() + 2);
        m_out.append(size, n).append(data).append("\r\n");
    } else {
        m_out.append(data);
    }
    // No buffering: every piece leaves now, or at the uncork that ends this pass (Nagle is off).
    if (!m_corked)
        flushOut();
    m_bytesOut += data.size();
}

void ServerConnection::endResponse()
{
    if (m_gone)
        return;
    if (m_chunked)
        m_out.append("0\r\n\r\n");
    flushOut(); // the response is whole: it leaves now, corked or not
    afterResponse();
}

void ServerConnection::abortResponse()
{
    m_closeAfter = true;
    m_gone = true;
    m_out.clear();
    m_socket->abort();
}

void ServerConnection::afterResponse()
{
    m_responding = false;
    if (m_closeAfter) {
        m_gone = true;
        m_socket->disconnectFromHost(); // sends what is buffered, then closes
        return;
    }
    if (m_parser.hasError() && m_queue.empty() && !m_exchange) {
        answerParserError();
        return;
    }
    armReadTimer();
    // Pipelined requests wait in the queue; startNext's loop picks the next one up.
}

void ServerConnection::exchangeFinished()
{
    if (m_exchange)
        m_finished.push_back(std::move(m_exchange));
    if (!m_gone)
        startNext();
}

void ServerConnection::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId())
        return;
    m_timer.stop();
    if (m_responding)
        return;
    if (m_parser.isMidRequest()) {
        m_keepAlive = false;
        m_responding = true;
        sendError(GatewayError{
            408, "request_timeout",
            QStringLiteral("the request was not received in time (%1 s); send the whole request "
                           "at once")
                .arg(m_worker->shared().settings.headerTimeoutMs / 1000.0)});
        return;
    }
    m_gone = true;
    m_socket->disconnectFromHost();
}

void ServerConnection::onDisconnected()
{
    m_gone = true;
    m_timer.stop();
    if (m_exchange) {
        m_exchange->clientGone();
        m_exchange.release()->deleteLater();
    }
    emit closed(this);
}

void ServerConnection::closeNow()
{
    m_gone = true;
    m_out.clear();
    m_socket->abort();
}

} // namespace gatehouse
