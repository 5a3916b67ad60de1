#include "MockProvider.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMetaMethod>
#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <chrono>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace gatehouse {

namespace {

constexpr qsizetype kMaxHeadBytes = 64 * 1024;
constexpr qint64 kMaxBodyBytes = 64ll * 1024 * 1024;

class MockWorker;

// ---------------------------------------------------------------------------------------------
// Small text helpers. Bodies are built by hand: QJsonDocument would cost more than the whole
// rest of a request, and the benchmark needs the mock to be nearly free.

void appendJsonString(QByteArray &out, const QByteArray &utf8)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                out += "\\u00";
                out += hex[u >> 4];
                out += hex[u & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

QByteArray jsonString(const QString &s)
{
    QByteArray out;
    appendJsonString(out, s.toUtf8());
    return out;
}

QByteArray num(qint64 n)
{
    return QByteArray::number(n);
}

// Words with their leading space, the way a tokenizer streams them.
QStringList splitTokens(const QString &text)
{
    QStringList tokens;
    QString current;
    for (const QChar c : text) {
        if (c.isSpace() && !current.isEmpty() && !current.back().isSpace()) {
            tokens.append(current);
            current.clear();
        }
        current += c;
    }
    if (!current.isEmpty())
        tokens.append(current);
    return tokens;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 408:
        return "Request Timeout";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

QByteArray chunk(const QByteArray &data)
{
    if (data.isEmpty())
        return {};
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

bool containsToken(QByteArrayView value, QByteArrayView token)
{
    const auto parts = QByteArray(value.data(), value.size()).split(',');
    for (const QByteArray &part : parts) {
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool parseInt(QByteArrayView text, int *out)
{
    bool ok = false;
    const int v = QByteArray(text.data(), text.size()).toInt(&ok);
    if (ok && v >= 0)
        *out = v;
    return ok && v >= 0;
}

// Consumes the leading path segments that script the answer (see MockProvider.h).
void applyPathConventions(QByteArrayView path, Behavior &b)
{
    qsizetype pos = 0;
    auto nextSegment = [&](qsizetype from, qsizetype *end) -> QByteArrayView {
        if (from >= path.size() || path.at(from) != '/')
            return {};
        qsizetype e = path.indexOf('/', from + 1);
        if (e < 0)
            e = path.size();
        *end = e;
        return path.sliced(from + 1, e - from - 1);
    };
    while (pos < path.size()) {
        qsizetype end = 0;
        const QByteArrayView seg = nextSegment(pos, &end);
        if (seg.isEmpty())
            return;
        qsizetype argEnd = 0;
        const QByteArrayView arg = nextSegment(end, &argEnd);
        int n = 0;
        bool usedArg = false;
        if (seg == "json") {
            b.kind = Behavior::Kind::Json;
        } else if (seg == "sse") {
            b.kind = Behavior::Kind::Sse;
        } else if (seg == "hang") {
            b.kind = Behavior::Kind::Hang;
        } else if (seg == "hang-after-headers") {
            b.kind = Behavior::Kind::HangAfterHeaders;
        } else if (seg == "garbage") {
            b.kind = Behavior::Kind::Garbage;
        } else if (seg == "close") {
            b.kind = Behavior::Kind::CloseImmediately;
        } else if (seg == "chunked") {
            b.chunked = true;
        } else if (seg == "conn-close") {
            b.connectionClose = true;
        } else if (seg == "openai") {
            b.dialect = Behavior::Dialect::OpenAI;
        } else if (seg == "deepseek") {
            b.dialect = Behavior::Dialect::DeepSeek;
        } else if (seg == "anthropic") {
            b.dialect = Behavior::Dialect::Anthropic;
        } else if (seg == "usage-always") {
            b.usage = Behavior::Usage::Always;
        } else if (seg == "usage-never") {
            b.usage = Behavior::Usage::Never;
        } else if (seg == "usage-requested") {
            b.usage = Behavior::Usage::IfRequested;
        } else if (seg == "model" && !arg.isEmpty()) {
            b.model = QString::fromUtf8(arg);
            usedArg = true;
        } else if (parseInt(arg, &n)) {
            usedArg = true;
            if (seg == "status") {
                b.status = n;
                if (n >= 400)
                    b.kind = Behavior::Kind::Status;
            } else if (seg == "cut") {
                b.kind = Behavior::Kind::CutStream;
                b.cutAfterEvents = n;
            } else if (seg == "delay") {
                b.delayMs = n;
            } else if (seg == "pace") {
                b.paceMs = n;
            } else if (seg == "events") {
                b.events = n;
            } else if (seg == "retry-after") {
                b.headers.append({QByteArrayLiteral("Retry-After"), num(n)});
            } else {
                return;
            }
        } else {
            return;
        }
        pos = usedArg ? argEnd : end;
    }
}

struct RequestInfo
{
    QByteArray model;
    bool stream = false;
    bool includeUsage = false;
};

RequestInfo inspectBody(const QByteArray &body)
{
    RequestInfo info;
    if (body.isEmpty() || body.front() != '{')
        return info;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    info.model = o.value(QLatin1String("model")).toString().toUtf8();
    info.stream = o.value(QLatin1String("stream")).toBool();
    info.includeUsage = o.value(QLatin1String("stream_options"))
                            .toObject()
                            .value(QLatin1String("include_usage"))
                            .toBool();
    return info;
}

// Everything decided about one answer before bytes are written.
struct Answer
{
    Behavior b;
    RequestInfo info;
    QByteArray method;
    QByteArray model;
    QByteArray id;
    qint64 created = 0;
    QStringList reasoningTokens;
    QStringList tokens;
    int completionTokens = 0;
    int reasoningCount = 0;
    bool sendUsage = true;
    bool modelsList = false; // GET .../models with Kind::Auto

    bool anthropic() const { return b.dialect == Behavior::Dialect::Anthropic; }
    bool deepseek() const { return b.dialect == Behavior::Dialect::DeepSeek; }
};

QByteArray openAiUsage(const Answer &a)
{
    const int p = a.b.promptTokens;
    const int c = a.completionTokens;
    QByteArray u = "{\"prompt_tokens\":" + num(p) + ",\"completion_tokens\":" + num(c) +
                   ",\"total_tokens\":" + num(p + c);
    if (a.deepseek()) {
        u += ",\"prompt_tokens_details\":{\"cached_tokens\":" + num(a.b.cachedTokens) +
             "},\"prompt_cache_hit_tokens\":" + num(a.b.cachedTokens) +
             ",\"prompt_cache_miss_tokens\":" + num(qMax(0, p - a.b.cachedTokens));
        if (a.reasoningCount > 0)
            u += ",\"completion_tokens_details\":{\"reasoning_tokens\":" + num(a.reasoningCount) +
                 "}";
    } else {
        u += ",\"prompt_tokens_details\":{\"cached_tokens\":" + num(a.b.cachedTokens) +
             ",\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":" +
             num(a.reasoningCount) +
             ",\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
             "\"rejected_prediction_tokens\":0}";
    }
    u += '}';
    return u;
}

QByteArray anthropicUsage(const Answer &a, int outputTokens)
{
    return "{\"input_tokens\":" + num(a.b.promptTokens) +
           ",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":" +
           num(a.b.cachedTokens) + ",\"output_tokens\":" + num(outputTokens) + '}';
}

QByteArray jsonBody(const Answer &a)
{
    const QByteArray text = a.tokens.join(QString()).toUtf8();
    QByteArray out;
    out.reserve(512 + text.size());
    if (a.anthropic()) {
        out = "{\"id\":\"msg_mock_" + a.id +
              "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":";
        appendJsonString(out, a.model);
        out += ",\"content\":[{\"type\":\"text\",\"text\":";
        appendJsonString(out, text);
        out += "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null";
        if (a.sendUsage)
            out += ",\"usage\":" + anthropicUsage(a, a.completionTokens);
        out += '}';
        return out;
    }
    out = "{\"id\":\"chatcmpl-mock-" + a.id +
          "\",\"object\":\"chat.completion\",\"created\":" + num(a.created) + ",\"model\":";
    appendJsonString(out, a.model);
    out += ",\"system_fingerprint\":\"fp_mock\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
           "\"assistant\",\"content\":";
    appendJsonString(out, text);
    if (!a.reasoningTokens.isEmpty()) {
        out += ",\"reasoning_content\":";
        appendJsonString(out, a.reasoningTokens.join(QString()).toUtf8());
    }
    out += "},\"logprobs\":null,\"finish_reason\":\"stop\"}]";
    if (a.sendUsage)
        out += ",\"usage\":" + openAiUsage(a);
    out += '}';
    return out;
}

QByteArray modelsBody(const Answer &a)
{
    QByteArray out = "{\"object\":\"list\",\"data\":[{\"id\":";
    appendJsonString(out, a.model);
    out += ",\"object\":\"model\",\"created\":" + num(a.created) + ",\"owned_by\":\"mock\"}]}";
    return out;
}

QByteArray errorBody(const Answer &a)
{
    const int s = a.b.status;
    QString message = a.b.errorMessage;
    if (message.isEmpty()) {
        switch (s) {
        case 401:
            message = QStringLiteral("Incorrect API key provided (mock).");
            break;
        case 402:
            message = QStringLiteral("Insufficient balance (mock).");
            break;
        case 404:
            message = QStringLiteral("The model does not exist (mock).");
            break;
        case 429:
            message = QStringLiteral("Rate limit reached (mock).");
            break;
        case 500:
            message =
                QStringLiteral("The server had an error while processing your request (mock).");
            break;
        case 503:
        case 529:
            message = QStringLiteral("The engine is currently overloaded (mock).");
            break;
        default:
            message = QStringLiteral("Mock error %1.").arg(s);
        }
    }
    if (a.anthropic()) {
        QByteArray type = "api_error";
        if (s == 400)
            type = "invalid_request_error";
        else if (s == 401)
            type = "authentication_error";
        else if (s == 403)
            type = "permission_error";
        else if (s == 404)
            type = "not_found_error";
        else if (s == 429)
            type = "rate_limit_error";
        else if (s == 529)
            type = "overloaded_error";
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type +
               "\",\"message\":" + jsonString(message) + "}}";
    }
    QByteArray type = "invalid_request_error";
    QByteArray code = "null";
    if (s == 401) {
        code = "\"invalid_api_key\"";
    } else if (s == 402) {
        type = "insufficient_quota";
        code = "\"insufficient_quota\"";
    } else if (s == 403) {
        type = "permission_error";
    } else if (s == 404) {
        code = "\"model_not_found\"";
    } else if (s == 429) {
        type = "requests";
        code = "\"rate_limit_exceeded\"";
    } else if (s >= 500) {
        type = "server_error";
    }
    return "{\"error\":{\"message\":" + jsonString(message) + ",\"type\":\"" + type +
           "\",\"param\":null,\"code\":" + code + "}}";
}

// SSE frames: one per content event; the opening and closing events ride with the first and
// last frame so that N events at pace P take (N-1)*P.
QList<QByteArray> sseFrames(const Answer &a)
{
    QList<QByteArray> frames;
    QByteArray head;
    QByteArray tail;
    QList<QByteArray> events;

    if (a.anthropic()) {
        auto ev = [](const QByteArray &name, const QByteArray &data) -> QByteArray {
            return "event: " + name + "\ndata: " + data + "\n\n";
        };
        QByteArray start = "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_mock_" + a.id +
                           "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":";
        appendJsonString(start, a.model);
        start += ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null";
        if (a.sendUsage)
            start += ",\"usage\":" + anthropicUsage(a, 1);
        start += "}}";
        head = ev("message_start", start) +
               ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                                         "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}") +
               ev("ping", "{\"type\":\"ping\"}");
        for (const QString &t : a.tokens) {
            QByteArray d = "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":"
                           "\"text_delta\",\"text\":";
            appendJsonString(d, t.toUtf8());
            d += "}}";
            events.append(ev("content_block_delta", d));
        }
        QByteArray delta = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                           "\"stop_sequence\":null}";
        if (a.sendUsage)
            delta += ",\"usage\":{\"output_tokens\":" + num(a.completionTokens) + '}';
        delta += '}';
        tail = ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}") +
               ev("message_delta", delta) + ev("message_stop", "{\"type\":\"message_stop\"}");
    } else {
        // OpenAI puts "usage":null on every chunk once include_usage is asked for, then a
        // usage-only chunk with no choices; DeepSeek puts usage on the finishing chunk.
        const bool openAiUsageChunk = a.sendUsage && !a.deepseek();
        QByteArray prefix =
            "data: {\"id\":\"chatcmpl-mock-" + a.id +
            "\",\"object\":\"chat.completion.chunk\",\"created\":" + num(a.created) + ",\"model\":";
        appendJsonString(prefix, a.model);
        prefix += ",\"system_fingerprint\":\"fp_mock\",\"choices\":[";
        const QByteArray suffix = openAiUsageChunk ? "],\"usage\":null}\n\n" : "]}\n\n";
        auto choice = [](const QByteArray &delta, const char *finish) -> QByteArray {
            return "{\"index\":0,\"delta\":" + delta +
                   ",\"logprobs\":null,\"finish_reason\":" + QByteArray(finish) + '}';
        };
        head = prefix +
               choice(a.deepseek()
                          ? "{\"role\":\"assistant\",\"content\":\"\",\"reasoning_content\":null}"
                          : "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}",
                      "null") +
               suffix;
        for (const QString &t : a.reasoningTokens) {
            QByteArray d = "{\"content\":null,\"reasoning_content\":";
            appendJsonString(d, t.toUtf8());
            d += '}';
            events.append(prefix + choice(d, "null") + suffix);
        }
        for (const QString &t : a.tokens) {
            QByteArray d = "{\"content\":";
            appendJsonString(d, t.toUtf8());
            if (a.deepseek())
                d += ",\"reasoning_content\":null";
            d += '}';
            events.append(prefix + choice(d, "null") + suffix);
        }
        if (a.deepseek() && a.sendUsage) {
            tail = prefix + choice("{\"content\":\"\"}", "\"stop\"") +
                   "],\"usage\":" + openAiUsage(a) + "}\n\n";
        } else {
            tail = prefix + choice("{}", "\"stop\"") + suffix;
        }
        if (openAiUsageChunk) {
            tail += "data: {\"id\":\"chatcmpl-mock-" + a.id +
                    "\",\"object\":\"chat.completion.chunk\",\"created\":" + num(a.created) +
                    ",\"model\":";
            appendJsonString(tail, a.model);
            tail +=
                ",\"system_fingerprint\":\"fp_mock\",\"choices\":[],\"usage\":" + openAiUsage(a) +
                "}\n\n";
        }
        tail += "data: [DONE]\n\n";
    }

    if (events.isEmpty()) {
        frames.append(head + tail);
        return frames;
    }
    for (qsizetype i = 0; i < events.size(); ++i)
        frames.append(events.at(i));
    frames.first().prepend(head);
    frames.last().append(tail);
    return frames;
}

} // namespace

// ---------------------------------------------------------------------------------------------

struct MockProvider::Shared
{
    struct Queued
    {
        QByteArray prefix;
        Behavior behavior;
    };

    MockProvider *provider = nullptr;
    mutable QMutex mutex;
    Behavior defaultBehavior;
    QList<QPair<QByteArray, Behavior>> pathBehaviors;
    QList<Queued> queue;
    QList<MockRequest> requests;
    bool pathConventions = true;
    bool recording = true;

    std::atomic<int> requestCount{0};
    std::atomic<int> accepted{0};
    std::atomic<int> closedByPeer{0};
    std::atomic<int> open{0};
    std::atomic<int> nextConnectionId{1};
    std::atomic<qint64> nextAnswerId{1};
    std::atomic<bool> shuttingDown{false};

    int workerThreads = 1;
    QTcpServer *server = nullptr;
    MockWorker *localWorker = nullptr;
    QList<MockWorker *> workers;
    QList<QThread *> threads;
    std::atomic<unsigned> nextWorker{0};

    template <typename F> void onProviderThread(F &&f)
    {
        if (QThread::currentThread() == provider->thread())
            f();
        else
            QMetaObject::invokeMethod(provider, std::forward<F>(f), Qt::QueuedConnection);
    }

    int recordRequest(const MockRequest &request)
    {
        ++requestCount;
        int index = -1;
        {
            QMutexLocker lock(&mutex);
            if (recording) {
                requests.append(request);
                index = int(requests.size() - 1);
            }
        }
        static const QMetaMethod signal = QMetaMethod::fromSignal(&MockProvider::requestReceived);
        if (!shuttingDown && provider->isSignalConnected(signal)) {
            MockProvider *p = provider;
            onProviderThread([p, index] { emit p->requestReceived(index); });
        }
        return index;
    }

    Behavior choose(QByteArrayView path, bool *conventions)
    {
        QMutexLocker lock(&mutex);
        *conventions = pathConventions;
        for (qsizetype i = 0; i < queue.size(); ++i) {
            if (path.startsWith(queue.at(i).prefix))
                return queue.takeAt(i).behavior;
        }
        qsizetype best = -1;
        for (qsizetype i = 0; i < pathBehaviors.size(); ++i) {
            const QByteArray &prefix = pathBehaviors.at(i).first;
            if (path.startsWith(prefix) &&
                (best < 0 || prefix.size() > pathBehaviors.at(best).first.size()))
                best = i;
        }
        return best >= 0 ? pathBehaviors.at(best).second : defaultBehavior;
    }

    void peerClosed(int connectionId)
    {
        ++closedByPeer;
        if (shuttingDown)
            return;
        MockProvider *p = provider;
        onProviderThread([p, connectionId] { emit p->clientDisconnected(connectionId); });
    }
};

namespace {

using Shared = MockProvider::Shared;

// One accepted socket: parses requests in order and plays the chosen behaviour for each.
class MockConnection final : public QObject
{
    Q_DISABLE_COPY_MOVE(MockConnection)

public:
    MockConnection(Shared *shared, int id, QObject *parent)
        : QObject(parent), m_shared(shared), m_id(id), m_socket(new QTcpSocket(this))
    {}

    ~MockConnection() override
    {
        m_socket->disconnect(this);
        if (m_counted && !m_gone)
            --m_shared->open;
    }

    bool open(qintptr descriptor)
    {
        if (!m_socket->setSocketDescriptor(descriptor))
            return false;
        ++m_shared->open;
        m_counted = true;
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(m_socket, &QTcpSocket::readyRead, this, &MockConnection::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &MockConnection::onGone);
        connect(m_socket, &QTcpSocket::errorOccurred, this, [this] {
            if (m_socket->state() == QAbstractSocket::UnconnectedState)
                onGone();
        });
        if (m_socket->bytesAvailable() > 0)
            onReadyRead();
        return true;
    }

    void closeByUs(bool reset = false)
    {
        if (m_phase == Phase::Closed)
            return;
        m_phase = Phase::Closed;
        m_closingByUs = true;
        if (m_timer)
            m_timer->stop();
        if (!reset) {
            m_socket->disconnectFromHost(); // writes what is pending first
            return;
        }
        if (m_socket->bytesToWrite() > 0) {
            connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
                if (m_socket->bytesToWrite() == 0)
                    resetNow();
            });
            return;
        }
        resetNow();
    }

private:
    enum class Parse { Head, Body, ChunkSize, ChunkData, Trailers };
    enum class Phase { Idle, Delay, Streaming, Hanging, Closed };
    enum class Result { NeedMore, Complete, Error };

    void resetNow()
    {
#ifdef Q_OS_UNIX
        // SO_LINGER 0 turns close() into an RST: the "connection reset by peer" case.
        const linger l{1, 0};
        ::setsockopt(int(m_socket->socketDescriptor()), SOL_SOCKET, SO_LINGER, &l, sizeof l);
#endif
        m_socket->abort();
        onGone();
    }

    void onGone()
    {
        if (m_gone)
            return;
        m_gone = true;
        if (m_counted)
            --m_shared->open;
        if (m_timer)
            m_timer->stop();
        if (!m_closingByUs)
            m_shared->peerClosed(m_id);
        m_phase = Phase::Closed;
        deleteLater();
    }

    void onReadyRead()
    {
        if (m_in.isEmpty())
            m_in = m_socket->readAll();
        else
            m_in += m_socket->readAll();
        if (m_phase == Phase::Idle && !m_processing)
            processInput();
    }

    void processInput()
    {
        m_processing = true;
        while (m_phase == Phase::Idle) {
            const Result r = parse();
            if (r == Result::NeedMore)
                break;
            if (r == Result::Error)
                break;
            m_in.remove(0, m_pos);
            m_pos = 0;
            m_scanFrom = 0;
            m_parse = Parse::Head;
            handleRequest();
        }
        m_processing = false;
    }

    void sendError(int status)
    {
        const QByteArray body =
            "{\"error\":{\"message\":\"mock provider: " + reasonPhrase(status) +
            "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
        send("HTTP/1.1 " + num(status) + ' ' + reasonPhrase(status) +
             "\r\nContent-Type: application/json\r\nContent-Length: " + num(body.size()) +
             "\r\nConnection: close\r\n\r\n" + body);
        closeByUs();
    }

    Result parse()
    {
        switch (m_parse) {
        case Parse::Head:
            return parseHead();
        case Parse::Body: {
            if (m_in.size() - m_pos < m_contentLength)
                return Result::NeedMore;
            m_req.body = m_in.mid(m_pos, m_contentLength);
            m_pos += m_contentLength;
            return Result::Complete;
        }
        case Parse::ChunkSize:
        case Parse::ChunkData:
        case Parse::Trailers:
            return parseChunks();
        }
        return Result::Error;
    }

    Result parseHead()
    {
        // Tolerate empty lines before a request line (RFC 9112 2.2).
        while (m_in.size() - m_pos >= 2 && m_in.at(m_pos) == '\r' && m_in.at(m_pos + 1) == '\n')
            m_pos += 2;
        const qsizetype end = m_in.indexOf("\r\n\r\n", qMax(m_pos, m_scanFrom));
        if (end < 0) {
            if (m_in.size() - m_pos > kMaxHeadBytes) {
                sendError(431);
                return Result::Error;
            }
            m_scanFrom = qMax(m_pos, m_in.size() - 3);
            return Result::NeedMore;
        }
        if (end - m_pos > kMaxHeadBytes) {
            sendError(431);
            return Result::Error;
        }
        m_req = MockRequest();
        const QByteArrayView head(m_in.constData() + m_pos, end - m_pos);
        qsizetype lineEnd = head.indexOf("\r\n");
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView requestLine = head.first(lineEnd);
        const qsizetype sp1 = requestLine.indexOf(' ');
        const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1) {
            sendError(400);
            return Result::Error;
        }
        m_req.method = requestLine.first(sp1).toByteArray();
        m_req.path = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1).toByteArray();
        m_req.version = requestLine.sliced(sp2 + 1).toByteArray();
        if (!m_req.version.startsWith("HTTP/1.")) {
            sendError(m_req.version.startsWith("HTTP/") ? 505 : 400);
            return Result::Error;
        }

        m_contentLength = 0;
        bool chunked = false;
        bool expectContinue = false;
        bool connectionClose = false;
        bool connectionKeepAlive = false;
        qsizetype pos = lineEnd + 2;
        while (pos < head.size()) {
            qsizetype e = head.indexOf("\r\n", pos);
            if (e < 0)
                e = head.size();
            const QByteArrayView line = head.sliced(pos, e - pos);
            pos = e + 2;
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0 || line.first(colon).contains(' ') || line.first(colon).contains('\t')) {
                sendError(400);
                return Result::Error;
            }
            const QByteArrayView name = line.first(colon);
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            m_req.headers.append({name.toByteArray(), value.toByteArray()});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                bool ok = false;
                m_contentLength = QByteArray(value.data(), value.size()).toLongLong(&ok);
                if (!ok || m_contentLength < 0) {
                    sendError(400);
                    return Result::Error;
                }
            } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                chunked = containsToken(value, "chunked");
            } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
                expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
            } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
                connectionClose = connectionClose || containsToken(value, "close");
                connectionKeepAlive = connectionKeepAlive || containsToken(value, "keep-alive");
            }
        }
        m_http11 = m_req.version != "HTTP/1.0";
        m_keepAlive = !m_http11 ? connectionKeepAlive && !connectionClose : !connectionClose;
        if (m_contentLength > kMaxBodyBytes) {
            sendError(413);
            return Result::Error;
        }
        m_pos = end + 4;
        m_req.chunkedBody = chunked;
        const bool needBody = chunked || m_contentLength > 0;
        if (expectContinue && needBody && m_in.size() == m_pos)
            send(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
        if (chunked) {
            m_parse = Parse::ChunkSize;
            return parseChunks();
        }
        m_parse = Parse::Body;
        return parse();
    }

    Result parseChunks()
    {
        for (;;) {
            if (m_parse == Parse::ChunkData) {
                if (m_in.size() - m_pos < m_chunkRemaining + 2)
                    return Result::NeedMore;
                m_req.body.append(m_in.constData() + m_pos, m_chunkRemaining);
                m_pos += m_chunkRemaining;
                if (m_in.at(m_pos) != '\r' || m_in.at(m_pos + 1) != '\n') {
                    sendError(400);
                    return Result::Error;
                }
                m_pos += 2;
                m_parse = Parse::ChunkSize;
                continue;
            }
            const qsizetype e = m_in.indexOf("\r\n", m_pos);
            if (e < 0) {
                if (m_in.size() - m_pos > 4096) {
                    sendError(400);
                    return Result::Error;
                }
                return Result::NeedMore;
            }
            QByteArrayView line(m_in.constData() + m_pos, e - m_pos);
            m_pos = e + 2;
            if (m_parse == Parse::Trailers) {
                if (line.isEmpty())
                    return Result::Complete;
                continue;
            }
            const qsizetype semicolon = line.indexOf(';');
            if (semicolon >= 0)
                line = line.first(semicolon);
            bool ok = false;
            const qint64 size = QByteArray(line.data(), line.size()).trimmed().toLongLong(&ok, 16);
            if (!ok || size < 0 || m_req.body.size() + size > kMaxBodyBytes) {
                sendError(ok ? 413 : 400);
                return Result::Error;
            }
            if (size == 0) {
                m_parse = Parse::Trailers;
                continue;
            }
            m_chunkRemaining = size;
            m_parse = Parse::ChunkData;
        }
    }

    void handleRequest()
    {
        const auto now = std::chrono::steady_clock::now().time_since_epoch();
        m_req.receivedAtNs = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
        m_req.receivedAtMs = QDateTime::currentMSecsSinceEpoch();
        m_req.connectionId = m_id;
        m_req.indexOnConnection = m_requestsOnConnection++;
        m_shared->recordRequest(m_req);
        if (m_phase != Phase::Idle) // a slot closed us
            return;

        const QByteArray path = m_req.pathWithoutQuery();
        bool conventions = true;
        Answer &a = m_answer;
        a = Answer();
        a.b = m_shared->choose(path, &conventions);
        if (conventions)
            applyPathConventions(path, a.b);
        a.method = m_req.method;
        a.modelsList = a.method == "GET" && path.endsWith("/models");
        a.info = inspectBody(m_req.body);
        a.model = !a.b.model.isEmpty()      ? a.b.model.toUtf8()
                  : !a.info.model.isEmpty() ? a.info.model
                                            : QByteArrayLiteral("mock-model");
        a.id = num(m_shared->nextAnswerId++);
        a.created = QDateTime::currentSecsSinceEpoch();
        if (a.b.dialect == Behavior::Dialect::Auto) {
            a.b.dialect = path.endsWith("/messages") ? Behavior::Dialect::Anthropic
                                                     : Behavior::Dialect::OpenAI;
        }
        m_closeAfter = a.b.connectionClose || !m_keepAlive;
        m_req = MockRequest(); // the recorded copy is the one that matters

        if (a.b.delayMs > 0 && a.b.kind != Behavior::Kind::Hang) {
            m_phase = Phase::Delay;
            armTimer(a.b.delayMs);
            return;
        }
        respond();
    }

    void armTimer(int ms)
    {
        if (!m_timer) {
            m_timer = new QTimer(this);
            m_timer->setSingleShot(true);
            m_timer->setTimerType(Qt::PreciseTimer);
            connect(m_timer, &QTimer::timeout, this, [this] {
                if (m_phase == Phase::Delay)
                    respond();
                else if (m_phase == Phase::Streaming)
                    sendFrames();
            });
        }
        m_timer->start(ms);
    }

    void prepareTokens()
    {
        Answer &a = m_answer;
        const QStringList words = splitTokens(a.b.content);
        if (a.b.events < 0) {
            a.tokens = words;
        } else {
            const QStringList source =
                words.isEmpty() ? QStringList{QStringLiteral(" lorem")} : words;
            a.tokens.reserve(a.b.events);
            for (int i = 0; i < a.b.events; ++i)
                a.tokens.append(source.at(i % source.size()));
        }
        if (a.b.dialect != Behavior::Dialect::Anthropic)
            a.reasoningTokens = splitTokens(a.b.reasoning);
        a.reasoningCount =
            a.b.reasoningTokens >= 0 ? a.b.reasoningTokens : int(a.reasoningTokens.size());
        a.completionTokens = a.b.completionTokens >= 0
                                 ? a.b.completionTokens
                                 : int(a.tokens.size() + a.reasoningTokens.size());
    }

    bool usageWanted(bool stream) const
    {
        const Answer &a = m_answer;
        switch (a.b.usage) {
        case Behavior::Usage::Always:
            return true;
        case Behavior::Usage::Never:
            return false;
        case Behavior::Usage::IfRequested:
            return !stream || a.info.includeUsage;
        case Behavior::Usage::Auto:
            break;
        }
        return !stream || a.b.dialect != Behavior::Dialect::OpenAI || a.info.includeUsage;
    }

    // -1: chunked, -2: delimited by closing the connection.
    QByteArray head(int status, const QByteArray &contentType, qint64 length, bool sse = false)
    {
        QByteArray h;
        h.reserve(256);
        h += "HTTP/1.1 " + num(status) + ' ' + reasonPhrase(status) +
             "\r\nContent-Type: " + contentType + "\r\n";
        if (length >= 0)
            h += "Content-Length: " + num(length) + "\r\n";
        else if (length == -1)
            h += "Transfer-Encoding: chunked\r\n";
        if (sse)
            h += "Cache-Control: no-cache\r\n";
        h += "x-request-id: req_mock_" + m_answer.id + "\r\n";
        for (const auto &[name, value] : std::as_const(m_answer.b.headers))
            h += name + ": " + value + "\r\n";
        if (m_closeAfter || length == -2)
            h += "Connection: close\r\n";
        h += "\r\n";
        return h;
    }

    void respond()
    {
        Answer &a = m_answer;
        Behavior::Kind kind = a.b.kind;
        const bool wantsStream = a.info.stream;
        if (kind == Behavior::Kind::Auto) {
            kind = wantsStream && !a.modelsList ? Behavior::Kind::Sse : Behavior::Kind::Json;
        }
        static const QByteArray jsonType = QByteArrayLiteral("application/json");
        static const QByteArray sseType = QByteArrayLiteral("text/event-stream; charset=utf-8");

        switch (kind) {
        case Behavior::Kind::Auto:
        case Behavior::Kind::Json: {
            prepareTokens();
            a.sendUsage = usageWanted(false);
            const QByteArray body = !a.b.rawBody.isEmpty() ? a.b.rawBody
                                    : a.b.kind == Behavior::Kind::Auto && a.modelsList
                                        ? modelsBody(a)
                                        : jsonBody(a);
            sendBody(a.b.status, jsonType, body);
            return;
        }
        case Behavior::Kind::Status:
            sendBody(a.b.status, jsonType, !a.b.rawBody.isEmpty() ? a.b.rawBody : errorBody(a));
            return;
        case Behavior::Kind::Sse:
        case Behavior::Kind::CutStream: {
            prepareTokens();
            a.sendUsage = usageWanted(true);
            m_frames = sseFrames(a);
            m_frameIndex = 0;
            m_cut = kind == Behavior::Kind::CutStream;
            if (m_cut)
                m_frames.resize(qMin<qsizetype>(m_frames.size(), a.b.cutAfterEvents));
            m_streamChunked = a.b.sseChunked && m_http11;
            m_streamHead = head(a.b.status, sseType, m_streamChunked ? -1 : -2, true);
            m_phase = Phase::Streaming;
            sendFrames();
            return;
        }
        case Behavior::Kind::Hang:
            m_phase = Phase::Hanging;
            return;
        case Behavior::Kind::HangAfterHeaders:
            if (wantsStream) {
                send(head(a.b.status, sseType, a.b.sseChunked && m_http11 ? -1 : -2, true));
            } else {
                prepareTokens();
                send(head(a.b.status, jsonType, jsonBody(a).size()));
            }
            m_phase = Phase::Hanging;
            return;
        case Behavior::Kind::Garbage:
            send(!a.b.rawBody.isEmpty()
                     ? a.b.rawBody
                     : QByteArrayLiteral("*** this is not HTTP ***\x01\x02\xff\xfe\r\n\r\n"));
            closeByUs(a.b.cutWithReset);
            return;
        case Behavior::Kind::CloseImmediately:
            closeByUs(a.b.cutWithReset);
            return;
        }
    }

    void sendBody(int status, const QByteArray &type, const QByteArray &body)
    {
        const Answer &a = m_answer;
        if (a.b.chunked && m_http11) {
            // Two chunks, so a client's chunk reassembly is exercised too.
            const qsizetype half = body.size() / 2;
            send(head(status, type, -1) + chunk(body.left(half)) + chunk(body.mid(half)) +
                 "0\r\n\r\n");
        } else {
            send(head(status, type, body.size()) + body);
        }
        finishResponse();
    }

    void sendFrames()
    {
        const int pace = m_answer.b.paceMs;
        QByteArray out;
        if (m_frameIndex == 0)
            out = m_streamHead;
        do {
            if (m_frameIndex < m_frames.size()) {
                const QByteArray &frame = m_frames.at(m_frameIndex);
                out += m_streamChunked ? chunk(frame) : frame;
            }
            ++m_frameIndex;
        } while (pace <= 0 && m_frameIndex < m_frames.size());

        const bool last = m_frameIndex >= m_frames.size();
        if (last && !m_cut && m_streamChunked)
            out += "0\r\n\r\n";
        send(out);
        if (!last) {
            armTimer(pace);
            return;
        }
        m_frames.clear();
        if (m_cut)
            closeByUs(m_answer.b.cutWithReset);
        else if (!m_streamChunked)
            closeByUs();
        else
            finishResponse();
    }

    void finishResponse()
    {
        if (m_phase == Phase::Closed)
            return;
        if (m_closeAfter) {
            closeByUs();
            return;
        }
        m_phase = Phase::Idle;
        if (!m_processing && !m_in.isEmpty())
            processInput();
    }

    void send(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        m_socket->flush(); // now, not on the next event loop turn
    }

    Shared *m_shared;
    int m_id;
    QTcpSocket *m_socket;
    QTimer *m_timer = nullptr;

    QByteArray m_in;
    qsizetype m_pos = 0;
    qsizetype m_scanFrom = 0;
    Parse m_parse = Parse::Head;
    qint64 m_contentLength = 0;
    qint64 m_chunkRemaining = 0;
    MockRequest m_req;
    bool m_keepAlive = true;
    int m_requestsOnConnection = 0;

    Phase m_phase = Phase::Idle;
    bool m_processing = false;
    bool m_closeAfter = false;
    bool m_closingByUs = false;
    bool m_gone = false;
    bool m_counted = false;
    bool m_http11 = true;

    Answer m_answer;
    QList<QByteArray> m_frames;
    QByteArray m_streamHead;
    qsizetype m_frameIndex = 0;
    bool m_cut = false;
    bool m_streamChunked = true;
};

