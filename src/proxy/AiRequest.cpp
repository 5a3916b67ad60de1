#include "AiRequest.h"

#include "Providers.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace gatehouse {

namespace {

bool endsWith(QByteArrayView path, const char *suffix)
{
    return path.endsWith(QByteArrayView(suffix));
}

GatewayError badRequest(const QString &message, const char *code = "bad_request")
{
    return GatewayError{400, QByteArray(code), message};
}

// A route's endpoint or a provider's base URL, parsed once per worker thread rather than once per
// request (QUrl parsing is the costly part). Bounded: a reload can bring new addresses.
const QUrl &parsedUrl(const QString &url)
{
    thread_local QHash<QString, QUrl> cache;
    auto it = cache.constFind(url);
    if (it != cache.constEnd())
        return *it;
    if (cache.size() >= 256)
        cache.clear();
    return *cache.insert(url, QUrl(url));
}

// `json` (a JSON object, as parsed) with `member` added at its end: the client's bytes stay as
// they were, rather than a parse and re-serialisation for one extra member. Empty if `json` does
// not end in '}' after optional white space, or is an empty object.
QByteArray withMemberAppended(const QByteArray &json, QByteArrayView member)
{
    qsizetype end = json.size();
    while (end > 0 && (json[end - 1] == ' ' || json[end - 1] == '\n' || json[end - 1] == '\r' ||
                       json[end - 1] == '\t'))
        --end;
    if (end == 0 || json[end - 1] != '}')
        return {};
    qsizetype before = end - 1; // is there a member before the closing brace?
    while (before > 0 && (json[before - 1] == ' ' || json[before - 1] == '\n' ||
                          json[before - 1] == '\r' || json[before - 1] == '\t'))
        --before;
    if (before == 0 || json[before - 1] == '{')
        return {};
    QByteArray out;
    out.reserve(json.size() + member.size() + 1);
    out.append(json.constData(), end - 1).append(',').append(member);
    out.append(json.constData() + end - 1, json.size() - end + 1);
    return out;
}

} // namespace

const char *AiRequest::protocolName(Protocol protocol)
{
    switch (protocol) {
    case Protocol::OpenAiChat:
        return "openai-chat";
    case Protocol::AnthropicMessages:
        return "anthropic-messages";
    case Protocol::OpenAiResponses:
        return "openai-responses";
    case Protocol::Embeddings:
        return "embeddings";
    case Protocol::Passthrough:
        return "passthrough";
    }
    return "unknown";
}

std::optional<AiRequest> AiRequest::read(const HttpRequest &request, GatewayError *error)
{
    const QByteArrayView contentType = request.header("content-type");
    if (!contentType.isEmpty()) {
        const QByteArrayView mime =
            contentType
                .first(contentType.indexOf(';') < 0 ? contentType.size() : contentType.indexOf(';'))
                .trimmed();
        // curl -d sends a form type by default; a body that is plainly a JSON object is read as
        // JSON.
        const bool curlDefault =
            mime.compare("application/x-www-form-urlencoded", Qt::CaseInsensitive) == 0 &&
            QByteArrayView(request.body).trimmed().startsWith('{');
        if (mime.compare("application/json", Qt::CaseInsensitive) != 0 && !curlDefault) {
            *error = badRequest(
                QStringLiteral("unsupported content-type: %1, only application/json is supported")
                    .arg(QString::fromLatin1(contentType)),
                "unsupported_content_type");
            return std::nullopt;
        }
    }
    if (request.body.isEmpty()) {
        *error = badRequest(QStringLiteral("failed to get request body: request body is empty"),
                            "empty_body");
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = badRequest(
            parseError.error != QJsonParseError::NoError
                ? QStringLiteral("could not parse JSON request body: %1 at offset %2")
                      .arg(parseError.errorString())
                      .arg(parseError.offset)
                : QStringLiteral("could not parse JSON request body: expected a JSON object"),
            "invalid_json");
        return std::nullopt;
    }

    AiRequest ai;
    ai.body = doc.object();
    const QByteArrayView path = request.path();
    if (endsWith(path, "/v1/messages"))
        ai.protocol = Protocol::AnthropicMessages;
    else if (endsWith(path, "/v1/responses"))
        ai.protocol = Protocol::OpenAiResponses;
    else if (ai.body.contains(QStringLiteral("messages")))
        ai.protocol = Protocol::OpenAiChat;
    else if (ai.body.contains(QStringLiteral("input")))
        ai.protocol = Protocol::Embeddings;
    else if (ai.body.isEmpty()) {
        *error = badRequest(
            QStringLiteral("no matching AI protocol for the request: send \"messages\" for a chat "
                           "completion or \"input\" for embeddings"),
            "no_protocol");
        return std::nullopt;
    } else
        ai.protocol = Protocol::Passthrough;

    if (ai.protocol == Protocol::OpenAiChat) {
        const QJsonValue messages = ai.body.value(QStringLiteral("messages"));
        if (!messages.isArray()) {
            *error = badRequest(
                QStringLiteral("\"messages\" must be an array of {\"role\", \"content\"} objects"));
            return std::nullopt;
        }
    }
    ai.clientModel = ai.body.value(QStringLiteral("model")).toString();
    ai.clientStream = ai.body.value(QStringLiteral("stream")).toBool();
    ai.clientWantsUsage = ai.body.value(QStringLiteral("stream_options"))
                              .toObject()
                              .value(QStringLiteral("include_usage"))
                              .toBool();
    return ai;
}

