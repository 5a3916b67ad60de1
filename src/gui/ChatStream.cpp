#include "ChatStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace gatehouse {

namespace {

constexpr qsizetype kMaxErrorBody = 1 << 20;

qint64 intOr(const QJsonObject &o, const char *key, qint64 fallback)
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isDouble() ? qint64(v.toDouble()) : fallback;
}

} // namespace

ChatStream::ChatStream(QNetworkAccessManager &nam, QObject *parent) : QObject(parent), m_nam(nam)
{}

ChatStream::~ChatStream()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

QString ChatStream::errorMessage(const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const QJsonValue error = o.value(QStringLiteral("error"));
    if (error.isObject())
        return error.toObject().value(QStringLiteral("message")).toString();
    if (error.isString())
        return error.toString();
    return o.value(QStringLiteral("message")).toString();
}

void ChatStream::start(const QUrl &url, QJsonObject body, const QString &instance)
{
    Q_ASSERT(!m_reply);
    m_parser.reset();
    m_content.clear();
    m_reasoning.clear();
    m_error.clear();
    m_errorBody.clear();
    m_stats = AnswerStats();
    m_isEventStream = false;
    m_stopped = false;

    body.insert(QStringLiteral("stream"), true);
    // The proxy asks for usage on a client's behalf and then drops the chunk; asking ourselves
    // is how a client gets it.
    body.insert(QStringLiteral("stream_options"),
                QJsonObject{{QStringLiteral("include_usage"), true}});

    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream");
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(0);
    if (!instance.isEmpty())
        request.setRawHeader(InstanceHeader, instance.toUtf8());

    m_clock.start();
    m_reply = m_nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ChatStream::readHeaders);
    connect(m_reply, &QIODevice::readyRead, this, &ChatStream::readBody);
    connect(m_reply, &QNetworkReply::finished, this, &ChatStream::done);
}

void ChatStream::stop()
{
    if (!m_reply)
        return;
    m_stopped = true;
    m_reply->abort(); // emits finished
}

void ChatStream::readHeaders()
{
    if (!m_reply || m_stats.httpStatus)
        return;
    m_stats.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_stats.httpStatus)
        return;
    m_stats.route = QString::fromUtf8(m_reply->rawHeader("X-Gatehouse-Route"));
    m_stats.instance = QString::fromUtf8(m_reply->rawHeader("X-Gatehouse-Instance"));
    m_stats.attempts = QString::fromUtf8(m_reply->rawHeader("X-Gatehouse-Attempts"));
    m_isEventStream = m_reply->header(QNetworkRequest::ContentTypeHeader)
                          .toString()
                          .startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive);
    emit headersReceived();
}

void ChatStream::readBody()
{
    if (!m_reply)
        return;
    readHeaders();
    const QByteArray bytes = m_reply->readAll();
    if (!m_isEventStream) {
        if (m_errorBody.size() < kMaxErrorBody)
            m_errorBody += bytes.left(kMaxErrorBody - m_errorBody.size());
        return;
    }
    const qsizetype contentBefore = m_content.size();
    const qsizetype reasoningBefore = m_reasoning.size();
    const bool hadError = !m_error.isEmpty();
    for (const SseEvent &event : m_parser.feed(bytes))
        handleEvent(event);
    if (m_content.size() != contentBefore || m_reasoning.size() != reasoningBefore ||
        m_error.isEmpty() != !hadError)
        emit progressed();
}

void ChatStream::handleEvent(const SseEvent &event)
{
    if (!event.hasData)
        return;
    if (event.eventType == "error") {
        const QString message = errorMessage(event.data);
        m_error = message.isEmpty() ? QString::fromUtf8(event.data) : message;
        return;
    }
    if (event.data.trimmed() == "[DONE]")
        return;
    const QJsonObject chunk = QJsonDocument::fromJson(event.data).object();
    if (chunk.contains(QStringLiteral("error"))) {
        m_error = errorMessage(event.data);
        return;
    }
    handleChunk(chunk);
}

void ChatStream::handleChunk(const QJsonObject &chunk)
{
    const QString model = chunk.value(QStringLiteral("model")).toString();
    if (!model.isEmpty())
        m_stats.model = model;
    const QJsonArray choices = chunk.value(QStringLiteral("choices")).toArray();
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        // A stream carries "delta"; a provider that ignored "stream" sends "message".
        const QJsonObject delta = choice.contains(QStringLiteral("delta"))
                                      ? choice.value(QStringLiteral("delta")).toObject()
                                      : choice.value(QStringLiteral("message")).toObject();
        const QString reasoning = delta.value(QStringLiteral("reasoning_content")).toString();
        const QString text = delta.value(QStringLiteral("content")).toString();
        if ((!text.isEmpty() || !reasoning.isEmpty()) && m_stats.ttftMs < 0)
            m_stats.ttftMs = double(m_clock.nsecsElapsed()) / 1e6;
        m_reasoning += reasoning;
        m_content += text;
    }
    const QJsonValue usageValue = chunk.value(QStringLiteral("usage"));
    if (usageValue.isObject()) {
        const QJsonObject usage = usageValue.toObject();
        m_stats.promptTokens = intOr(usage, "prompt_tokens", m_stats.promptTokens);
        m_stats.completionTokens = intOr(usage, "completion_tokens", m_stats.completionTokens);
        const QJsonObject details = usage.value(QStringLiteral("prompt_tokens_details")).toObject();
        // OpenAI's prompt_tokens_details.cached_tokens, DeepSeek's prompt_cache_hit_tokens.
        m_stats.cachedTokens =
            intOr(details, "cached_tokens", intOr(usage, "prompt_cache_hit_tokens", 0));
        m_stats.reasoningTokens =
            intOr(usage.value(QStringLiteral("completion_tokens_details")).toObject(),
                  "reasoning_tokens", -1);
    }
}

void ChatStream::done()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_stats.durationMs = double(m_clock.nsecsElapsed()) / 1e6;
    if (!m_stopped && reply->error() != QNetworkReply::OperationCanceledError) {
        if (!m_stats.httpStatus) {
            m_stats.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        }
        if (m_isEventStream) {
            // Whatever the parser still holds completes with the end of the body.
            for (const SseEvent &event : m_parser.feed(QByteArrayView("\n\n")))
                handleEvent(event);
        }
        if (m_stats.httpStatus >= 400 || (!m_isEventStream && m_stats.httpStatus)) {
            if (m_stats.httpStatus < 400) {
                // A whole JSON answer: a provider that does not stream.
                handleChunk(QJsonDocument::fromJson(m_errorBody).object());
            } else {
                const QString message = errorMessage(m_errorBody);
                m_error = message.isEmpty()
                              ? tr("HTTP %1: %2")
                                    .arg(m_stats.httpStatus)
                                    .arg(QString::fromUtf8(m_errorBody.left(500)).trimmed())
                              : message;
            }
        } else if (reply->error() != QNetworkReply::NoError && m_error.isEmpty()) {
            m_error = m_stats.httpStatus
                          ? tr("The stream ended early: %1").arg(reply->errorString())
                          : tr("Could not reach the local proxy: %1").arg(reply->errorString());
        }
    }
    emit progressed();
    emit finished();
}

} // namespace gatehouse
