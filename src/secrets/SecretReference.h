#pragma once

#include <QString>

#include <optional>

namespace gatehouse {

// A pointer to a secret, as it appears in a route instead of the secret itself:
// `$secret://keychain/NAME` (a credential in the OS keychain) or `$env://VAR` (an environment
// variable, for headless servers). The syntax is APISIX's, so routes run unchanged there.
struct SecretReference
{
    enum class Scheme { Keychain, Environment };

    static constexpr int MaxNameLength = 64;

    Scheme scheme = Scheme::Keychain;
    QString name;

    static SecretReference keychain(const QString &name) { return {Scheme::Keychain, name}; }
    static SecretReference environment(const QString &variable)
    {
        return {Scheme::Environment, variable};
    }

    // True for anything that starts like a reference, valid or not; such a value is never taken
    // for a literal key.
    static bool looksLikeReference(const QString &text);
    // The reference, or nullopt with *error set to a sentence. The sentence never repeats text
    // that is not a reference, since that may be a key pasted in the wrong place.
    static std::optional<SecretReference> parse(const QString &text, QString *error = nullptr);
    QString toString() const;

    // Credential names: 1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit.
    static bool isValidCredentialName(const QString &name, QString *error = nullptr);
    // Environment variable names: a letter or _ then letters, digits and _.
    static bool isValidEnvironmentName(const QString &name, QString *error = nullptr);
    // A valid credential name made from a hint such as an instance name ("DeepSeek primary" ->
    // "deepseek-primary"); "credential" when nothing usable is left.
    static QString suggestCredentialName(const QString &hint);

    bool operator==(const SecretReference &) const = default;
};

} // namespace gatehouse
