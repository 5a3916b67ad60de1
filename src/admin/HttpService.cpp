#include "HttpService.h"

#include "GatewayError.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace gatehouse {

namespace {

QByteArray serialize(const HttpReply &reply, bool keepAlive)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + GatewayError::reasonPhrase(reply.status) +
                     "\r\n";
    for (const auto &[name, value] : reply.headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n";
    if (!keepAlive)
        out += "Connection: close\r\n";
    out += "\r\n" + reply.body;
    return out;
}

// One client: parse, answer in order, close on errors or when asked.
class Connection final : public QObject
{
public:
    Connection(QTcpSocket *socket, const HttpService::Handler &handler, qint64 maxBody)
        : QObject(socket), m_socket(socket), m_handler(handler)
    {
        m_parser.setMaxBodySize(maxBody);
        m_peer = socket->peerAddress().toString();
        connect(socket, &QTcpSocket::readyRead, this, [this] { read(); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        m_idle.setSingleShot(true);
        m_idle.setInterval(60000);
        connect(&m_idle, &QTimer::timeout, socket, [this] { m_socket->disconnectFromHost(); });
        m_idle.start();
    }

private:
    void read()
    {
        m_idle.start();
        if (m_parser.hasError())
            return;
        const bool ok = m_parser.feed(m_socket->readAll());
        while (m_parser.hasRequest()) {
            const HttpRequest request = m_parser.takeRequest();
            const HttpReply reply = m_handler(request, m_peer);
            m_socket->write(serialize(reply, request.keepAlive));
            if (!request.keepAlive) {
                m_socket->disconnectFromHost();
                return;
            }
        }
        if (!ok) {
            HttpReply reply;
            reply.status = m_parser.errorStatusCode();
            reply.headers.emplaceBack("Content-Type", "application/json");
            reply.body = QJsonDocument(QJsonObject{{QStringLiteral("error_msg"), m_parser.errorString()}})
                             .toJson(QJsonDocument::Compact);
            m_socket->write(serialize(reply, false));
            m_socket->disconnectFromHost();
        }
    }

    QTcpSocket *m_socket;
    const HttpService::Handler &m_handler;
    HttpRequestParser m_parser;
    QString m_peer;
    QTimer m_idle;
};

} // namespace

HttpService::HttpService(Handler handler, qint64 maxBodyBytes, QObject *parent)
    : QObject(parent), m_handler(std::move(handler)), m_maxBody(maxBodyBytes), m_server(new QTcpServer(this))
{
    connect(m_server, &QTcpServer::newConnection, this, &HttpService::accept);
}

HttpService::~HttpService() = default;

bool HttpService::listen(const ListenAddress &address)
{
    close();
    const QHostAddress host = address.host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                          : QHostAddress(address.host);
    if (host.isNull()) {
        m_error = QStringLiteral("cannot listen on %1: not an IP address").arg(address.toString());
    } else if (!m_server->listen(host, address.port)) {
        m_error = QStringLiteral("cannot listen on %1: %2").arg(address.toString(), m_server->errorString());
    } else {
        m_error.clear();
    }
    emit stateChanged();
    return m_error.isEmpty();
}

void HttpService::close()
{
    if (m_server->isListening()) {
        m_server->close();
        emit stateChanged();
    }
}

bool HttpService::isListening() const
{
    return m_server->isListening();
}

quint16 HttpService::port() const
{
    return m_server->serverPort();
}

void HttpService::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new Connection(socket, m_handler, m_maxBody);
    }
}

} // namespace gatehouse
