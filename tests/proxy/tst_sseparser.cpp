#include "SseParser.h"
#include "UsageExtractor.h"

#include <QTest>

using namespace gatehouse;

namespace {

// Shaped like DeepSeek's answer to a streamed chat request with include_usage: a keep-alive
// comment while the model thinks, reasoning, content, the usage-only chunk, [DONE].
const QByteArray deepSeekStream =
    ": keep-alive\n\n"
    "data: {\"id\":\"7b1e\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
    "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_5417b77867_prod0225\","
    "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
    "\"reasoning_content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"7b1e\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
    "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_5417b77867_prod0225\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"Okay\"},"
    "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"7b1e\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
    "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_5417b77867_prod0225\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello \\\"you\\\"\\n\","
    "\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
    "data: {\"id\":\"7b1e\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
    "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_5417b77867_prod0225\","
    "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\",\"reasoning_content\":null},"
    "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
    "data: {\"id\":\"7b1e\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,"
    "\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_5417b77867_prod0225\","
    "\"choices\":[],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":41,\"total_tokens\":54,"
    "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":"
    "{\"reasoning_tokens\":35},\"prompt_cache_hit_tokens\":0,\"prompt_cache_miss_tokens\":13}}\n\n"
    "data: [DONE]\n\n";

QByteArray withLineEnding(QByteArray stream, const char *ending)
{
    return stream.replace('\n', QByteArray(ending));
}

struct Collected
{
    QByteArrayList data; // of the blocks with data
    QByteArray forwarded;
    int blocks = 0;
};

void collect(Collected &c, const QList<SseEvent> &events)
{
    for (const SseEvent &ev : events) {
        ++c.blocks;
        c.forwarded += ev.raw;
        if (ev.hasData)
            c.data.append(ev.data);
    }
}

} // namespace

class TestSseParser final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void splitsAnywhere_data();
    void splitsAnywhere();
    void byteByByte_data();
    void byteByByte();
    void fields_data();
    void fields();
    void idPersistsAcrossEvents();
    void commentOnlyBlocksHaveNoData();
    void offsetsInsideTheFedBuffer();
    void dropOneEventForwardRest();
    void crlfSplitAcrossFeeds();
    void oversizeEventIsAnError_data();
    void oversizeEventIsAnError();
    void resetStartsOver();
    void benchmarkDeepSeekStream();

private:
    QByteArrayList m_expected;
};

void TestSseParser::initTestCase()
{
    // what a spec-following client would get from deepSeekStream: each data payload
    const QList<QByteArray> blocks = deepSeekStream.split('\n');
    for (const QByteArray &line : blocks) {
        if (line.startsWith("data: "))
            m_expected.append(line.mid(6));
    }
    QCOMPARE(m_expected.size(), 6);
    QCOMPARE(m_expected.last(), QByteArray("[DONE]"));
}

void TestSseParser::splitsAnywhere_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::newRow("LF") << deepSeekStream;
    QTest::newRow("CRLF") << withLineEnding(deepSeekStream, "\r\n");
    QTest::newRow("CR") << withLineEnding(deepSeekStream, "\r");
}

void TestSseParser::splitsAnywhere()
{
    QFETCH(QByteArray, stream);
    for (qsizetype cut = 0; cut <= stream.size(); ++cut) {
        SseParser parser;
        Collected c;
        collect(c, parser.feed(QByteArrayView(stream).first(cut)));
        collect(c, parser.feed(QByteArrayView(stream).sliced(cut)));
        QVERIFY(!parser.hasError());
        QCOMPARE(c.data, m_expected);
        QCOMPARE(c.blocks, 7);
        // nothing lost, nothing invented: the proxy forwards exactly what came
        QCOMPARE(c.forwarded + parser.pending(), stream);
    }
}

void TestSseParser::byteByByte_data()
{
    splitsAnywhere_data();
}

void TestSseParser::byteByByte()
{
    QFETCH(QByteArray, stream);
    SseParser parser;
    Collected c;
    for (char ch : stream)
        collect(c, parser.feed(QByteArrayView(&ch, 1)));
    QCOMPARE(c.data, m_expected);
    QCOMPARE(c.forwarded + parser.pending(), stream);
}

