#include "HttpRequestParser.h"

#include <QTest>

using namespace gatehouse;

namespace {

// One line per request, so a table row can say everything that was parsed.
QByteArray summary(const HttpRequest &r)
{
    QByteArray s = r.method + ' ' + r.path().toByteArray();
    if (!r.query().isEmpty())
        s += '?' + r.query().toByteArray();
    s += " HTTP/" + QByteArray::number(r.versionMajor) + '.' + QByteArray::number(r.versionMinor);
    s += r.keepAlive ? " keep-alive" : " close";
    if (r.chunked)
        s += " chunked";
    if (!r.body.isEmpty())
        s += " body=" + r.body;
    return s;
}

QByteArrayList drain(HttpRequestParser &parser)
{
    QByteArrayList out;
    while (parser.hasRequest())
        out.append(summary(parser.takeRequest()));
    return out;
}

QByteArray headerBlockOfSize(qsizetype total)
{
    // "GET / HTTP/1.1\r\n" + "X-Pad: ...\r\n" + "\r\n" == total bytes
    const QByteArray start = "GET / HTTP/1.1\r\n";
    const QByteArray name = "X-Pad: ";
    const qsizetype pad = total - start.size() - name.size() - 2 - 2;
    return start + name + QByteArray(pad, 'a') + "\r\n\r\n";
}

QByteArray manyHeaders(int count)
{
    QByteArray r = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < count; ++i)
        r += "X-H" + QByteArray::number(i) + ": v\r\n";
    return r + "\r\n";
}

} // namespace

class TestHttpRequestParser final : public QObject
{
    Q_OBJECT

private slots:
    void splitsAnywhere_data();
    void splitsAnywhere();
    void byteByByte();
    void headersKeepOrderAndIgnoreCase();
    void targetSplitsIntoPathAndQuery_data();
    void targetSplitsIntoPathAndQuery();
    void keepAlive_data();
    void keepAlive();
    void stopsAfterConnectionClose();
    void errors_data();
    void errors();
    void headerLimitIsExact();
    void bodyLimitDecidedBeforeBody();
    void headHandlerSetsLimitPerRequest();
    void chunkedBodyOverLimit();
    void expectContinueVisibleAtHead();
    void upgradeStaysHttp();
    void connectStopsParsing();
    void errorIsSticky();
    void midRequestTracking();
};

void TestHttpRequestParser::splitsAnywhere_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("expected");

    QTest::newRow("simple get") << QByteArray("GET /v1/models HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                << QByteArrayList{"GET /v1/models HTTP/1.1 keep-alive"};
    QTest::newRow("post with content-length")
        << QByteArray("POST /v1/chat/completions?a=1 HTTP/1.1\r\nHost: x\r\n"
                      "Content-Type: application/json\r\nContent-Length: 13\r\n\r\n"
                      "{\"model\":\"m\"}")
        << QByteArrayList{
               "POST /v1/chat/completions?a=1 HTTP/1.1 keep-alive body={\"model\":\"m\"}"};
    QTest::newRow("chunked with extension and trailer")
        << QByteArray("POST /up HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\nhello\r\n6;name=value\r\n world\r\nA\r\n0123456789\r\n"
                      "0\r\nX-Trailer: t\r\n\r\n")
        << QByteArrayList{"POST /up HTTP/1.1 keep-alive chunked body=hello world0123456789"};
    QTest::newRow("three pipelined")
        << QByteArray("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
                      "GET /c?d HTTP/1.1\r\nHost: h\r\n\r\n")
        << QByteArrayList{"GET /a HTTP/1.1 keep-alive", "POST /b HTTP/1.1 keep-alive body=xyz",
                          "GET /c?d HTTP/1.1 keep-alive"};
    QTest::newRow("pipelined chunked then get")
        << QByteArray("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
                      "GET /b HTTP/1.1\r\n\r\n")
        << QByteArrayList{"POST /a HTTP/1.1 keep-alive chunked body=ok",
                          "GET /b HTTP/1.1 keep-alive"};
    QTest::newRow("http/1.0") << QByteArray("GET /old HTTP/1.0\r\nUser-Agent: ancient\r\n\r\n")
                              << QByteArrayList{"GET /old HTTP/1.0 close"};
    QTest::newRow("bare LF line endings") << QByteArray("GET /lf HTTP/1.1\nHost: a\n\n")
                                          << QByteArrayList{"GET /lf HTTP/1.1 keep-alive"};
    QTest::newRow("empty lines between requests")
        << QByteArray("GET /a HTTP/1.1\r\n\r\n\r\n\r\nGET /b HTTP/1.1\r\n\r\n")
        << QByteArrayList{"GET /a HTTP/1.1 keep-alive", "GET /b HTTP/1.1 keep-alive"};
}

