#include "HttpResponseParser.h"

#include <QTest>

using namespace gatehouse;

namespace {

struct Run
{
    QByteArray body;
    int headReadyCount = 0;
    bool complete = false;
};

// Feeds the pieces in order, collecting the relayed body as a proxy would.
Run feedAll(HttpResponseParser &parser, const QByteArrayList &pieces)
{
    Run run;
    for (const QByteArray &piece : pieces) {
        const HttpResponseParser::Progress p = parser.feed(piece);
        run.headReadyCount += p.headReady ? 1 : 0;
        run.complete |= p.complete;
        for (QByteArrayView chunk : parser.bodyChunks())
            run.body += chunk;
        if (parser.hasError())
            break;
    }
    return run;
}

} // namespace

class TestHttpResponseParser final : public QObject
{
    Q_OBJECT

private slots:
    void splitsAnywhere_data();
    void splitsAnywhere();
    void streamsChunksAsTheyArrive();
    void readUntilClose();
    void interimResponsesAreSkipped();
    void noBodyStatuses_data();
    void noBodyStatuses();
    void headRequestHasNoBody();
    void reusable_data();
    void reusable();
    void bytesAfterTheEndSpoilReuse();
    void eofErrors_data();
    void eofErrors();
    void malformed_data();
    void malformed();
    void unexpectedUpgrade();
    void resetForNextResponse();
};

void TestHttpResponseParser::splitsAnywhere_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("reason");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("chunked");
    QTest::addColumn<qint64>("contentLength");

    QTest::newRow("content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n"
                      "\r\n{\"ok\":true}")
        << 200 << QByteArray("OK") << QByteArray("{\"ok\":true}") << false << qint64(11);
    QTest::newRow("chunked sse")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"
                      "f\r\ndata: {\"a\":1}\n\n\r\ne;ext=1\r\ndata: [DONE]\n\n\r\n0\r\n"
                      "X-Trailer: x\r\n\r\n")
        << 200 << QByteArray("OK") << QByteArray("data: {\"a\":1}\n\ndata: [DONE]\n\n") << true
        << qint64(-1);
    QTest::newRow("error with body")
        << QByteArray(
               "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 20\r\n\r\n"
               "{\"error\":\"slow\"}\n\n\n\n")
        << 429 << QByteArray("Too Many Requests") << QByteArray("{\"error\":\"slow\"}\n\n\n\n")
        << false << qint64(20);
    QTest::newRow("empty body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") << 200
                                << QByteArray("OK") << QByteArray() << false << qint64(0);
    QTest::newRow("no reason, LF only")
        << QByteArray("HTTP/1.1 200\nContent-Length: 2\n\nhi") << 200 << QByteArray()
        << QByteArray("hi") << false << qint64(2);
}

void TestHttpResponseParser::splitsAnywhere()
{
    QFETCH(QByteArray, input);
    QFETCH(int, status);
    QFETCH(QByteArray, reason);
    QFETCH(QByteArray, body);
    QFETCH(bool, chunked);
    QFETCH(qint64, contentLength);
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        HttpResponseParser parser;
        const Run run = feedAll(parser, {input.first(cut), input.sliced(cut)});
        QVERIFY2(!parser.hasError(), qPrintable(parser.errorString()));
        QVERIFY(run.complete);
        QCOMPARE(run.headReadyCount, 1);
        QCOMPARE(parser.head().statusCode, status);
        QCOMPARE(parser.head().reason, reason);
        QCOMPARE(parser.head().chunked, chunked);
        QCOMPARE(parser.head().contentLength, contentLength);
        QCOMPARE(run.body, body);
        QCOMPARE(parser.bodyBytes(), qint64(body.size()));
        QVERIFY(parser.isReusable());
    }
}

