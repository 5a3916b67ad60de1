#include "tst_proxystreaming.h"

#include "Fixtures.h"
#include "ProxyHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

QByteArray chunkedFraming(const QByteArray &data, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < data.size(); i += chunkSize) {
        const QByteArray piece = data.mid(i, chunkSize);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out;
}

// The text of every content delta in an OpenAI-style stream.
QString streamedContent(const QByteArray &body)
{
    QString text;
    for (const QJsonObject &o : sseObjects(body)) {
        const QJsonArray choices = o.value(u"choices").toArray();
        if (!choices.isEmpty())
            text += choices.first()[u"delta"][u"content"].toString();
    }
    return text;
}

bool hasUsageOnlyChunk(const QByteArray &body)
{
    for (const QJsonObject &o : sseObjects(body)) {
        if (o.value(u"choices").toArray().isEmpty() && o.value(u"usage").isObject())
            return true;
    }
    return false;
}

// The gateway's error event at the end of an interrupted stream: its envelope's code.
QString errorEventCode(const QByteArray &body)
{
    const qsizetype at = body.lastIndexOf("event: error\ndata: ");
    if (at < 0)
        return {};
    const qsizetype start = at + int(qstrlen("event: error\ndata: "));
    const qsizetype end = body.indexOf('\n', start);
    const QJsonObject envelope = QJsonDocument::fromJson(body.mid(start, end - start)).object();
    const QJsonObject error = envelope.value(u"error").toObject();
    if (error.value(u"type").toString() != QLatin1String("gateway_error") ||
        error.value(u"message").toString().isEmpty())
        return QStringLiteral("(not an envelope)");
    return error.value(u"code").toString();
}

bool good(RawClient &c)
{
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    return c.read(&r) && r.status == 200;
}

} // namespace

TestProxyStreaming::TestProxyStreaming() = default;
TestProxyStreaming::~TestProxyStreaming() = default;

void TestProxyStreaming::init()
{
    h = std::make_unique<ProxyHarness>();
    QVERIFY(h->start());
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json")),
                        routeJson(R"({"id": "quick", "paths": ["/t"],
                            "plugins": {"ai-proxy": {"provider": "deepseek", "timeout": 300,
                                "auth": {"header": {"Authorization": "Bearer k"}}}}})"),
                        routeJson(R"({"id": "short-streams", "paths": ["/long"],
                            "plugins": {"ai-proxy": {"provider": "deepseek",
                                "max_stream_duration_ms": 500,
                                "auth": {"header": {"Authorization": "Bearer k"}}}}})"),
                        routeJson(R"({"id": "claude", "paths": ["/v1/messages"],
                            "plugins": {"ai-proxy": {"provider": "anthropic",
                                "auth": {"header": {"x-api-key": "anthropic-key"}}}}})")}));
}

void TestProxyStreaming::cleanup()
{
    h.reset();
}

void TestProxyStreaming::streamShape()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("text/event-stream"));
    QVERIFY(r.chunked);
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-route"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("ai-proxy-deepseek"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("ai-proxy-deepseek=200"));
    const QList<QJsonObject> objects = sseObjects(r.body);
    QVERIFY(objects.size() >= 3);
    QCOMPARE(objects.first()[u"object"].toString(), QStringLiteral("chat.completion.chunk"));
    QCOMPARE(objects.first()[u"model"].toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(streamedContent(r.body), QStringLiteral("Hello from the mock provider."));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));

    const QJsonObject sent = h->mock.lastRequest().json();
    QCOMPARE(sent[u"stream"].toBool(), true);
    QCOMPARE(sent[u"stream_options"][u"include_usage"].toBool(), true);
    QCOMPARE(h->mock.lastRequest().header("Accept"), QByteArray("text/event-stream"));

    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.status, 200);
    QVERIFY(rec.stream);
    QVERIFY(!rec.interrupted);
    QVERIFY(rec.ttftMs >= 0);
    QVERIFY(rec.latencyMs >= rec.ttftMs);
    QCOMPARE(rec.clientModel, QStringLiteral("client-model"));
    QCOMPARE(rec.upstreamModel, QStringLiteral("deepseek-chat"));
    QVERIFY(good(c)); // the connection carries on after a stream
}

