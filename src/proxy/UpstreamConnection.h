#pragma once

#include "HttpResponseParser.h"

#include <QBasicTimer>
#include <QElapsedTimer>
#include <QNetworkProxy>
#include <QObject>
#include <QPointer>

class QTcpSocket;

namespace gatehouse {

// Writes `data` to a plain TCP socket now. Straight to the kernel when Qt holds nothing unsent:
// QAbstractSocket::write()/flush() switch the write notifier on and off around every write, and
// with the glib event loop each switch is an eventfd write plus an extra pass of the loop.
// Whatever the kernel does not take (or any error) goes through Qt's buffer and flush as before,
// so ordering and error reporting are Qt's. `direct` false (TLS, a proxy): always through Qt.
void writeToSocket(QTcpSocket *socket, QByteArrayView data, bool direct);

// Told what happens on a connection while an exchange holds it.
class UpstreamListener
{
public:
    virtual ~UpstreamListener() = default;
    // The parser moved on: its head may be ready, bodyChunks() holds new body bytes, or the
    // response completed. Read what you need before returning.
    virtual void upstreamProgress(const HttpResponseParser &parser, bool headReady,
                                  bool complete) = 0;
    // The connection failed. `nothingReceived` is true when not a byte of the response came.
    virtual void upstreamFailed(const QString &reason, bool nothingReceived) = 0;
};

// One keep-alive connection to a provider (plain TCP or TLS), with its response parser. It
// belongs to a worker's UpstreamPool; an exchange borrows it for one request at a time.
class UpstreamConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UpstreamConnection)

public:
    struct Target
    {
        QString scheme;
        QString host;
        quint16 port = 0;
        bool sslVerify = true;
        QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::NoProxy);
    };

    UpstreamConnection(const QString &key, const Target &target, QObject *parent = nullptr);
    ~UpstreamConnection() override;

    const QString &key() const { return m_key; }
    bool wasUsedBefore() const { return m_requests > 1; }
    bool isOpen() const;
    qint64 idleMs() const { return m_idleSince.isValid() ? m_idleSince.elapsed() : 0; }

    // Sends one request; the answer goes to `listener` until release().
    void send(const QByteArray &bytes, UpstreamListener *listener);
    // Stops telling the listener; the connection goes idle (or is closed if not reusable).
    void detach();
    // Closes at once (a client went away, a timeout, a response not worth reading).
    void abort();
    bool isReusable() const;

signals:
    void closedWhileIdle(UpstreamConnection *self);

private:
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onError();
    void fail(const QString &reason);

    QString m_key;
    Target m_target;
    QTcpSocket *m_socket = nullptr;
    HttpResponseParser m_parser;
    UpstreamListener *m_listener = nullptr;
    QByteArray m_pending; // written once connected
    QElapsedTimer m_idleSince;
    int m_requests = 0;
    bool m_connected = false;
    bool m_failed = false;
    bool m_direct = false; // plain TCP without a proxy: writeToSocket may use the descriptor
};

} // namespace gatehouse