void TestHttpResponseParser::streamsChunksAsTheyArrive()
{
    HttpResponseParser parser;
    HttpResponseParser::Progress p =
        parser.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\ndata: ");
    QVERIFY(p.headReady);
    QVERIFY(!p.complete);
    QCOMPARE(parser.head().headers.value("transfer-encoding").toByteArray(), QByteArray("chunked"));
    // the first piece is out before its chunk has even ended
    QCOMPARE(parser.bodyChunks().size(), size_t(1));
    QCOMPARE(parser.bodyChunks().front().toByteArray(), QByteArray("data: "));

    const QByteArray second = "\r\n3\r\nabc\r\n2\r\nde\r\n";
    p = parser.feed(second);
    QVERIFY(!p.headReady);
    QVERIFY(!p.complete);
    QCOMPARE(parser.bodyChunks().size(), size_t(2));
    QCOMPARE(parser.bodyChunks().at(0).toByteArray(), QByteArray("abc"));
    QCOMPARE(parser.bodyChunks().at(1).toByteArray(), QByteArray("de"));
    // views into the caller's bytes: nothing copied
    QVERIFY(parser.bodyChunks().at(0).data() >= second.constData());
    QVERIFY(parser.bodyChunks().at(0).data() < second.constData() + second.size());

    p = parser.feed("0\r\n\r\n");
    QVERIFY(p.complete);
    QVERIFY(parser.bodyChunks().empty());
    QCOMPARE(parser.bodyBytes(), qint64(11));
}

void TestHttpResponseParser::readUntilClose()
{
    HttpResponseParser parser;
    const Run run =
        feedAll(parser, {"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhel", "lo"});
    QVERIFY(!run.complete);
    QVERIFY(parser.head().untilClose);
    QCOMPARE(run.body, QByteArray("hello"));
    QVERIFY(parser.finishOnEof());
    QVERIFY(parser.isComplete());
    QVERIFY(!parser.isReusable());
    QVERIFY(!parser.hasError());
}

void TestHttpResponseParser::interimResponsesAreSkipped()
{
    const QByteArray input =
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n"
        "\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        HttpResponseParser parser;
        const Run run = feedAll(parser, {input.first(cut), input.sliced(cut)});
        QVERIFY(run.complete);
        QCOMPARE(run.headReadyCount, 1);
        QCOMPARE(parser.head().statusCode, 201);
        QCOMPARE(parser.head().headers.size(), 1); // nothing left over from the 103
        QCOMPARE(run.body, QByteArray("ok"));
    }
}

void TestHttpResponseParser::noBodyStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::newRow("204") << 204;
    QTest::newRow("304") << 304;
}

void TestHttpResponseParser::noBodyStatuses()
{
    QFETCH(int, status);
    HttpResponseParser parser;
    // a wrong Content-Length must not make the parser eat the next response's bytes
    const QByteArray input =
        "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Length: 5\r\n\r\n";
    const HttpResponseParser::Progress p = parser.feed(input);
    QVERIFY(p.headReady);
    QVERIFY(p.complete);
    QCOMPARE(parser.bodyBytes(), qint64(0));
    QCOMPARE(parser.head().contentLength, qint64(-1));
    QVERIFY(parser.isReusable());
}

void TestHttpResponseParser::headRequestHasNoBody()
{
    HttpResponseParser parser;
    parser.setNoBody(true);
    const HttpResponseParser::Progress p =
        parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
    QVERIFY(p.complete);
    QCOMPARE(parser.bodyBytes(), qint64(0));
    QVERIFY(!parser.head().untilClose);
    QVERIFY(parser.isReusable());
}

void TestHttpResponseParser::reusable_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("reusable");
    QTest::newRow("1.1 default") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
                                 << true;
    QTest::newRow("1.1 close")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n") << false;
    QTest::newRow("1.0 default") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")
                                 << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n")
        << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "0\r\n\r\n")
                             << true;
}

void TestHttpResponseParser::reusable()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, reusable);
    HttpResponseParser parser;
    QVERIFY(parser.feed(input).complete);
    QCOMPARE(parser.isReusable(), reusable);
}