void TestProxyStreaming::eventsMergedInOneRead()
{
    // Pace 0: the mock writes every event in one go; the proxy gets many per read.
    h->mock.enqueue(Behavior::sse(40, 0));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    int content = 0;
    for (const QJsonObject &o : sseObjects(r.body)) {
        const QJsonArray choices = o[u"choices"].toArray();
        if (!choices.isEmpty() && !choices.first()[u"delta"][u"content"].toString().isEmpty())
            ++content;
    }
    QCOMPARE(content, 40);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(!hasUsageOnlyChunk(r.body));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().usage.completionTokens, 40);
}

void TestProxyStreaming::eventsSplitAcrossReads_data()
{
    QTest::addColumn<int>("chunkSize");
    QTest::addColumn<bool>("clientAsksUsage");
    QTest::newRow("1-byte chunks") << 1 << false;
    QTest::newRow("5-byte chunks") << 5 << false;
    QTest::newRow("64-byte chunks") << 64 << false;
    QTest::newRow("5-byte chunks, usage asked") << 5 << true;
}

void TestProxyStreaming::eventsSplitAcrossReads()
{
    QFETCH(int, chunkSize);
    QFETCH(bool, clientAsksUsage);
    ScriptedUpstream up;
    QJsonObject route = routeJson(R"({"id": "scripted", "paths": ["/scripted"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer s"}}}}})");
    QJsonObject plugins = route[u"plugins"].toObject();
    QJsonObject conf = plugins[u"ai-proxy"].toObject();
    conf.insert(QStringLiteral("override"),
                QJsonObject{{QStringLiteral("endpoint"), up.baseUrl()}});
    plugins.insert(QStringLiteral("ai-proxy"), conf);
    route.insert(QStringLiteral("plugins"), plugins);
    QVERIFY(h->publish({route}));

    struct Event
    {
        QByteArray bytes;
        QByteArray marker; // unique text that shows the client got it
        bool usageOnly = false;
    };
    const QByteArray prefix = R"(data: {"id":"c1","object":"chat.completion.chunk","model":"m",)";
    const QList<Event> events = {
        {prefix + R"("choices":[{"index":0,"delta":{"content":"tok-1"},"finish_reason":null}]})"
                  "\n\n",
         "tok-1"},
        {": ka-2 (a comment block)\n\n", ": ka-2"},
        {prefix + R"("choices":[{"index":0,"delta":{"content":"tok-3"},"finish_reason":null}]})"
                  "\r\n\r\n",
         "tok-3"},
        {"event: message\r" + prefix +
             R"("choices":[{"index":0,"delta":{"content":"tok-4"},"finish_reason":"stop"}]})"
             "\r\r",
         "tok-4"},
        {prefix + R"("choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,)"
                  R"("total_tokens":7}})"
                  "\n\n",
         R"("prompt_tokens":5)", true},
        {"data: [DONE]\n\n", "[DONE]"},
    };
    QByteArray sse;
    QList<qsizetype> ends; // where each event ends in `sse`
    QList<qsizetype> cuts; // where the upstream's writes split the stream
    for (const Event &e : events) {
        cuts << sse.size() + e.bytes.size() / 2; // mid-event
        const qsizetype cr = e.bytes.indexOf('\r');
        if (cr >= 0)
            cuts << sse.size() + cr + 1; // between CR and LF
        sse += e.bytes;
        ends << sse.size();
    }
    std::sort(cuts.begin(), cuts.end());
    cuts << sse.size();

    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/scripted", clientAsksUsage ? kStreamUsageBody : kStreamBody));
    QVERIFY(up.waitForRequest());
    QVERIFY(up.request.contains(R"("include_usage":true)"));
    up.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n");
    up.write("Transfer-Encoding: chunked\r\n\r\n");

    qsizetype from = 0;
    for (const qsizetype cut : std::as_const(cuts)) {
        up.write(chunkedFraming(sse.mid(from, cut - from), chunkSize));
        from = cut;
        // Before writing on, wait for the last event completed so far to reach the client: so
        // the next write is a separate read for the proxy, which now holds half an event.
        for (qsizetype i = events.size() - 1; i >= 0; --i) {
            if (ends[i] <= cut && !(events[i].usageOnly && !clientAsksUsage)) {
                QVERIFY2(c.waitFor(events[i].marker), events[i].marker.constData());
                break;
            }
        }
    }
    up.write("0\r\n\r\n");

    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QByteArray expected;
    for (const Event &e : events) {
        if (!(e.usageOnly && !clientAsksUsage))
            expected += e.bytes;
    }
    // Byte for byte as the provider sent it, minus the usage chunk the client did not ask for.
    QCOMPARE(r.body, expected);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.status, 200);
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 5);
    QCOMPARE(rec.usage.completionTokens, 2);
    QCOMPARE(rec.usage.totalTokens, 7);
    QVERIFY(!rec.interrupted);
}