// Owns the connections of one thread.
class MockWorker final : public QObject
{
public:
    explicit MockWorker(Shared *shared) : m_shared(shared) {}

    void adopt(qintptr descriptor, int id)
    {
        auto *c = new MockConnection(m_shared, id, this);
        if (!c->open(descriptor)) {
            delete c;
#ifdef Q_OS_UNIX
            ::close(int(descriptor));
#endif
        }
    }

    void closeAll()
    {
        const auto connections = findChildren<MockConnection *>(Qt::FindDirectChildrenOnly);
        for (MockConnection *c : connections)
            c->closeByUs(true);
    }

private:
    Shared *m_shared;
};

class MockServer final : public QTcpServer
{
public:
    explicit MockServer(Shared *shared) : m_shared(shared) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        const int id = m_shared->nextConnectionId++;
        ++m_shared->accepted;
        emit m_shared->provider->connectionAccepted(id);
        if (m_shared->workers.isEmpty()) {
            m_shared->localWorker->adopt(descriptor, id);
            return;
        }
        MockWorker *w =
            m_shared->workers.at(int(m_shared->nextWorker++ % unsigned(m_shared->workers.size())));
        QMetaObject::invokeMethod(
            w, [w, descriptor, id] { w->adopt(descriptor, id); }, Qt::QueuedConnection);
    }

