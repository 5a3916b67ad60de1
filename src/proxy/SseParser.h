#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace gatehouse {

// One block of an event stream: the lines up to and including the blank line that ends it.
struct SseEvent
{
    QByteArray eventType; // the "event" field; empty means "message"
    QByteArray data;      // "data" lines joined with '\n'
    QByteArray id;        // the last event ID in force when this block ended (it persists)
    qint64 retry = -1;    // a valid "retry" field in this block, else -1
    // True when the block had at least one data line, i.e. a browser would dispatch it. Blocks
    // with only comments (": keep-alive") or extra blank lines are reported too, so that every
    // received byte belongs to exactly one block, but have this false.
    bool hasData = false;

    // The block's bytes exactly as received, comments and line endings included, so a proxy can
    // forward it unchanged or leave it out.
    QByteArray raw;
    // Where the block sits in the bytes given to the feed() that completed it: [begin, end).
    // A block that started in an earlier feed() has begin 0 and
    // raw.size() > end - begin (the difference came from before).
    qsizetype begin = 0;
    qsizetype end = 0;
};

// Server-Sent Events parser (the WHATWG event-stream rules that matter to a proxy). Bytes may be
// split anywhere, even inside a CRLF; lines end in LF, CR or CRLF. feed() returns the blocks
// completed by its bytes, in order; the bytes of an unfinished block wait inside the parser.
// Concatenating the raw bytes of every returned block and then pending() gives back every byte
// fed, so a proxy forwarding raw blocks forwards the stream unchanged, minus any block it drops.
//
// One boundary case: when a block ends with a CR that is the last byte of a feed, the block is
// returned at once (no waiting for the next read) and an LF that then opens the next feed is
// counted in the next block's raw bytes. A client reads that lone LF as a blank line, which does
// nothing.
class SseParser final
{
public:
    static constexpr qsizetype DefaultMaxEventSize = 16 * 1024 * 1024;

    explicit SseParser(qsizetype maxEventSize = DefaultMaxEventSize);
    Q_DISABLE_COPY_MOVE(SseParser)

    // Returns the blocks completed by `bytes`. Once a block grows beyond maxEventSize the parser
    // is in error: this and every later call return nothing.
    QList<SseEvent> feed(QByteArrayView bytes);
    // Same, appending to `out` (lets a caller reuse one list).
    void feed(QByteArrayView bytes, QList<SseEvent> &out);

    // Bytes of the unfinished block held back (forward them, if at all, only at the end).
    const QByteArray &pending() const { return m_pending; }
    QByteArray lastEventId() const { return m_lastEventId; }
    qsizetype maxEventSize() const { return m_maxEventSize; }

    bool hasError() const { return m_error; }
    QString errorString() const;

    // Forgets everything, for a new stream.
    void reset();

private:
    void processLine(QByteArrayView line);
    void dispatch(QByteArrayView input, qsizetype begin, qsizetype rawFrom, qsizetype end,
                  QList<SseEvent> &out);
    void failTooLarge();

    QByteArray m_pending;  // raw bytes of the unfinished block from earlier feeds
    qsizetype m_lineStart; // where the unfinished line begins inside m_pending
    QByteArray m_lastEventId;
    QByteArray m_eventType;
    QByteArray m_data;
    qint64 m_retry = -1;
    qsizetype m_maxEventSize;
    bool m_hasData = false;
    bool m_skipLf = false; // the previous feed ended on a CR that ended a line
    bool m_atStreamStart = true;
    bool m_error = false;
};

} // namespace gatehouse
