#include "UsageExtractor.h"

#include <QTest>

using namespace gatehouse;

Q_DECLARE_METATYPE(gatehouse::TokenUsage)

namespace {

TokenUsage tokens(qint64 prompt, qint64 completion, qint64 total, qint64 cached = 0,
                  qint64 reasoning = 0, qint64 cacheCreation = 0)
{
    TokenUsage u;
    u.promptTokens = prompt;
    u.completionTokens = completion;
    u.totalTokens = total;
    u.cachedTokens = cached;
    u.reasoningTokens = reasoning;
    u.cacheCreationTokens = cacheCreation;
    u.present = true;
    return u;
}

QByteArray describe(const TokenUsage &u)
{
    if (!u.present)
        return "absent";
    return "prompt=" + QByteArray::number(u.promptTokens) +
           " completion=" + QByteArray::number(u.completionTokens) +
           " total=" + QByteArray::number(u.totalTokens) +
           " cached=" + QByteArray::number(u.cachedTokens) +
           " reasoning=" + QByteArray::number(u.reasoningTokens) +
           " cacheCreation=" + QByteArray::number(u.cacheCreationTokens);
}

} // namespace

class TestUsageExtractor final : public QObject
{
    Q_OBJECT

private slots:
    void body_data();
    void body();
    void openAiStreamWithUsageOnlyChunk();
    void anthropicStream();
    void responsesStream();
    void usageNullIsIgnored();
    void doneMarker_data();
    void doneMarker();
    void usageOnlyChunk_data();
    void usageOnlyChunk();
    void content_data();
    void content();
    void escapedModelIsDecoded();
    void notJson_data();
    void notJson();
    void resetForgetsEverything();
};

void TestUsageExtractor::body_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<TokenUsage>("usage");
    QTest::addColumn<QByteArray>("model");
    QTest::addColumn<QByteArray>("id");

    QTest::newRow("openai")
        << QByteArray(R"({"id":"chatcmpl-B9MHD","object":"chat.completion","created":1741569952,
            "model":"gpt-4.1-2025-04-14","choices":[{"index":0,"message":{"role":"assistant",
            "content":"Hi, \"usage\": {\"prompt_tokens\": 999}","tool_calls":[{"id":"call_x",
            "type":"function","function":{"name":"f","arguments":"{}"}}]},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
            "prompt_tokens_details":{"cached_tokens":3,"audio_tokens":0},
            "completion_tokens_details":{"reasoning_tokens":4,"audio_tokens":0,
            "accepted_prediction_tokens":0,"rejected_prediction_tokens":0}},
            "service_tier":"default"})")
        << tokens(19, 10, 29, 3, 4) << QByteArray("gpt-4.1-2025-04-14")
        << QByteArray("chatcmpl-B9MHD");
    QTest::newRow("deepseek with cache")
        << QByteArray(R"({"id":"930c60df","object":"chat.completion","created":1705651072,
            "model":"deepseek-chat","choices":[{"index":0,"message":{"role":"assistant",
            "content":"Hello!"},"logprobs":null,"finish_reason":"stop"}],
            "usage":{"prompt_tokens":1024,"completion_tokens":12,"total_tokens":1036,
            "prompt_tokens_details":{"cached_tokens":960},"prompt_cache_hit_tokens":896,
            "prompt_cache_miss_tokens":128},"system_fingerprint":"fp_8802369eaa_prod0623"})")
        << tokens(1024, 12, 1036, 896) << QByteArray("deepseek-chat") << QByteArray("930c60df");
    QTest::newRow("anthropic messages")
        << QByteArray(R"({"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","type":"message","role":"assistant",
            "model":"claude-sonnet-4-20250514","content":[{"type":"text","text":"Hi"}],
            "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":2095,
            "cache_creation_input_tokens":100,"cache_read_input_tokens":1000,
            "output_tokens":503}})")
        << tokens(3195, 503, 3698, 1000, 0, 100) << QByteArray("claude-sonnet-4-20250514")
        << QByteArray("msg_013Zva2CMHLNnXjNJJKqJ2EF");
    QTest::newRow("responses api")
        << QByteArray(R"({"id":"resp_67ccd3a9","object":"response","created_at":1741476777,
            "status":"completed","model":"o4-mini-2025-04-16","output":[{"type":"message",
            "id":"msg_1","content":[{"type":"output_text","text":"Hi"}]}],
            "usage":{"input_tokens":328,"input_tokens_details":{"cached_tokens":128},
            "output_tokens":52,"output_tokens_details":{"reasoning_tokens":24},
            "total_tokens":380}})")
        << tokens(328, 52, 380, 128, 24) << QByteArray("o4-mini-2025-04-16")
        << QByteArray("resp_67ccd3a9");
    QTest::newRow("no total given")
        << QByteArray(R"({"model":"m","usage":{"prompt_tokens":7,"completion_tokens":5}})")
        << tokens(7, 5, 12) << QByteArray("m") << QByteArray();
    QTest::newRow("no usage") << QByteArray(R"({"id":"x","model":"m","choices":[]})")
                              << TokenUsage() << QByteArray("m") << QByteArray("x");
    QTest::newRow("usage null") << QByteArray(R"({"id":"x","usage":null})") << TokenUsage()
                                << QByteArray() << QByteArray("x");
    QTest::newRow("nested ids are not the response's")
        << QByteArray(R"({"choices":[{"message":{"tool_calls":[{"id":"call_1"}]}}],
            "id":"top","usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})")
        << tokens(1, 1, 2) << QByteArray() << QByteArray("top");
}