private:
    Shared *m_shared;
};

} // namespace

// ---------------------------------------------------------------------------------------------

Behavior Behavior::json(const QString &content)
{
    Behavior b;
    b.kind = Kind::Json;
    if (!content.isNull())
        b.content = content;
    return b;
}

Behavior Behavior::sse(int events, int paceMs)
{
    Behavior b;
    b.kind = Kind::Sse;
    b.events = events;
    b.paceMs = paceMs;
    return b;
}

Behavior Behavior::error(int status, const QString &message)
{
    Behavior b;
    b.kind = Kind::Status;
    b.status = status;
    b.errorMessage = message;
    return b;
}

Behavior Behavior::rateLimited(int retryAfterSeconds)
{
    return error(429).withHeader(QByteArrayLiteral("Retry-After"), num(retryAfterSeconds));
}

Behavior Behavior::hang()
{
    Behavior b;
    b.kind = Kind::Hang;
    return b;
}

Behavior Behavior::hangAfterHeaders()
{
    Behavior b;
    b.kind = Kind::HangAfterHeaders;
    return b;
}

Behavior Behavior::cutStream(int afterEvents, int paceMs)
{
    Behavior b;
    b.kind = Kind::CutStream;
    b.cutAfterEvents = afterEvents;
    b.paceMs = paceMs;
    return b;
}

