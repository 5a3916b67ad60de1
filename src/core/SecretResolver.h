#pragma once

#include <QString>

#include <optional>

namespace gatehouse {

// Turns a secret reference (`$secret://keychain/NAME`, `$env://VAR`) into its value when a route
// snapshot is built. Implemented by the secrets layer; core only knows this seam, so the route
// table never needs the keychain library. Must answer synchronously and from memory: it is called
// while a snapshot is built, never on the proxy's hot path.
class SecretResolver
{
public:
    virtual ~SecretResolver() = default;

    // The value, or nullopt with *error set to a sentence saying why (never containing a secret).
    virtual std::optional<QString> resolve(const QString &reference, QString *error) const = 0;
};

} // namespace gatehouse
