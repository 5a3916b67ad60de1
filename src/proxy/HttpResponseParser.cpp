#include "HttpResponseParser.h"

#include <http_parser.h>

#include <algorithm>
#include <climits>

namespace gatehouse {

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

struct HttpResponseParser::Parser
{
    http_parser parser;
    int headerCount = 0;

    static HttpResponseParser *self(http_parser *p)
    {
        return static_cast<HttpResponseParser *>(p->data);
    }

    static int onMessageBegin(http_parser *p)
    {
        HttpResponseParser *s = self(p);
        s->m_head = HttpResponseHead();
        s->m_head.headers.reserve(16);
        s->m_lastWasValue = false;
        s->m_p->headerCount = 0;
        return 0;
    }

    static int onStatus(http_parser *p, const char *at, size_t length)
    {
        appendBytes(self(p)->m_head.reason, at, length);
        return 0;
    }

    static int onHeaderField(http_parser *p, const char *at, size_t length)
    {
        HttpResponseParser *s = self(p);
        if (!s->m_inHead)
            return 0; // chunked trailer
        QList<HttpHeader> &list = s->m_head.headers.list();
        if (s->m_lastWasValue || list.isEmpty()) {
            if (++s->m_p->headerCount > s->m_maxHeaderCount) {
                s->fail(Error::TooManyHeaders,
                        QStringLiteral("upstream sent too many header fields"));
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
        HttpResponseParser *s = self(p);
        if (!s->m_inHead)
            return 0;
        QList<HttpHeader> &list = s->m_head.headers.list();
        if (!list.isEmpty())
            appendBytes(list.last().value, at, length);
        s->m_lastWasValue = true;
        return 0;
    }

    static int onHeadersComplete(http_parser *p)
    {
        HttpResponseParser *s = self(p);
        const int status = int(p->status_code);
        if (status < 100) {
            // the library takes "HTTP/1.1 2" as status 2
            s->fail(Error::Malformed, QStringLiteral("upstream sent an invalid status code"));
            return -1;
        }
        if (status == 101) {
            s->fail(Error::UnexpectedUpgrade,
                    QStringLiteral("upstream switched protocols (101) without being asked"));
            return -1;
        }
        HttpResponseHead &h = s->m_head;
        h.statusCode = status;
        h.versionMajor = p->http_major;
        h.versionMinor = p->http_minor;
        s->m_interim = status >= 100 && status < 200;
        const bool skipBody = s->m_interim || s->m_noBody || status == 204 || status == 304;
        h.chunked = !skipBody && (p->flags & F_CHUNKED);
        h.contentLength = !skipBody && (p->flags & F_CONTENTLENGTH) && !p->uses_transfer_encoding
                              ? qint64(p->content_length)
                              : -1;
        h.untilClose = !skipBody && !h.chunked && h.contentLength < 0;
        for (HttpHeader &field : h.headers.list()) {
            qsizetype n = field.value.size();
            while (n > 0 && (field.value.at(n - 1) == ' ' || field.value.at(n - 1) == '\t'))
                --n;
            field.value.truncate(n);
        }
        s->m_headDone = true;
        http_parser_pause(p, 1);
        // 1 tells the library there is no body whatever the framing headers say.
        return skipBody ? 1 : 0;
    }

    static int onBody(http_parser *p, const char *at, size_t length)
    {
        HttpResponseParser *s = self(p);
        s->m_chunks.emplace_back(at, qsizetype(length));
        s->m_bodyBytes += qint64(length);
        return 0;
    }

    static int onMessageComplete(http_parser *p)
    {
        HttpResponseParser *s = self(p);
        s->m_messageDone = true;
        s->m_keepAlive = http_should_keep_alive(p) != 0 && !s->m_head.untilClose;
        http_parser_pause(p, 1);
        return 0;
    }

    static const http_parser_settings &settings()
    {
        static const http_parser_settings s = [] {
            http_parser_settings st;
            http_parser_settings_init(&st);
            st.on_message_begin = onMessageBegin;
            st.on_status = onStatus;
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

HttpResponseParser::HttpResponseParser() : m_p(std::make_unique<Parser>())
{
    m_chunks.reserve(16);
    reset();
}

HttpResponseParser::~HttpResponseParser() = default;

void HttpResponseParser::reset()
{
    http_parser_init(&m_p->parser, HTTP_RESPONSE);
    m_p->parser.data = this;
    m_p->headerCount = 0;
    m_head = HttpResponseHead();
    m_chunks.clear();
    m_errorString.clear();
    m_bodyBytes = 0;
    m_headerBytes = 0;
    m_error = Error::None;
    m_noBody = false;
    m_inHead = true;
    m_interim = false;
    m_lastWasValue = false;
    m_headDone = false;
    m_messageDone = false;
    m_headReady = false;
    m_complete = false;
    m_keepAlive = false;
    m_trailingGarbage = false;
    m_receivedAnything = false;
}

void HttpResponseParser::fail(Error error, QString message)
{
    if (m_error != Error::None)
        return;
    m_error = error;
    m_errorString = std::move(message);
}

void HttpResponseParser::failFromLibrary()
{
    switch (HTTP_PARSER_ERRNO(&m_p->parser)) {
    case HPE_HEADER_OVERFLOW:
        fail(Error::HeaderTooLarge, QStringLiteral("upstream response head is too large"));
        return;
    case HPE_INVALID_VERSION:
    case HPE_INVALID_STATUS:
    case HPE_INVALID_CONSTANT:
        if (m_inHead && m_head.headers.isEmpty()) {
            fail(Error::Malformed, QStringLiteral("upstream sent a malformed status line"));
            return;
        }
        break;
    case HPE_INVALID_HEADER_TOKEN:
        fail(Error::Malformed, QStringLiteral("upstream sent an invalid header"));
        return;
    case HPE_INVALID_CONTENT_LENGTH:
    case HPE_UNEXPECTED_CONTENT_LENGTH:
        if (m_inHead) {
            fail(Error::Malformed, QStringLiteral("upstream sent an invalid Content-Length"));
            return;
        }
        break;
    default:
        break;
    }
    if (!m_inHead && m_head.chunked)
        fail(Error::Malformed, QStringLiteral("upstream sent invalid chunked encoding"));
    else if (m_inHead)
        fail(Error::Malformed, QStringLiteral("upstream sent a malformed response head"));
    else
        fail(Error::Malformed, QStringLiteral("upstream sent a malformed response"));
}

HttpResponseParser::Progress HttpResponseParser::feed(QByteArrayView data)
{
    Progress progress;
    m_chunks.clear();
    if (m_error != Error::None)
        return progress;
    if (m_complete) {
        if (!data.isEmpty())
            m_trailingGarbage = true;
        return progress;
    }
    if (!data.isEmpty())
        m_receivedAnything = true;

    http_parser *p = &m_p->parser;
    const http_parser_settings &settings = Parser::settings();
    qsizetype pos = 0;
    while (pos < data.size()) {
        qsizetype chunk = data.size() - pos;
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
            break;
        } else if (qsizetype(n) != chunk) {
            fail(Error::Malformed, QStringLiteral("upstream sent a malformed response"));
            break;
        }

        if (m_headDone) {
            m_headDone = false;
            if (m_headerBytes + 1 > m_maxHeaderBytes) {
                fail(Error::HeaderTooLarge, QStringLiteral("upstream response head is too large"));
                break;
            }
            if (!m_interim) {
                m_inHead = false;
                m_headReady = true;
                progress.headReady = true;
            }
        }
        if (m_messageDone) {
            m_messageDone = false;
            if (m_interim) {
                // 100 Continue and friends: the real response follows on the same bytes.
                m_interim = false;
                m_headerBytes = 0;
                m_head = HttpResponseHead();
                continue;
            }
            m_complete = true;
            progress.complete = true;
            if (pos < data.size())
                m_trailingGarbage = true;
            break;
        }
        if (m_inHead && m_headerBytes > m_maxHeaderBytes) {
            fail(Error::HeaderTooLarge, QStringLiteral("upstream response head is too large"));
            break;
        }
    }
    progress.consumed = pos;
    return progress;
}

bool HttpResponseParser::finishOnEof()
{
    if (m_error != Error::None)
        return false;
    if (m_complete)
        return true;
    if (!m_receivedAnything) {
        fail(Error::NoResponse, QStringLiteral("upstream closed the connection before responding"));
        return false;
    }
    http_parser *p = &m_p->parser;
    http_parser_execute(p, &Parser::settings(), nullptr, 0);
    if (HTTP_PARSER_ERRNO(p) == HPE_PAUSED)
        http_parser_pause(p, 0);
    if (m_messageDone && !m_interim) {
        m_messageDone = false;
        m_complete = true;
        m_keepAlive = false;
        return true;
    }
    fail(Error::Truncated,
         QStringLiteral("upstream closed the connection in the middle of the response"));
    return false;
}

} // namespace gatehouse
