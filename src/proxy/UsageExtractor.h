#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace gatehouse {

// Token counts of one request, the same meaning whatever the provider's format:
// promptTokens counts every input token, cached ones included (Anthropic reports cache reads and
// writes apart from input_tokens; they are added in here), so uncached input is
// promptTokens - cachedTokens - cacheCreationTokens.
struct TokenUsage
{
    qint64 promptTokens = 0;
    qint64 completionTokens = 0; // reasoning tokens included, as every provider bills them
    qint64 totalTokens = 0;
    qint64 cachedTokens = 0;        // input read from the provider's prompt cache
    qint64 reasoningTokens = 0;     // part of completionTokens
    qint64 cacheCreationTokens = 0; // input written to the cache (Anthropic)
    bool present = false;           // the upstream reported usage at all
};

// Reads token usage, the upstream's model and the response id out of a provider's answer:
// a whole JSON body, or the data payloads of an SSE stream one at a time. Knows OpenAI chat
// completions (and the compatible providers: DeepSeek's cache fields too), Anthropic Messages and
// the OpenAI Responses API.
//
// On the hot path of every streamed chunk, so no JSON DOM: a skimmer walks the payload once,
// jumping over strings with memchr and only looking inside the members it needs (choices, usage,
// message, response, delta). No allocation unless a model/id is captured.
class UsageExtractor final
{
public:
    struct ChunkInfo
    {
        bool json = false; // the payload was a JSON object
        bool done = false; // an end-of-stream marker: [DONE], message_stop, response.completed
        bool hasContent = false; // carries generated output: text, reasoning or a tool call
        bool hasUsage = false;   // carried a non-null usage object
        // OpenAI's extra chunk for stream_options.include_usage: "choices": [] and a usage
        // object. A proxy that asked for usage on the client's behalf drops it.
        bool usageOnly = false;
        bool error = false; // an error object or event inside the stream
    };

    UsageExtractor() = default;
    Q_DISABLE_COPY_MOVE(UsageExtractor)

    // One SSE event's data (the text after "data:", lines joined).
    ChunkInfo feedEvent(QByteArrayView data);
    // A whole non-streaming JSON response body. Returns usage().present.
    bool parseBody(QByteArrayView body);

    const TokenUsage &usage() const { return m_usage; }
    const QByteArray &model() const { return m_model; }
    const QByteArray &id() const { return m_id; }
    bool isDone() const { return m_done; }
    bool sawError() const { return m_sawError; }
    int contentChunks() const { return m_contentChunks; }

    void reset();

    static bool isDoneMarker(QByteArrayView data);
    static bool isUsageOnlyChunk(QByteArrayView data);

private:
    struct Scan;
    friend struct Scan;

    // Anthropic splits usage between message_start and message_delta; keep its own fields so the
    // later event can complete the earlier one.
    qint64 m_anthropicInput = -1;
    qint64 m_anthropicOutput = -1;
    qint64 m_anthropicCacheRead = -1;
    qint64 m_anthropicCacheCreation = -1;

    TokenUsage m_usage;
    QByteArray m_model;
    QByteArray m_id;
    int m_contentChunks = 0;
    bool m_done = false;
    bool m_sawError = false;
};

} // namespace gatehouse