void TestProxyStreaming::eventsArriveIncrementally()
{
    // Raw check with the mock's own pacing: the client has event 1 before the mock even sent
    // event 3 (it sends the head with event 1, then one event per pace).
    const int pace = 400;
    h->mock.enqueue(Behavior::sse(4, pace).withContent(QStringLiteral("alpha beta gamma delta")));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    QVERIFY(c.waitFor("alpha"));
    const qint64 seenNs = MockProvider::monotonicNs();
    QVERIFY(!c.buffer.contains("gamma"));
    QVERIFY(!c.buffer.contains("[DONE]"));
    const qint64 requestNs = h->mock.lastRequest().receivedAtNs;
    QVERIFY2(seenNs - requestNs < 2LL * pace * 1000000,
             "event 1 reached the client only after the mock sent event 3");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(streamedContent(r.body), QStringLiteral("alpha beta gamma delta"));

    // And strictly, step by step, with an upstream that sends the next event only once the
    // client has the previous one: a proxy that held anything back would stall here.
    ScriptedUpstream up;
    QJsonObject route = routeJson(R"({"id": "scripted", "paths": ["/scripted"],
        "plugins": {"ai-proxy": {"provider": "openai-compatible",
            "auth": {"header": {"Authorization": "Bearer s"}}}}})");
    QJsonObject plugins = route[u"plugins"].toObject();
    QJsonObject conf = plugins[u"ai-proxy"].toObject();
    conf.insert(QStringLiteral("override"),
                QJsonObject{{QStringLiteral("endpoint"), up.baseUrl()}});
    plugins.insert(QStringLiteral("ai-proxy"), conf);
    route.insert(QStringLiteral("plugins"), plugins);
    QVERIFY(h->publish({route}));
    RawClient c2(h->port());
    QVERIFY(c2.connected());
    c2.send(post("/scripted", kStreamBody));
    QVERIFY(up.waitForRequest());
    up.write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: "
             "chunked\r\n\r\n");
    for (int i = 1; i <= 5; ++i) {
        const QByteArray event = R"(data: {"choices":[{"index":0,"delta":{"content":"step-)" +
                                 QByteArray::number(i) + R"("}}]})" + "\n\n";
        up.write(chunkedFraming(event, 4096));
        QVERIFY2(c2.waitFor(QByteArray("step-" + QByteArray::number(i))),
                 "the event was held back");
    }
    up.write(chunkedFraming("data: [DONE]\n\n", 4096) + "0\r\n\r\n");
    QVERIFY(c2.read(&r));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
}

void TestProxyStreaming::pacedEventsArriveSeparately()
{
    // curl -N, as a person would check a stream.
    h->mock.enqueue(Behavior::sse(5, 50));
    const CurlResult curl =
        runCurl({QStringLiteral("-N"), h->url(QStringLiteral("/deepseek")), QStringLiteral("-H"),
                 QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                 QString::fromUtf8(kStreamBody)});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(curl.out.startsWith("data: {"));
    QVERIFY(curl.out.endsWith("data: [DONE]\n\n"));
    QCOMPARE(sseObjects(curl.out).size(), 7); // role, 5 content, finish
}

