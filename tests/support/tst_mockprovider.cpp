#include "MockProvider.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace gatehouse;

namespace {

const QByteArray kChatBody = QByteArrayLiteral(
    R"({"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}]})");
const QByteArray kStreamBody = QByteArrayLiteral(
    R"({"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello"}]})");
const QByteArray kStreamUsageBody = QByteArrayLiteral(
    R"({"model":"gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},)"
    R"("messages":[{"role":"user","content":"Say hello"}]})");

QByteArray post(const QByteArray &path, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

struct Response
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body; // de-chunked
    bool chunked = false;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[n, v] : headers) {
            if (name.compare(n, Qt::CaseInsensitive) == 0)
                return v;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// A client that speaks HTTP/1.1 by hand over a QTcpSocket, so the tests depend on neither the
// proxy nor QNAM.
class RawClient
{
public:
    explicit RawClient(quint16 port)
    {
        QObject::connect(&socket, &QTcpSocket::readyRead, [this] {
            const QByteArray bytes = socket.readAll();
            buffer += bytes;
            const qint64 now = MockProvider::monotonicNs();
            // Every "\n\n" ends one SSE event; chunk framing never contains one.
            for (qsizetype i = bytes.indexOf("\n\n"); i >= 0; i = bytes.indexOf("\n\n", i + 2))
                eventTimesNs.append(now);
        });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool connected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               5000);
    }
    void send(const QByteArray &bytes)
    {
        socket.write(bytes);
        socket.flush();
    }
    bool waitDisconnected(int ms = 5000)
    {
        return QTest::qWaitFor(
            [this] { return socket.state() == QAbstractSocket::UnconnectedState; }, ms);
    }

    // Reads one whole response from the buffer, waiting for bytes as needed; leaves what follows.
    bool read(Response *out, int timeoutMs = 5000)
    {
        *out = Response();
        QElapsedTimer timer;
        timer.start();
        auto waitMore = [&](qsizetype have) {
            return QTest::qWaitFor(
                [&] {
                    return buffer.size() > have ||
                           socket.state() == QAbstractSocket::UnconnectedState;
                },
                int(qMax<qint64>(1, timeoutMs - timer.elapsed())));
        };
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) < 0) {
            if (!waitMore(buffer.size()) || socket.state() == QAbstractSocket::UnconnectedState) {
                if (buffer.indexOf("\r\n\r\n") >= 0)
                    continue;
                return false;
            }
        }
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || !statusLine.first().startsWith("HTTP/1."))
            return false;
        out->status = statusLine.at(1).toInt();
        qint64 length = -1;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            const QByteArray name = lines.at(i).left(colon).trimmed();
            const QByteArray value = lines.at(i).mid(colon + 1).trimmed();
            out->headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
            if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0)
                out->chunked = value.contains("chunked");
        }
        qsizetype pos = end + 4;
        if (out->status == 100) {
            buffer.remove(0, pos);
            return read(out, timeoutMs);
        }
        if (out->chunked) {
            for (;;) {
                const qsizetype lineEnd = buffer.indexOf("\r\n", pos);
                bool ok = false;
                const qint64 size =
                    lineEnd < 0 ? -1 : buffer.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
                if (lineEnd < 0 || !ok || buffer.size() < lineEnd + 2 + size + 2) {
                    if (!waitMore(buffer.size()) ||
                        socket.state() == QAbstractSocket::UnconnectedState)
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
                if (socket.state() == QAbstractSocket::UnconnectedState &&
                    buffer.size() - pos < length)
                    return false;
            }
            out->body = buffer.mid(pos, length);
            pos += length;
        } else {
            waitDisconnected(timeoutMs);
            out->body = buffer.mid(pos);
            pos = buffer.size();
        }
        buffer.remove(0, pos);
        return true;
    }

    QTcpSocket socket;
    QByteArray buffer;
    QList<qint64> eventTimesNs;
};

QList<QJsonObject> sseObjects(const QByteArray &body)
{
    QList<QJsonObject> objects;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("data: ") && line != "data: [DONE]")
            objects.append(QJsonDocument::fromJson(line.mid(6)).object());
    }
    return objects;
}

QList<QByteArray> sseEventNames(const QByteArray &body)
{
    QList<QByteArray> names;
    for (const QByteArray &line : body.split('\n')) {
        if (line.startsWith("event: "))
            names.append(line.mid(7));
    }
    return names;
}

struct Curl
{
    int exitCode = -1;
    QByteArray out;
    QList<qint64> dataLineTimesNs; // when each "data:" line reached us
};

Curl runCurl(const QStringList &args, int timeoutMs = 10000)
{
    Curl result;
    QProcess p;
    QObject::connect(&p, &QProcess::readyReadStandardOutput, [&] {
        const QByteArray bytes = p.readAllStandardOutput();
        const qint64 now = MockProvider::monotonicNs();
        const qsizetype before = result.out.size();
        result.out += bytes;
        // Count "data:" starts that arrived with these bytes.
        for (qsizetype i = result.out.indexOf("data:", qMax<qsizetype>(0, before - 4)); i >= 0;
             i = result.out.indexOf("data:", i + 5)) {
            if (i + 5 > before)
                result.dataLineTimesNs.append(now);
        }
    });
    p.start(QStringLiteral("/usr/bin/curl"),
            QStringList{QStringLiteral("-sS"), QStringLiteral("--noproxy"), QStringLiteral("*")} +
                args);
    // The mock runs on this thread, so wait with the event loop turning, never blocking.
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return result;
    }
    result.out += p.readAllStandardOutput();
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return result;
}

} // namespace

