#include "HttpRequestParser.h"

#include <http_parser.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace gatehouse {

// ---- HttpHeaders -------------------------------------------------------------------------------

bool HttpHeaders::equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

qsizetype HttpHeaders::indexOf(QByteArrayView name, qsizetype from) const
{
    for (qsizetype i = std::max<qsizetype>(from, 0); i < m_list.size(); ++i) {
        if (equalsIgnoreCase(m_list.at(i).name, name))
            return i;
    }
    return -1;
}

QByteArrayView HttpHeaders::value(QByteArrayView name) const
{
    const qsizetype i = indexOf(name);
    return i < 0 ? QByteArrayView() : QByteArrayView(m_list.at(i).value);
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> result;
    for (const HttpHeader &h : m_list) {
        if (equalsIgnoreCase(h.name, name))
            result.append(h.value);
    }
    return result;
}

bool HttpHeaders::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (qsizetype i = indexOf(name); i >= 0; i = indexOf(name, i + 1)) {
        const QByteArrayView v = m_list.at(i).value;
        qsizetype start = 0;
        while (start <= v.size()) {
            qsizetype comma = v.indexOf(',', start);
            if (comma < 0)
                comma = v.size();
            if (equalsIgnoreCase(v.sliced(start, comma - start).trimmed(), token))
                return true;
            start = comma + 1;
        }
    }
    return false;
}

// ---- HttpRequest -------------------------------------------------------------------------------

void HttpRequest::splitTarget()
{
    const QByteArrayView u(url);
    qsizetype begin = 0;
    // absolute-form: skip "scheme://authority" so routing sees the same path as origin-form
    if (!u.startsWith('/') && !u.startsWith('*')) {
        const qsizetype scheme = u.indexOf("://");
        if (scheme > 0) {
            const qsizetype slash = u.indexOf('/', scheme + 3);
            begin = slash < 0 ? u.size() : slash;
        }
    }
    qsizetype end = u.indexOf('#', begin);
    if (end < 0)
        end = u.size();
    const qsizetype question = u.sliced(begin, end - begin).indexOf('?');
    m_pathBegin = begin;
    if (question < 0) {
        m_pathLength = end - begin;
        m_queryBegin = end;
        m_queryLength = 0;
    } else {
        m_pathLength = question;
        m_queryBegin = begin + question + 1;
        m_queryLength = end - m_queryBegin;
    }
}

// ---- HttpRequestParser -------------------------------------------------------------------------

namespace {

// Most fields arrive in one callback: construct rather than append to a null array, which would
// go through QByteArray's general insert path.
void appendBytes(QByteArray &to, const char *at, size_t length)
{
    if (to.isNull())
        to = QByteArray(at, qsizetype(length));
    else
        to.append(at, qsizetype(length));
}

} // namespace

struct HttpRequestParser::Parser
{
    http_parser parser;
    int headerCount = 0;

    static HttpRequestParser *self(http_parser *p)
    {
        return static_cast<HttpRequestParser *>(p->data);
    }

    static int onMessageBegin(http_parser *p)
    {
        HttpRequestParser *s = self(p);
        s->m_current = HttpRequest();
        s->m_current.headers.reserve(16);
        s->m_inMessage = true;
        s->m_lastWasValue = false;
        s->m_p->headerCount = 0;
        return 0;
    }

    static int onUrl(http_parser *p, const char *at, size_t length)
    {
        appendBytes(self(p)->m_current.url, at, length);
        return 0;
    }

    static int onHeaderField(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        if (!s->m_inHead)
            return 0; // a chunked trailer: nothing downstream uses trailers
        QList<HttpHeader> &list = s->m_current.headers.list();
        if (s->m_lastWasValue || list.isEmpty()) {
            if (++s->m_p->headerCount > s->m_maxHeaderCount) {
                s->fail(Error::TooManyHeaders, QStringLiteral("too many header fields"));
                return 1;
            }
            list.append(HttpHeader{QByteArray(at, qsizetype(length)), QByteArray()});
        } else {
            appendBytes(list.last().name, at, length);
        }
        s->m_lastWasValue = false;
        return 0;
    }

    static int onHeaderValue(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        if (!s->m_inHead)
            return 0;
        QList<HttpHeader> &list = s->m_current.headers.list();
        if (!list.isEmpty())
            appendBytes(list.last().value, at, length);
        s->m_lastWasValue = true;
        return 0;
    }

