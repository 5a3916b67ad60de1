#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <deque>
#include <functional>
#include <memory>

namespace gatehouse {

struct HttpHeader
{
    QByteArray name;
    QByteArray value;
};

// Header fields in the order received, names as sent; lookups ignore ASCII case. Shared by the
// request and response parsers and by whoever builds a message to send.
class HttpHeaders final
{
public:
    QList<HttpHeader> &list() { return m_list; }
    const QList<HttpHeader> &list() const { return m_list; }
    qsizetype size() const { return m_list.size(); }
    bool isEmpty() const { return m_list.isEmpty(); }
    const HttpHeader &at(qsizetype i) const { return m_list.at(i); }
    auto begin() const { return m_list.cbegin(); }
    auto end() const { return m_list.cend(); }

    void append(QByteArray name, QByteArray value)
    {
        m_list.append(HttpHeader{std::move(name), std::move(value)});
    }
    void clear() { m_list.clear(); }
    void reserve(qsizetype n) { m_list.reserve(n); }

    bool contains(QByteArrayView name) const { return indexOf(name) >= 0; }
    // The first field called `name`; a null view when absent (an empty field gives an empty one).
    QByteArrayView value(QByteArrayView name) const;
    // Every value of `name` in order (for repeated fields such as Set-Cookie).
    QList<QByteArray> values(QByteArrayView name) const;
    qsizetype indexOf(QByteArrayView name, qsizetype from = 0) const;
    // True when the comma-separated field `name` lists `token` (case-insensitive), e.g.
    // hasToken("Connection", "close").
    bool hasToken(QByteArrayView name, QByteArrayView token) const;

    static bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b);

private:
    QList<HttpHeader> m_list;
};

struct HttpRequest
{
    QByteArray method; // "GET", "POST", ... as the library names it
    QByteArray url;    // the request target exactly as sent
    int versionMajor = 1;
    int versionMinor = 1;
    HttpHeaders headers;
    QByteArray body; // de-chunked
    bool keepAlive = true;
    bool chunked = false;
    bool expectContinue = false; // "Expect: 100-continue": send the interim reply before the body
    // The client asked to switch protocols (Upgrade + Connection: upgrade, or CONNECT). Gatehouse
    // never switches: for an Upgrade it answers normally and the connection stays HTTP/1.1; for
    // CONNECT the parser stops (what follows is not HTTP), so answer 405 and close.
    bool upgrade = false;
    qint64 contentLength = -1; // -1 when the request had no Content-Length

    // Path and query are views into `url` (no copies); an absolute-form target
    // ("http://host/p?q") yields "/p" and "q". The fragment is never part of either.
    QByteArrayView path() const { return QByteArrayView(url).sliced(m_pathBegin, m_pathLength); }
    QByteArrayView query() const { return QByteArrayView(url).sliced(m_queryBegin, m_queryLength); }
    QByteArrayView header(QByteArrayView name) const { return headers.value(name); }

private:
    friend class HttpRequestParser;
    void splitTarget();

    qsizetype m_pathBegin = 0;
    qsizetype m_pathLength = 0;
    qsizetype m_queryBegin = 0;
    qsizetype m_queryLength = 0;
};

// Incremental HTTP/1.x request parser for the server side: feed it whatever the socket gave, split
// anywhere; complete requests queue up in order (pipelining). No sockets, no allocation per byte.
// Wraps http-parser 2.9.4 behind this class so llhttp can replace it without touching callers.
class HttpRequestParser final
{
public:
    enum class Error {
        None,
        BadRequest,         // 400
        HeaderTooLarge,     // 431
        TooManyHeaders,     // 431
        BodyTooLarge,       // 413
        UnsupportedVersion, // 505
    };

    static constexpr qsizetype DefaultMaxHeaderBytes = 64 * 1024;
    static constexpr int DefaultMaxHeaderCount = 100;
    static constexpr qint64 DefaultMaxBodySize = 64LL * 1024 * 1024;

    // Runs once per request when its head is parsed and before any body byte is read; returns the
    // largest body this request may carry (the limit depends on the matched route). A declared
    // Content-Length above it fails with BodyTooLarge at once, so the server can answer 413
    // without reading the body (and without sending 100 Continue). It runs inside feed(), and
    // must not call back into this parser.
    using HeadHandler = std::function<qint64(const HttpRequest &head)>;

    HttpRequestParser();
    ~HttpRequestParser();
    Q_DISABLE_COPY_MOVE(HttpRequestParser)

    void setHeadHandler(HeadHandler handler) { m_headHandler = std::move(handler); }
    // Used when no head handler is set.
    void setMaxBodySize(qint64 bytes) { m_defaultMaxBody = bytes; }
    // The request line and header fields together. http-parser has its own process-wide cap of
    // 80 KiB (left alone here), so a larger value has no effect.
    void setMaxHeaderBytes(qsizetype bytes) { m_maxHeaderBytes = bytes; }
    void setMaxHeaderCount(int count) { m_maxHeaderCount = count; }

    // Parses `data`; returns false once the parser is in error (then it stays there and ignores
    // further bytes). Bytes after a request that ends the connection (keepAlive false or CONNECT)
    // are ignored: the server answers and closes.
    bool feed(QByteArrayView data);

    bool hasRequest() const { return !m_ready.empty(); }
    qsizetype pendingRequests() const { return qsizetype(m_ready.size()); }
    HttpRequest takeRequest();

    // True between the first byte of a request and its end: a connection closed now lost a request.
    bool isMidRequest() const { return m_inMessage; }
    // True once a request that ends the connection was parsed.
    bool isFinished() const { return m_finished; }

    bool hasError() const { return m_error != Error::None; }
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }
    // The status the server should answer the error with (400, 413, 431, 505), 0 without error.
    int errorStatusCode() const;

private:
    struct Parser;
    friend struct Parser;

    void fail(Error error, QString message);
    void failFromLibrary();

    std::unique_ptr<Parser> m_p;
    HeadHandler m_headHandler;
    std::deque<HttpRequest> m_ready;
    HttpRequest m_current;
    QString m_errorString;
    qint64 m_defaultMaxBody = DefaultMaxBodySize;
    qint64 m_maxBody = DefaultMaxBodySize;
    qsizetype m_maxHeaderBytes = DefaultMaxHeaderBytes;
    qsizetype m_headerBytes = 0;
    int m_maxHeaderCount = DefaultMaxHeaderCount;
    Error m_error = Error::None;
    bool m_inMessage = false;
    bool m_inHead = true;
    bool m_lastWasValue = false;
    bool m_headDone = false;
    bool m_messageDone = false;
    bool m_finished = false;
};

} // namespace gatehouse
