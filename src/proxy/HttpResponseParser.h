#pragma once

#include "HttpRequestParser.h" // HttpHeaders

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>
#include <vector>

namespace gatehouse {

struct HttpResponseHead
{
    int statusCode = 0;
    QByteArray reason;
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;
    qint64 contentLength = -1; // -1 when absent
    bool chunked = false;
    // The body runs until the upstream closes the connection (no length, not chunked).
    bool untilClose = false;
};

// Incremental parser for an upstream's response on the client side of the proxy. Nothing is
// buffered: every piece of body parsed by a feed() is handed out as a view into the caller's
// bytes, de-chunked, so a stream can be relayed the moment it arrives. Interim 1xx responses are
// skipped. Pull-style (no callbacks) so the caller may drop the connection at any point.
// Wraps http-parser 2.9.4 like HttpRequestParser.
class HttpResponseParser final
{
public:
    enum class Error {
        None,
        Malformed,         // the upstream did not speak HTTP/1.x
        HeaderTooLarge,    // head over maxHeaderBytes
        TooManyHeaders,    // more than maxHeaderCount fields
        UnexpectedUpgrade, // 101 to a request that never asked for one
        NoResponse,        // the connection closed before the first byte
        Truncated,         // the connection closed in the middle of the response
    };

    // What one feed() produced.
    struct Progress
    {
        bool headReady = false; // head() became available during this call
        bool complete = false;  // the response ended during this call
        // Bytes used. Less than given only on error or when bytes follow the end of the
        // response (then the connection must not be reused).
        qsizetype consumed = 0;
    };

    static constexpr qsizetype DefaultMaxHeaderBytes = 64 * 1024;
    static constexpr int DefaultMaxHeaderCount = 100;

    HttpResponseParser();
    ~HttpResponseParser();
    Q_DISABLE_COPY_MOVE(HttpResponseParser)

    // The request was HEAD: its response has headers only, whatever Content-Length says. Set
    // before feeding; reset() clears it.
    void setNoBody(bool noBody) { m_noBody = noBody; }
    void setMaxHeaderBytes(qsizetype bytes) { m_maxHeaderBytes = bytes; }
    void setMaxHeaderCount(int count) { m_maxHeaderCount = count; }

    // Starts over for the next response on a reused connection (limits are kept).
    void reset();

    Progress feed(QByteArrayView data);
    // The connection closed. Completes a read-until-close body; otherwise a response in progress
    // is Truncated (or NoResponse if nothing came). Returns true when the response is complete.
    bool finishOnEof();

    // Body pieces parsed by the last feed(), in order, as views into the bytes given to it: valid
    // only while those bytes are, so relay or copy them before the buffer is reused.
    const std::vector<QByteArrayView> &bodyChunks() const { return m_chunks; }

    bool isHeadReady() const { return m_headReady; }
    const HttpResponseHead &head() const { return m_head; }
    bool isComplete() const { return m_complete; }
    qint64 bodyBytes() const { return m_bodyBytes; }
    bool receivedAnything() const { return m_receivedAnything; }
    // The connection can carry another request: a complete response, keep-alive by HTTP rules,
    // not read until close, and nothing after its end.
    bool isReusable() const { return m_complete && m_keepAlive && !m_trailingGarbage; }

    bool hasError() const { return m_error != Error::None; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

private:
    struct Parser;
    friend struct Parser;

    void fail(Error error, QString message);
    void failFromLibrary();

    std::unique_ptr<Parser> m_p;
    HttpResponseHead m_head;
    std::vector<QByteArrayView> m_chunks;
    QString m_errorString;
    qint64 m_bodyBytes = 0;
    qsizetype m_maxHeaderBytes = DefaultMaxHeaderBytes;
    qsizetype m_headerBytes = 0;
    int m_maxHeaderCount = DefaultMaxHeaderCount;
    Error m_error = Error::None;
    bool m_noBody = false;
    bool m_inHead = true;
    bool m_interim = false;
    bool m_lastWasValue = false;
    bool m_headDone = false;
    bool m_messageDone = false;
    bool m_headReady = false;
    bool m_complete = false;
    bool m_keepAlive = false;
    bool m_trailingGarbage = false;
    bool m_receivedAnything = false;
};

} // namespace gatehouse