    static int onHeadersComplete(http_parser *p)
    {
        // Stop here so feed() knows exactly where the head ends (header-size limit) and can ask
        // the caller for this request's body limit outside the C callback.
        self(p)->m_headDone = true;
        http_parser_pause(p, 1);
        return 0;
    }

    static int onBody(http_parser *p, const char *at, size_t length)
    {
        HttpRequestParser *s = self(p);
        QByteArray &body = s->m_current.body;
        if (qint64(body.size()) + qint64(length) > s->m_maxBody) {
            s->fail(Error::BodyTooLarge, QStringLiteral("request body is too large"));
            return 1;
        }
        body.append(at, qsizetype(length));
        return 0;
    }

    static int onMessageComplete(http_parser *p)
    {
        HttpRequestParser *s = self(p);
        s->m_messageDone = true;
        s->m_inMessage = false;
        http_parser_pause(p, 1);
        return 0;
    }

    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings st;
            http_parser_settings_init(&st);
            st.on_message_begin = onMessageBegin;
            st.on_url = onUrl;
            st.on_header_field = onHeaderField;
            st.on_header_value = onHeaderValue;
            st.on_headers_complete = onHeadersComplete;
            st.on_body = onBody;
            st.on_message_complete = onMessageComplete;
            return st;
        }();
        return s;
    }
};

namespace {

// RFC 9110 token characters. The library in its lenient build lets "Name : v" and "A B: v"
// through; a proxy must not, or "Transfer-Encoding :" reaches an upstream that reads it.
bool isToken(QByteArrayView name)
{
    if (name.isEmpty())
        return false;
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') ||
                        (c != '\0' && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
        if (!ok)
            return false;
    }
    return true;
}

void trimTrailingSpace(QByteArray &value)
{
    qsizetype n = value.size();
    while (n > 0 && (value.at(n - 1) == ' ' || value.at(n - 1) == '\t'))
        --n;
    if (n != value.size())
        value.truncate(n);
}

} // namespace

HttpRequestParser::HttpRequestParser() : m_p(std::make_unique<Parser>())
{
    http_parser_init(&m_p->parser, HTTP_REQUEST);
    m_p->parser.data = this;
}

HttpRequestParser::~HttpRequestParser() = default;

HttpRequest HttpRequestParser::takeRequest()
{
    Q_ASSERT(!m_ready.empty());
    HttpRequest r = std::move(m_ready.front());
    m_ready.pop_front();
    return r;
}

int HttpRequestParser::errorStatusCode() const
{
    switch (m_error) {
    case Error::None:
        return 0;
    case Error::BadRequest:
        return 400;
    case Error::HeaderTooLarge:
    case Error::TooManyHeaders:
        return 431;
    case Error::BodyTooLarge:
        return 413;
    case Error::UnsupportedVersion:
        return 505;
    }
    return 400;
}

void HttpRequestParser::fail(Error error, QString message)
{
    if (m_error != Error::None)
        return;
    m_error = error;
    m_errorString = std::move(message);
}

void HttpRequestParser::failFromLibrary()
{
    const auto err = HTTP_PARSER_ERRNO(&m_p->parser);
    const bool inRequestLine = m_inHead && m_current.headers.isEmpty();
    switch (err) {
    case HPE_HEADER_OVERFLOW:
        fail(Error::HeaderTooLarge, QStringLiteral("request header block is too large"));
        return;
    case HPE_INVALID_METHOD:
        fail(Error::BadRequest, QStringLiteral("unknown request method"));
        return;
    case HPE_INVALID_URL:
    case HPE_INVALID_HOST:
    case HPE_INVALID_PORT:
    case HPE_INVALID_PATH:
    case HPE_INVALID_QUERY_STRING:
    case HPE_INVALID_FRAGMENT:
        fail(Error::BadRequest, QStringLiteral("malformed request target"));
        return;
    case HPE_INVALID_VERSION:
        fail(Error::BadRequest, QStringLiteral("malformed HTTP version"));
        return;
    case HPE_INVALID_HEADER_TOKEN:
        fail(Error::BadRequest, QStringLiteral("invalid header"));
        return;
    case HPE_INVALID_CONTENT_LENGTH:
        fail(Error::BadRequest, m_inHead ? QStringLiteral("invalid Content-Length header")
                                         : QStringLiteral("invalid chunked encoding"));
        return;
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        fail(Error::BadRequest,
             QStringLiteral("conflicting Content-Length and Transfer-Encoding headers"));
        return;
    case HPE_INVALID_TRANSFER_ENCODING:
        fail(Error::BadRequest, QStringLiteral("unsupported Transfer-Encoding (only chunked is "
                                               "accepted)"));
        return;
    case HPE_INVALID_CHUNK_SIZE:
        fail(Error::BadRequest, QStringLiteral("invalid chunked encoding"));
        return;
    default:
        break;
    }
    if (!m_inHead)
        fail(Error::BadRequest, m_current.chunked ? QStringLiteral("invalid chunked encoding")
                                                  : QStringLiteral("malformed request body"));
    else if (inRequestLine)
        fail(Error::BadRequest, QStringLiteral("malformed request line"));
    else
        fail(Error::BadRequest, QStringLiteral("invalid header"));
}