void TestSseParser::fields_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("eventType");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<qint64>("retry");

    QTest::newRow("plain") << QByteArray("data: a\n\n") << QByteArray() << QByteArray("a")
                           << QByteArray() << qint64(-1);
    QTest::newRow("no space") << QByteArray("data:a\n\n") << QByteArray() << QByteArray("a")
                              << QByteArray() << qint64(-1);
    QTest::newRow("only one space stripped") << QByteArray("data:  a \n\n") << QByteArray()
                                             << QByteArray(" a ") << QByteArray() << qint64(-1);
    QTest::newRow("colon in value") << QByteArray("data: {\"a\":1}\n\n") << QByteArray()
                                    << QByteArray("{\"a\":1}") << QByteArray() << qint64(-1);
    QTest::newRow("field without colon")
        << QByteArray("data\n\n") << QByteArray() << QByteArray() << QByteArray() << qint64(-1);
    QTest::newRow("multi-line data") << QByteArray("data: a\ndata:\ndata: b\n\n") << QByteArray()
                                     << QByteArray("a\n\nb") << QByteArray() << qint64(-1);
    QTest::newRow("event type") << QByteArray("event: message_start\ndata: x\n\n")
                                << QByteArray("message_start") << QByteArray("x") << QByteArray()
                                << qint64(-1);
    QTest::newRow("id and retry") << QByteArray("id: 42\nretry: 3000\ndata: x\n\n") << QByteArray()
                                  << QByteArray("x") << QByteArray("42") << qint64(3000);
    QTest::newRow("bad retry ignored") << QByteArray("retry: 3s\ndata: x\n\n") << QByteArray()
                                       << QByteArray("x") << QByteArray() << qint64(-1);
    QTest::newRow("comments skipped")
        << QByteArray(": hi\ndata: x\n: there\ndata: y\n\n") << QByteArray() << QByteArray("x\ny")
        << QByteArray() << qint64(-1);
    QTest::newRow("unknown field ignored")
        << QByteArray("foo: bar\nDATA: no\ndata: x\n\n") << QByteArray() << QByteArray("x")
        << QByteArray() << qint64(-1);
    QTest::newRow("byte order mark")
        << QByteArray("\xEF\xBB\xBF"
                      "data: bom\n\n")
        << QByteArray() << QByteArray("bom") << QByteArray() << qint64(-1);
    QTest::newRow("CRLF") << QByteArray("event: e\r\ndata: a\r\ndata: b\r\n\r\n") << QByteArray("e")
                          << QByteArray("a\nb") << QByteArray() << qint64(-1);
    QTest::newRow("CR") << QByteArray("data: a\rdata: b\r\r") << QByteArray() << QByteArray("a\nb")
                        << QByteArray() << qint64(-1);
    QTest::newRow("mixed") << QByteArray("data: a\r\ndata: b\rdata: c\n\r\n") << QByteArray()
                           << QByteArray("a\nb\nc") << QByteArray() << qint64(-1);
}

void TestSseParser::fields()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, eventType);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, id);
    QFETCH(qint64, retry);
    SseParser parser;
    const QList<SseEvent> events = parser.feed(input);
    QCOMPARE(events.size(), 1);
    const SseEvent &ev = events.first();
    QVERIFY(ev.hasData);
    QCOMPARE(ev.eventType, eventType);
    QCOMPARE(ev.data, data);
    QCOMPARE(ev.id, id);
    QCOMPARE(ev.retry, retry);
    QCOMPARE(ev.raw, input);
    QVERIFY(parser.pending().isEmpty());
}

void TestSseParser::idPersistsAcrossEvents()
{
    SseParser parser;
    static const char input[] = "id: 1\ndata: a\n\ndata: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n";
    const QList<SseEvent> events = parser.feed(QByteArrayView(input, sizeof(input) - 1));
    QCOMPARE(events.size(), 4);
    QCOMPARE(events.at(0).id, QByteArray("1"));
    QCOMPARE(events.at(1).id, QByteArray("1")); // the last event ID stays in force
    QCOMPARE(events.at(2).id, QByteArray("1")); // an id with NUL is ignored
    QCOMPARE(events.at(3).id, QByteArray());    // "id" with no value clears it
    QCOMPARE(parser.lastEventId(), QByteArray());
}

void TestSseParser::commentOnlyBlocksHaveNoData()
{
    SseParser parser;
    const QList<SseEvent> events = parser.feed(": keep-alive\n\n\nevent: ping\n\ndata: x\n\n");
    QCOMPARE(events.size(), 4);
    QVERIFY(!events.at(0).hasData);
    QCOMPARE(events.at(0).raw, QByteArray(": keep-alive\n\n"));
    QVERIFY(!events.at(1).hasData); // a stray blank line
    QCOMPARE(events.at(1).raw, QByteArray("\n"));
    QVERIFY(!events.at(2).hasData); // an event type alone dispatches nothing
    QVERIFY(events.at(3).hasData);
    QCOMPARE(events.at(3).data, QByteArray("x"));
}

void TestSseParser::offsetsInsideTheFedBuffer()
{
    SseParser parser;
    const QByteArray first = "data: a\n\ndata: bb\n\ndata: c";
    QList<SseEvent> events = parser.feed(first);
    QCOMPARE(events.size(), 2);
    QCOMPARE(events.at(0).begin, 0);
    QCOMPARE(events.at(0).end, 9);
    QCOMPARE(events.at(1).begin, 9);
    QCOMPARE(events.at(1).end, 19);
    QCOMPARE(first.sliced(events.at(1).begin, events.at(1).end - events.at(1).begin),
             events.at(1).raw);
    QCOMPARE(parser.pending(), QByteArray("data: c"));

    events = parser.feed("c\n\ndata: d\n\n");
    QCOMPARE(events.size(), 2);
    // began in the earlier feed: offset 0 here, the rest of raw came before
    QCOMPARE(events.at(0).begin, 0);
    QCOMPARE(events.at(0).end, 3);
    QCOMPARE(events.at(0).raw, QByteArray("data: cc\n\n"));
    QCOMPARE(events.at(0).data, QByteArray("cc"));
    QCOMPARE(events.at(1).begin, 3);
    QCOMPARE(events.at(1).end, 12);
    QVERIFY(parser.pending().isEmpty());
}