class TestMockProvider final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void jsonAnswerRawSocket();
    void jsonAnswerCurl();
    void chunkedJsonAnswer();
    void modelsList();
    void sseEventsArrivePacedCurl();
    void sseRawSocketFraming();
    void usageChunk_data();
    void usageChunk();
    void deepSeekCacheAndReasoning();
    void anthropicJsonAndStream();
    void rateLimitedWithRetryAfter();
    void pathConventions_data();
    void pathConventions();
    void hangThenClientCloseIsDetected();
    void clientCloseDetectedMidStream();
    void hangAfterHeaders();
    void cutStream();
    void cutStreamCurlSeesIncompleteBody();
    void garbageAndCloseImmediately();
    void delayBeforeHeaders();
    void keepAliveReuse();
    void keepAliveReuseCurl();
    void connectionCloseOption();
    void pipelinedRequestsAnswerInOrder();
    void chunkedRequestBody();
    void chunkedRequestBodyCurl();
    void expectContinue();
    void requestRecording();
    void queueAndPathPrecedence();
    void malformedRequestGets400();
    void workerThreads();
    void executable();

private:
    std::unique_ptr<MockProvider> m_mock;
};

void TestMockProvider::init()
{
    m_mock = std::make_unique<MockProvider>();
    QVERIFY(m_mock->listen());
    QVERIFY(m_mock->port() > 0);
}

void TestMockProvider::cleanup()
{
    m_mock.reset();
}

void TestMockProvider::jsonAnswerRawSocket()
{
    m_mock->setDefault(Behavior::json(QStringLiteral("Hi there friend")));
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.header("content-length").toInt(), r.body.size());
    QVERIFY(r.header("x-request-id").startsWith("req_mock_"));
    const QJsonObject o = r.json();
    QCOMPARE(o.value(u"object").toString(), QStringLiteral("chat.completion"));
    QCOMPARE(o.value(u"model").toString(), QStringLiteral("gpt-4o-mini"));
    const QJsonObject choice = o.value(u"choices").toArray().first().toObject();
    QCOMPARE(choice.value(u"finish_reason").toString(), QStringLiteral("stop"));
    QCOMPARE(choice.value(u"message").toObject().value(u"role").toString(),
             QStringLiteral("assistant"));
    QCOMPARE(choice.value(u"message").toObject().value(u"content").toString(),
             QStringLiteral("Hi there friend"));
    const QJsonObject usage = o.value(u"usage").toObject();
    QCOMPARE(usage.value(u"prompt_tokens").toInt(), 11);
    QCOMPARE(usage.value(u"completion_tokens").toInt(), 3);
    QCOMPARE(usage.value(u"total_tokens").toInt(), 14);
    QVERIFY(usage.contains(u"prompt_tokens_details"));
    QVERIFY(!usage.contains(u"prompt_cache_hit_tokens"));
}

void TestMockProvider::jsonAnswerCurl()
{
    Behavior b = Behavior::json();
    b.model = QStringLiteral("configured-model");
    b.promptTokens = 20;
    b.completionTokens = 7;
    m_mock->setDefault(b);
    const Curl curl =
        runCurl({QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                 QStringLiteral("--data-binary"), QString::fromUtf8(kChatBody),
                 m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(curl.out).object();
    QCOMPARE(o.value(u"model").toString(), QStringLiteral("configured-model"));
    QCOMPARE(o.value(u"usage").toObject().value(u"prompt_tokens").toInt(), 20);
    QCOMPARE(o.value(u"usage").toObject().value(u"completion_tokens").toInt(), 7);
    QCOMPARE(o.value(u"usage").toObject().value(u"total_tokens").toInt(), 27);
    QCOMPARE(m_mock->lastRequest().method, QByteArray("POST"));
    QCOMPARE(m_mock->lastRequest().body, kChatBody);
}

void TestMockProvider::chunkedJsonAnswer()
{
    Behavior b = Behavior::json(QStringLiteral("chunked answer"));
    b.chunked = true;
    m_mock->setDefault(b);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QVERIFY(r.chunked);
    QVERIFY(r.header("content-length").isEmpty());
    QCOMPARE(r.json()
                 .value(u"choices")
                 .toArray()
                 .first()
                 .toObject()
                 .value(u"message")
                 .toObject()
                 .value(u"content")
                 .toString(),
             QStringLiteral("chunked answer"));
}

void TestMockProvider::modelsList()
{
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"object").toString(), QStringLiteral("list"));
    QCOMPARE(r.json().value(u"data").toArray().size(), 1);
}