Behavior Behavior::garbage(const QByteArray &bytes)
{
    Behavior b;
    b.kind = Kind::Garbage;
    b.rawBody = bytes;
    return b;
}

Behavior Behavior::closeImmediately()
{
    Behavior b;
    b.kind = Kind::CloseImmediately;
    return b;
}

Behavior &Behavior::withHeader(const QByteArray &name, const QByteArray &value)
{
    headers.append({name, value});
    return *this;
}

Behavior &Behavior::withDialect(Dialect d)
{
    dialect = d;
    return *this;
}

Behavior &Behavior::withUsage(Usage u)
{
    usage = u;
    return *this;
}

Behavior &Behavior::withDelay(int ms)
{
    delayMs = ms;
    return *this;
}

Behavior &Behavior::withPace(int ms)
{
    paceMs = ms;
    return *this;
}

Behavior &Behavior::withEvents(int n)
{
    events = n;
    return *this;
}

Behavior &Behavior::withModel(const QString &m)
{
    model = m;
    return *this;
}

Behavior &Behavior::withContent(const QString &c)
{
    content = c;
    return *this;
}

QByteArray MockRequest::pathWithoutQuery() const
{
    const qsizetype q = path.indexOf('?');
    return q < 0 ? path : path.left(q);
}

QByteArray MockRequest::query() const
{
    const qsizetype q = path.indexOf('?');
    return q < 0 ? QByteArray() : path.mid(q + 1);
}

