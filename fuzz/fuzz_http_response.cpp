// Parses the input as an upstream response twice, in one piece and cut into small random pieces,
// and aborts when the head, the relayed body bytes or the outcome differ.

#include "HttpResponseParser.h"

#include <cstdint>
#include <cstdlib>

using namespace gatehouse;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Outcome
{
    HttpResponseHead head;
    QByteArray body;
    bool headReady = false;
    bool complete = false;
    bool reusable = false;
    HttpResponseParser::Error error = HttpResponseParser::Error::None;
};

Outcome parse(QByteArrayView input, uint32_t seed, bool split, bool noBody)
{
    HttpResponseParser parser;
    parser.setMaxHeaderBytes(2048);
    parser.setMaxHeaderCount(16);
    parser.setNoBody(noBody);
    Outcome out;
    qsizetype pos = 0;
    int headsSeen = 0;
    while (pos < input.size()) {
        qsizetype n = input.size() - pos;
        if (split) {
            seed = seed * 1103515245u + 12345u;
            n = std::min<qsizetype>(n, 1 + qsizetype((seed >> 16) % 19));
        }
        const HttpResponseParser::Progress p = parser.feed(input.sliced(pos, n));
        check(p.consumed >= 0 && p.consumed <= n);
        headsSeen += p.headReady ? 1 : 0;
        for (QByteArrayView chunk : parser.bodyChunks()) {
            check(chunk.data() >= input.data() + pos &&
                  chunk.data() + chunk.size() <= input.data() + pos + n);
            out.body += chunk;
        }
        pos += n;
        if (parser.hasError() || parser.isComplete())
            break;
    }
    check(headsSeen <= 1);
    if (!parser.hasError() && !parser.isComplete())
        parser.finishOnEof();
    check(out.body.size() == parser.bodyBytes());
    out.head = parser.head();
    out.headReady = parser.isHeadReady();
    out.complete = parser.isComplete();
    out.reusable = parser.isReusable();
    out.error = parser.error();
    if (out.complete) {
        check(!parser.hasError());
        check(out.headReady);
        check(out.head.statusCode >= 200 && out.head.statusCode <= 999);
        if (out.head.contentLength >= 0)
            check(out.body.size() == out.head.contentLength);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool noBody = data[0] & 1;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Outcome whole = parse(input, 0, false, noBody);
    const Outcome pieces = parse(input, data[0], true, noBody);
    // A partial header field is reported at the end of each piece, so after an error the head
    // and the kind may differ (malformed vs too many fields); without one, everything must match.
    using E = HttpResponseParser::Error;
    check((whole.error == E::None) == (pieces.error == E::None));
    if (whole.error != pieces.error) {
        check((whole.error == E::Malformed && pieces.error == E::TooManyHeaders) ||
              (whole.error == E::TooManyHeaders && pieces.error == E::Malformed));
    }
    check(whole.complete == pieces.complete);
    check(whole.headReady == pieces.headReady);
    if (whole.error != E::None)
        return 0;
    check(whole.body == pieces.body);
    check(whole.head.statusCode == pieces.head.statusCode);
    check(whole.head.reason == pieces.head.reason);
    check(whole.head.headers.size() == pieces.head.headers.size());
    for (qsizetype i = 0; i < whole.head.headers.size(); ++i) {
        check(whole.head.headers.at(i).name == pieces.head.headers.at(i).name);
        check(whole.head.headers.at(i).value == pieces.head.headers.at(i).value);
    }
    return 0;
}