void TestUsageExtractor::body()
{
    QFETCH(QByteArray, body);
    QFETCH(TokenUsage, usage);
    QFETCH(QByteArray, model);
    QFETCH(QByteArray, id);
    UsageExtractor x;
    QCOMPARE(x.parseBody(body), usage.present);
    QCOMPARE(describe(x.usage()), describe(usage));
    QCOMPARE(x.model(), model);
    QCOMPARE(x.id(), id);
}

void TestUsageExtractor::openAiStreamWithUsageOnlyChunk()
{
    UsageExtractor x;
    UsageExtractor::ChunkInfo info = x.feedEvent(
        R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini",
        "choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},
        "finish_reason":null}],"usage":null})");
    QVERIFY(info.json);
    QVERIFY(!info.hasContent); // role only, empty content
    QVERIFY(!info.hasUsage);
    QCOMPARE(x.model(), QByteArray("gpt-4o-mini"));
    QCOMPARE(x.id(), QByteArray("chatcmpl-1"));

    info = x.feedEvent(R"({"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,
        "delta":{"content":"Hel"},"finish_reason":null}],"usage":null})");
    QVERIFY(info.hasContent);
    info = x.feedEvent(R"({"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,
        "delta":{},"finish_reason":"stop"}],"usage":null})");
    QVERIFY(!info.hasContent);
    QVERIFY(!x.usage().present);

    info = x.feedEvent(R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,
        "model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":2,
        "total_tokens":10,"prompt_tokens_details":{"cached_tokens":0},
        "completion_tokens_details":{"reasoning_tokens":0}}})");
    QVERIFY(info.usageOnly);
    QVERIFY(info.hasUsage);
    QVERIFY(!info.done);
    QCOMPARE(describe(x.usage()), describe(tokens(8, 2, 10)));

    info = x.feedEvent("[DONE]");
    QVERIFY(info.done);
    QVERIFY(!info.json);
    QVERIFY(x.isDone());
    QCOMPARE(x.contentChunks(), 1);
}

void TestUsageExtractor::anthropicStream()
{
    const QByteArrayList events = {
        R"({"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY",
            "type":"message","role":"assistant","content":[],"model":"claude-3-7-sonnet-20250219",
            "stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,
            "cache_creation_input_tokens":20,"cache_read_input_tokens":1500,"output_tokens":2}}})",
        R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})",
        R"({"type": "ping"})",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Okay"}})",
        R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":""}})",
        R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta",
            "partial_json":"{\"location\": \"San Fra"}})",
        R"({"type":"content_block_stop","index":0})",
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},
            "usage":{"output_tokens":89}})",
    };
    UsageExtractor x;
    int withContent = 0;
    for (const QByteArray &data : events) {
        const UsageExtractor::ChunkInfo info = x.feedEvent(data);
        QVERIFY(info.json);
        QVERIFY(!info.usageOnly);
        QVERIFY(!info.done);
        withContent += info.hasContent ? 1 : 0;
    }
    QCOMPARE(withContent, 2);
    QCOMPARE(x.contentChunks(), 2);
    QCOMPARE(x.model(), QByteArray("claude-3-7-sonnet-20250219"));
    QCOMPARE(x.id(), QByteArray("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY"));
    // input from message_start, output from message_delta; cache reads/writes counted in prompt
    QCOMPARE(describe(x.usage()), describe(tokens(1992, 89, 2081, 1500, 0, 20)));
    QVERIFY(!x.isDone());
    QVERIFY(x.feedEvent(R"({"type":"message_stop"})").done);
    QVERIFY(x.isDone());
}

