#include "tst_proxyhttp.h"

#include "Fixtures.h"
#include "ProxyHarness.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

// A good request on `c`: answered 200 by the provider through the seed route.
bool good(RawClient &c)
{
    c.send(post("/deepseek", kChatBody));
    HttpResponse r;
    if (!c.read(&r)) {
        qWarning("good request: no answer");
        return false;
    }
    if (r.status != 200 ||
        r.json().value(u"object").toString() != QLatin1String("chat.completion")) {
        qWarning("good request: status %d %s", r.status, r.body.constData());
        return false;
    }
    return true;
}

bool goodOnNewConnection(ProxyHarness &h)
{
    RawClient c(h.port());
    return c.connected() && good(c);
}

// Checks the gateway's own error envelope.
bool isEnvelope(const HttpResponse &r, const QString &code)
{
    const QJsonObject error = r.json().value(u"error").toObject();
    return r.header("Content-Type") == "application/json" &&
           error.value(u"type").toString() == QLatin1String("gateway_error") &&
           error.value(u"code").toString() == code && !error.value(u"message").toString().isEmpty();
}

QByteArray chunked(const QList<QByteArray> &pieces)
{
    QByteArray out;
    for (const QByteArray &p : pieces)
        out += QByteArray::number(p.size(), 16) + "\r\n" + p + "\r\n";
    return out + "0\r\n\r\n";
}

} // namespace

TestProxyHttp::TestProxyHttp() = default;
TestProxyHttp::~TestProxyHttp() = default;

void TestProxyHttp::init()
{
    h = std::make_unique<ProxyHarness>();
    QVERIFY(h->start());
    QVERIFY(h->publish({fixtures::object(QStringLiteral("seed/deepseek-route.json")),
                        routeJson(R"({"id": "plain", "paths": ["/plain"],
                            "plugins": {"ai-proxy": {"provider": "deepseek",
                                "auth": {"header": {"Authorization": "Bearer k"}}}}})"),
                        routeJson(R"({"id": "small", "paths": ["/small"],
                            "plugins": {"ai-proxy": {"provider": "deepseek",
                                "max_req_body_size": 1000,
                                "auth": {"header": {"Authorization": "Bearer k"}}}}})"),
                        routeJson(R"({"id": "post-only", "paths": ["/post-only"],
                            "methods": ["POST"],
                            "plugins": {"ai-proxy": {"provider": "deepseek",
                                "auth": {"header": {"Authorization": "Bearer k"}}}}})")}));
}

void TestProxyHttp::cleanup()
{
    h.reset();
}

void TestProxyHttp::wrongContentType_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("text/plain") << QByteArray("text/plain");
    QTest::newRow("xml") << QByteArray("application/xml");
    QTest::newRow("multipart") << QByteArray("multipart/form-data; boundary=x");
}

void TestProxyHttp::wrongContentType()
{
    QFETCH(QByteArray, contentType);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(kChatBody.size()) + "\r\n\r\n" + kChatBody);
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(isEnvelope(r, QStringLiteral("unsupported_content_type")));
    QCOMPARE(r.errorMessage(), QStringLiteral("unsupported content-type: %1, only application/json "
                                              "is supported")
                                   .arg(QString::fromLatin1(contentType)));
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-route"));
    QCOMPARE(h->mock.requestCount(), 0);
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().status, 400);
    QCOMPARE(h->sink.last().errorCode, QByteArray("unsupported_content_type"));
    QVERIFY(good(c)); // same connection
}

void TestProxyHttp::curlDefaultFormTypeWithJsonBody()
{
    // `curl -d '{...}'` without -H sends application/x-www-form-urlencoded; a JSON object body
    // is still read as JSON (as the seed guide's users would expect).
    const CurlResult curl = runCurl(
        {h->url(QStringLiteral("/deepseek")), QStringLiteral("-d"), QString::fromUtf8(kChatBody)});
    QCOMPARE(curl.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(curl.out)[u"object"].toString(),
             QStringLiteral("chat.completion"));
}

void TestProxyHttp::emptyBody()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    for (const QByteArray &request :
         {QByteArray("POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                     "application/json\r\nContent-Length: 0\r\n\r\n"),
          QByteArray("POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")}) {
        c.send(request);
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 400);
        QVERIFY(isEnvelope(r, QStringLiteral("empty_body")));
        QCOMPARE(r.errorMessage(),
                 QStringLiteral("failed to get request body: request body is empty"));
        QVERIFY(good(c));
    }
    QCOMPARE(h->mock.requestCount(), 2);
}