void TestHttpRequestParser::splitsAnywhere()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, expected);
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        HttpRequestParser parser;
        QVERIFY(parser.feed(QByteArrayView(input).first(cut)));
        QByteArrayList got = drain(parser);
        QVERIFY(parser.feed(QByteArrayView(input).sliced(cut)));
        got += drain(parser);
        QVERIFY2(got == expected, qPrintable(QStringLiteral("cut at %1: %2")
                                                 .arg(cut)
                                                 .arg(QString::fromLatin1(got.join(" | ")))));
        QVERIFY(!parser.isMidRequest());
    }
}

void TestHttpRequestParser::byteByByte()
{
    const QByteArray input =
        "POST /x HTTP/1.1\r\nContent-Length: 4\r\nA: b\r\n\r\nbodyGET /y HTTP/1.1"
        "\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n";
    HttpRequestParser parser;
    QByteArrayList got;
    for (char c : input) {
        QVERIFY(parser.feed(QByteArrayView(&c, 1)));
        got += drain(parser);
    }
    QCOMPARE(got, (QByteArrayList{"POST /x HTTP/1.1 keep-alive body=body",
                                  "GET /y HTTP/1.1 keep-alive chunked body=z"}));
}

void TestHttpRequestParser::headersKeepOrderAndIgnoreCase()
{
    HttpRequestParser parser;
    QVERIFY(parser.feed("GET / HTTP/1.1\r\nHost: h\r\nX-Multi: one\r\naccept: */*\r\n"
                        "x-multi: two  \r\nConnection: keep-alive, Upgrade\r\nEmpty:\r\n\r\n"));
    QVERIFY(parser.hasRequest());
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.headers.size(), 6);
    QCOMPARE(r.headers.at(0).name, QByteArray("Host"));
    QCOMPARE(r.headers.at(2).name, QByteArray("accept")); // name kept as sent
    QCOMPARE(r.header("ACCEPT").toByteArray(), QByteArray("*/*"));
    QCOMPARE(r.header("x-MULTI").toByteArray(), QByteArray("one"));
    QCOMPARE(r.headers.values("X-Multi"), (QList<QByteArray>{"one", "two"})); // trailing space cut
    QVERIFY(r.headers.contains("empty"));
    QVERIFY(r.header("Empty").isEmpty());
    QVERIFY(!r.headers.contains("Missing"));
    QVERIFY(r.header("Missing").isNull());
    QVERIFY(r.headers.hasToken("connection", "upgrade"));
    QVERIFY(r.headers.hasToken("Connection", "KEEP-ALIVE"));
    QVERIFY(!r.headers.hasToken("Connection", "close"));
}

void TestHttpRequestParser::targetSplitsIntoPathAndQuery_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");

    QTest::newRow("origin") << QByteArray("/v1/chat/completions")
                            << QByteArray("/v1/chat/completions") << QByteArray();
    QTest::newRow("query") << QByteArray("/a?b=1&c") << QByteArray("/a") << QByteArray("b=1&c");
    QTest::newRow("empty query") << QByteArray("/a?") << QByteArray("/a") << QByteArray();
    QTest::newRow("fragment") << QByteArray("/a?q#frag") << QByteArray("/a") << QByteArray("q");
    QTest::newRow("absolute") << QByteArray("http://example.com:8080/p/q?r=s") << QByteArray("/p/q")
                              << QByteArray("r=s");
    QTest::newRow("absolute no path")
        << QByteArray("http://example.com") << QByteArray() << QByteArray();
    QTest::newRow("asterisk") << QByteArray("*") << QByteArray("*") << QByteArray();
}

void TestHttpRequestParser::targetSplitsIntoPathAndQuery()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    HttpRequestParser parser;
    const QByteArray method = target == "*" ? "OPTIONS " : "GET ";
    QVERIFY(parser.feed(QByteArray(method + target + " HTTP/1.1\r\n\r\n")));
    QVERIFY(parser.hasRequest());
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.url, target);
    QCOMPARE(r.path().toByteArray(), path);
    QCOMPARE(r.query().toByteArray(), query);
}