void TestMockProvider::sseEventsArrivePacedCurl()
{
    m_mock->setDefault(Behavior::sse(5, 60));
    const Curl curl = runCurl({QStringLiteral("-N"), QStringLiteral("--data-binary"),
                               QString::fromUtf8(kStreamBody),
                               m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    const QList<QJsonObject> chunks = sseObjects(curl.out);
    // role chunk, 5 content chunks, finish chunk; no usage chunk (not asked for).
    QCOMPARE(chunks.size(), 7);
    QVERIFY(curl.out.endsWith("data: [DONE]\n\n"));
    for (const QJsonObject &chunk : chunks) {
        QCOMPARE(chunk.value(u"object").toString(), QStringLiteral("chat.completion.chunk"));
        QCOMPARE(chunk.value(u"model").toString(), QStringLiteral("gpt-4o-mini"));
    }
    QString text;
    for (const QJsonObject &chunk : chunks)
        text += chunk.value(u"choices")
                    .toArray()
                    .first()
                    .toObject()
                    .value(u"delta")
                    .toObject()
                    .value(u"content")
                    .toString();
    QCOMPARE(text, QStringLiteral("Hello from the mock provider."));
    QCOMPARE(chunks.last().value(u"choices").toArray().first().toObject().value(u"finish_reason"),
             QJsonValue(QStringLiteral("stop")));

    // The role chunk rides with the first content event and the end with the last, so the 8
    // data lines come in 5 writes spread over 4 paces. Allow for a busy machine merging reads.
    QList<qint64> times = curl.dataLineTimesNs;
    QCOMPARE(times.size(), 8);
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    times.erase(std::unique(times.begin(), times.end()), times.end());
    QVERIFY2(times.size() >= 3, qPrintable(QString::number(times.size())));
    const qint64 span = times.last() - times.first();
    QVERIFY2(span >= 3 * 60'000'000, qPrintable(QStringLiteral("span %1 ns").arg(span)));
}

void TestMockProvider::sseRawSocketFraming()
{
    m_mock->setDefault(Behavior::sse(3, 30));
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kStreamBody));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.chunked);
    QCOMPARE(r.header("content-type"), QByteArray("text/event-stream; charset=utf-8"));
    QCOMPARE(r.header("cache-control"), QByteArray("no-cache"));
    QCOMPARE(sseObjects(r.body).size(), 5);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QCOMPARE(c.eventTimesNs.size(), 6); // 5 chunks + [DONE]
    QVERIFY(c.eventTimesNs.last() - c.eventTimesNs.first() >= 30'000'000);
    // The connection stays usable after the terminating chunk.
    c.send(post("/v1/chat/completions", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(m_mock->connectionsAccepted(), 1);
}

void TestMockProvider::usageChunk_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("dialect");
    QTest::addColumn<int>("usage");
    QTest::addColumn<bool>("expectUsage");
    QTest::addColumn<bool>("separateChunk");

    const int openai = int(Behavior::Dialect::OpenAI);
    const int deepseek = int(Behavior::Dialect::DeepSeek);
    const int autoUsage = int(Behavior::Usage::Auto);
    QTest::newRow("openai, not asked") << QByteArray("/v1/chat/completions") << kStreamBody
                                       << openai << autoUsage << false << false;
    QTest::newRow("openai, asked") << QByteArray("/v1/chat/completions") << kStreamUsageBody
                                   << openai << autoUsage << true << true;
    QTest::newRow("openai, forced always")
        << QByteArray("/v1/chat/completions") << kStreamBody << openai
        << int(Behavior::Usage::Always) << true << true;
    QTest::newRow("openai, never") << QByteArray("/v1/chat/completions") << kStreamUsageBody
                                   << openai << int(Behavior::Usage::Never) << false << false;
    QTest::newRow("deepseek, not asked")
        << QByteArray("/chat/completions") << kStreamBody << deepseek << autoUsage << true << false;
    QTest::newRow("deepseek, if requested")
        << QByteArray("/chat/completions") << kStreamBody << deepseek
        << int(Behavior::Usage::IfRequested) << false << false;
}

void TestMockProvider::usageChunk()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, dialect);
    QFETCH(int, usage);
    QFETCH(bool, expectUsage);
    QFETCH(bool, separateChunk);

    Behavior b = Behavior::sse(2);
    b.dialect = Behavior::Dialect(dialect);
    b.usage = Behavior::Usage(usage);
    b.promptTokens = 30;
    m_mock->setDefault(b);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post(path, body));
    Response r;
    QVERIFY(c.read(&r));
    const QList<QJsonObject> chunks = sseObjects(r.body);
    QJsonObject withUsage;
    int usageCount = 0;
    for (const QJsonObject &chunk : chunks) {
        if (chunk.value(u"usage").isObject()) {
            withUsage = chunk;
            ++usageCount;
        }
    }
    QCOMPARE(usageCount, expectUsage ? 1 : 0);
    if (!expectUsage)
        return;
    QCOMPARE(withUsage, chunks.last());
    QCOMPARE(withUsage.value(u"usage").toObject().value(u"prompt_tokens").toInt(), 30);
    QCOMPARE(withUsage.value(u"usage").toObject().value(u"completion_tokens").toInt(), 2);
    QCOMPARE(withUsage.value(u"choices").toArray().isEmpty(), separateChunk);
    if (separateChunk) {
        // OpenAI marks every other chunk with "usage": null.
        QVERIFY(chunks.first().contains(u"usage"));
        QVERIFY(chunks.first().value(u"usage").isNull());
    }
}