void TestUsageExtractor::responsesStream()
{
    UsageExtractor x;
    UsageExtractor::ChunkInfo info = x.feedEvent(
        R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_1",
        "object":"response","status":"in_progress","model":"gpt-4.1","output":[],"usage":null}})");
    QVERIFY(!info.hasUsage);
    QCOMPARE(x.id(), QByteArray("resp_1"));
    QCOMPARE(x.model(), QByteArray("gpt-4.1"));
    info = x.feedEvent(R"({"type":"response.output_text.delta","item_id":"msg_1",
        "output_index":0,"content_index":0,"delta":"Hi"})");
    QVERIFY(info.hasContent);
    info = x.feedEvent(R"({"type":"response.completed","response":{"id":"resp_1",
        "object":"response","status":"completed","model":"gpt-4.1","usage":{"input_tokens":37,
        "input_tokens_details":{"cached_tokens":0},"output_tokens":11,
        "output_tokens_details":{"reasoning_tokens":0},"total_tokens":48}}})");
    QVERIFY(info.hasUsage);
    QVERIFY(info.done);
    QVERIFY(!info.usageOnly);
    QCOMPARE(describe(x.usage()), describe(tokens(37, 11, 48)));
}

void TestUsageExtractor::usageNullIsIgnored()
{
    UsageExtractor x;
    QVERIFY(x.feedEvent(R"({"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4,
        "total_tokens":7}})")
                .hasUsage);
    // a later chunk with usage null must not wipe what was read
    const UsageExtractor::ChunkInfo info =
        x.feedEvent(R"({"choices":[{"delta":{"content":"x"}}],"usage":null})");
    QVERIFY(!info.hasUsage);
    QVERIFY(!info.usageOnly);
    QCOMPARE(describe(x.usage()), describe(tokens(3, 4, 7)));
}

void TestUsageExtractor::doneMarker_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("done");
    QTest::newRow("plain") << QByteArray("[DONE]") << true;
    QTest::newRow("spaces") << QByteArray(" [DONE] \n") << true;
    QTest::newRow("lowercase") << QByteArray("[done]") << false;
    QTest::newRow("json") << QByteArray(R"({"text":"[DONE]"})") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestUsageExtractor::doneMarker()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, done);
    QCOMPARE(UsageExtractor::isDoneMarker(data), done);
    UsageExtractor x;
    QCOMPARE(x.feedEvent(data).done, done);
    QCOMPARE(x.isDone(), done);
}

void TestUsageExtractor::usageOnlyChunk_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("usageOnly");
    QTest::newRow("usage-only") << QByteArray(R"({"id":"c","choices":[],"usage":{"prompt_tokens":1,
        "completion_tokens":2,"total_tokens":3}})")
                                << true;
    QTest::newRow("spaced") << QByteArray(
                                   R"({ "choices" : [ ] , "usage" : { "prompt_tokens" : 1 } })")
                            << true;
    QTest::newRow("usage null") << QByteArray(R"({"choices":[],"usage":null})") << false;
    QTest::newRow("with a choice") << QByteArray(R"({"choices":[{"delta":{}}],"usage":
        {"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}})")
                                   << false;
    QTest::newRow("no choices key")
        << QByteArray(R"({"usage":{"prompt_tokens":1,"completion_tokens":2}})") << false;
    QTest::newRow("content chunk")
        << QByteArray(R"({"choices":[{"delta":{"content":"x"}}]})") << false;
    QTest::newRow("done") << QByteArray("[DONE]") << false;
    QTest::newRow("truncated") << QByteArray(R"({"choices":[],"usage":{"prompt_tokens":1)")
                               << false;
}

void TestUsageExtractor::usageOnlyChunk()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, usageOnly);
    QCOMPARE(UsageExtractor::isUsageOnlyChunk(data), usageOnly);
    UsageExtractor x;
    QCOMPARE(x.feedEvent(data).usageOnly, usageOnly);
}

