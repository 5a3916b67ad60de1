#include "SseParser.h"

#include <algorithm>
#include <cstring>

namespace gatehouse {

namespace {

// Next occurrence of `c` in [from, size), or size. Uses memchr (vectorised) rather than a byte
// loop: one data line can be a whole 100 KB JSON document.
qsizetype findByte(const char *data, qsizetype from, qsizetype size, char c)
{
    const void *hit = std::memchr(data + from, c, size_t(size - from));
    return hit ? static_cast<const char *>(hit) - data : size;
}

bool isDigits(QByteArrayView v)
{
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace

SseParser::SseParser(qsizetype maxEventSize) : m_lineStart(0), m_maxEventSize(maxEventSize)
{}

void SseParser::reset()
{
    m_pending.clear();
    m_lineStart = 0;
    m_lastEventId.clear();
    m_eventType.clear();
    m_data.clear();
    m_retry = -1;
    m_hasData = false;
    m_skipLf = false;
    m_atStreamStart = true;
    m_error = false;
}

QString SseParser::errorString() const
{
    return m_error ? QStringLiteral("an event in the stream is larger than %1 bytes")
                         .arg(m_maxEventSize)
                   : QString();
}

void SseParser::failTooLarge()
{
    m_error = true;
    m_pending = QByteArray();
    m_data = QByteArray();
}

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    feed(bytes, out);
    return out;
}

void SseParser::processLine(QByteArrayView line)
{
    if (line.startsWith(':'))
        return; // comment
    const qsizetype colon = line.indexOf(':');
    QByteArrayView name = line;
    QByteArrayView value;
    if (colon >= 0) {
        name = line.first(colon);
        value = line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (name == "data") {
        m_data.append(value);
        m_data.append('\n');
        m_hasData = true;
    } else if (name == "event") {
        m_eventType = value.toByteArray();
    } else if (name == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (name == "retry") {
        bool ok = false;
        const qint64 ms = isDigits(value) ? value.toLongLong(&ok) : -1;
        if (ok)
            m_retry = ms;
    }
    // any other field is ignored, as the spec says
}

void SseParser::dispatch(QByteArrayView input, qsizetype begin, qsizetype rawFrom, qsizetype end,
                         QList<SseEvent> &out)
{
    SseEvent ev;
    ev.begin = begin;
    ev.end = end;
    if (m_pending.isEmpty()) {
        ev.raw = input.sliced(begin, end - begin).toByteArray();
    } else {
        // `rawFrom` lies past `begin` when part of the block was copied already.
        m_pending.append(input.sliced(rawFrom, end - rawFrom));
        ev.raw = std::move(m_pending);
        m_pending = QByteArray();
    }
    m_lineStart = 0;
    if (ev.raw.size() > m_maxEventSize) {
        failTooLarge();
        return;
    }
    ev.hasData = m_hasData;
    if (m_hasData) {
        m_data.chop(1); // the '\n' after the last data line
        ev.data = std::move(m_data);
    }
    m_data = QByteArray();
    ev.eventType = std::move(m_eventType);
    m_eventType = QByteArray();
    ev.id = m_lastEventId;
    ev.retry = m_retry;
    m_retry = -1;
    m_hasData = false;
    out.append(std::move(ev));
}

void SseParser::feed(QByteArrayView bytes, QList<SseEvent> &out)
{
    if (m_error)
        return;
    const char *d = bytes.data();
    const qsizetype n = bytes.size();
    qsizetype pos = 0;
    qsizetype blockBegin = 0; // start in `bytes` of the block being read (0 if it began earlier)
    qsizetype rawFrom = 0;    // bytes before this are already in m_pending
    // A line begun in an earlier feed sits at the end of m_pending.
    bool carried = m_lineStart < m_pending.size();

    if (m_skipLf && n > 0) {
        m_skipLf = false;
        if (d[0] == '\n')
            pos = 1; // the second half of a CRLF split across reads
    }

    qsizetype nextLf = -1;
    qsizetype nextCr = -1;
    while (pos < n) {
        // Cached so that a stream with only one kind of line ending is scanned once, not once
        // per line.
        if (nextLf < pos)
            nextLf = findByte(d, pos, n, '\n');
        if (nextCr < pos)
            nextCr = findByte(d, pos, n, '\r');
        const qsizetype eol = std::min(nextLf, nextCr);
        if (eol == n)
            break; // unfinished line

        qsizetype next = eol + 1;
        if (d[eol] == '\r') {
            if (next < n && d[next] == '\n')
                ++next;
            else if (next == n)
                m_skipLf = true;
        }

        QByteArrayView line;
        if (carried) {
            m_pending.append(bytes.sliced(rawFrom, eol - rawFrom));
            rawFrom = eol;
            line = QByteArrayView(m_pending).sliced(m_lineStart);
            carried = false;
        } else {
            line = bytes.sliced(pos, eol - pos);
        }
        if (m_atStreamStart) {
            m_atStreamStart = false;
            if (line.startsWith("\xEF\xBB\xBF"))
                line = line.sliced(3);
        }

        if (line.isEmpty()) {
            dispatch(bytes, blockBegin, rawFrom, next, out);
            if (m_error)
                return;
            blockBegin = next;
            rawFrom = next;
        } else {
            processLine(line);
            m_lineStart = m_pending.size();
        }
        pos = next;
        if (m_pending.size() + (pos - rawFrom) > m_maxEventSize) {
            failTooLarge();
            return;
        }
    }

    // Keep the unfinished block (and its unfinished line) for the next feed.
    if (rawFrom < n) {
        if (!carried)
            m_lineStart = m_pending.size() + (pos - rawFrom);
        m_pending.append(bytes.sliced(rawFrom, n - rawFrom));
    } else if (!carried) {
        m_lineStart = m_pending.size();
    }
    if (m_pending.size() > m_maxEventSize)
        failTooLarge();
}

} // namespace gatehouse
