#include "ProxyHarness.h"

#include "Fixtures.h"
#include "Providers.h"
#include "RouteSchema.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutexLocker>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

#include <sys/socket.h>

namespace gatehouse::integration {

const QByteArray kChatBody = QByteArrayLiteral(
    R"({"model":"client-model","messages":[{"role":"user","content":"What is the Fibonacci sequence?"}]})");
const QByteArray kStreamBody = QByteArrayLiteral(
    R"({"model":"client-model","stream":true,"messages":[{"role":"user","content":"Count"}]})");
const QByteArray kStreamUsageBody = QByteArrayLiteral(
    R"({"model":"client-model","stream":true,"stream_options":{"include_usage":true},)"
    R"("messages":[{"role":"user","content":"Count"}]})");

// ---------------------------------------------------------------------------------------------

void CollectingSink::record(const RequestRecord &record)
{
    QMutexLocker lock(&m_mutex);
    m_records.append(record);
}

QList<RequestRecord> CollectingSink::records() const
{
    QMutexLocker lock(&m_mutex);
    return m_records;
}

int CollectingSink::count() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_records.size());
}

RequestRecord CollectingSink::last() const
{
    QMutexLocker lock(&m_mutex);
    return m_records.isEmpty() ? RequestRecord() : m_records.constLast();
}

void CollectingSink::clear()
{
    QMutexLocker lock(&m_mutex);
    m_records.clear();
}

// ---------------------------------------------------------------------------------------------

QByteArray HttpResponse::header(QByteArrayView name) const
{
    for (const auto &[n, v] : headers) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

bool HttpResponse::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (name.compare(h.first, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject HttpResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QString HttpResponse::errorCode() const
{
    return json().value(u"error").toObject().value(u"code").toString();
}

QString HttpResponse::errorMessage() const
{
    return json().value(u"error").toObject().value(u"message").toString();
}

// ---------------------------------------------------------------------------------------------

RawClient::RawClient(quint16 port)
{
    QObject::connect(&socket, &QTcpSocket::readyRead, [this] {
        const QByteArray bytes = socket.readAll();
        if (!bytes.isEmpty()) {
            buffer += bytes;
            ++reads;
        }
    });
    socket.connectToHost(QHostAddress::LocalHost, port);
}

bool RawClient::connected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                           timeoutMs);
}

void RawClient::send(const QByteArray &bytes)
{
    socket.write(bytes);
    socket.flush();
}

bool RawClient::waitDisconnected(int timeoutMs)
{
    return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::UnconnectedState; },
                           timeoutMs);
}

bool RawClient::waitFor(QByteArrayView needle, int timeoutMs)
{
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            return buffer.contains(needle) || socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return buffer.contains(needle);
}

bool RawClient::read(HttpResponse *out, int timeoutMs, bool keepInterim)
{
    *out = HttpResponse();
    QElapsedTimer timer;
    timer.start();
    // True when more bytes came; false on timeout or when the peer closed with nothing new.
    auto waitMore = [&](qsizetype have) {
        [[maybe_unused]] const bool done = QTest::qWaitFor(
            [&] {
                return buffer.size() > have || socket.state() == QAbstractSocket::UnconnectedState;
            },
            int(qMax<qint64>(1, timeoutMs - timer.elapsed())));
        return buffer.size() > have;
    };
    qsizetype end;
    while ((end = buffer.indexOf("\r\n\r\n")) < 0) {
        if (!waitMore(buffer.size()))
            return false;
    }
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    const QByteArray statusLine = lines.first().trimmed();
    if (!statusLine.startsWith("HTTP/1."))
        return false;
    const qsizetype sp1 = statusLine.indexOf(' ');
    const qsizetype sp2 = statusLine.indexOf(' ', sp1 + 1);
    out->status = statusLine.mid(sp1 + 1, sp2 < 0 ? -1 : sp2 - sp1 - 1).toInt();
    out->reason = sp2 < 0 ? QByteArray() : statusLine.mid(sp2 + 1);
    qint64 length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        const QByteArray name = lines.at(i).left(colon).trimmed();
        const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
        out->headers.append({name, value});
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            length = value.toLongLong();
            out->hasContentLength = true;
        }
        if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
            out->chunked = value.contains("chunked");
    }
    qsizetype pos = end + 4;
    if (out->status >= 100 && out->status < 200 && out->status != 101) {
        buffer.remove(0, pos);
        return keepInterim ? true : read(out, timeoutMs);
    }
    if (out->chunked) {
        for (;;) {
            const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
            bool ok = false;
            const qint64 size =
                lineEnd < 0 ? -1 : buffer.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
            if (lineEnd < 0 || !ok || buffer.size() < lineEnd + 2 + size + 2) {
                if (!waitMore(buffer.size()))
                    return false;
                continue;
            }
            out->body += buffer.mid(lineEnd + 2, size);
            pos = lineEnd + 2 + size + 2;
            if (size == 0)
                break;
        }
    } else if (length >= 0) {
        while (buffer.size() - pos < length) {
            if (!waitMore(buffer.size()))
                return false;
        }
        out->body = buffer.mid(pos, length);
        pos += length;
    } else {
        if (!waitDisconnected(int(qMax<qint64>(1, timeoutMs - timer.elapsed()))))
            return false;
        out->body = buffer.mid(pos);
        pos = buffer.size();
    }
    buffer.remove(0, pos);
    return true;
}

// ---------------------------------------------------------------------------------------------

