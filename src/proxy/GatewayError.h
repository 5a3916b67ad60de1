#pragma once

#include <QByteArray>
#include <QString>

namespace gatehouse {

// An answer the gateway makes itself (not one relayed from a provider), in the one JSON shape
// OpenAI-style clients already understand:
//   {"error": {"message": "...", "type": "gateway_error", "code": "no_route"}}
struct GatewayError
{
    int status = 500;
    QByteArray code; // machine-readable: no_route, bad_request, upstream_timeout, ...
    QString message; // a sentence that says what is wrong and, where possible, what to do

    QByteArray body() const;
    // The same error as an SSE event, for a stream that already started.
    QByteArray sseEvent() const;

    static QByteArray reasonPhrase(int status);
};

} // namespace gatehouse
