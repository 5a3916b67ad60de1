#include "Providers.h"

namespace gatehouse {

const QList<ProviderInfo> &Providers::all()
{
    // Order is the order a person picks from: the seed's provider first.
    static const QList<ProviderInfo> table = {
        {QStringLiteral("deepseek"), QStringLiteral("DeepSeek"), QStringLiteral("https://api.deepseek.com"),
         QStringLiteral("/chat/completions"), QStringLiteral("/models"), AuthStyle::BearerHeader, false, false,
         QStringLiteral("max_tokens"), {QStringLiteral("deepseek-chat"), QStringLiteral("deepseek-reasoner")}},
        {QStringLiteral("openai"), QStringLiteral("OpenAI"), QStringLiteral("https://api.openai.com"),
         QStringLiteral("/v1/chat/completions"), QStringLiteral("/v1/models"), AuthStyle::BearerHeader, false,
         false, QStringLiteral("max_completion_tokens"),
         {QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o"), QStringLiteral("gpt-4.1"),
          QStringLiteral("gpt-4.1-mini"), QStringLiteral("o3-mini")}},
        {QStringLiteral("anthropic"), QStringLiteral("Anthropic"), QStringLiteral("https://api.anthropic.com"),
         QStringLiteral("/v1/chat/completions"), QStringLiteral("/v1/models"), AuthStyle::XApiKeyHeader, false,
         false, QStringLiteral("max_tokens"),
         {QStringLiteral("claude-sonnet-4-5"), QStringLiteral("claude-haiku-4-5"), QStringLiteral("claude-opus-4-1")}},
        {QStringLiteral("openrouter"), QStringLiteral("OpenRouter"), QStringLiteral("https://openrouter.ai"),
         QStringLiteral("/api/v1/chat/completions"), QStringLiteral("/api/v1/models"), AuthStyle::BearerHeader,
         false, false, QStringLiteral("max_tokens"),
         {QStringLiteral("deepseek/deepseek-chat"), QStringLiteral("openai/gpt-4o-mini"),
          QStringLiteral("anthropic/claude-sonnet-4.5")}},
        {QStringLiteral("gemini"), QStringLiteral("Google Gemini"),
         QStringLiteral("https://generativelanguage.googleapis.com"),
         QStringLiteral("/v1beta/openai/chat/completions"), QStringLiteral("/v1beta/openai/models"),
         AuthStyle::BearerHeader, false, false, QStringLiteral("max_tokens"),
         {QStringLiteral("gemini-2.5-flash"), QStringLiteral("gemini-2.5-pro")}},
        {QStringLiteral("azure-openai"), QStringLiteral("Azure OpenAI"), QString(), QStringLiteral("/completions"),
         QString(), AuthStyle::ApiKeyHeader, true, true, QStringLiteral("max_tokens"), {}},
        // The GUI translates this description (Translations::providerName); brand names stay.
        {QStringLiteral("openai-compatible"),
         QStringLiteral(QT_TRANSLATE_NOOP("gatehouse::Providers", "OpenAI-compatible server")), QString(),
         QStringLiteral("/v1/chat/completions"), QStringLiteral("/v1/models"), AuthStyle::BearerHeader, true, false,
         QStringLiteral("max_tokens"), {}},
        {QStringLiteral("aimlapi"), QStringLiteral("AI/ML API"), QStringLiteral("https://api.aimlapi.com"),
         QStringLiteral("/chat/completions"), QStringLiteral("/models"), AuthStyle::BearerHeader, false, false,
         QStringLiteral("max_tokens"), {}},
        {QStringLiteral("vertex-ai"), QStringLiteral("Google Vertex AI"), QString(),
         QStringLiteral("/v1beta1/chat/completions"), QString(), AuthStyle::BearerHeader, true, false,
         QStringLiteral("max_tokens"), {}},
        {QStringLiteral("bedrock"), QStringLiteral("Amazon Bedrock"), QString(), QStringLiteral("/chat/completions"),
         QString(), AuthStyle::BearerHeader, true, false, QStringLiteral("max_tokens"), {}},
    };
    return table;
}

const ProviderInfo *Providers::find(const QString &id)
{
    for (const ProviderInfo &p : all()) {
        if (p.id == id)
            return &p;
    }
    return nullptr;
}

QStringList Providers::ids()
{
    QStringList out;
    for (const ProviderInfo &p : all())
        out << p.id;
    return out;
}

} // namespace gatehouse
