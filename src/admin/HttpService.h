#pragma once

#include "CommandLine.h"
#include "HttpRequestParser.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>

#include <functional>

class QTcpServer;

namespace gatehouse {

struct HttpReply
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

// A small HTTP/1.1 server for low-volume APIs (the Admin API): one thread (the caller's), the
// proxy's request parser with its limits, keep-alive, and a handler that turns a request into a
// reply. The proxy has its own, multi-threaded and streaming; this one favours simplicity.
class HttpService final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpService)

public:
    using Handler = std::function<HttpReply(const HttpRequest &request, const QString &peer)>;

    HttpService(Handler handler, qint64 maxBodyBytes, QObject *parent = nullptr);
    ~HttpService() override;

    bool listen(const ListenAddress &address);
    void close();
    bool isListening() const;
    quint16 port() const;
    QString errorString() const { return m_error; }

signals:
    void stateChanged();

private:
    void accept();

    Handler m_handler;
    qint64 m_maxBody;
    QTcpServer *m_server;
    QString m_error;
};

} // namespace gatehouse
