#pragma once

#include "GatewayError.h"
#include "HttpRequestParser.h"
#include "RouteSpec.h"

#include <QJsonObject>
#include <QMap>
#include <QUrl>

#include <optional>

namespace gatehouse {

// What a client asked for, read once from its request and shared by every attempt: the parsed
// body, the protocol it speaks, and what it asked about streaming and usage.
struct AiRequest
{
    enum class Protocol { OpenAiChat, AnthropicMessages, OpenAiResponses, Embeddings, Passthrough };

    Protocol protocol = Protocol::OpenAiChat;
    QJsonObject body;
    QString clientModel;
    bool clientStream = false;     // "stream": true as sent by the client
    bool clientWantsUsage = false; // it set stream_options.include_usage itself

    // Checks the request the way APISIX's ai-proxy does, with its wording: content type, empty
    // body, JSON, protocol. On failure returns nullopt and fills *error (always a 400).
    static std::optional<AiRequest> read(const HttpRequest &request, GatewayError *error);
    static const char *protocolName(Protocol protocol);
};

// Where one instance's request goes and the bytes to send it.
struct UpstreamRequest
{
    QString scheme; // "http" or "https"
    QString host;
    quint16 port = 0;
    QByteArray bytes; // request head and body, ready to write
    QString model;    // the model sent upstream (for the record)
    bool stream = false;
    bool addedUsageOption = false; // Gatehouse asked for usage the client did not ask for

    QString poolKey() const
    {
        return scheme + QStringLiteral("://") + host + QLatin1Char(':') + QString::number(port);
    }
};

// Builds the provider request for one instance from the client's: the provider's address and
// path (or override.endpoint, or a --provider-endpoint mirror), `options` written over the
// body, override.llm_options, the provider's model rules, the instance's auth, and an allow-list
// of client headers (the client's own credentials never reach a provider).
class UpstreamRequestBuilder
{
public:
    using EndpointOverrides = QMap<QString, QUrl>;

    static std::optional<UpstreamRequest> build(const InstanceSpec &instance, const AiRequest &ai,
                                                const HttpRequest &client,
                                                const EndpointOverrides &overrides,
                                                GatewayError *error);

    // The client headers that may reach a provider (lower case).
    static bool isForwardable(QByteArrayView name);
};

} // namespace gatehouse
