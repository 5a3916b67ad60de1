#include "SecretReference.h"

namespace gatehouse {

namespace {

const QLatin1String kSecretScheme("$secret://");
const QLatin1String kKeychainPrefix("$secret://keychain/");
const QLatin1String kEnvPrefix("$env://");

bool isAsciiLetter(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
}

bool isAsciiDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

bool isNameChar(QChar c)
{
    return isAsciiLetter(c) || isAsciiDigit(c) || c == QLatin1Char('.') || c == QLatin1Char('_') ||
           c == QLatin1Char('-');
}

bool fail(QString *error, const QString &sentence)
{
    if (error)
        *error = sentence;
    return false;
}

} // namespace

bool SecretReference::looksLikeReference(const QString &text)
{
    return text.startsWith(kSecretScheme, Qt::CaseInsensitive) || text.startsWith(kEnvPrefix, Qt::CaseInsensitive);
}

std::optional<SecretReference> SecretReference::parse(const QString &text, QString *error)
{
    if (text.startsWith(kKeychainPrefix, Qt::CaseInsensitive)) {
        const QString name = text.mid(kKeychainPrefix.size());
        if (name.isEmpty()) {
            fail(error, QStringLiteral("The reference names no credential: write "
                                       "$secret://keychain/NAME."));
            return std::nullopt;
        }
        QString why;
        if (!isValidCredentialName(name, &why)) {
            fail(error, QStringLiteral("The name in $secret://keychain/NAME is not valid: ") + why);
            return std::nullopt;
        }
        return keychain(name);
    }
    if (text.startsWith(kSecretScheme, Qt::CaseInsensitive)) {
        fail(error, QStringLiteral("Gatehouse keeps secrets in the OS keychain only: write "
                                   "$secret://keychain/NAME. Other secret managers (such as "
                                   "$secret://vault/...) work only on an APISIX cluster."));
        return std::nullopt;
    }
    if (text.startsWith(kEnvPrefix, Qt::CaseInsensitive)) {
        const QString name = text.mid(kEnvPrefix.size());
        if (name.isEmpty()) {
            fail(error, QStringLiteral("The reference names no environment variable: write "
                                       "$env://VAR."));
            return std::nullopt;
        }
        if (name.contains(QLatin1Char('/'))) {
            fail(error, QStringLiteral("Gatehouse reads whole environment variables: write "
                                       "$env://VAR without a sub-key."));
            return std::nullopt;
        }
        QString why;
        if (!isValidEnvironmentName(name, &why)) {
            fail(error, QStringLiteral("The name in $env://VAR is not valid: ") + why);
            return std::nullopt;
        }
        return environment(name);
    }
    fail(error,
         QStringLiteral("This is not a secret reference. Write $secret://keychain/NAME for a "
                        "key in the keychain or $env://VAR for an environment variable."));
    return std::nullopt;
}

QString SecretReference::toString() const
{
    return (scheme == Scheme::Keychain ? QString(kKeychainPrefix) : QString(kEnvPrefix)) + name;
}

bool SecretReference::isValidCredentialName(const QString &name, QString *error)
{
    if (name.isEmpty())
        return fail(error, QStringLiteral("a credential needs a name."));
    if (name.size() > MaxNameLength)
        return fail(
            error,
            QStringLiteral("a credential name has at most %1 characters.").arg(MaxNameLength));
    if (!isAsciiLetter(name.front()) && !isAsciiDigit(name.front()))
        return fail(error, QStringLiteral("a credential name starts with a letter or a digit."));
    for (const QChar c : name) {
        if (!isNameChar(c))
            return fail(error, QStringLiteral("a credential name may hold only letters, digits, "
                                              "'.', '_' and '-'."));
    }
    return true;
}

bool SecretReference::isValidEnvironmentName(const QString &name, QString *error)
{
    if (name.isEmpty())
        return fail(error, QStringLiteral("an environment variable needs a name."));
    if (name.size() > 255)
        return fail(error, QStringLiteral("an environment variable name has at most 255 "
                                          "characters."));
    if (!isAsciiLetter(name.front()) && name.front() != QLatin1Char('_'))
        return fail(error, QStringLiteral("an environment variable name starts with a letter or "
                                          "'_'."));
    for (const QChar c : name) {
        if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != QLatin1Char('_'))
            return fail(error, QStringLiteral("an environment variable name may hold only "
                                              "letters, digits and '_'."));
    }
    return true;
}

QString SecretReference::suggestCredentialName(const QString &hint)
{
    QString name;
    bool pendingDash = false;
    for (const QChar c : hint.toLower()) {
        if (isAsciiLetter(c) || isAsciiDigit(c) || c == QLatin1Char('.') || c == QLatin1Char('_')) {
            if (pendingDash && !name.isEmpty())
                name += QLatin1Char('-');
            pendingDash = false;
            name += c;
        } else {
            pendingDash = true; // spaces, '-', '/', anything else: one dash between words
        }
    }
    while (!name.isEmpty() && !isAsciiLetter(name.front()) && !isAsciiDigit(name.front()))
        name.remove(0, 1);
    name.truncate(MaxNameLength);
    while (name.endsWith(QLatin1Char('-')) || name.endsWith(QLatin1Char('.')))
        name.chop(1);
    return name.isEmpty() ? QStringLiteral("credential") : name;
}

} // namespace gatehouse