void TestProxyHttp::invalidJson_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("truncated") << QByteArray(R"({"messages": [)");
    QTest::newRow("not json") << QByteArray("hello");
    QTest::newRow("array") << QByteArray(R"([{"role":"user"}])");
    QTest::newRow("string") << QByteArray(R"("messages")");
}

void TestProxyHttp::invalidJson()
{
    QFETCH(QByteArray, body);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", body));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(isEnvelope(r, QStringLiteral("invalid_json")));
    QVERIFY2(r.errorMessage().startsWith(QStringLiteral("could not parse JSON request body")),
             qPrintable(r.errorMessage()));
    QCOMPARE(h->mock.requestCount(), 0);
    QVERIFY(good(c));
}

void TestProxyHttp::noMatchingProtocol()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", "{}"));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(isEnvelope(r, QStringLiteral("no_protocol")));
    QVERIFY2(r.errorMessage().startsWith(QStringLiteral("no matching AI protocol for the request")),
             qPrintable(r.errorMessage()));
    QCOMPARE(h->mock.requestCount(), 0);
    QVERIFY(good(c));
}

void TestProxyHttp::noRoute()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    for (const QByteArray &request :
         {post("/nowhere", kChatBody), QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"),
          post("/deepseek/extra", kChatBody)}) {
        c.send(request);
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 404);
        QVERIFY(isEnvelope(r, QStringLiteral("no_route")));
        QVERIFY(!r.hasHeader("X-Gatehouse-Route"));
        QVERIFY(good(c));
    }
    QTRY_COMPARE(h->sink.count(), 6);
    QCOMPARE(h->sink.records().first().status, 404);
    QCOMPARE(h->sink.records().first().errorCode, QByteArray("no_route"));
}

void TestProxyHttp::methodNotAllowed()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("GET /post-only HTTP/1.1\r\nHost: localhost\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("Allow"), QByteArray("POST"));
    QVERIFY(isEnvelope(r, QStringLiteral("method_not_allowed")));
    QVERIFY(good(c));
    c.send(post("/post-only", kChatBody));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
}

void TestProxyHttp::headerBlockTooLarge()
{
    {
        // Just under the 64 KiB limit is fine.
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(post("/deepseek", kChatBody, "X-Big: " + QByteArray(60 * 1024, 'a') + "\r\n"));
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
    }
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody, "X-Big: " + QByteArray(70 * 1024, 'a') + "\r\n"));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 431);
    QVERIFY(isEnvelope(r, QStringLiteral("headers_too_large")));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QVERIFY(c.waitDisconnected());
    QCOMPARE(h->mock.requestCount(), 1);
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::tooManyHeaders()
{
    auto headers = [](int n) {
        QByteArray out;
        for (int i = 0; i < n; ++i)
            out += "X-H" + QByteArray::number(i) + ": v\r\n";
        return out;
    };
    {
        // post() adds Host, Content-Type and Content-Length: 97 + 3 = 100 is the limit.
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(post("/deepseek", kChatBody, headers(97)));
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
    }
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody, headers(98)));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 431);
    QVERIFY(isEnvelope(r, QStringLiteral("headers_too_large")));
    QVERIFY(c.waitDisconnected());
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::bodyTooLargeAnsweredBeforeTheBody()
{
    struct Case
    {
        QByteArray path;
        qint64 length;
    };
    // The route's max_req_body_size, and the 64 MiB default.
    for (const Case &k : {Case{"/small", 1001}, Case{"/deepseek", (64LL << 20) + 1}}) {
        RawClient c(h->port());
        QVERIFY(c.connected());
        // Only the head is sent: the answer can only come from Content-Length.
        c.send("POST " + k.path +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Content-Length: " +
               QByteArray::number(k.length) + "\r\n\r\n");
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 413);
        QVERIFY(isEnvelope(r, QStringLiteral("body_too_large")));
        QVERIFY(c.waitDisconnected());
    }
    // Exactly at the limit is fine.
    RawClient c(h->port());
    QVERIFY(c.connected());
    QByteArray body = R"({"messages":[{"role":"user","content":")";
    const QByteArray tail = R"("}]})";
    body += QByteArray(1000 - body.size() - tail.size(), 'x') + tail;
    QCOMPARE(body.size(), 1000);
    c.send(post("/small", body));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(h->mock.requestCount(), 1);
    QVERIFY(good(c));
}