bool UpstreamRequestBuilder::isForwardable(QByteArrayView name)
{
    // Only what a provider needs to understand the request; never Authorization, Cookie,
    // x-api-key or api-key (those are the client's credentials for Gatehouse, not the provider's).
    static constexpr QByteArrayView allowed[] = {
        "accept",          "user-agent",          "anthropic-version",      "anthropic-beta",
        "openai-beta",     "openai-organization", "openai-project",         "x-request-id",
        "idempotency-key", "accept-language",     "x-stainless-retry-count"};
    for (QByteArrayView a : allowed) {
        if (HttpHeaders::equalsIgnoreCase(name, a)) // the length first: most names differ there
            return true;
    }
    return false;
}

std::optional<UpstreamRequest> UpstreamRequestBuilder::build(const InstanceSpec &instance,
                                                             const AiRequest &ai,
                                                             const HttpRequest &client,
                                                             const EndpointOverrides &overrides,
                                                             GatewayError *error)
{
    const ProviderInfo *provider = Providers::find(instance.provider);
    if (!provider) { // the schema rejects this; kept so a bad snapshot can never crash a worker
        *error = GatewayError{500, "bad_route",
                              QStringLiteral("unknown provider %1").arg(instance.provider)};
        return std::nullopt;
    }

    // The provider's path for this protocol: its chat path with "chat/completions" swapped.
    QString path = provider->chatPath;
    auto swapTail = [&](const QString &tail) {
        const qsizetype at = path.lastIndexOf(QStringLiteral("chat/completions"));
        if (at >= 0)
            path = path.left(at) + tail;
    };
    switch (ai.protocol) {
    case AiRequest::Protocol::OpenAiChat:
        break;
    case AiRequest::Protocol::AnthropicMessages:
        swapTail(QStringLiteral("messages"));
        break;
    case AiRequest::Protocol::OpenAiResponses:
        swapTail(QStringLiteral("responses"));
        break;
    case AiRequest::Protocol::Embeddings:
        swapTail(QStringLiteral("embeddings"));
        break;
    case AiRequest::Protocol::Passthrough:
        path = QString::fromUtf8(client.path());
        break;
    }

    // override.endpoint with a path is used as is; with only scheme+host the provider's path
    // stays. A --provider-endpoint mirror replaces the base URL and keeps the provider's path.
    QUrl base;
    if (!instance.endpoint.isEmpty()) {
        base = parsedUrl(instance.endpoint);
        const QString endpointPath = base.path();
        if (!endpointPath.isEmpty() && endpointPath != QLatin1String("/"))
            path = endpointPath;
    } else if (overrides.contains(instance.provider)) {
        base = overrides.value(instance.provider);
        QString prefix = base.path();
        while (prefix.endsWith(QLatin1Char('/')))
            prefix.chop(1);
        path = prefix + path;
    } else {
        base = parsedUrl(provider->baseUrl);
    }
    const QString host = base.host();
    if (host.isEmpty()) {
        *error = GatewayError{500, "bad_route",
                              QStringLiteral("instance \"%1\": provider %2 needs override.endpoint")
                                  .arg(instance.name, instance.provider)};
        return std::nullopt;
    }

    UpstreamRequest out;
    out.scheme = base.scheme();
    out.host = host;
    const int explicitPort = base.port();
    out.port = quint16(explicitPort >= 0 ? explicitPort
                                         : (out.scheme == QLatin1String("https") ? 443 : 80));

    QUrlQuery query;
    if (ai.protocol == AiRequest::Protocol::Passthrough && !client.query().isEmpty())
        query = QUrlQuery(QString::fromUtf8(client.query()));
    else if (base.hasQuery())
        query = QUrlQuery(base.query());
    for (const auto &[name, value] : instance.auth.query)
        query.addQueryItem(name, value);

    // The body: the client's bytes unless something has to change.
    QJsonObject body = ai.body;
    bool changed = false;
    for (auto it = instance.options.begin(); it != instance.options.end(); ++it) {
        if (body.value(it.key()) != it.value()) {
            body.insert(it.key(), it.value());
            changed = true;
        }
    }
    const QJsonValue forcedMax = instance.llmOptions.value(QStringLiteral("max_tokens"));
    if (!forcedMax.isUndefined()) {
        body.insert(provider->maxTokensField, forcedMax);
        if (provider->maxTokensField != QLatin1String("max_tokens"))
            body.remove(QStringLiteral("max_tokens"));
        changed = true;
    } else if (provider->maxTokensField != QLatin1String("max_tokens") &&
               body.contains(QStringLiteral("max_tokens")) &&
               !body.contains(provider->maxTokensField)) {
        body.insert(provider->maxTokensField, body.take(QStringLiteral("max_tokens")));
        changed = true;
    }
    out.model = body.value(QStringLiteral("model")).toString();
    if (provider->dropsModel && body.contains(QStringLiteral("model"))) {
        body.remove(QStringLiteral("model"));
        changed = true;
    }
    out.stream = body.value(QStringLiteral("stream")).toBool();
    QByteArray payload;
    if (out.stream && ai.protocol == AiRequest::Protocol::OpenAiChat) {
        const QJsonValue given = body.value(QStringLiteral("stream_options"));
        QJsonObject streamOptions = given.toObject();
        if (!streamOptions.value(QStringLiteral("include_usage")).toBool()) {
            out.addedUsageOption = !ai.clientWantsUsage;
            // The usual case, nothing else changed and no stream_options at all: the member is
            // added to the client's bytes.
            if (!changed && given.isUndefined())
                payload =
                    withMemberAppended(client.body, R"("stream_options":{"include_usage":true})");
            if (payload.isNull()) {
                streamOptions.insert(QStringLiteral("include_usage"), true);
                body.insert(QStringLiteral("stream_options"), streamOptions);
                changed = true;
            }
        }
    }
    if (payload.isNull())
        payload = changed ? QJsonDocument(body).toJson(QJsonDocument::Compact) : client.body;

    QByteArray target = QUrl::toPercentEncoding(path, "/:@!$&'()*+,;=-._~");
    if (!query.isEmpty())
        target += '?' + query.toString(QUrl::FullyEncoded).toUtf8();

    QByteArray &r = out.bytes;
    r.reserve(512 + payload.size());
    r += "POST " + target + " HTTP/1.1\r\nHost: " + base.host(QUrl::FullyEncoded).toUtf8();
    if (explicitPort > 0)
        r += ':' + QByteArray::number(explicitPort);
    r += "\r\nContent-Type: application/json\r\nContent-Length: " +
         QByteArray::number(payload.size()) + "\r\nAccept-Encoding: identity\r\n";
    bool hasAccept = false;
    bool hasAnthropicVersion = false;
    for (const HttpHeader &h : client.headers) {
        if (!isForwardable(h.name))
            continue;
        hasAccept = hasAccept || HttpHeaders::equalsIgnoreCase(h.name, "accept");
        hasAnthropicVersion =
            hasAnthropicVersion || HttpHeaders::equalsIgnoreCase(h.name, "anthropic-version");
        r += h.name + ": " + h.value + "\r\n";
    }
    if (!hasAccept)
        r += out.stream ? "Accept: text/event-stream\r\n" : "Accept: application/json\r\n";
    if (ai.protocol == AiRequest::Protocol::AnthropicMessages && !hasAnthropicVersion)
        r += "anthropic-version: 2023-06-01\r\n";
    for (const auto &[name, value] : instance.auth.headers)
        r += name.toLatin1() + ": " + value.toUtf8() + "\r\n";
    r += "\r\n";
    r += payload;
    return out;
}

} // namespace gatehouse