ScriptedUpstream::ScriptedUpstream() : m_server(new QTcpServer)
{
    if (!m_server->listen(QHostAddress::LocalHost, 0))
        qFatal("the scripted upstream cannot listen");
    QObject::connect(m_server, &QTcpServer::newConnection, [this] {
        while (QTcpSocket *c = m_server->nextPendingConnection()) {
            c->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            m_connection = c;
            ++m_connections;
            m_peerClosed = false;
            request.clear();
            QObject::connect(c, &QTcpSocket::readyRead, [this, c] {
                if (c == m_connection)
                    request += c->readAll();
            });
            QObject::connect(c, &QTcpSocket::disconnected, [this, c] {
                if (c == m_connection)
                    m_peerClosed = true;
            });
        }
    });
}

ScriptedUpstream::~ScriptedUpstream()
{
    delete m_server; // and its connections (children)
}

QString ScriptedUpstream::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_server->serverPort());
}

bool ScriptedUpstream::waitForRequest(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] {
            const qsizetype end = request.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            qint64 length = 0;
            for (const QByteArray &line : request.left(end).split('\n')) {
                if (line.toLower().startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
            return request.size() >= end + 4 + length;
        },
        timeoutMs);
}

void ScriptedUpstream::write(const QByteArray &bytes)
{
    if (!m_connection)
        return;
    m_connection->write(bytes);
    m_connection->flush();
}

void ScriptedUpstream::closeConnection()
{
    if (m_connection)
        m_connection->disconnectFromHost();
}

void ScriptedUpstream::resetConnection()
{
    if (!m_connection)
        return;
    // SO_LINGER 0 turns the close into an RST: "connection reset by peer".
    const linger l{1, 0};
    ::setsockopt(int(m_connection->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
    m_connection->abort();
}

bool ScriptedUpstream::peerClosed() const
{
    return m_peerClosed;
}

// ---------------------------------------------------------------------------------------------

ProxyHarness::ProxyHarness()
{
    // One log line per request is noise in a test log; GATEHOUSE_TEST_VERBOSE=1 keeps them.
    if (!qEnvironmentVariableIsSet("GATEHOUSE_TEST_VERBOSE"))
        QLoggingCategory::setFilterRules(
            QStringLiteral("gatehouse.requests.info=false\ngatehouse.proxy.info=false"));
    // The mock answers on its own threads, so it never waits for the test's event loop.
    mock.setWorkerThreads(2);
    if (!mock.listen())
        qFatal("the mock provider cannot listen");
    settings.listen = ListenAddress{QStringLiteral("127.0.0.1"), 0};
    for (const ProviderInfo &p : Providers::all()) {
        if (!p.baseUrl.isEmpty())
            settings.providerEndpoints.insert(p.id, QUrl(mock.baseUrl()));
    }
    proxy = std::make_unique<ProxyServer>(routes);
    proxy->setSink(&sink);
}

ProxyHarness::~ProxyHarness()
{
    proxy->stop();
}

bool ProxyHarness::start()
{
    if (!proxy->start(settings)) {
        qWarning("proxy did not start: %s", qPrintable(proxy->errorString()));
        return false;
    }
    return true;
}

void ProxyHarness::stop()
{
    proxy->stop();
}

bool ProxyHarness::publish(const QList<QJsonObject> &list)
{
    QList<RouteSpec> specs;
    for (const QJsonObject &route : list) {
        const RouteSchema::Result parsed = RouteSchema::parse(route);
        if (!parsed.ok()) {
            for (const auto &e : parsed.errors)
                qWarning("route %s: %s: %s", qPrintable(RouteSchema::routeId(route)),
                         qPrintable(e.path), qPrintable(e.message));
            return false;
        }
        specs.append(parsed.spec);
    }
    routes.publish(RouteTable::build(specs, nullptr));
    return true;
}

QString ProxyHarness::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path);
}

// ---------------------------------------------------------------------------------------------

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extraHeaders,
                const QByteArray &host)
{
    return "POST " + path + " HTTP/1.1\r\nHost: " + host +
           "\r\nContent-Type: application/json\r\n" + extraHeaders +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

CurlResult runCurl(const QStringList &args, int timeoutMs)
{
    CurlResult result;
    QProcess p;
    p.start(QStringLiteral("/usr/bin/curl"),
            QStringList{QStringLiteral("-sS"), QStringLiteral("--noproxy"), QStringLiteral("*")} +
                args);
    // The mock runs on this thread: wait with the event loop turning, never blocking.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return result;
    }
    result.out = p.readAllStandardOutput();
    result.err = p.readAllStandardError();
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return result;
}

HttpResponse parseCurlInclude(const QByteArray &out)
{
    HttpResponse r;
    QByteArray rest = out;
    for (;;) {
        const qsizetype end = rest.indexOf("\r\n\r\n");
        if (end < 0)
            return r;
        const QList<QByteArray> lines = rest.left(end).split('\n');
        const QList<QByteArray> status = lines.first().trimmed().split(' ');
        r = HttpResponse();
        r.status = status.value(1).toInt();
        r.reason = lines.first().trimmed().mid(status.value(0).size() + status.value(1).size() + 2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            r.headers.append(
                {lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
        }
        rest = rest.mid(end + 4);
        if (r.status >= 200 || r.status == 0)
            break; // curl -i prints interim answers too
    }
    r.body = rest;
    return r;
}

QList<QJsonObject> sseObjects(const QByteArrayView body)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : body.toByteArray().split('\n')) {
        if (line.startsWith("data: ") && line != "data: [DONE]")
            objects.append(QJsonDocument::fromJson(line.mid(6)).object());
    }
    return objects;
}

QList<QByteArray> sseEventNames(const QByteArrayView body)
{
    QList<QByteArray> names;
    for (const QByteArray &line : body.toByteArray().split('\n')) {
        if (line.startsWith("event: "))
            names.append(line.mid(7));
    }
    return names;
}

QJsonObject routeJson(const char *text)
{
    return fixtures::json(text);
}

quint16 unusedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace gatehouse::integration
