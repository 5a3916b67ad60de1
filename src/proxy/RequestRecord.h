#pragma once

#include "UsageExtractor.h"

#include <QList>
#include <QString>

namespace gatehouse {

// One try of one instance within a request.
struct AttemptRecord
{
    QString instance;
    int status = 0; // the upstream's HTTP status; 0 when no response came (see error)
    QString error;  // "connection refused", "timeout before the first byte", ...
    double durationMs = 0;
};

// Everything Gatehouse knows about one proxied request once it ended. Never holds a secret:
// no header values, no keys; bodies are not kept here.
struct RequestRecord
{
    qint64 startedAtMs = 0; // wall clock, ms since the epoch
    QString client;         // peer address
    QString method;
    QString path;
    QString routeId;
    QString instance; // the instance that answered (last attempt)
    QString provider;
    QString clientModel;   // what the client asked for
    QString upstreamModel; // what the provider says answered
    int status = 0;        // what the client got
    bool stream = false;
    bool interrupted = false; // a stream that ended with an error event
    double latencyMs = 0;     // request received → response complete
    double ttftMs = -1;       // request received → first byte of the body to the client; -1 none
    TokenUsage usage;
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    QByteArray errorCode; // a gateway error's code, empty when the upstream answered
    QString error;
    QList<AttemptRecord> attempts;

    // "deepseek-primary=429,openai-fallback=200", as in the X-Gatehouse-Attempts header.
    QString attemptTrail() const;
    // One line of key=value pairs for the log.
    QString logLine() const;
};

// Where finished records go (the usage ledger, the GUI, a test). Called from the proxy's worker
// threads: implementations must be thread-safe and must not block.
class RequestSink
{
public:
    virtual ~RequestSink() = default;
    virtual void record(const RequestRecord &record) = 0;
};

} // namespace gatehouse