void TestProxyHttp::bodyTooLargeWithExpectContinue()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /small HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r, 10000, true));
    QCOMPARE(r.status, 413); // and no 100 Continue before it
    QVERIFY(c.waitDisconnected());
    QVERIFY(!c.buffer.contains("100 Continue"));
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::chunkedBodyOverTheLimit()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /small HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n\r\n" +
           chunked({QByteArray(600, ' '), QByteArray(600, ' ')}));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 413);
    QVERIFY(c.waitDisconnected());
    QCOMPARE(h->mock.requestCount(), 0);
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::malformedRequestLine_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << QByteArray("GARBAGE\r\n\r\n") << 400;
    // A request line without a version is HTTP/0.9 to the parser: not supported.
    QTest::newRow("no version") << QByteArray("POST /deepseek\r\n\r\n") << 505;
    QTest::newRow("space in target")
        << QByteArray("POST /deep seek HTTP/1.1\r\nHost: x\r\n\r\n") << 400;
    QTest::newRow("header without colon")
        << QByteArray("POST /deepseek HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n") << 400;
    QTest::newRow("bad content-length")
        << QByteArray("POST /deepseek HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n") << 400;
    // Request smuggling shapes: a proxy must not guess which length is meant.
    QTest::newRow("content-length and chunked")
        << QByteArray("POST /deepseek HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("two content-lengths")
        << QByteArray("POST /deepseek HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                      "Content-Length: 40\r\n\r\n{}")
        << 400;
    QTest::newRow("tls hello") << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)
                               << 400;
    QTest::newRow("binary") << QByteArray("\x00\x01\x02\xff\r\n\r\n", 8) << 400;
}

void TestProxyHttp::malformedRequestLine()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(bytes);
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, status);
    QCOMPARE(r.json().value(u"error").toObject().value(u"type").toString(),
             QStringLiteral("gateway_error"));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QVERIFY(c.waitDisconnected());
    QCOMPARE(h->mock.requestCount(), 0);
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::headerTimeout()
{
    h->settings.headerTimeoutMs = 300;
    QVERIFY(h->start());
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 408);
    QVERIFY(isEnvelope(r, QStringLiteral("request_timeout")));
    QCOMPARE(r.header("Connection"), QByteArray("close"));
    QVERIFY(c.waitDisconnected());
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::headerTimeoutIsNotResetByDrippedBytes()
{
    // A client that sends its head one byte at a time (slowloris) must not hold the connection
    // beyond the header timeout: the deadline runs from the request's first byte.
    h->settings.headerTimeoutMs = 300;
    QVERIFY(h->start());
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QByteArray head =
        "POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\n" + QByteArray(400, 'X') + ": y\r\n\r\n";
    qsizetype sent = 0;
    QTimer drip;
    QObject::connect(&drip, &QTimer::timeout, [&] {
        if (sent < head.size() && c.isOpen())
            c.send(head.mid(sent++, 1));
    });
    drip.start(50); // the whole head would take 20 s
    HttpResponse r;
    QVERIFY(c.read(&r, 15000));
    drip.stop();
    QCOMPARE(r.status, 408);
    QVERIFY(sent < head.size());
    QVERIFY(c.waitDisconnected());
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::stalledBodyTimesOut()
{
    h->settings.headerTimeoutMs = 300;
    QVERIFY(h->start());
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: 100\r\n\r\n{\"messages\"");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 408);
    QVERIFY(c.waitDisconnected());
    QCOMPARE(h->mock.requestCount(), 0);
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::idleKeepAliveConnectionIsClosed()
{
    h->settings.idleTimeoutMs = 300;
    QVERIFY(h->start());
    RawClient c(h->port());
    QVERIFY(c.connected());
    QVERIFY(good(c));
    QVERIFY(c.waitDisconnected()); // closed quietly, no answer
    QVERIFY(c.buffer.isEmpty());
    RawClient silent(h->port());
    QVERIFY(silent.connected());
    QVERIFY(silent.waitDisconnected());
    QVERIFY(silent.buffer.isEmpty());
    QTRY_COMPARE(h->proxy->connectionCount(), 0);
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::tooManyConnections()
{
    h->settings.maxConnections = 2;
    QVERIFY(h->start());
    auto first = std::make_unique<RawClient>(h->port());
    RawClient second(h->port());
    QVERIFY(first->connected());
    QVERIFY(second.connected());
    QVERIFY(good(*first));
    QVERIFY(good(second));
    QCOMPARE(h->proxy->connectionCount(), 2);

    {
        RawClient third(h->port());
        QVERIFY(third.connected());
        third.send(post("/deepseek", kChatBody));
        HttpResponse r;
        QVERIFY(third.read(&r));
        QCOMPARE(r.status, 503);
        QVERIFY(isEnvelope(r, QStringLiteral("too_many_connections")));
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(third.waitDisconnected());
    }
    QTRY_COMPARE(h->proxy->connectionCount(), 2);
    QVERIFY(good(second)); // the others are unaffected

    first.reset();
    QTRY_COMPARE(h->proxy->connectionCount(), 1);
    QVERIFY(goodOnNewConnection(*h));
    QCOMPARE(h->mock.requestCount(), 4);
}

void TestProxyHttp::pipelinedRequestsAnsweredInOrder()
{
    // The first answer is slow, the others fast: they must still come back in order.
    h->mock.enqueue(Behavior::json(QStringLiteral("first")).withDelay(300));
    auto chat = [](const char *model, bool stream) -> QByteArray {
        return QByteArray(R"({"model":")") + model + R"(","stream":)" +
               (stream ? "true" : "false") + R"(,"messages":[{"role":"user","content":"x"}]})";
    };
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/plain", chat("one", false)) + post("/plain", chat("two", true)) +
           post("/nowhere", chat("x", false)) + post("/plain", "{}") +
           post("/plain", chat("three", false)));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"model"].toString(), QStringLiteral("one"));
    QCOMPARE(r.json()[u"choices"][0][u"message"][u"content"].toString(), QStringLiteral("first"));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(r.header("Content-Type").startsWith("text/event-stream"));
    QCOMPARE(sseObjects(r.body).first()[u"model"].toString(), QStringLiteral("two"));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 404);
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"model"].toString(), QStringLiteral("three"));
    QVERIFY(c.buffer.isEmpty());
    QVERIFY(good(c));
    QTRY_COMPARE(h->sink.count(), 6);

    // Deep: 40 requests in one write, streams and JSON mixed, answered one by one in order.
    QByteArray batch;
    for (int i = 0; i < 40; ++i)
        batch +=
            post("/plain", chat(QByteArray("m" + QByteArray::number(i)).constData(), i % 3 == 0));
    c.send(batch);
    for (int i = 0; i < 40; ++i) {
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        const QString model = i % 3 == 0 ? sseObjects(r.body).first()[u"model"].toString()
                                         : r.json()[u"model"].toString();
        QCOMPARE(model, QStringLiteral("m%1").arg(i));
    }
    QVERIFY(good(c));
}