void TestMockProvider::deepSeekCacheAndReasoning()
{
    Behavior b = Behavior::json(QStringLiteral("The answer is 4."));
    b.dialect = Behavior::Dialect::DeepSeek;
    b.promptTokens = 50;
    b.cachedTokens = 32;
    b.reasoning = QStringLiteral("Two plus two");
    m_mock->setDefault(b);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    const QJsonObject usage = r.json().value(u"usage").toObject();
    QCOMPARE(usage.value(u"prompt_cache_hit_tokens").toInt(), 32);
    QCOMPARE(usage.value(u"prompt_cache_miss_tokens").toInt(), 18);
    QCOMPARE(usage.value(u"prompt_tokens_details").toObject().value(u"cached_tokens").toInt(), 32);
    QCOMPARE(
        usage.value(u"completion_tokens_details").toObject().value(u"reasoning_tokens").toInt(), 3);
    QCOMPARE(usage.value(u"completion_tokens").toInt(), 4 + 3);
    const QJsonObject message =
        r.json().value(u"choices").toArray().first().toObject().value(u"message").toObject();
    QCOMPARE(message.value(u"reasoning_content").toString(), QStringLiteral("Two plus two"));

    // Streamed: reasoning deltas first, then content; usage on the finishing chunk.
    b.kind = Behavior::Kind::Sse;
    m_mock->setDefault(b);
    c.send(post("/chat/completions", kStreamBody));
    QVERIFY(c.read(&r));
    const QList<QJsonObject> chunks = sseObjects(r.body);
    QString reasoning;
    QString content;
    bool contentSeen = false;
    for (const QJsonObject &chunk : chunks) {
        const QJsonObject delta =
            chunk.value(u"choices").toArray().first().toObject().value(u"delta").toObject();
        if (delta.value(u"reasoning_content").isString()) {
            QVERIFY(!contentSeen);
            reasoning += delta.value(u"reasoning_content").toString();
        }
        if (!delta.value(u"content").toString().isEmpty()) {
            contentSeen = true;
            content += delta.value(u"content").toString();
        }
    }
    QCOMPARE(reasoning, QStringLiteral("Two plus two"));
    QCOMPARE(content, QStringLiteral("The answer is 4."));
    const QJsonObject last = chunks.last();
    QCOMPARE(last.value(u"choices").toArray().first().toObject().value(u"finish_reason"),
             QJsonValue(QStringLiteral("stop")));
    QCOMPARE(last.value(u"usage").toObject().value(u"prompt_cache_hit_tokens").toInt(), 32);
}

void TestMockProvider::anthropicJsonAndStream()
{
    Behavior b;
    b.cachedTokens = 4;
    b.content = QStringLiteral("Bonjour tout le monde");
    m_mock->setDefault(b);
    const QByteArray body = R"({"model":"claude-sonnet-4","max_tokens":100,)"
                            R"("messages":[{"role":"user","content":"Hi"}]})";
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    // Dialect::Auto answers natively on */messages.
    c.send(post("/v1/messages", body));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.json().value(u"type").toString(), QStringLiteral("message"));
    QCOMPARE(r.json().value(u"model").toString(), QStringLiteral("claude-sonnet-4"));
    QCOMPARE(r.json().value(u"content").toArray().first().toObject().value(u"text").toString(),
             QStringLiteral("Bonjour tout le monde"));
    QCOMPARE(r.json().value(u"usage").toObject().value(u"input_tokens").toInt(), 11);
    QCOMPARE(r.json().value(u"usage").toObject().value(u"output_tokens").toInt(), 4);
    QCOMPARE(r.json().value(u"usage").toObject().value(u"cache_read_input_tokens").toInt(), 4);

    QByteArray streamBody = body;
    streamBody.replace("\"max_tokens\":100,", "\"max_tokens\":100,\"stream\":true,");
    c.send(post("/v1/messages", streamBody));
    QVERIFY(c.read(&r));
    const QList<QByteArray> names = sseEventNames(r.body);
    const QList<QByteArray> expected{
        "message_start",       "content_block_start", "ping",
        "content_block_delta", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_stop",  "message_delta",
        "message_stop"};
    QCOMPARE(names, expected);
    QVERIFY(!r.body.contains("[DONE]"));
    const QList<QJsonObject> events = sseObjects(r.body);
    QCOMPARE(events.size(), expected.size());
    QCOMPARE(events.first()
                 .value(u"message")
                 .toObject()
                 .value(u"usage")
                 .toObject()
                 .value(u"input_tokens")
                 .toInt(),
             11);
    QCOMPARE(events.at(3).value(u"delta").toObject().value(u"text").toString(),
             QStringLiteral("Bonjour"));
    QCOMPARE(events.at(8).value(u"usage").toObject().value(u"output_tokens").toInt(), 4);
    QCOMPARE(events.at(8).value(u"delta").toObject().value(u"stop_reason").toString(),
             QStringLiteral("end_turn"));

    // Errors in Anthropic's own shape.
    m_mock->enqueue(Behavior::error(529));
    c.send(post("/v1/messages", body));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 529);
    QCOMPARE(r.json().value(u"type").toString(), QStringLiteral("error"));
    QCOMPARE(r.json().value(u"error").toObject().value(u"type").toString(),
             QStringLiteral("overloaded_error"));
}