void TestHttpRequestParser::keepAlive_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                               << false;
    QTest::newRow("1.1 CLOSE") << QByteArray("GET / HTTP/1.1\r\nconnection: CLOSE\r\n\r\n")
                               << false;
    QTest::newRow("1.1 close in list")
        << QByteArray("GET / HTTP/1.1\r\nConnection: te, close\r\n\r\n") << false;
    QTest::newRow("1.1 keep-alive")
        << QByteArray("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
    QTest::newRow("1.0 close") << QByteArray("GET / HTTP/1.0\r\nConnection: close\r\n\r\n")
                               << false;
}

void TestHttpRequestParser::keepAlive()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, keepAlive);
    HttpRequestParser parser;
    QVERIFY(parser.feed(head));
    QVERIFY(parser.hasRequest());
    QCOMPARE(parser.takeRequest().keepAlive, keepAlive);
    QCOMPARE(parser.isFinished(), !keepAlive);
}

void TestHttpRequestParser::stopsAfterConnectionClose()
{
    HttpRequestParser parser;
    QVERIFY(parser.feed("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nConnection: close\r\n\r\n"
                        "GET /c HTTP/1.1\r\n\r\n"));
    QCOMPARE(drain(parser),
             (QByteArrayList{"GET /a HTTP/1.1 keep-alive", "GET /b HTTP/1.1 close"}));
    QVERIFY(parser.isFinished());
    QVERIFY(parser.feed("GET /d HTTP/1.1\r\n\r\n")); // ignored, not an error
    QVERIFY(!parser.hasRequest());
}

void TestHttpRequestParser::errors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("error");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");

    const auto bad = int(HttpRequestParser::Error::BadRequest);
    QTest::newRow("garbage method") << QByteArray("BLAH / HTTP/1.1\r\n\r\n") << bad << 400
                                    << QStringLiteral("unknown request method");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << bad << 400
                                     << QStringLiteral("malformed request line");
    QTest::newRow("control char in target") << QByteArray("GET /\x01 HTTP/1.1\r\n\r\n") << bad
                                            << 400 << QStringLiteral("malformed request target");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/x.1\r\n\r\n") << bad << 400
                                 << QStringLiteral("malformed HTTP version");
    QTest::newRow("http/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << bad << 400
                                    << QStringLiteral("unknown request method");
    QTest::newRow("http/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n")
                              << int(HttpRequestParser::Error::UnsupportedVersion) << 505
                              << QStringLiteral("unsupported HTTP version (use HTTP/1.1)");
    QTest::newRow("http/0.9") << QByteArray("GET /\r\n\r\n")
                              << int(HttpRequestParser::Error::UnsupportedVersion) << 505
                              << QStringLiteral("unsupported HTTP version (use HTTP/1.1)");
    QTest::newRow("control char in value") << QByteArray("GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n")
                                           << bad << 400 << QStringLiteral("invalid header");
    QTest::newRow("space before colon")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding : chunked\r\n\r\n") << bad << 400
        << QStringLiteral("invalid header");
    QTest::newRow("space inside name") << QByteArray("GET / HTTP/1.1\r\nX Y: a\r\n\r\n") << bad
                                       << 400 << QStringLiteral("invalid header");
    QTest::newRow("empty name") << QByteArray("GET / HTTP/1.1\r\n: a\r\n\r\n") << bad << 400
                                << QStringLiteral("invalid header");
    QTest::newRow("letters in content-length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3x\r\n\r\n") << bad << 400
        << QStringLiteral("invalid Content-Length header");
    QTest::newRow("two content-lengths")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
        << bad << 400 << QStringLiteral("conflicting Content-Length and Transfer-Encoding headers");
    QTest::newRow("content-length and chunked")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n")
        << bad << 400 << QStringLiteral("conflicting Content-Length and Transfer-Encoding headers");
    QTest::newRow("gzip transfer-encoding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nxx") << bad << 400
        << QStringLiteral("unsupported Transfer-Encoding (only chunked is accepted)");
    QTest::newRow("bad chunk size")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << bad << 400
        << QStringLiteral("invalid chunked encoding");
    QTest::newRow("chunk without CRLF")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n") << bad
        << 400 << QStringLiteral("invalid chunked encoding");
    QTest::newRow("huge chunk size")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n")
        << bad << 400 << QStringLiteral("invalid chunked encoding");
    QTest::newRow("header block 64 KiB + 1")
        << headerBlockOfSize(64 * 1024 + 1) << int(HttpRequestParser::Error::HeaderTooLarge) << 431
        << QStringLiteral("request header block is too large");
    QTest::newRow("endless header line")
        << QByteArray(QByteArray("GET / HTTP/1.1\r\nX: ") + QByteArray(200 * 1024, 'a'))
        << int(HttpRequestParser::Error::HeaderTooLarge) << 431
        << QStringLiteral("request header block is too large");
    QTest::newRow("endless request line")
        << QByteArray(QByteArray("GET /") + QByteArray(70 * 1024, 'a'))
        << int(HttpRequestParser::Error::HeaderTooLarge) << 431
        << QStringLiteral("request header block is too large");
    QTest::newRow("101 headers") << manyHeaders(101)
                                 << int(HttpRequestParser::Error::TooManyHeaders) << 431
                                 << QStringLiteral("too many header fields");
    QTest::newRow("content-length over 64 MiB")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 67108865\r\n\r\n")
        << int(HttpRequestParser::Error::BodyTooLarge) << 413
        << QStringLiteral("request body is too large");
}

