#pragma once

#include <QJsonObject>
#include <QString>

namespace gatehouse {

// How a credential meets a provider: the header a provider expects its key in, and the value a
// credential holds (the whole header value, "Bearer sk-…" for Bearer providers) so that a route's
// `auth.header` can point at it with `$secret://keychain/NAME`.
class CredentialShape
{
public:
    // {"header": {"Authorization": ref}} for Bearer providers, "api-key" for Azure, "x-api-key"
    // for Anthropic's native shape, {"query": {"key": ref}} for query-key providers.
    static QJsonObject authFor(const QString &provider, const QString &reference);
    // What to store for a key pasted by a person: "Bearer " + key where the provider wants it.
    static QString storedValue(const QString &provider, const QString &pastedKey);
    // The one reference an auth object points at, or empty when it holds anything else.
    static QString referenceIn(const QJsonObject &auth);
    // The credential name of a "$secret://keychain/NAME" reference, or empty.
    static QString credentialName(const QString &reference);
};

} // namespace gatehouse