void TestProxyStreaming::usageInJsonAnswer()
{
    Behavior b = Behavior::json(QStringLiteral("one two three"));
    b.cachedTokens = 4;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    const QJsonObject usage = r.json()[u"usage"].toObject();
    QCOMPARE(usage[u"prompt_tokens"].toInt(), 11);
    QCOMPARE(usage[u"completion_tokens"].toInt(), 3);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 11);
    QCOMPARE(rec.usage.completionTokens, 3);
    QCOMPARE(rec.usage.totalTokens, 14);
    QCOMPARE(rec.usage.cachedTokens, 4);
    QVERIFY(!rec.stream);
}

void TestProxyStreaming::usageInStream_data()
{
    QTest::addColumn<bool>("asked");
    QTest::newRow("client did not ask") << false;
    QTest::newRow("client asked") << true;
}

void TestProxyStreaming::usageInStream()
{
    QFETCH(bool, asked);
    h->mock.enqueue(Behavior::sse(6, 0).withDialect(Behavior::Dialect::OpenAI));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", asked ? kStreamUsageBody : kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    // Gatehouse always asks, so it can count.
    QCOMPARE(h->mock.lastRequest().json()[u"stream_options"][u"include_usage"].toBool(), true);
    // The client sees the usage chunk only if it asked for it.
    QCOMPARE(hasUsageOnlyChunk(r.body), asked);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QCOMPARE(streamedContent(r.body).isEmpty(), false);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 11);
    QCOMPARE(rec.usage.completionTokens, 6);
    QCOMPARE(rec.usage.totalTokens, 17);
}

void TestProxyStreaming::deepSeekCacheAndReasoning_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("json") << false;
    QTest::newRow("stream") << true;
}

void TestProxyStreaming::deepSeekCacheAndReasoning()
{
    QFETCH(bool, stream);
    Behavior b = Behavior::json(QStringLiteral("The answer"))
                     .withDialect(Behavior::Dialect::DeepSeek)
                     .withModel(QStringLiteral("deepseek-reasoner"));
    b.kind = Behavior::Kind::Auto;
    b.reasoning = QStringLiteral("Let me think");
    b.promptTokens = 30;
    b.cachedTokens = 24;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", stream ? kStreamBody : kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    if (stream) {
        QVERIFY(r.body.contains("reasoning_content"));
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    } else {
        QCOMPARE(r.json()[u"usage"][u"prompt_cache_hit_tokens"].toInt(), 24);
    }
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 30);
    QCOMPARE(rec.usage.cachedTokens, 24);
    QCOMPARE(rec.usage.reasoningTokens, 3);
    QCOMPARE(rec.usage.completionTokens, 5); // 3 reasoning + 2 content
    QCOMPARE(rec.upstreamModel, QStringLiteral("deepseek-reasoner"));
}

void TestProxyStreaming::anthropicMessagesStream()
{
    const QByteArray body = R"({"model":"claude-haiku-4-5","max_tokens":64,"stream":true,)"
                            R"("messages":[{"role":"user","content":"hi"}]})";
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(
        post("/v1/messages", body, "x-api-key: client-key\r\nanthropic-version: 2023-06-01\r\n"));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    const QList<QByteArray> names = sseEventNames(r.body);
    QCOMPARE(names.first(), QByteArray("message_start"));
    QCOMPARE(names.last(), QByteArray("message_stop"));
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.path, QByteArray("/v1/messages"));
    QCOMPARE(up.header("x-api-key"), QByteArray("anthropic-key"));
    QCOMPARE(up.header("anthropic-version"), QByteArray("2023-06-01"));
    QVERIFY(!up.json().contains(u"stream_options")); // an OpenAI option only
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.usage.present);
    QCOMPARE(rec.usage.promptTokens, 11);
    QCOMPARE(rec.usage.completionTokens, 5);
}

