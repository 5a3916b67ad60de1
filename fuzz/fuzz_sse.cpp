// Parses the input as an event stream twice, in one piece and cut into small random pieces, and
// aborts when the events differ or when the raw bytes of the returned blocks plus the pending
// bytes are not exactly the input (the proxy forwards those raw bytes). Every event's data also
// goes through UsageExtractor, whose JSON skimmer must survive anything.

#include "SseParser.h"
#include "UsageExtractor.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace gatehouse;

namespace {

constexpr qsizetype MaxEvent = 4096;

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Outcome
{
    std::vector<SseEvent> events;
    QByteArray forwarded;
    bool error = false;
};

Outcome parse(QByteArrayView input, uint32_t seed, bool split)
{
    SseParser parser(MaxEvent);
    UsageExtractor usage;
    Outcome out;
    qsizetype pos = 0;
    while (pos < input.size()) {
        qsizetype n = input.size() - pos;
        if (split) {
            seed = seed * 1103515245u + 12345u;
            n = std::min<qsizetype>(n, 1 + qsizetype((seed >> 16) % 29));
        }
        const QByteArrayView piece = input.sliced(pos, n);
        const QList<SseEvent> events = parser.feed(piece);
        pos += n;
        for (const SseEvent &ev : events) {
            // the block's offsets point at its tail inside this piece
            check(ev.begin >= 0 && ev.begin <= ev.end && ev.end <= piece.size());
            check(ev.raw.size() >= ev.end - ev.begin);
            check(QByteArrayView(ev.raw).last(ev.end - ev.begin) ==
                  piece.sliced(ev.begin, ev.end - ev.begin));
            check(ev.raw.size() <= MaxEvent);
            check(ev.hasData || ev.data.isEmpty());
            out.forwarded += ev.raw;
            if (ev.hasData) {
                const UsageExtractor::ChunkInfo info = usage.feedEvent(ev.data);
                check(!info.usageOnly || info.hasUsage);
                check(info.json || (!info.hasUsage && !info.hasContent));
            }
            out.events.push_back(ev);
        }
        if (parser.hasError()) {
            check(parser.feed("data: x\n\n").isEmpty());
            out.error = true;
            break;
        }
    }
    if (!out.error)
        out.forwarded += parser.pending();
    const TokenUsage &u = usage.usage();
    check(u.promptTokens >= 0 && u.completionTokens >= 0 && u.totalTokens >= 0);
    check(u.present || (u.promptTokens == 0 && u.completionTokens == 0));
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Outcome whole = parse(input, 0, false);
    const Outcome pieces = parse(input, data[0], true);

    check(whole.error == pieces.error);
    if (!whole.error) {
        check(whole.forwarded == input);
        check(pieces.forwarded == input);
    }
    // Events must agree; with an error the split run may stop one block earlier or later.
    const size_t common = std::min(whole.events.size(), pieces.events.size());
    if (!whole.error)
        check(whole.events.size() == pieces.events.size());
    for (size_t i = 0; i < common; ++i) {
        const SseEvent &a = whole.events[i];
        const SseEvent &b = pieces.events[i];
        check(a.eventType == b.eventType && a.data == b.data && a.id == b.id &&
              a.retry == b.retry && a.hasData == b.hasData);
    }

    // The whole input as a non-streaming body, too.
    UsageExtractor body;
    body.parseBody(input);
    UsageExtractor::isUsageOnlyChunk(input);
    return 0;
}
