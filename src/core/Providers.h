#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

// How a provider expects its key when the route gives none of its own shape.
enum class AuthStyle { BearerHeader, ApiKeyHeader, XApiKeyHeader, QueryKey };

// What Gatehouse knows of one AI provider: the `provider` value of ai-proxy, where it answers by
// default, and the rules its driver applies to a request. One table for the validator, the proxy,
// the GUI and the docs, so a provider is added in one place.
struct ProviderInfo
{
    QString id;            // the ai-proxy `provider` value, e.g. "deepseek"
    QString displayName;   // "DeepSeek"
    QString baseUrl;       // scheme + host (+ port), empty when an endpoint is required
    QString chatPath;      // path of chat completions on baseUrl
    QString modelsPath;    // cheap authenticated call that tests a key
    AuthStyle authStyle;   // the shape of the key header the GUI offers
    bool endpointRequired; // azure-openai and openai-compatible have no default host
    bool dropsModel;       // azure-openai: the deployment in the URL is the model
    QString maxTokensField; // where override.llm_options.max_tokens goes
    QStringList knownModels;
};

class Providers
{
public:
    static const QList<ProviderInfo> &all();
    static const ProviderInfo *find(const QString &id);
    static QStringList ids();
};

} // namespace gatehouse
