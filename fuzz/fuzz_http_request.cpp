// Parses the input twice, in one piece and cut into small random pieces, and aborts when the two
// parses disagree: a request parser whose result depends on where TCP cut the bytes is broken.
// Small limits make the limit paths reachable.

#include "HttpRequestParser.h"

#include <cstdint>
#include <cstdlib>
#include <vector>

using namespace gatehouse;

namespace {

constexpr qsizetype MaxHeaderBytes = 2048;
constexpr int MaxHeaderCount = 16;

struct Outcome
{
    std::vector<HttpRequest> requests;
    HttpRequestParser::Error error = HttpRequestParser::Error::None;
    bool finished = false;
};

void check(bool condition)
{
    if (!condition)
        std::abort();
}

Outcome parse(QByteArrayView input, uint32_t seed, bool split)
{
    HttpRequestParser parser;
    parser.setMaxHeaderBytes(MaxHeaderBytes);
    parser.setMaxHeaderCount(MaxHeaderCount);
    parser.setHeadHandler([](const HttpRequest &head) -> qint64 {
        return head.path().startsWith("/big") ? 1 << 20 : 64;
    });
    Outcome out;
    qsizetype pos = 0;
    while (pos < input.size()) {
        qsizetype n = input.size() - pos;
        if (split) {
            seed = seed * 1103515245u + 12345u;
            n = std::min<qsizetype>(n, 1 + qsizetype((seed >> 16) % 23));
        }
        const bool ok = parser.feed(input.sliced(pos, n));
        pos += n;
        while (parser.hasRequest())
            out.requests.push_back(parser.takeRequest());
        if (!ok) {
            check(parser.hasError());
            check(!parser.feed("GET / HTTP/1.1\r\n\r\n")); // stays in error
            check(!parser.hasRequest());
            const int status = parser.errorStatusCode();
            check(status == 400 || status == 413 || status == 431 || status == 505);
            check(!parser.errorString().isEmpty());
            break;
        }
        check(!parser.hasError());
    }
    out.error = parser.error();
    out.finished = parser.isFinished();
    return out;
}

bool same(const HttpRequest &a, const HttpRequest &b)
{
    if (a.method != b.method || a.url != b.url || a.body != b.body || a.keepAlive != b.keepAlive ||
        a.versionMajor != b.versionMajor || a.versionMinor != b.versionMinor ||
        a.chunked != b.chunked || a.expectContinue != b.expectContinue || a.upgrade != b.upgrade ||
        a.contentLength != b.contentLength || a.path() != b.path() || a.query() != b.query() ||
        a.headers.size() != b.headers.size())
        return false;
    for (qsizetype i = 0; i < a.headers.size(); ++i) {
        if (a.headers.at(i).name != b.headers.at(i).name ||
            a.headers.at(i).value != b.headers.at(i).value)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView input(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));
    const Outcome whole = parse(input, 0, false);
    const Outcome pieces = parse(input, data[0], true);

    // The same error must show up however the bytes were cut. Which one may differ when a header
    // line is both malformed and over the count limit: the library reports a partial field at
    // the end of each piece before it has seen the bad byte that follows.
    using E = HttpRequestParser::Error;
    check((whole.error == E::None) == (pieces.error == E::None));
    if (whole.error != pieces.error) {
        check((whole.error == E::BadRequest && pieces.error == E::TooManyHeaders) ||
              (whole.error == E::TooManyHeaders && pieces.error == E::BadRequest));
    }
    check(whole.finished == pieces.finished);
    check(whole.requests.size() == pieces.requests.size());
    for (size_t i = 0; i < whole.requests.size(); ++i) {
        const HttpRequest &r = whole.requests[i];
        check(same(r, pieces.requests[i]));
        check(r.headers.size() <= MaxHeaderCount);
        check(r.body.size() <= (r.path().startsWith("/big") ? 1 << 20 : 64));
        check(r.url.size() <= MaxHeaderBytes);
        check(!r.method.isEmpty());
        // only the last request may close the connection
        check(r.keepAlive || i + 1 == whole.requests.size());
    }
    return 0;
}
