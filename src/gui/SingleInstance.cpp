#include "SingleInstance.h"

#include "GuiLogging.h"

#include <QCryptographicHash>
#include <QLocalServer>
#include <QLocalSocket>

namespace gatehouse {

namespace {
const QByteArray kActivate = "activate\n";
}

SingleInstance::SingleInstance(const QString &key, QObject *parent) : QObject(parent), m_key(key)
{}

SingleInstance::~SingleInstance() = default;

QString SingleInstance::keyFor(const QString &dataDir)
{
    const QByteArray who = qgetenv("USER") + '\n' + dataDir.toUtf8();
    return QStringLiteral("gatehouse-") +
           QString::fromLatin1(
               QCryptographicHash::hash(who, QCryptographicHash::Sha256).toHex().left(16));
}

bool SingleInstance::activateRunningInstance(int timeoutMs)
{
    QLocalSocket socket;
    socket.connectToServer(m_key);
    if (!socket.waitForConnected(timeoutMs))
        return false;
    socket.write(kActivate);
    if (!socket.waitForBytesWritten(timeoutMs))
        return false;
    // Wait for the answer so the other side has read it before this process exits.
    socket.waitForReadyRead(timeoutMs);
    socket.disconnectFromServer();
    return true;
}

bool SingleInstance::listen()
{
    m_server = new QLocalServer(this);
    m_server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!m_server->listen(m_key)) {
        // A socket left behind by a crash: nobody answered on it, so take it over.
        QLocalServer::removeServer(m_key);
        if (!m_server->listen(m_key)) {
            qCWarning(lcGui).noquote() << "single-instance socket:" << m_server->errorString();
            return false;
        }
    }
    connect(m_server, &QLocalServer::newConnection, this, [this] {
        while (QLocalSocket *socket = m_server->nextPendingConnection()) {
            connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
                if (!socket->readAll().contains("activate"))
                    return;
                socket->write("ok\n");
                emit activationRequested();
            });
        }
    });
    return true;
}

} // namespace gatehouse