void TestHttpRequestParser::errors()
{
    QFETCH(QByteArray, input);
    QFETCH(int, error);
    QFETCH(int, status);
    QFETCH(QString, message);
    // whole, and in pieces of 7 bytes: the outcome must not depend on how TCP cut the bytes
    for (qsizetype piece : {input.size(), qsizetype(7)}) {
        HttpRequestParser parser;
        bool ok = true;
        for (qsizetype pos = 0; pos < input.size() && ok; pos += piece)
            ok =
                parser.feed(QByteArrayView(input).sliced(pos, std::min(piece, input.size() - pos)));
        QVERIFY(!ok);
        QVERIFY(parser.hasError());
        QCOMPARE(int(parser.error()), error);
        QCOMPARE(parser.errorStatusCode(), status);
        QCOMPARE(parser.errorString(), message);
        QVERIFY(!parser.hasRequest());
    }
}

void TestHttpRequestParser::headerLimitIsExact()
{
    for (qsizetype size : {qsizetype(64 * 1024 - 1), qsizetype(64 * 1024)}) {
        const QByteArray head = headerBlockOfSize(size);
        QCOMPARE(head.size(), size);
        HttpRequestParser parser;
        QVERIFY2(parser.feed(head), qPrintable(parser.errorString()));
        QVERIFY(parser.hasRequest());
    }
    HttpRequestParser parser;
    QVERIFY(!parser.feed(headerBlockOfSize(64 * 1024 + 1)));
    QCOMPARE(parser.error(), HttpRequestParser::Error::HeaderTooLarge);

    // 100 fields are fine, and a smaller configured limit is honoured
    HttpRequestParser hundred;
    QVERIFY(hundred.feed(manyHeaders(100)));
    QCOMPARE(hundred.takeRequest().headers.size(), 100);
    HttpRequestParser small;
    small.setMaxHeaderCount(3);
    QVERIFY(small.feed(manyHeaders(3)));
    QVERIFY(!small.feed(manyHeaders(4)));
    QCOMPARE(small.error(), HttpRequestParser::Error::TooManyHeaders);
}

void TestHttpRequestParser::bodyLimitDecidedBeforeBody()
{
    HttpRequestParser parser;
    parser.setMaxBodySize(10);
    // only the head arrives: the verdict must not wait for the body
    QVERIFY(!parser.feed("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n"));
    QCOMPARE(parser.error(), HttpRequestParser::Error::BodyTooLarge);
    QCOMPARE(parser.errorStatusCode(), 413);

    HttpRequestParser exact;
    exact.setMaxBodySize(10);
    QVERIFY(exact.feed("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789"));
    QCOMPARE(exact.takeRequest().body, QByteArray("0123456789"));
}