QByteArray MockRequest::header(QByteArrayView name) const
{
    for (const auto &[n, v] : headers) {
        if (name.compare(n, Qt::CaseInsensitive) == 0)
            return v;
    }
    return {};
}

bool MockRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (name.compare(h.first, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject MockRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

// ---------------------------------------------------------------------------------------------

MockProvider::MockProvider(QObject *parent) : QObject(parent), m_shared(std::make_shared<Shared>())
{
    m_shared->provider = this;
    m_shared->server = new MockServer(m_shared.get());
    m_shared->server->setParent(this);
    // The default backlog (50) would drop SYNs when a test opens 1000 streams at once.
    m_shared->server->setListenBacklogSize(1024);
    m_shared->localWorker = new MockWorker(m_shared.get());
    m_shared->localWorker->setParent(this);
}

MockProvider::~MockProvider()
{
    m_shared->shuttingDown = true;
    m_shared->server->close();
    for (qsizetype i = 0; i < m_shared->workers.size(); ++i) {
        MockWorker *w = m_shared->workers.at(i);
        // Delete on its own thread, where its sockets' notifiers live.
        QMetaObject::invokeMethod(
            w, [w] { delete w; }, Qt::BlockingQueuedConnection);
        m_shared->threads.at(i)->quit();
        m_shared->threads.at(i)->wait();
        delete m_shared->threads.at(i);
    }
    delete m_shared->localWorker;
    m_shared->localWorker = nullptr;
}

void MockProvider::setWorkerThreads(int count)
{
    m_shared->workerThreads = qMax(1, count);
}

bool MockProvider::listen(quint16 port)
{
    if (m_shared->workerThreads > 1 && m_shared->workers.isEmpty()) {
        for (int i = 0; i < m_shared->workerThreads; ++i) {
            auto *thread = new QThread;
            thread->setObjectName(QStringLiteral("mock-worker-%1").arg(i));
            auto *worker = new MockWorker(m_shared.get());
            worker->moveToThread(thread);
            thread->start();
            m_shared->threads.append(thread);
            m_shared->workers.append(worker);
        }
    }
    return m_shared->server->listen(QHostAddress::LocalHost, port);
}

void MockProvider::close()
{
    m_shared->server->close();
    closeAllConnections();
}

void MockProvider::closeAllConnections()
{
    m_shared->localWorker->closeAll();
    for (MockWorker *w : std::as_const(m_shared->workers))
        QMetaObject::invokeMethod(
            w, [w] { w->closeAll(); }, Qt::BlockingQueuedConnection);
}

quint16 MockProvider::port() const
{
    return m_shared->server->serverPort();
}

QString MockProvider::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(port());
}

void MockProvider::setDefault(const Behavior &behavior)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->defaultBehavior = behavior;
}

