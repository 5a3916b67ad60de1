#include "CredentialShape.h"

#include "Providers.h"
#include "SecretReference.h"

namespace gatehouse {

QJsonObject CredentialShape::authFor(const QString &provider, const QString &reference)
{
    const ProviderInfo *info = Providers::find(provider);
    const AuthStyle style = info ? info->authStyle : AuthStyle::BearerHeader;
    QJsonObject map;
    switch (style) {
    case AuthStyle::BearerHeader:
        map.insert(QStringLiteral("Authorization"), reference);
        break;
    case AuthStyle::ApiKeyHeader:
        map.insert(QStringLiteral("api-key"), reference);
        break;
    case AuthStyle::XApiKeyHeader:
        map.insert(QStringLiteral("x-api-key"), reference);
        break;
    case AuthStyle::QueryKey:
        map.insert(QStringLiteral("key"), reference);
        return {{QStringLiteral("query"), map}};
    }
    return {{QStringLiteral("header"), map}};
}

QString CredentialShape::storedValue(const QString &provider, const QString &pastedKey)
{
    const QString key = pastedKey.trimmed();
    const ProviderInfo *info = Providers::find(provider);
    const bool bearer = !info || info->authStyle == AuthStyle::BearerHeader;
    if (!bearer || key.isEmpty() || key.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
        return key;
    return QStringLiteral("Bearer ") + key;
}

QString CredentialShape::referenceIn(const QJsonObject &auth)
{
    QString found;
    int values = 0;
    for (const QString &kind : {QStringLiteral("header"), QStringLiteral("query")}) {
        const QJsonObject map = auth.value(kind).toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            ++values;
            found = it.value().toString();
        }
    }
    if (values != 1 || auth.size() != 1 || !SecretReference::looksLikeReference(found))
        return {};
    return found;
}

QString CredentialShape::credentialName(const QString &reference)
{
    const std::optional<SecretReference> ref = SecretReference::parse(reference);
    return ref && ref->scheme == SecretReference::Scheme::Keychain ? ref->name : QString();
}

} // namespace gatehouse