void TestHttpRequestParser::headHandlerSetsLimitPerRequest()
{
    HttpRequestParser parser;
    QByteArrayList seen;
    parser.setHeadHandler([&](const HttpRequest &head) -> qint64 {
        seen.append(head.path().toByteArray() + ' ' + QByteArray::number(head.contentLength));
        return head.path() == "/small" ? 4 : 1000;
    });
    QVERIFY(parser.feed("POST /large HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
    QCOMPARE(seen, QByteArrayList{"/large 5"}); // called at the head, before the body
    QVERIFY(!parser.hasRequest());
    QVERIFY(!parser.feed("12345POST /small HTTP/1.1\r\nContent-Length: 5\r\n\r\n"));
    QCOMPARE(seen, (QByteArrayList{"/large 5", "/small 5"}));
    QCOMPARE(parser.error(), HttpRequestParser::Error::BodyTooLarge);
    QCOMPARE(parser.pendingRequests(), 1); // the first one still stands
    QCOMPARE(parser.takeRequest().body, QByteArray("12345"));
}

void TestHttpRequestParser::chunkedBodyOverLimit()
{
    HttpRequestParser parser;
    parser.setMaxBodySize(8);
    QVERIFY(parser.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"));
    QVERIFY(!parser.feed("5\r\nefghi\r\n0\r\n\r\n"));
    QCOMPARE(parser.error(), HttpRequestParser::Error::BodyTooLarge);

    HttpRequestParser fits;
    fits.setMaxBodySize(8);
    QVERIFY(fits.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n"
                      "4\r\nefgh\r\n0\r\n\r\n"));
    QCOMPARE(fits.takeRequest().body, QByteArray("abcdefgh"));
}

void TestHttpRequestParser::expectContinueVisibleAtHead()
{
    HttpRequestParser parser;
    bool expectAtHead = false;
    parser.setHeadHandler([&](const HttpRequest &head) -> qint64 {
        expectAtHead = head.expectContinue;
        return 100;
    });
    QVERIFY(parser.feed("POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\n"));
    QVERIFY(expectAtHead);
    QVERIFY(!parser.hasRequest());
    QVERIFY(parser.feed("{}"));
    const HttpRequest r = parser.takeRequest();
    QVERIFY(r.expectContinue);
    QCOMPARE(r.body, QByteArray("{}"));

    HttpRequestParser plain;
    QVERIFY(plain.feed("POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    QVERIFY(!plain.takeRequest().expectContinue);
}

void TestHttpRequestParser::upgradeStaysHttp()
{
    HttpRequestParser parser;
    QVERIFY(parser.feed("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                        "GET /next HTTP/1.1\r\n\r\n"));
    QCOMPARE(parser.pendingRequests(), 2);
    const HttpRequest first = parser.takeRequest();
    QVERIFY(first.upgrade);
    QVERIFY(first.keepAlive);
    const HttpRequest second = parser.takeRequest();
    QCOMPARE(second.url, QByteArray("/next"));
    QVERIFY(!second.upgrade);
}

void TestHttpRequestParser::connectStopsParsing()
{
    HttpRequestParser parser;
    QVERIFY(parser.feed("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                        "\x16\x03\x01 tls bytes"));
    QVERIFY(parser.hasRequest());
    const HttpRequest r = parser.takeRequest();
    QCOMPARE(r.method, QByteArray("CONNECT"));
    QCOMPARE(r.url, QByteArray("example.com:443"));
    QVERIFY(r.upgrade);
    QVERIFY(!r.keepAlive);
    QVERIFY(parser.isFinished());
    QVERIFY(!parser.hasError());
    QVERIFY(!parser.hasRequest());
}

void TestHttpRequestParser::errorIsSticky()
{
    HttpRequestParser parser;
    QVERIFY(!parser.feed("NOPE\r\n\r\n"));
    QVERIFY(!parser.feed("GET / HTTP/1.1\r\n\r\n"));
    QVERIFY(!parser.hasRequest());
    QCOMPARE(parser.error(), HttpRequestParser::Error::BadRequest);
}

void TestHttpRequestParser::midRequestTracking()
{
    HttpRequestParser parser;
    QVERIFY(!parser.isMidRequest());
    QVERIFY(parser.feed("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab"));
    QVERIFY(parser.isMidRequest());
    QVERIFY(parser.feed("cd"));
    QVERIFY(!parser.isMidRequest());
    QVERIFY(parser.hasRequest());
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