void TestMockProvider::rateLimitedWithRetryAfter()
{
    m_mock->enqueue(Behavior::rateLimited(7));
    const Curl curl = runCurl({QStringLiteral("-i"), QStringLiteral("--data-binary"),
                               QString::fromUtf8(kChatBody),
                               m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY2(curl.out.startsWith("HTTP/1.1 429 Too Many Requests\r\n"), curl.out.constData());
    QVERIFY(curl.out.contains("\r\nRetry-After: 7\r\n"));
    const QByteArray body = curl.out.mid(curl.out.indexOf("\r\n\r\n") + 4);
    const QJsonObject error = QJsonDocument::fromJson(body).object().value(u"error").toObject();
    QCOMPARE(error.value(u"type").toString(), QStringLiteral("requests"));
    QCOMPARE(error.value(u"code").toString(), QStringLiteral("rate_limit_exceeded"));
    QVERIFY(!error.value(u"message").toString().isEmpty());
    QCOMPARE(m_mock->queuedCount(), 0);

    // The queue is used up: the next request gets the default answer.
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
}

void TestMockProvider::pathConventions_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("bodyContains");

    QTest::newRow("status+retry-after")
        << QByteArray("/status/429/retry-after/3/v1/chat/completions") << kChatBody << 429
        << QByteArray("application/json") << QByteArray("Retry-After: 3")
        << QByteArray("rate_limit_exceeded");
    QTest::newRow("status 401") << QByteArray("/status/401/chat/completions") << kChatBody << 401
                                << QByteArray("application/json") << QByteArray()
                                << QByteArray("invalid_api_key");
    QTest::newRow("sse forced") << QByteArray("/sse/events/2/v1/chat/completions") << kChatBody
                                << 200 << QByteArray("text/event-stream; charset=utf-8")
                                << QByteArray() << QByteArray("data: [DONE]");
    QTest::newRow("json forced") << QByteArray("/json/v1/chat/completions") << kStreamBody << 200
                                 << QByteArray("application/json") << QByteArray()
                                 << QByteArray("\"chat.completion\"");
    QTest::newRow("deepseek") << QByteArray("/deepseek/chat/completions") << kChatBody << 200
                              << QByteArray("application/json") << QByteArray()
                              << QByteArray("prompt_cache_miss_tokens");
    QTest::newRow("model") << QByteArray("/model/other-model/v1/chat/completions") << kChatBody
                           << 200 << QByteArray("application/json") << QByteArray()
                           << QByteArray("\"model\":\"other-model\"");
    QTest::newRow("anthropic") << QByteArray("/anthropic/v1/chat/completions") << kChatBody << 200
                               << QByteArray("application/json") << QByteArray()
                               << QByteArray("\"type\":\"message\"");
    QTest::newRow("unknown segment stops") << QByteArray("/v1/json/chat") << kStreamBody << 200
                                           << QByteArray("text/event-stream; charset=utf-8")
                                           << QByteArray() << QByteArray("chat.completion.chunk");
}

void TestMockProvider::pathConventions()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, bodyContains);

    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post(path, body));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("content-type"), contentType);
    if (!header.isEmpty()) {
        const QList<QByteArray> parts = header.split(':');
        QCOMPARE(r.header(parts.first()), parts.at(1).trimmed());
    }
    QVERIFY2(r.body.contains(bodyContains), r.body.constData());
    QCOMPARE(m_mock->lastRequest().path, path);
}

void TestMockProvider::hangThenClientCloseIsDetected()
{
    m_mock->enqueue(Behavior::hang());
    QSignalSpy received(m_mock.get(), &MockProvider::requestReceived);
    QSignalSpy gone(m_mock.get(), &MockProvider::clientDisconnected);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    QTRY_COMPARE(received.size(), 1);
    QCOMPARE(m_mock->openConnections(), 1);
    QVERIFY(!QTest::qWaitFor([&] { return !c.buffer.isEmpty(); }, 200)); // no answer
    const int connectionId = m_mock->lastRequest().connectionId;
    c.socket.close();
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(gone.first().first().toInt(), connectionId);
    QCOMPARE(m_mock->connectionsClosedByPeer(), 1);
    QCOMPARE(m_mock->openConnections(), 0);
}

void TestMockProvider::clientCloseDetectedMidStream()
{
    m_mock->setDefault(Behavior::sse(100, 50));
    QSignalSpy gone(m_mock.get(), &MockProvider::clientDisconnected);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kStreamBody));
    QTRY_VERIFY(c.eventTimesNs.size() >= 3); // role+first content, then paced events
    c.socket.abort();
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(m_mock->connectionsClosedByPeer(), 1);
    QTRY_COMPARE(m_mock->openConnections(), 0);
}

void TestMockProvider::hangAfterHeaders()
{
    m_mock->enqueue(Behavior::hangAfterHeaders());
    QSignalSpy gone(m_mock.get(), &MockProvider::clientDisconnected);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kStreamBody));
    QTRY_VERIFY(c.buffer.contains("\r\n\r\n"));
    QVERIFY(c.buffer.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(c.buffer.contains("Content-Type: text/event-stream"));
    QVERIFY(c.buffer.endsWith("\r\n\r\n")); // headers only
    QVERIFY(!QTest::qWaitFor([&] { return !c.buffer.endsWith("\r\n\r\n"); }, 200));
    c.socket.close();
    QTRY_COMPARE(gone.size(), 1);
}