void TestHttpResponseParser::bytesAfterTheEndSpoilReuse()
{
    HttpResponseParser parser;
    const QByteArray input = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA";
    const HttpResponseParser::Progress p = parser.feed(input);
    QVERIFY(p.complete);
    QCOMPARE(p.consumed, input.size() - 5);
    QVERIFY(!parser.isReusable());

    HttpResponseParser later;
    QVERIFY(later.feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").complete);
    QVERIFY(later.isReusable());
    QCOMPARE(later.feed("X").consumed, 0);
    QVERIFY(!later.isReusable());
}

void TestHttpResponseParser::eofErrors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("error");
    QTest::newRow("nothing") << QByteArray() << int(HttpResponseParser::Error::NoResponse);
    QTest::newRow("inside head") << QByteArray("HTTP/1.1 200 OK\r\nContent-")
                                 << int(HttpResponseParser::Error::Truncated);
    QTest::newRow("short content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        << int(HttpResponseParser::Error::Truncated);
    QTest::newRow("inside chunked")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab")
        << int(HttpResponseParser::Error::Truncated);
    QTest::newRow("after interim only")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\n") << int(HttpResponseParser::Error::Truncated);
}

void TestHttpResponseParser::eofErrors()
{
    QFETCH(QByteArray, input);
    QFETCH(int, error);
    HttpResponseParser parser;
    parser.feed(input);
    QVERIFY(!parser.hasError());
    QVERIFY(!parser.finishOnEof());
    QCOMPARE(int(parser.error()), error);
    QVERIFY(!parser.errorString().isEmpty());
    QVERIFY(!parser.isReusable());
    QCOMPARE(parser.receivedAnything(), !input.isEmpty());
}

void TestHttpResponseParser::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("message");
    const auto bad = int(HttpResponseParser::Error::Malformed);
    QTest::newRow("not http") << QByteArray("<html>hello</html>") << bad
                              << QStringLiteral("upstream sent a malformed status line");
    QTest::newRow("content-length and transfer-encoding")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: identity\r\n\r\n")
        << bad << QStringLiteral("upstream sent an invalid Content-Length");
    QTest::newRow("header line without colon")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nbroken\r\n\r\nabc") << bad
        << QStringLiteral("upstream sent an invalid header");
    QTest::newRow("one-digit status")
        << QByteArray("HTTP/1.1 2\r\nContent-Length: 0\r\n\r\n") << bad
        << QStringLiteral("upstream sent an invalid status code");
    QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << bad
                                << QStringLiteral("upstream sent a malformed status line");
    QTest::newRow("bad header") << QByteArray("HTTP/1.1 200 OK\r\nX: a\x01\r\n\r\n") << bad
                                << QStringLiteral("upstream sent an invalid header");
    QTest::newRow("bad chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                             "xyz\r\n")
                               << bad << QStringLiteral("upstream sent invalid chunked encoding");
    QTest::newRow("bad content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n") << bad
        << QStringLiteral("upstream sent an invalid Content-Length");
    QByteArray many = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 101; ++i)
        many += "X-" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("101 headers") << QByteArray(many + "\r\n")
                                 << int(HttpResponseParser::Error::TooManyHeaders)
                                 << QStringLiteral("upstream sent too many header fields");
    QTest::newRow("huge head") << QByteArray(QByteArray("HTTP/1.1 200 OK\r\nX: ") +
                                             QByteArray(70 * 1024, 'a'))
                               << int(HttpResponseParser::Error::HeaderTooLarge)
                               << QStringLiteral("upstream response head is too large");
}

void TestHttpResponseParser::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(int, error);
    QFETCH(QString, message);
    HttpResponseParser parser;
    parser.feed(input);
    QVERIFY(parser.hasError());
    QCOMPARE(int(parser.error()), error);
    QCOMPARE(parser.errorString(), message);
    QVERIFY(!parser.isComplete());
    QVERIFY(!parser.finishOnEof());
    QCOMPARE(parser.feed("HTTP/1.1 200 OK\r\n\r\n").consumed, 0); // stays in error
}

void TestHttpResponseParser::unexpectedUpgrade()
{
    HttpResponseParser parser;
    parser.feed(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n\r\n");
    QCOMPARE(parser.error(), HttpResponseParser::Error::UnexpectedUpgrade);
    QVERIFY(!parser.isHeadReady());
}

void TestHttpResponseParser::resetForNextResponse()
{
    HttpResponseParser parser;
    parser.setNoBody(true);
    QVERIFY(parser.feed("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n").complete);
    parser.reset();
    QVERIFY(!parser.isComplete());
    QVERIFY(!parser.isHeadReady());
    const Run run = feedAll(parser, {"HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\n\r\nnop"});
    QVERIFY(run.complete); // noBody was cleared by reset()
    QCOMPARE(parser.head().statusCode, 404);
    QCOMPARE(run.body, QByteArray("nop"));
}

QTEST_GUILESS_MAIN(TestHttpResponseParser)
#include "tst_httpresponseparser.moc"