void TestProxyStreaming::midStreamBreak()
{
    h->mock.enqueue(Behavior::cutStream(3));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r)); // a properly ended HTTP response
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("data: {"));
    QVERIFY(!r.body.contains("[DONE]"));
    QVERIFY(r.body.endsWith("\n\n"));
    QCOMPARE(errorEventCode(r.body), QStringLiteral("stream_interrupted"));
    QVERIFY(r.body.indexOf("event: error") > r.body.lastIndexOf("data: {\"id\""));
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QVERIFY(rec.interrupted);
    QCOMPARE(rec.errorCode, QByteArray("stream_interrupted"));
    QVERIFY(rec.stream);
    QVERIFY(good(c)); // the client connection is still usable
}

void TestProxyStreaming::midStreamBreakWithReset()
{
    Behavior b = Behavior::cutStream(3, 100);
    b.cutWithReset = true;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(errorEventCode(r.body), QStringLiteral("stream_interrupted"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().interrupted);
    QVERIFY(good(c));
}

void TestProxyStreaming::clientDisconnectMidStream()
{
    // 1000 events 50 ms apart: the stream would run for 50 s.
    h->mock.enqueue(Behavior::sse(1000, 50));
    QSignalSpy gone(&h->mock, &MockProvider::clientDisconnected);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    QVERIFY(c.waitFor("\"content\":\"Hello\""));
    c.socket.abort();
    // The provider sees its connection closed at once, not when the stream ends.
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
    QTRY_COMPARE(h->sink.count(), 1);
    const RequestRecord rec = h->sink.last();
    QCOMPARE(rec.status, 499);
    QVERIFY(rec.interrupted);
    QCOMPARE(rec.errorCode, QByteArray("client_closed"));
    QVERIFY(rec.stream);
    QTRY_COMPARE(h->mock.openConnections(), 0);
    QTRY_COMPARE(h->proxy->inFlight(), 0);
    RawClient next(h->port());
    QVERIFY(next.connected());
    QVERIFY(good(next));
}

void TestProxyStreaming::clientDisconnectWhileUpstreamHangs()
{
    h->mock.enqueue(Behavior::hang());
    QSignalSpy gone(&h->mock, &MockProvider::clientDisconnected);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    QTRY_COMPARE(h->mock.requestCount(), 1);
    c.socket.abort();
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, 499);
    QVERIFY(!h->sink.last().interrupted); // nothing had reached the client
}

void TestProxyStreaming::timeoutBeforeHeaders()
{
    h->mock.enqueue(Behavior::hang());
    QSignalSpy gone(&h->mock, &MockProvider::clientDisconnected);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/t", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 504);
    QCOMPARE(r.errorCode(), QStringLiteral("upstream_timeout"));
    QCOMPARE(r.json()[u"error"][u"type"].toString(), QStringLiteral("gateway_error"));
    QVERIFY(r.errorMessage().contains(QStringLiteral("300 ms")));
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("quick"));
    QVERIFY(r.header("X-Gatehouse-Attempts").startsWith("ai-proxy-deepseek="));
    QTRY_COMPARE(gone.size(), 1); // the hanging request was dropped
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, 504);
    QCOMPARE(h->sink.last().errorCode, QByteArray("upstream_timeout"));
    QVERIFY(good(c));
}

void TestProxyStreaming::timeoutAfterHeadersBeforeBody_data()
{
    QTest::addColumn<bool>("stream");
    QTest::newRow("json") << false;
    QTest::newRow("stream") << true;
}

void TestProxyStreaming::timeoutAfterHeadersBeforeBody()
{
    QFETCH(bool, stream);
    h->mock.enqueue(Behavior::hangAfterHeaders());
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/t", stream ? kStreamBody : kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    // Nothing reached the client yet: still a clean 504.
    QCOMPARE(r.status, 504);
    QCOMPARE(r.errorCode(), QStringLiteral("upstream_timeout"));
    QVERIFY(good(c));
}

