#include "UpstreamConnection.h"

#include "ProxyLogging.h"

#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>

#include <cerrno>
#include <sys/socket.h>

namespace gatehouse {

void writeToSocket(QTcpSocket *socket, QByteArrayView data, bool direct)
{
    if (data.isEmpty())
        return;
    qsizetype sent = 0;
    if (direct && socket->bytesToWrite() == 0 &&
        socket->state() == QAbstractSocket::ConnectedState) {
        const qintptr fd = socket->socketDescriptor();
        while (fd >= 0 && sent < data.size()) {
            const ssize_t n = ::send(int(fd), data.data() + sent, size_t(data.size() - sent),
                                     MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0)
                sent += qsizetype(n);
            else if (n < 0 && errno == EINTR)
                continue;
            else
                break; // EAGAIN: the rest waits in Qt's buffer; an error: Qt reports it
        }
        if (sent == data.size())
            return;
    }
    socket->write(data.data() + sent, data.size() - sent);
    socket->flush();
}

UpstreamConnection::UpstreamConnection(const QString &key, const Target &target, QObject *parent)
    : QObject(parent), m_key(key), m_target(target)
{
    const bool tls = target.scheme == QLatin1String("https");
    if (tls) {
        auto *ssl = new QSslSocket(this);
        if (!target.sslVerify)
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &UpstreamConnection::onConnected);
        connect(ssl, &QSslSocket::sslErrors, this, [this](const QList<QSslError> &errors) {
            if (m_target.sslVerify && !errors.isEmpty())
                fail(QStringLiteral("TLS error: %1").arg(errors.first().errorString()));
        });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &UpstreamConnection::onConnected);
        m_direct = target.proxy.type() == QNetworkProxy::NoProxy;
    }
    m_socket->setProxy(target.proxy);
    connect(m_socket, &QTcpSocket::readyRead, this, &UpstreamConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &UpstreamConnection::onDisconnected);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &UpstreamConnection::onError);
}

UpstreamConnection::~UpstreamConnection()
{
    m_listener = nullptr;
    if (m_socket)
        m_socket->abort();
}

bool UpstreamConnection::isOpen() const
{
    return m_connected && !m_failed && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool UpstreamConnection::isReusable() const
{
    return isOpen() && m_parser.isReusable();
}

void UpstreamConnection::send(const QByteArray &bytes, UpstreamListener *listener)
{
    m_listener = listener;
    m_parser.reset();
    m_idleSince.invalidate();
    ++m_requests;
    if (m_connected) {
        writeToSocket(m_socket, bytes, m_direct);
        return;
    }
    m_pending = bytes;
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        if (auto *ssl = qobject_cast<QSslSocket *>(m_socket))
            ssl->connectToHostEncrypted(m_target.host, m_target.port);
        else
            m_socket->connectToHost(m_target.host, m_target.port);
    }
}

void UpstreamConnection::onConnected()
{
    m_connected = true;
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (!m_pending.isEmpty()) {
        writeToSocket(m_socket, m_pending, m_direct);
        m_pending.clear();
    }
}

void UpstreamConnection::onReadyRead()
{
    const QByteArray data = m_socket->readAll();
    if (!m_listener) {
        // Bytes on an idle connection: the server broke the protocol; never reuse it.
        m_failed = true;
        m_socket->abort();
        emit closedWhileIdle(this);
        return;
    }
    const HttpResponseParser::Progress progress = m_parser.feed(data);
    if (m_parser.hasError()) {
        fail(m_parser.errorString());
        return;
    }
    if (progress.headReady || progress.complete || !m_parser.bodyChunks().empty())
        m_listener->upstreamProgress(m_parser, progress.headReady, progress.complete);
}

void UpstreamConnection::onDisconnected()
{
    if (!m_listener) {
        emit closedWhileIdle(this);
        return;
    }
    if (m_parser.isComplete())
        return;
    if (m_parser.finishOnEof()) { // a body delimited by the close
        // finishOnEof() leaves bodyChunks() pointing into the last read's buffer, which is gone
        // (and was relayed already); an empty feed on a complete parser only clears them.
        m_parser.feed({});
        m_listener->upstreamProgress(m_parser, false, true);
        return;
    }
    fail(m_parser.receivedAnything()
             ? QStringLiteral("the provider closed the connection mid-response")
             : QStringLiteral("the provider closed the connection without answering"));
}

void UpstreamConnection::onError()
{
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError)
        return; // handled by onDisconnected, which knows whether the response was complete
    if (!m_listener) {
        emit closedWhileIdle(this);
        return;
    }
    fail(m_socket->errorString());
}

void UpstreamConnection::fail(const QString &reason)
{
    if (m_failed)
        return;
    m_failed = true;
    UpstreamListener *listener = m_listener;
    m_listener = nullptr;
    m_socket->abort();
    if (listener)
        listener->upstreamFailed(reason, !m_parser.receivedAnything());
}

void UpstreamConnection::detach()
{
    m_listener = nullptr;
    m_idleSince.start();
}

void UpstreamConnection::abort()
{
    m_listener = nullptr;
    m_failed = true;
    m_socket->abort();
}

} // namespace gatehouse
