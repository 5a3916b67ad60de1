#include "UsageExtractor.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>
#include <cstring>

namespace gatehouse {

namespace {

// ---- a JSON skimmer: finds member values without building a document ---------------------------
// It checks only as much syntax as it needs to find its way; a payload it cannot walk is treated
// as "not JSON". Nesting is followed with a counter, never recursion, so hostile input cannot
// exhaust the stack.

const char *skipWs(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        ++p;
    return p;
}

// `p` at the opening quote; returns just past the closing quote, or nullptr.
const char *skipString(const char *p, const char *e)
{
    const char *from = p + 1;
    while (from < e) {
        const char *q = static_cast<const char *>(std::memchr(from, '"', size_t(e - from)));
        if (!q)
            return nullptr;
        const char *b = q;
        while (b > from && b[-1] == '\\')
            --b;
        if (((q - b) & 1) == 0)
            return q + 1; // an even run of backslashes escapes only itself
        from = q + 1;
    }
    return nullptr;
}

bool isDelimiter(char c)
{
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr std::array<bool, 256> kStructural = [] {
    std::array<bool, 256> t{};
    for (unsigned char c : {'"', '{', '}', '[', ']'})
        t[c] = true;
    return t;
}();

// `p` at the first byte of a value; returns just past it, or nullptr.
const char *skipValue(const char *p, const char *e)
{
    if (p >= e)
        return nullptr;
    if (*p == '"')
        return skipString(p, e);
    if (*p == '{' || *p == '[') {
        qsizetype depth = 0;
        while (p < e) {
            while (p < e && !kStructural[static_cast<unsigned char>(*p)])
                ++p;
            if (p == e)
                break;
            const char c = *p;
            if (c == '"') {
                p = skipString(p, e);
                if (!p)
                    return nullptr;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return p + 1;
            }
            ++p;
        }
        return nullptr;
    }
    const char *start = p;
    while (p < e && !isDelimiter(*p) && *p != ':' && *p != '{' && *p != '[' && *p != '"')
        ++p;
    return p == start ? nullptr : p;
}

// Walks the object whose '{' is at `p`: for each member calls f(key, valueStart), which returns
// the end of the value, having either walked into it or skipped it (nullptr: malformed). Keys are
// raw, escapes untouched. Returns the end of the object, or nullptr. Callers descend only into
// members they know, so the recursion depth is fixed by this file, not by the input.
template <typename F> const char *walkObject(const char *p, const char *e, F &&f)
{
    if (p >= e || *p != '{')
        return nullptr;
    p = skipWs(p + 1, e);
    if (p < e && *p == '}')
        return p + 1;
    while (p < e) {
        if (*p != '"')
            return nullptr;
        const char *keyEnd = skipString(p, e);
        if (!keyEnd)
            return nullptr;
        const QByteArrayView key(p + 1, keyEnd - p - 2);
        p = skipWs(keyEnd, e);
        if (p >= e || *p != ':')
            return nullptr;
        p = skipWs(p + 1, e);
        if (p >= e)
            return nullptr; // f may look at *p
        const char *valueEnd = f(key, p);
        if (!valueEnd)
            return nullptr;
        p = skipWs(valueEnd, e);
        if (p < e && *p == '}')
            return p + 1;
        if (p >= e || *p != ',')
            return nullptr;
        p = skipWs(p + 1, e);
    }
    return nullptr;
}

template <typename F> const char *walkArray(const char *p, const char *e, F &&f)
{
    if (p >= e || *p != '[')
        return nullptr;
    p = skipWs(p + 1, e);
    if (p < e && *p == ']')
        return p + 1;
    while (p < e) {
        const char *valueEnd = f(p);
        if (!valueEnd)
            return nullptr;
        p = skipWs(valueEnd, e);
        if (p < e && *p == ']')
            return p + 1;
        if (p >= e || *p != ',')
            return nullptr;
        p = skipWs(p + 1, e);
    }
    return nullptr;
}

// Calls f(key, value) for each member of the object in `obj`; false when it is not one.
template <typename F> bool forEachMember(QByteArrayView obj, F &&f)
{
    const char *e = obj.data() + obj.size();
    return walkObject(skipWs(obj.data(), e), e,
                      [&](QByteArrayView key, const char *value) -> const char * {
                          const char *end = skipValue(value, e);
                          if (end)
                              f(key, QByteArrayView(value, end - value));
                          return end;
                      }) != nullptr;
}

bool isObject(QByteArrayView v)
{
    return v.startsWith('{');
}

bool isNonEmptyString(QByteArrayView v)
{
    return v.size() > 2 && v.front() == '"';
}

bool isNonEmptyArray(QByteArrayView v)
{
    if (!v.startsWith('['))
        return false;
    const char *e = v.data() + v.size();
    const char *p = skipWs(v.data() + 1, e);
    return p < e && *p != ']';
}

// The contents of a string value (between the quotes, escapes untouched), or empty.
QByteArrayView stringContents(QByteArrayView v)
{
    return v.size() >= 2 && v.front() == '"' ? v.sliced(1, v.size() - 2) : QByteArrayView();
}

QByteArray decodeString(QByteArrayView value)
{
    const QByteArrayView raw = stringContents(value);
    if (!raw.contains('\\'))
        return raw.toByteArray();
    // Rare (ids and model names are plain ASCII): let Qt decode the escapes.
    QByteArray doc;
    doc.reserve(value.size() + 2);
    doc.append('[').append(value).append(']');
    return QJsonDocument::fromJson(doc).array().at(0).toString().toUtf8();
}

// A token count: the integer part of a non-negative number; -1 when not a number (null, absent).
qint64 count(QByteArrayView v)
{
    if (v.isEmpty() || v.front() < '0' || v.front() > '9')
        return -1;
    qint64 n = 0;
    for (char c : v) {
        if (c < '0' || c > '9')
            break;
        if (n < 1'000'000'000'000'000LL)
            n = n * 10 + (c - '0');
    }
    return n;
}

bool isOutput(QByteArrayView key, QByteArrayView value)
{
    if (key == "tool_calls")
        return isNonEmptyArray(value);
    return (key == "content" || key == "reasoning_content" || key == "reasoning" ||
            key == "refusal") &&
           isNonEmptyString(value);
}

// The members a usage payload may need, as views into it. "choices" is looked into on the way
// (the one member holding the streamed text), so every byte is walked once.
struct Members
{
    QByteArrayView id, model, type, object, usage, choices, message, response, delta, error;
    bool anyChoice = false;
    bool choiceOutput = false; // some choices[].delta carries output

    bool collect(QByteArrayView obj)
    {
        const char *e = obj.data() + obj.size();
        return walkObject(skipWs(obj.data(), e), e,
                          [&](QByteArrayView key, const char *v) -> const char * {
                              const bool isChoices = key == "choices" && *v == '[';
                              const char *end = isChoices ? walkChoices(v, e) : skipValue(v, e);
                              if (end)
                                  assign(key, QByteArrayView(v, end - v));
                              return end;
                          }) != nullptr;
    }

private:
    const char *walkChoices(const char *p, const char *e)
    {
        return walkArray(p, e, [&](const char *choice) -> const char * {
            anyChoice = true;
            if (*choice != '{')
                return skipValue(choice, e);
            return walkObject(choice, e, [&](QByteArrayView key, const char *v) -> const char * {
                if (key == "delta" && *v == '{') {
                    return walkObject(v, e, [&](QByteArrayView field, const char *f) {
                        const char *end = skipValue(f, e);
                        if (end && isOutput(field, QByteArrayView(f, end - f)))
                            choiceOutput = true;
                        return end;
                    });
                }
                const char *end = skipValue(v, e);
                if (end && key == "text" && isNonEmptyString(QByteArrayView(v, end - v)))
                    choiceOutput = true; // legacy completions stream
                return end;
            });
        });
    }

    void assign(QByteArrayView key, QByteArrayView value)
    {
        if (key == "id")
            id = value;
        else if (key == "model")
            model = value;
        else if (key == "type")
            type = value;
        else if (key == "object")
            object = value;
        else if (key == "usage")
            usage = value;
        else if (key == "choices")
            choices = value;
        else if (key == "message")
            message = value;
        else if (key == "response")
            response = value;
        else if (key == "delta")
            delta = value;
        else if (key == "error")
            error = value;
    }
};

enum class Family { Unknown, Anthropic, Responses };

struct UsageFields
{
    qint64 prompt = -1, completion = -1, total = -1, cacheHit = -1, cachedDetail = -1,
           reasoning = -1, input = -1, output = -1, cacheRead = -1, cacheCreation = -1,
           inputCached = -1, outputReasoning = -1;
    bool responsesShape = false;

    void read(QByteArrayView usage)
    {
        forEachMember(usage, [this](QByteArrayView key, QByteArrayView value) {
            if (key == "prompt_tokens")
                prompt = count(value);
            else if (key == "completion_tokens")
                completion = count(value);
            else if (key == "total_tokens")
                total = count(value);
            else if (key == "prompt_cache_hit_tokens")
                cacheHit = count(value);
            else if (key == "prompt_tokens_details")
                cachedDetail = detail(value, "cached_tokens");
            else if (key == "completion_tokens_details")
                reasoning = detail(value, "reasoning_tokens");
            else if (key == "input_tokens")
                input = count(value);
            else if (key == "output_tokens")
                output = count(value);
            else if (key == "cache_read_input_tokens")
                cacheRead = count(value);
            else if (key == "cache_creation_input_tokens")
                cacheCreation = count(value);
            else if (key == "input_tokens_details") {
                inputCached = detail(value, "cached_tokens");
                responsesShape = true;
            } else if (key == "output_tokens_details") {
                outputReasoning = detail(value, "reasoning_tokens");
                responsesShape = true;
            }
        });
    }

    static qint64 detail(QByteArrayView obj, QByteArrayView name)
    {
        qint64 result = -1;
        forEachMember(obj, [&](QByteArrayView key, QByteArrayView value) {
            if (key == name)
                result = count(value);
        });
        return result;
    }
};

qint64 orZero(qint64 v)
{
    return v < 0 ? 0 : v;
}

// Anthropic content_block_delta: text, thinking or tool input arriving.
bool anthropicDeltaHasOutput(QByteArrayView delta)
{
    bool found = false;
    forEachMember(delta, [&](QByteArrayView key, QByteArrayView value) {
        if ((key == "text" || key == "thinking" || key == "partial_json") &&
            isNonEmptyString(value))
            found = true;
    });
    return found;
}

} // namespace

struct UsageExtractor::Scan
{
    static bool applyUsage(UsageExtractor &x, QByteArrayView usage, Family family)
    {
        if (!isObject(usage))
            return false; // null or absent
        UsageFields f;
        f.read(usage);
        TokenUsage &u = x.m_usage;
        if (f.prompt >= 0 || f.completion >= 0) {
            // OpenAI chat completions and everything compatible with it
            u.promptTokens = orZero(f.prompt);
            u.completionTokens = orZero(f.completion);
            u.totalTokens = f.total >= 0 ? f.total : u.promptTokens + u.completionTokens;
            u.cachedTokens = f.cacheHit >= 0 ? f.cacheHit : orZero(f.cachedDetail);
            u.reasoningTokens = orZero(f.reasoning);
            u.cacheCreationTokens = orZero(f.cacheCreation);
            u.present = true;
            return true;
        }
        if (f.input < 0 && f.output < 0 && f.cacheRead < 0 && f.cacheCreation < 0)
            return false;
        const bool anthropic = f.cacheRead >= 0 || f.cacheCreation >= 0;
        if (!anthropic && (family == Family::Responses || f.responsesShape)) {
            // Responses API: input_tokens already includes the cached part
            u.promptTokens = orZero(f.input);
            u.completionTokens = orZero(f.output);
            u.totalTokens = f.total >= 0 ? f.total : u.promptTokens + u.completionTokens;
            u.cachedTokens = orZero(f.inputCached);
            u.reasoningTokens = orZero(f.outputReasoning);
            u.cacheCreationTokens = 0;
            u.present = true;
            return true;
        }
        // Anthropic: message_delta's counts replace message_start's field by field
        if (f.input >= 0)
            x.m_anthropicInput = f.input;
        if (f.output >= 0)
            x.m_anthropicOutput = f.output;
        if (f.cacheRead >= 0)
            x.m_anthropicCacheRead = f.cacheRead;
        if (f.cacheCreation >= 0)
            x.m_anthropicCacheCreation = f.cacheCreation;
        u.cachedTokens = orZero(x.m_anthropicCacheRead);
        u.cacheCreationTokens = orZero(x.m_anthropicCacheCreation);
        u.promptTokens = orZero(x.m_anthropicInput) + u.cachedTokens + u.cacheCreationTokens;
        u.completionTokens = orZero(x.m_anthropicOutput);
        u.totalTokens = u.promptTokens + u.completionTokens;
        u.reasoningTokens = 0;
        u.present = true;
        return true;
    }

    static void takeIdentity(UsageExtractor &x, const Members &m)
    {
        if (x.m_id.isEmpty() && isNonEmptyString(m.id))
            x.m_id = decodeString(m.id);
        if (x.m_model.isEmpty() && isNonEmptyString(m.model))
            x.m_model = decodeString(m.model);
    }

    static ChunkInfo run(UsageExtractor &x, QByteArrayView payload)
    {
        ChunkInfo info;
        Members top;
        if (!top.collect(payload))
            return info;
        info.json = true;
        const QByteArrayView type = stringContents(top.type);

        Family family = Family::Unknown;
        if (type.startsWith("message") || type.startsWith("content_block") || type == "ping")
            family = Family::Anthropic;
        else if (type.startsWith("response.") || stringContents(top.object) == "response")
            family = Family::Responses;

        info.done = type == "message_stop" || type == "response.completed" ||
                    type == "response.incomplete" || type == "response.failed";
        info.error = type == "error" || isObject(top.error);

        takeIdentity(x, top);
        if (isObject(top.message)) {
            // Anthropic message_start
            Members inner;
            if (inner.collect(top.message)) {
                takeIdentity(x, inner);
                info.hasUsage |= applyUsage(x, inner.usage, Family::Anthropic);
            }
        }
        if (isObject(top.response)) {
            // Responses API events wrap the response object
            Members inner;
            if (inner.collect(top.response)) {
                takeIdentity(x, inner);
                info.hasUsage |= applyUsage(x, inner.usage, Family::Responses);
            }
        }
        const bool topUsage = applyUsage(x, top.usage, family);
        info.hasUsage |= topUsage;

        if (top.choices.startsWith('[')) {
            info.hasContent = top.choiceOutput;
            info.usageOnly = !top.anyChoice && topUsage;
        } else if (type == "content_block_delta") {
            info.hasContent = anthropicDeltaHasOutput(top.delta);
        } else if (family == Family::Responses && type.endsWith(".delta")) {
            info.hasContent = isNonEmptyString(top.delta);
        }
        return info;
    }
};

void UsageExtractor::reset()
{
    m_anthropicInput = m_anthropicOutput = m_anthropicCacheRead = m_anthropicCacheCreation = -1;
    m_usage = TokenUsage();
    m_model.clear();
    m_id.clear();
    m_contentChunks = 0;
    m_done = false;
    m_sawError = false;
}

bool UsageExtractor::isDoneMarker(QByteArrayView data)
{
    return data.trimmed() == "[DONE]";
}

bool UsageExtractor::isUsageOnlyChunk(QByteArrayView data)
{
    UsageExtractor scratch;
    return Scan::run(scratch, data).usageOnly;
}

UsageExtractor::ChunkInfo UsageExtractor::feedEvent(QByteArrayView data)
{
    if (isDoneMarker(data)) {
        ChunkInfo info;
        info.done = true;
        m_done = true;
        return info;
    }
    const ChunkInfo info = Scan::run(*this, data);
    m_done |= info.done;
    m_sawError |= info.error;
    if (info.hasContent)
        ++m_contentChunks;
    return info;
}

bool UsageExtractor::parseBody(QByteArrayView body)
{
    const ChunkInfo info = Scan::run(*this, body);
    m_sawError |= info.error;
    return m_usage.present;
}

} // namespace gatehouse