void TestProxyStreaming::idleTimeoutAfterFirstEvent()
{
    // The first event comes at once, the next only after 5 s: the route allows 300 ms.
    h->mock.enqueue(Behavior::sse(3, 5000).withContent(QStringLiteral("first second third")));
    QSignalSpy gone(&h->mock, &MockProvider::clientDisconnected);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/t", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains("first"));
    QVERIFY(!r.body.contains("second"));
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(errorEventCode(r.body), QStringLiteral("upstream_timeout"));
    QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 4000); // before the mock's next event
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().interrupted);
    QCOMPARE(h->sink.last().errorCode, QByteArray("upstream_timeout"));
    QVERIFY(good(c));
}

void TestProxyStreaming::maxStreamDuration()
{
    h->mock.enqueue(Behavior::sse(200, 50)); // 10 s of events; the route allows 0.5 s
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/long", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.startsWith("data: {"));
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(errorEventCode(r.body), QStringLiteral("stream_too_long"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().interrupted);
    QVERIFY(good(c));
}

void TestProxyStreaming::streamOverMaxResponseBytes()
{
    QVERIFY(h->publish({routeJson(R"({"id": "capped", "paths": ["/capped"],
        "plugins": {"ai-proxy": {"provider": "deepseek", "max_response_bytes": 2000,
            "auth": {"header": {"Authorization": "Bearer k"}}}}})")}));
    h->mock.enqueue(Behavior::sse(100, 5));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/capped", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains("[DONE]"));
    QCOMPARE(errorEventCode(r.body), QStringLiteral("response_too_large"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(h->sink.last().interrupted);
    QCOMPARE(h->sink.last().errorCode, QByteArray("response_too_large"));
}

void TestProxyStreaming::streamDelimitedByClose()
{
    // A provider that ends its stream by closing the connection (no chunked framing).
    Behavior b = Behavior::sse(4, 10);
    b.sseChunked = false;
    h->mock.enqueue(b);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.chunked);
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(!r.body.contains("event: error"));
    QTRY_COMPARE(h->sink.count(), 1);
    QVERIFY(!h->sink.last().interrupted);
    QVERIFY(good(c));
}

void TestProxyStreaming::serverStopWhileStreaming()
{
    h->mock.enqueue(Behavior::sse(1000, 50));
    QSignalSpy gone(&h->mock, &MockProvider::clientDisconnected);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody));
    QVERIFY(c.waitFor("data: {"));
    h->stop(); // e.g. the application quits
    QVERIFY(c.waitDisconnected());
    QTRY_COMPARE(gone.size(), 1);
    QCOMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, 499);
    // And it starts again.
    QVERIFY(h->start());
    RawClient again(h->port());
    QVERIFY(again.connected());
    QVERIFY(good(again));
}

void TestProxyStreaming::concurrentStreams()
{
    constexpr int kStreams = 200;
    h->mock.setDefault(Behavior::sse(10, 20));
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < kStreams; ++i)
        clients.push_back(std::make_unique<RawClient>(h->port()));
    for (auto &c : clients)
        QVERIFY(c->connected());
    for (auto &c : clients)
        c->send(post("/deepseek", kStreamBody));
    // All of them at once: every stream completes.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(clients.begin(), clients.end(),
                                         [](const auto &c) {
                                             return c->buffer.contains("data: [DONE]\n\n") &&
                                                    c->buffer.endsWith("0\r\n\r\n");
                                         }),
                             60000);
    for (auto &c : clients) {
        HttpResponse r;
        QVERIFY(c->read(&r));
        QCOMPARE(r.status, 200);
        QCOMPARE(sseObjects(r.body).size(), 12); // role, 10 content, finish
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
        QVERIFY(!hasUsageOnlyChunk(r.body));
    }
    QTRY_COMPARE(h->sink.count(), kStreams);
    for (const RequestRecord &rec : h->sink.records()) {
        QCOMPARE(rec.status, 200);
        QVERIFY(!rec.interrupted);
        QCOMPARE(rec.usage.completionTokens, 10);
    }
    QCOMPARE(h->mock.requestCount(), kStreams);
    QCOMPARE(h->proxy->inFlight(), 0);
}

QTEST_GUILESS_MAIN(TestProxyStreaming)