Behavior MockProvider::defaultBehavior() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->defaultBehavior;
}

void MockProvider::setBehavior(const QString &pathPrefix, const Behavior &behavior)
{
    QMutexLocker lock(&m_shared->mutex);
    const QByteArray prefix = pathPrefix.toUtf8();
    for (auto &entry : m_shared->pathBehaviors) {
        if (entry.first == prefix) {
            entry.second = behavior;
            return;
        }
    }
    m_shared->pathBehaviors.append({prefix, behavior});
}

void MockProvider::clearBehaviors()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->pathBehaviors.clear();
}

void MockProvider::enqueue(const Behavior &behavior, const QString &pathPrefix)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.append({pathPrefix.toUtf8(), behavior});
}

int MockProvider::queuedCount() const
{
    QMutexLocker lock(&m_shared->mutex);
    return int(m_shared->queue.size());
}

void MockProvider::clearQueue()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->queue.clear();
}

void MockProvider::setPathConventions(bool enabled)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->pathConventions = enabled;
}

void MockProvider::setRecordRequests(bool enabled)
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->recording = enabled;
}

QList<MockRequest> MockProvider::requests() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->requests;
}

MockRequest MockProvider::request(int index) const
{
    QMutexLocker lock(&m_shared->mutex);
    return index >= 0 && index < m_shared->requests.size() ? m_shared->requests.at(index)
                                                           : MockRequest();
}

MockRequest MockProvider::lastRequest() const
{
    QMutexLocker lock(&m_shared->mutex);
    return m_shared->requests.isEmpty() ? MockRequest() : m_shared->requests.constLast();
}

int MockProvider::requestCount() const
{
    return m_shared->requestCount;
}

void MockProvider::clearRequests()
{
    QMutexLocker lock(&m_shared->mutex);
    m_shared->requests.clear();
}

int MockProvider::connectionsAccepted() const
{
    return m_shared->accepted;
}

int MockProvider::connectionsClosedByPeer() const
{
    return m_shared->closedByPeer;
}

int MockProvider::openConnections() const
{
    return m_shared->open;
}

qint64 MockProvider::monotonicNs()
{
    const auto now = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
}

} // namespace gatehouse