void TestMockProvider::cutStream()
{
    m_mock->enqueue(Behavior::cutStream(3, 10));
    QSignalSpy gone(m_mock.get(), &MockProvider::clientDisconnected);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kStreamBody));
    QVERIFY(c.waitDisconnected());
    // Headers, role chunk + 3 content events, then the end of the connection: no finish chunk,
    // no [DONE], no terminating zero-length chunk.
    QVERIFY(c.buffer.startsWith("HTTP/1.1 200 OK\r\n"));
    QCOMPARE(c.buffer.count("data: "), 4);
    QVERIFY(!c.buffer.contains("[DONE]"));
    QVERIFY(!c.buffer.contains("finish_reason\":\"stop"));
    QVERIFY(!c.buffer.endsWith("0\r\n\r\n"));
    QCOMPARE(gone.size(), 0); // the mock closed it, not the peer
    QCOMPARE(m_mock->connectionsClosedByPeer(), 0);

    // With a reset the client sees "connection reset", not an orderly end.
    Behavior reset = Behavior::cutStream(1);
    reset.cutWithReset = true;
    m_mock->enqueue(reset);
    const Curl curl = runCurl({QStringLiteral("-N"), QStringLiteral("--data-binary"),
                               QString::fromUtf8(kStreamBody),
                               m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 56); // CURLE_RECV_ERROR
}