void TestProxyHttp::pipelinedRequestAfterMalformedOne()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody) + "NOT HTTP AT ALL\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200); // the good one first
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 400);
    QVERIFY(c.waitDisconnected());
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::connectionCloseHonoured()
{
    for (const QByteArray &body : {kChatBody, kStreamBody}) {
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(post("/deepseek", body, "Connection: close\r\n"));
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Connection"), QByteArray("close"));
        QVERIFY(c.waitDisconnected());
    }
    // Bytes after a Connection: close request are not served.
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody, "Connection: close\r\n") + post("/deepseek", kChatBody));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QVERIFY(c.waitDisconnected());
    QVERIFY(c.buffer.isEmpty());
    QTRY_COMPARE(h->sink.count(), 3);
    QCOMPARE(h->mock.requestCount(), 3);
}

void TestProxyHttp::http10()
{
    const QByteArray head10 = "POST /deepseek HTTP/1.0\r\nContent-Type: application/json\r\n";
    {
        // No Host (HTTP/1.0 may omit it), no keep-alive: answered with a length, then closed.
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(head10 + "Content-Length: " + QByteArray::number(kChatBody.size()) + "\r\n\r\n" +
               kChatBody);
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QVERIFY(r.hasContentLength);
        QVERIFY(!r.chunked);
        QCOMPARE(r.json()[u"object"].toString(), QStringLiteral("chat.completion"));
        QVERIFY(c.waitDisconnected());
    }
    {
        // Keep-alive asked for: kept.
        RawClient c(h->port());
        QVERIFY(c.connected());
        for (int i = 0; i < 2; ++i) {
            c.send(head10 + "Connection: keep-alive\r\nContent-Length: " +
                   QByteArray::number(kChatBody.size()) + "\r\n\r\n" + kChatBody);
            HttpResponse r;
            QVERIFY(c.read(&r));
            QCOMPARE(r.status, 200);
            QCOMPARE(r.header("Connection").toLower(), QByteArray("keep-alive"));
        }
        QVERIFY(c.isOpen());
    }
    {
        // A stream to an HTTP/1.0 client: no chunked framing, the close ends the body.
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send(head10 + "Content-Length: " + QByteArray::number(kStreamBody.size()) + "\r\n\r\n" +
               kStreamBody);
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.chunked);
        QVERIFY(!r.hasContentLength);
        QVERIFY(r.body.startsWith("data: {"));
        QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
        QVERIFY(!c.isOpen());
    }
    {
        // An error answer to HTTP/1.0.
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.send("POST /deepseek HTTP/1.0\r\nContent-Length: 2\r\n\r\n{}");
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 400);
        QVERIFY(c.waitDisconnected());
    }
    QVERIFY(goodOnNewConnection(*h));
}

