#pragma once

#include "Conversation.h"
#include "SseParser.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace gatehouse {

// One streamed chat completion through the local proxy, as any tool would make it: a POST with
// "stream": true and stream_options.include_usage, read event by event with the project's
// SseParser. Collects the answer's text, its reasoning_content, the gateway's headers (instance,
// attempt trail), the usage chunk and the timings; errors come back as the gateway's sentence
// (its JSON envelope, or an SSE "event: error").
class ChatStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatStream)

public:
    // Sent when the person picked one instance; the proxy honours it only from loopback.
    static constexpr char InstanceHeader[] = "X-Gatehouse-Instance";

    ChatStream(QNetworkAccessManager &nam, QObject *parent = nullptr);
    ~ChatStream() override;

    // Starts the request. `body` is the chat request; "stream" and "stream_options" are set here.
    void start(const QUrl &url, QJsonObject body, const QString &instance = {});
    // Closes the connection: the proxy sees the client leave and aborts upstream.
    void stop();
    bool isRunning() const { return m_reply != nullptr; }

    const QString &content() const { return m_content; }
    const QString &reasoning() const { return m_reasoning; }
    const AnswerStats &stats() const { return m_stats; }
    const QString &error() const { return m_error; }
    bool wasStopped() const { return m_stopped; }

    // The message of an OpenAI-style error envelope ({"error": {"message": …}}), or empty.
    static QString errorMessage(const QByteArray &json);

signals:
    void headersReceived();
    // New text or reasoning arrived (one signal per network read, however many events).
    void progressed();
    void finished();

private:
    void readHeaders();
    void readBody();
    void handleEvent(const SseEvent &event);
    void handleChunk(const QJsonObject &chunk);
    void done();

    QNetworkAccessManager &m_nam;
    QPointer<QNetworkReply> m_reply;
    SseParser m_parser;
    QElapsedTimer m_clock;
    QString m_content;
    QString m_reasoning;
    QString m_error;
    AnswerStats m_stats;
    QByteArray m_errorBody; // a non-streamed error answer, read whole
    bool m_isEventStream = false;
    bool m_stopped = false;
};

} // namespace gatehouse