void TestMockProvider::cutStreamCurlSeesIncompleteBody()
{
    m_mock->setDefault(Behavior::cutStream(2));
    const Curl curl = runCurl({QStringLiteral("-N"), QStringLiteral("--data-binary"),
                               QString::fromUtf8(kStreamBody),
                               m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 18); // CURLE_PARTIAL_FILE: the chunked body never ended
    QCOMPARE(sseObjects(curl.out).size(), 3);
}

void TestMockProvider::garbageAndCloseImmediately()
{
    m_mock->enqueue(Behavior::garbage());
    m_mock->enqueue(Behavior::closeImmediately());
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    QVERIFY(c.waitDisconnected());
    QVERIFY(!c.buffer.isEmpty());
    QVERIFY(!c.buffer.startsWith("HTTP/"));

    RawClient d(m_mock->port());
    QVERIFY(d.connected());
    d.send(post("/v1/chat/completions", kChatBody));
    QVERIFY(d.waitDisconnected());
    QVERIFY(d.buffer.isEmpty());
    QCOMPARE(m_mock->requestCount(), 2);
    QCOMPARE(m_mock->connectionsClosedByPeer(), 0);
}

void TestMockProvider::delayBeforeHeaders()
{
    m_mock->setDefault(Behavior::json().withDelay(150));
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    QElapsedTimer t;
    t.start();
    c.send(post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QVERIFY2(t.elapsed() >= 140, qPrintable(QString::number(t.elapsed())));
    QCOMPARE(r.status, 200);
}

void TestMockProvider::keepAliveReuse()
{
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    for (int i = 0; i < 3; ++i) {
        c.send(post("/v1/chat/completions", kChatBody));
        Response r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("connection").isEmpty());
    }
    QCOMPARE(m_mock->connectionsAccepted(), 1);
    const QList<MockRequest> requests = m_mock->requests();
    QCOMPARE(requests.size(), 3);
    QCOMPARE(requests.at(2).connectionId, requests.at(0).connectionId);
    QCOMPARE(requests.at(2).indexOnConnection, 2);
    QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
}

void TestMockProvider::keepAliveReuseCurl()
{
    const QString url = m_mock->baseUrl() + QStringLiteral("/v1/chat/completions");
    const Curl curl = runCurl({QStringLiteral("--data-binary"), QString::fromUtf8(kChatBody), url,
                               QStringLiteral("--next"), QStringLiteral("--data-binary"),
                               QString::fromUtf8(kStreamBody), url});
    QCOMPARE(curl.exitCode, 0);
    QCOMPARE(m_mock->requestCount(), 2);
    QCOMPARE(m_mock->connectionsAccepted(), 1);
    QVERIFY(curl.out.contains("\"chat.completion\""));
    QVERIFY(curl.out.contains("data: [DONE]"));
}

void TestMockProvider::connectionCloseOption()
{
    Behavior b = Behavior::json();
    b.connectionClose = true;
    m_mock->setDefault(b);
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(c.waitDisconnected());
    QCOMPARE(m_mock->connectionsClosedByPeer(), 0);

    // A client's own "Connection: close" is honoured too.
    m_mock->setDefault(Behavior::json());
    RawClient d(m_mock->port());
    QVERIFY(d.connected());
    d.send(post("/v1/chat/completions", kChatBody, "Connection: close\r\n"));
    QVERIFY(d.read(&r));
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(d.waitDisconnected());
}

void TestMockProvider::pipelinedRequestsAnswerInOrder()
{
    m_mock->enqueue(Behavior::json(QStringLiteral("first")).withDelay(50));
    m_mock->enqueue(Behavior::json(QStringLiteral("second")));
    m_mock->enqueue(Behavior::sse(2));
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send(post("/v1/chat/completions", kChatBody) + post("/v1/chat/completions", kChatBody) +
           post("/v1/chat/completions", kChatBody));
    Response r;
    QVERIFY(c.read(&r));
    QVERIFY(r.body.contains("\"first\""));
    QVERIFY(c.read(&r));
    QVERIFY(r.body.contains("\"second\""));
    QVERIFY(c.read(&r));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QCOMPARE(m_mock->connectionsAccepted(), 1);
}

void TestMockProvider::chunkedRequestBody()
{
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
    c.send("10;ext=1\r\n{\"model\":\"chunky\r\n");
    QVERIFY(!QTest::qWaitFor([&] { return m_mock->requestCount() > 0; }, 50));
    c.send("4\r\n\",\"m\r\n");
    c.send("1B\r\nessages\":[],\"stream\":false}\r\n0\r\nX-Trailer: 1\r\n\r\n");
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json().value(u"model").toString(), QStringLiteral("chunky"));
    const MockRequest req = m_mock->lastRequest();
    QVERIFY(req.chunkedBody);
    QCOMPARE(req.body, QByteArray(R"({"model":"chunky","messages":[],"stream":false})"));
    QCOMPARE(req.json().value(u"model").toString(), QStringLiteral("chunky"));
    // And the connection carries on.
    c.send(post("/v1/chat/completions", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(m_mock->lastRequest().body, kChatBody);
}

void TestMockProvider::chunkedRequestBodyCurl()
{
    const Curl curl = runCurl({QStringLiteral("-H"), QStringLiteral("Transfer-Encoding: chunked"),
                               QStringLiteral("--data-binary"), QString::fromUtf8(kChatBody),
                               m_mock->baseUrl() + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(m_mock->lastRequest().chunkedBody);
    QCOMPARE(m_mock->lastRequest().body, kChatBody);
    QCOMPARE(QJsonDocument::fromJson(curl.out).object().value(u"model").toString(),
             QStringLiteral("gpt-4o-mini"));
}

void TestMockProvider::expectContinue()
{
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
           "Content-Length: " +
           QByteArray::number(kChatBody.size()) + "\r\n\r\n");
    QTRY_VERIFY(c.buffer.startsWith("HTTP/1.1 100 Continue\r\n\r\n"));
    c.send(kChatBody);
    Response r;
    QVERIFY(c.read(&r)); // skips the interim answer
    QCOMPARE(r.status, 200);
    QCOMPARE(m_mock->lastRequest().body, kChatBody);
}

void TestMockProvider::requestRecording()
{
    QSignalSpy received(m_mock.get(), &MockProvider::requestReceived);
    QSignalSpy accepted(m_mock.get(), &MockProvider::connectionAccepted);
    const qint64 before = MockProvider::monotonicNs();
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send("POST /v1/chat/completions?api-version=2024-10-21&x=1 HTTP/1.1\r\nHost: a\r\n"
           "Authorization: Bearer sk-test\r\nX-Custom: one\r\nx-custom: two\r\n"
           "Content-Length: 2\r\n\r\n{}");
    Response r;
    QVERIFY(c.read(&r));
    c.send("GET /v1/models HTTP/1.1\r\nHost: a\r\n\r\n");
    QVERIFY(c.read(&r));

    QCOMPARE(received.size(), 2);
    QCOMPARE(received.at(0).first().toInt(), 0);
    QCOMPARE(received.at(1).first().toInt(), 1);
    QCOMPARE(accepted.size(), 1);
    const QList<MockRequest> requests = m_mock->requests();
    QCOMPARE(requests.size(), 2);
    const MockRequest &first = requests.first();
    QCOMPARE(first.method, QByteArray("POST"));
    QCOMPARE(first.path, QByteArray("/v1/chat/completions?api-version=2024-10-21&x=1"));
    QCOMPARE(first.pathWithoutQuery(), QByteArray("/v1/chat/completions"));
    QCOMPARE(first.query(), QByteArray("api-version=2024-10-21&x=1"));
    QCOMPARE(first.version, QByteArray("HTTP/1.1"));
    const MockHeaders expectedHeaders{{"Host", "a"},
                                      {"Authorization", "Bearer sk-test"},
                                      {"X-Custom", "one"},
                                      {"x-custom", "two"},
                                      {"Content-Length", "2"}};
    QCOMPARE(first.headers, expectedHeaders);
    QCOMPARE(first.header("authorization"), QByteArray("Bearer sk-test"));
    QCOMPARE(first.header("X-CUSTOM"), QByteArray("one"));
    QVERIFY(!first.hasHeader("cookie"));
    QCOMPARE(first.body, QByteArray("{}"));
    QCOMPARE(first.connectionId, accepted.first().first().toInt());
    QVERIFY(first.receivedAtNs >= before);
    QVERIFY(requests.at(1).receivedAtNs >= first.receivedAtNs);
    QVERIFY(first.receivedAtMs > 0);
    QCOMPARE(requests.at(1).method, QByteArray("GET"));
    QVERIFY(requests.at(1).body.isEmpty());
    QCOMPARE(m_mock->request(1).path, QByteArray("/v1/models"));
    QCOMPARE(m_mock->lastRequest().path, QByteArray("/v1/models"));

    m_mock->clearRequests();
    QVERIFY(m_mock->requests().isEmpty());
    QCOMPARE(m_mock->requestCount(), 2);
    m_mock->setRecordRequests(false);
    c.send(post("/v1/chat/completions", kChatBody));
    QVERIFY(c.read(&r));
    QVERIFY(m_mock->requests().isEmpty());
    QCOMPARE(m_mock->requestCount(), 3);
    QCOMPARE(received.last().first().toInt(), -1);
}

void TestMockProvider::queueAndPathPrecedence()
{
    m_mock->setDefault(Behavior::json(QStringLiteral("default")));
    m_mock->setBehavior(QStringLiteral("/a"), Behavior::json(QStringLiteral("path a")));
    m_mock->setBehavior(QStringLiteral("/a/b"), Behavior::json(QStringLiteral("path a/b")));
    m_mock->enqueue(Behavior::error(503), QStringLiteral("/a/b"));
    m_mock->enqueue(Behavior::error(500));

    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    auto ask = [&](const QByteArray &path) {
        c.send(post(path, kChatBody));
        Response r;
        if (!c.read(&r))
            return QByteArray("no answer");
        return r.status == 200 ? r.json()
                                     .value(u"choices")
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(u"message")
                                     .toObject()
                                     .value(u"content")
                                     .toString()
                                     .toUtf8()
                               : QByteArray::number(r.status);
    };
    QCOMPARE(ask("/x"), QByteArray("500"));          // unscoped queue entry
    QCOMPARE(ask("/x"), QByteArray("default"));      // scoped one waits for its path
    QCOMPARE(ask("/a/c"), QByteArray("path a"));     // per-path
    QCOMPARE(ask("/a/b/c"), QByteArray("503"));      // scoped queue entry beats per-path
    QCOMPARE(ask("/a/b/c"), QByteArray("path a/b")); // longest prefix wins
    QCOMPARE(m_mock->queuedCount(), 0);

    // A slot on requestReceived can still script the answer of the request it sees.
    connect(m_mock.get(), &MockProvider::requestReceived, this,
            [this] { m_mock->enqueue(Behavior::error(418)); });
    QCOMPARE(ask("/x"), QByteArray("418"));
}

void TestMockProvider::malformedRequestGets400()
{
    RawClient c(m_mock->port());
    QVERIFY(c.connected());
    c.send("NONSENSE\r\n\r\n");
    Response r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(c.waitDisconnected());
    QCOMPARE(m_mock->requestCount(), 0);
}

void TestMockProvider::workerThreads()
{
    MockProvider mock;
    mock.setWorkerThreads(2);
    QVERIFY(mock.listen());
    mock.setDefault(Behavior::sse(3));
    QSignalSpy received(&mock, &MockProvider::requestReceived);
    QSignalSpy gone(&mock, &MockProvider::clientDisconnected);
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<RawClient>(mock.port()));
        QVERIFY(clients.back()->connected());
    }
    for (int round = 0; round < 2; ++round) {
        for (auto &c : clients)
            c->send(post("/v1/chat/completions", kStreamBody));
        for (auto &c : clients) {
            Response r;
            QVERIFY(c->read(&r));
            QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
        }
    }
    QTRY_COMPARE(received.size(), 8);
    QCOMPARE(mock.connectionsAccepted(), 4);
    QCOMPARE(mock.requests().size(), 8);
    QCOMPARE(mock.openConnections(), 4);
    clients.front()->socket.close();
    QTRY_COMPARE(gone.size(), 1);
    QTRY_COMPARE(mock.openConnections(), 3);
}

void TestMockProvider::executable()
{
    const QString binDir = qEnvironmentVariable("GATEHOUSE_BIN_DIR");
    if (binDir.isEmpty())
        QSKIP("GATEHOUSE_BIN_DIR is not set (run through ctest)");
    QProcess mock;
    mock.start(binDir + QStringLiteral("/gatehouse-mock-provider"),
               {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--threads"),
                QStringLiteral("2"), QStringLiteral("--mode"), QStringLiteral("sse"),
                QStringLiteral("--events"), QStringLiteral("4")});
    QVERIFY(mock.waitForStarted());
    QTRY_VERIFY(mock.canReadLine());
    const QByteArray line = mock.readLine().trimmed();
    QVERIFY2(line.startsWith("listening on 127.0.0.1:"), line.constData());
    const QString base = QStringLiteral("http://") + QString::fromLatin1(line.mid(13));

    Curl curl =
        runCurl({QStringLiteral("-N"), QStringLiteral("--data-binary"),
                 QString::fromUtf8(kChatBody), base + QStringLiteral("/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    QCOMPARE(sseObjects(curl.out).size(), 6); // role + 4 + finish
    QVERIFY(curl.out.endsWith("data: [DONE]\n\n"));

    curl = runCurl({QStringLiteral("-i"), QStringLiteral("--data-binary"),
                    QString::fromUtf8(kChatBody),
                    base + QStringLiteral("/status/503/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(curl.out.startsWith("HTTP/1.1 503 Service Unavailable"));

    curl = runCurl({QStringLiteral("--max-time"), QStringLiteral("0.3"),
                    QStringLiteral("--data-binary"), QString::fromUtf8(kChatBody),
                    base + QStringLiteral("/hang/v1/chat/completions")});
    QCOMPARE(curl.exitCode, 28); // timed out: the mock never answered

    mock.kill();
    QVERIFY(mock.waitForFinished());
}

QTEST_GUILESS_MAIN(TestMockProvider)
#include "tst_mockprovider.moc"