void TestProxyHttp::chunkedRequestBody()
{
    const QByteArray body =
        R"({"model":"chunky","messages":[{"role":"user","content":"split in pieces"}]})";
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    c.send("POST /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\n\r\n");
    // Chunks, a chunk extension and a trailer, in separate writes.
    c.send("a;ext=1\r\n" + body.left(10) + "\r\n");
    c.send(QByteArray::number(body.size() - 30, 16) + "\r\n" + body.mid(10, body.size() - 30) +
           "\r\n");
    c.send("14\r\n" + body.right(20) + "\r\n0\r\nX-Trailer: t\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.json()[u"model"].toString(), QStringLiteral("chunky"));
    const MockRequest up = h->mock.lastRequest();
    QCOMPARE(up.body, body); // de-chunked, and sent upstream with a length
    QCOMPARE(up.header("Content-Length"), QByteArray::number(body.size()));
    QVERIFY(!up.hasHeader("transfer-encoding"));
    QVERIFY(!up.hasHeader("x-trailer"));
    QTRY_COMPARE(h->sink.count(), 1);
    QCOMPARE(h->sink.last().requestBytes, body.size());
    QVERIFY(good(c));

    // And the same through curl.
    const CurlResult curl = runCurl(
        {QStringLiteral("-H"), QStringLiteral("Transfer-Encoding: chunked"), QStringLiteral("-H"),
         QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
         QString::fromUtf8(body), h->url(QStringLiteral("/plain"))});
    QCOMPARE(curl.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(curl.out)[u"model"].toString(), QStringLiteral("chunky"));
    QCOMPARE(h->mock.lastRequest().body, body);
}

void TestProxyHttp::requestSplitAcrossWrites()
{
    const QByteArray request = post("/plain", kChatBody, "User-Agent: split-client/1.0\r\n");
    for (const int step : {1, 7, 64}) {
        RawClient c(h->port());
        QVERIFY(c.connected());
        c.socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        for (qsizetype i = 0; i < request.size(); i += step) {
            c.send(request.mid(i, step));
            QCoreApplication::processEvents();
        }
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 200);
        QCOMPARE(h->mock.lastRequest().body, kChatBody);
        QCOMPARE(h->mock.lastRequest().header("User-Agent"), QByteArray("split-client/1.0"));
        QVERIFY(good(c));
    }
}

void TestProxyHttp::expectContinue()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("POST /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Expect: 100-continue\r\nContent-Length: " +
           QByteArray::number(kChatBody.size()) + "\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r, 10000, true));
    QCOMPARE(r.status, 100);
    QCOMPARE(h->mock.requestCount(), 0);
    c.send(kChatBody);
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(h->mock.lastRequest().body, kChatBody);
    QVERIFY(!h->mock.lastRequest().hasHeader("expect"));
    QVERIFY(good(c));

    // curl waits for the 100 before it sends the body.
    QTemporaryFile file;
    QVERIFY(file.open());
    const QByteArray big =
        R"({"messages":[{"role":"user","content":")" + QByteArray(100 * 1024, 'z') + R"("}]})";
    file.write(big);
    file.close();
    const CurlResult curl =
        runCurl({QStringLiteral("-v"), QStringLiteral("--expect100-timeout"), QStringLiteral("30"),
                 QStringLiteral("-H"), QStringLiteral("Expect: 100-continue"), QStringLiteral("-H"),
                 QStringLiteral("Content-Type: application/json"), QStringLiteral("--data-binary"),
                 QLatin1Char('@') + file.fileName(), h->url(QStringLiteral("/plain"))});
    QCOMPARE(curl.exitCode, 0);
    QVERIFY(curl.err.contains("HTTP/1.1 100 Continue"));
    QCOMPARE(QJsonDocument::fromJson(curl.out)[u"object"].toString(),
             QStringLiteral("chat.completion"));
    QCOMPARE(h->mock.lastRequest().body, big);
}