void TestSseParser::dropOneEventForwardRest()
{
    // The proxy asked for usage the client did not: drop the usage-only chunk, keep the rest
    // byte for byte.
    const QByteArray stream = withLineEnding(deepSeekStream, "\r\n");
    for (qsizetype cut : {qsizetype(0), qsizetype(100), stream.size() - 30, stream.size()}) {
        SseParser parser;
        QByteArray forwarded;
        QByteArray dropped;
        for (QByteArrayView part :
             {QByteArrayView(stream).first(cut), QByteArrayView(stream).sliced(cut)}) {
            for (const SseEvent &ev : parser.feed(part)) {
                if (ev.hasData && UsageExtractor::isUsageOnlyChunk(ev.data))
                    dropped += ev.raw;
                else
                    forwarded += ev.raw;
            }
        }
        QVERIFY(dropped.startsWith("data: {"));
        QVERIFY(dropped.contains("\"choices\":[]"));
        QVERIFY(dropped.endsWith("}}\r\n\r\n"));
        QByteArray expected = stream;
        expected.replace(dropped, QByteArray());
        QCOMPARE(forwarded, expected);
        QVERIFY(forwarded.endsWith("data: [DONE]\r\n\r\n"));
    }
}

void TestSseParser::crlfSplitAcrossFeeds()
{
    SseParser parser;
    QVERIFY(parser.feed("data: a\r").isEmpty());
    QList<SseEvent> events = parser.feed("\ndata: b\r\n\r");
    // dispatched at the lone CR, without waiting for the LF that may follow
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("a\nb"));
    QCOMPARE(events.at(0).raw, QByteArray("data: a\r\ndata: b\r\n\r"));
    events = parser.feed("\ndata: c\r\n\r\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("c")); // the LF was the end of the CRLF, not a line
    QCOMPARE(events.at(0).raw, QByteArray("\ndata: c\r\n\r\n"));
}

void TestSseParser::oversizeEventIsAnError_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("piece");
    const QByteArray big = "data: " + QByteArray(60, 'x') + "\n\n";
    QTest::newRow("whole") << big << int(big.size());
    QTest::newRow("pieces") << big << 5;
    QTest::newRow("many small lines") << QByteArray("data: 1\ndata: 2\ndata: 3\ndata: 4\n"
                                                    "data: 5\ndata: 6\ndata: 7\ndata: 8\n\n")
                                      << 1000;
    QTest::newRow("line that never ends")
        << QByteArray(QByteArray("data: ") + QByteArray(200, 'y')) << 7;
}

void TestSseParser::oversizeEventIsAnError()
{
    QFETCH(QByteArray, input);
    QFETCH(int, piece);
    SseParser parser(64);
    QList<SseEvent> events;
    for (qsizetype pos = 0; pos < input.size(); pos += piece)
        parser.feed(
            QByteArrayView(input).sliced(pos, std::min<qsizetype>(piece, input.size() - pos)),
            events);
    QVERIFY(parser.hasError());
    QVERIFY(events.isEmpty());
    QVERIFY(!parser.errorString().isEmpty());
    QVERIFY(parser.feed("data: ok\n\n").isEmpty()); // stays in error
    QVERIFY(parser.pending().isEmpty());            // and let go of the memory

    // exactly at the limit is fine
    SseParser exact(64);
    const QByteArray fits = "data: " + QByteArray(56, 'z') + "\n\n";
    QCOMPARE(fits.size(), 64);
    QCOMPARE(exact.feed(fits).size(), 1);
    QVERIFY(!exact.hasError());
}

void TestSseParser::resetStartsOver()
{
    SseParser parser;
    parser.feed("id: 5\ndata: partial");
    parser.reset();
    QVERIFY(parser.pending().isEmpty());
    const QList<SseEvent> events = parser.feed("data: fresh\n\n");
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.at(0).data, QByteArray("fresh"));
    QCOMPARE(events.at(0).id, QByteArray());
}

void TestSseParser::benchmarkDeepSeekStream()
{
    // The proxy's per-stream work: split into events and read usage on the side. Prints time per
    // whole stream (7 blocks) with -tickcounter or the default walltime.
    const QByteArray stream = deepSeekStream;
    QBENCHMARK
    {
        SseParser parser;
        UsageExtractor usage;
        for (qsizetype pos = 0; pos < stream.size(); pos += 512) {
            for (const SseEvent &ev : parser.feed(QByteArrayView(stream).sliced(
                     pos, std::min<qsizetype>(512, stream.size() - pos)))) {
                if (ev.hasData)
                    usage.feedEvent(ev.data);
            }
        }
        QVERIFY(usage.usage().present);
    }
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