bool HttpRequestParser::feed(QByteArrayView data)
{
    if (m_error != Error::None)
        return false;
    http_parser *p = &m_p->parser;
    const http_parser_settings &settings = Parser::settings();
    qsizetype pos = 0;
    while (pos < data.size() && !m_finished) {
        qsizetype chunk = data.size() - pos;
        // While in the head, feed at most one byte past the limit so an oversized head is caught
        // exactly, however the bytes arrive.
        if (m_inHead)
            chunk = std::min(chunk, m_maxHeaderBytes - m_headerBytes + 1);
        const size_t n = http_parser_execute(p, &settings, data.data() + pos, size_t(chunk));
        pos += qsizetype(n);
        if (m_inHead)
            m_headerBytes += qsizetype(n);
        const auto err = HTTP_PARSER_ERRNO(p);
        if (err == HPE_PAUSED) {
            http_parser_pause(p, 0);
        } else if (err != HPE_OK) {
            if (m_error == Error::None)
                failFromLibrary();
            return false;
        } else if (qsizetype(n) != chunk) {
            // Not paused, no error, bytes left: the library stopped on its own (protocol switch).
            fail(Error::BadRequest, QStringLiteral("malformed request"));
            return false;
        }

        if (m_headDone) {
            m_headDone = false;
            // The head's final LF is consumed on the next execute; count it now.
            if (m_headerBytes + 1 > m_maxHeaderBytes) {
                fail(Error::HeaderTooLarge, QStringLiteral("request header block is too large"));
                return false;
            }
            m_inHead = false;
            HttpRequest &r = m_current;
            if (p->http_major != 1) {
                fail(Error::UnsupportedVersion,
                     QStringLiteral("unsupported HTTP version (use HTTP/1.1)"));
                return false;
            }
            // The library's method names are static strings: no copy needed.
            const char *method = http_method_str(static_cast<http_method>(p->method));
            r.method = QByteArray::fromRawData(method, qsizetype(qstrlen(method)));
            r.versionMajor = p->http_major;
            r.versionMinor = p->http_minor;
            r.keepAlive = http_should_keep_alive(p) != 0;
            r.chunked = (p->flags & F_CHUNKED) != 0;
            r.upgrade = p->upgrade != 0;
            r.contentLength = (p->flags & F_CONTENTLENGTH) && p->content_length != ULLONG_MAX
                                  ? qint64(p->content_length)
                                  : -1;
            for (HttpHeader &h : r.headers.list()) {
                if (!isToken(h.name)) {
                    fail(Error::BadRequest, QStringLiteral("invalid header"));
                    return false;
                }
                trimTrailingSpace(h.value);
            }
            r.expectContinue =
                r.versionMinor >= 1 &&
                HttpHeaders::equalsIgnoreCase(r.headers.value("expect"), "100-continue");
            r.splitTarget();
            m_maxBody = std::max<qint64>(0, m_headHandler ? m_headHandler(r) : m_defaultMaxBody);
            if (r.contentLength > m_maxBody) {
                fail(Error::BodyTooLarge, QStringLiteral("request body is too large"));
                return false;
            }
            if (r.contentLength > 0)
                r.body.reserve(qsizetype(r.contentLength));
        }
        if (m_messageDone) {
            m_messageDone = false;
            m_inHead = true;
            m_headerBytes = 0;
            const bool connect = p->method == HTTP_CONNECT;
            if (connect)
                m_current.keepAlive = false;
            m_finished = !m_current.keepAlive;
            m_ready.push_back(std::move(m_current));
        }
        if (m_inHead && m_headerBytes > m_maxHeaderBytes) {
            fail(Error::HeaderTooLarge, QStringLiteral("request header block is too large"));
            return false;
        }
    }
    return true;
}

} // namespace gatehouse