void TestProxyHttp::expectContinueWhilePipelining()
{
    // A request that waits for 100 Continue behind a response still streaming: its interim
    // answer must not come before (or inside) the earlier response.
    h->mock.enqueue(Behavior::sse(5, 50));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kStreamBody) +
           "POST /plain HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Expect: 100-continue\r\nContent-Length: " +
           QByteArray::number(kChatBody.size()) + "\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r, 10000, true));
    QCOMPARE(r.status, 200); // the stream, whole
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));
    QCOMPARE(sseObjects(r.body).size(), 7);
    QVERIFY(c.read(&r, 10000, true));
    QCOMPARE(r.status, 100); // now the second request's turn
    c.send(kChatBody);
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(h->mock.lastRequest().body, kChatBody);
    QVERIFY(good(c));
}

void TestProxyHttp::hostRejection_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("status");
    QTest::newRow("evil") << QByteArray("evil.example.com") << 403;
    QTest::newRow("evil with port") << QByteArray("evil.example.com:PORT") << 403;
    QTest::newRow("ip-looking name") << QByteArray("127.0.0.1.evil.example.com") << 403;
    QTest::newRow("localhost") << QByteArray("localhost") << 200;
    QTest::newRow("LOCALHOST:port") << QByteArray("LOCALHOST:PORT") << 200;
    QTest::newRow("sub.localhost") << QByteArray("app.localhost:PORT") << 200;
    QTest::newRow("127.0.0.1:port") << QByteArray("127.0.0.1:PORT") << 200;
    QTest::newRow("[::1]:port") << QByteArray("[::1]:PORT") << 200;
    QTest::newRow("[::1]") << QByteArray("[::1]") << 200;
}

void TestProxyHttp::hostRejection()
{
    QFETCH(QByteArray, host);
    QFETCH(int, status);
    host.replace("PORT", QByteArray::number(h->port()));
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send(post("/deepseek", kChatBody, {}, host));
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, status);
    if (status == 403) {
        QVERIFY(isEnvelope(r, QStringLiteral("forbidden_host")));
        QCOMPARE(h->mock.requestCount(), 0);
    }
    QVERIFY(good(c));
}

void TestProxyHttp::originRejection()
{
    RawClient c(h->port());
    QVERIFY(c.connected());
    for (const QByteArray &origin : {QByteArray("https://evil.example"), QByteArray("null"),
                                     QByteArray("http://localhost:3000")}) {
        c.send(post("/deepseek", kChatBody, "Origin: " + origin + "\r\n"));
        HttpResponse r;
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 403);
        QVERIFY(isEnvelope(r, QStringLiteral("forbidden_origin")));
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
        // A preflight from it gets no CORS answer either.
        c.send("OPTIONS /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + origin +
               "\r\nAccess-Control-Request-Method: POST\r\n\r\n");
        QVERIFY(c.read(&r));
        QCOMPARE(r.status, 403);
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
        QVERIFY(good(c));
    }
    QCOMPARE(h->mock.requestCount(), 3);
}

void TestProxyHttp::corsForAllowedOrigin()
{
    h->settings.allowedOrigins = {QStringLiteral("https://app.example")};
    QVERIFY(h->start());
    RawClient c(h->port());
    QVERIFY(c.connected());
    c.send("OPTIONS /deepseek HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://app.example\r\n"
           "Access-Control-Request-Method: POST\r\n"
           "Access-Control-Request-Headers: content-type, authorization\r\n\r\n");
    HttpResponse r;
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 204);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
    QVERIFY(r.header("Access-Control-Allow-Methods").contains("POST"));
    QCOMPARE(r.header("Access-Control-Allow-Headers"), QByteArray("content-type, authorization"));
    QVERIFY(r.body.isEmpty());
    QCOMPARE(h->mock.requestCount(), 0);

    c.send(post("/deepseek", kChatBody, "Origin: https://app.example\r\n"));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("https://app.example"));
    QVERIFY(r.header("Access-Control-Expose-Headers").contains("X-Gatehouse-Attempts"));
    QCOMPARE(r.header("Vary"), QByteArray("Origin"));

    // Another origin is still refused.
    c.send(post("/deepseek", kChatBody, "Origin: https://other.example\r\n"));
    QVERIFY(c.read(&r));
    QCOMPARE(r.status, 403);
    QVERIFY(good(c));
}

QTEST_GUILESS_MAIN(TestProxyHttp)