void TestUsageExtractor::content_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<bool>("hasContent");
    QTest::newRow("content") << QByteArray(R"({"choices":[{"delta":{"content":"Hi"}}]})") << true;
    QTest::newRow("empty content")
        << QByteArray(R"({"choices":[{"delta":{"content":""}}]})") << false;
    QTest::newRow("null content") << QByteArray(R"({"choices":[{"delta":{"content":null}}]})")
                                  << false;
    QTest::newRow("role only") << QByteArray(R"({"choices":[{"delta":{"role":"assistant"}}]})")
                               << false;
    QTest::newRow("reasoning_content")
        << QByteArray(R"({"choices":[{"delta":{"content":null,"reasoning_content":"Hmm"}}]})")
        << true;
    QTest::newRow("second choice")
        << QByteArray(R"({"choices":[{"delta":{}},{"delta":{"content":"b"}}]})") << true;
    QTest::newRow("tool call") << QByteArray(
                                      R"({"choices":[{"delta":{"tool_calls":[{"index":0,"function":
            {"arguments":"{\""}}]}}]})")
                               << true;
    QTest::newRow("empty tool calls")
        << QByteArray(R"({"choices":[{"delta":{"tool_calls":[]}}]})") << false;
    QTest::newRow("content outside delta")
        << QByteArray(R"({"choices":[{"delta":{},"content":"no"}],"content":"no"})") << false;
    QTest::newRow("anthropic text")
        << QByteArray(R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}})")
        << true;
    QTest::newRow("anthropic thinking")
        << QByteArray(R"({"type":"content_block_delta","delta":{"type":"thinking_delta",
            "thinking":"Let me"}})")
        << true;
    QTest::newRow("anthropic message_delta")
        << QByteArray(R"({"type":"message_delta","delta":{"stop_reason":"end_turn"},
            "usage":{"output_tokens":3}})")
        << false;
    QTest::newRow("responses delta")
        << QByteArray(R"({"type":"response.output_text.delta","delta":"x"})") << true;
    QTest::newRow("responses done")
        << QByteArray(R"({"type":"response.output_text.done","text":"x"})") << false;
}

void TestUsageExtractor::content()
{
    QFETCH(QByteArray, data);
    QFETCH(bool, hasContent);
    UsageExtractor x;
    QCOMPARE(x.feedEvent(data).hasContent, hasContent);
    QCOMPARE(x.contentChunks(), hasContent ? 1 : 0);
}

void TestUsageExtractor::escapedModelIsDecoded()
{
    UsageExtractor x;
    x.feedEvent(R"({"id":"a\"b","model":"org\/model-\u00e9","choices":[]})");
    QCOMPARE(x.id(), QByteArray("a\"b"));
    QCOMPARE(x.model(), QByteArray("org/model-\xc3\xa9"));
}

void TestUsageExtractor::notJson_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::newRow("text") << QByteArray("hello");
    QTest::newRow("array") << QByteArray(R"([{"usage":{"prompt_tokens":1}}])");
    QTest::newRow("truncated") << QByteArray(R"({"usage":{"prompt_tokens":5,"completion)");
    QTest::newRow("unterminated string") << QByteArray(R"({"model":"abc)");
    QTest::newRow("deep nesting") << QByteArray(QByteArray("{\"a\":") + QByteArray(100000, '['));
    QTest::newRow("value missing at the end") << QByteArray(R"({"id":"","choices":)");
    QTest::newRow("missing colon") << QByteArray(R"({"usage" {"prompt_tokens":1}})");
    QTest::newRow("empty") << QByteArray();
}

void TestUsageExtractor::notJson()
{
    QFETCH(QByteArray, data);
    UsageExtractor x;
    const UsageExtractor::ChunkInfo info = x.feedEvent(data);
    QVERIFY(!info.json);
    QVERIFY(!info.hasUsage);
    QVERIFY(!x.usage().present);
    QVERIFY(!x.parseBody(data));
}

void TestUsageExtractor::resetForgetsEverything()
{
    UsageExtractor x;
    x.feedEvent(R"({"type":"message_start","message":{"id":"m","model":"c","usage":
        {"input_tokens":10,"output_tokens":1}}})");
    x.feedEvent("[DONE]");
    QVERIFY(x.usage().present);
    x.reset();
    QVERIFY(!x.usage().present);
    QVERIFY(x.model().isEmpty());
    QVERIFY(x.id().isEmpty());
    QVERIFY(!x.isDone());
    // the Anthropic carry-over is gone too
    x.feedEvent(R"({"type":"message_delta","usage":{"output_tokens":5}})");
    QCOMPARE(describe(x.usage()), describe(tokens(0, 5, 5)));
}

QTEST_GUILESS_MAIN(TestUsageExtractor)
#include "tst_usageextractor.moc"
