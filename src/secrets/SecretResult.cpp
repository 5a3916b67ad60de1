#include "SecretResult.h"

namespace gatehouse {

QString secretStatusName(SecretStatus status)
{
    switch (status) {
    case SecretStatus::Ok:
        return QStringLiteral("ok");
    case SecretStatus::NotFound:
        return QStringLiteral("not_found");
    case SecretStatus::Locked:
        return QStringLiteral("locked");
    case SecretStatus::NoBackend:
        return QStringLiteral("no_backend");
    case SecretStatus::AccessDenied:
        return QStringLiteral("access_denied");
    case SecretStatus::ReadOnly:
        return QStringLiteral("read_only");
    case SecretStatus::Invalid:
        return QStringLiteral("invalid");
    case SecretStatus::Other:
        break;
    }
    return QStringLiteral("other");
}

SecretResult SecretResult::success(const QString &value)
{
    SecretResult r;
    r.status = SecretStatus::Ok;
    r.value = value;
    return r;
}

SecretResult SecretResult::failure(SecretStatus status, const QString &name, const QString &verb,
                                   const QString &detail)
{
    return failureWithMessage(status, sentence(status, name, verb, detail), detail);
}

SecretResult SecretResult::failureWithMessage(SecretStatus status, const QString &message,
                                              const QString &detail)
{
    SecretResult r;
    r.status = status;
    r.message = message;
    r.detail = detail;
    return r;
}

QString SecretResult::sentence(SecretStatus status, const QString &name, const QString &verb,
                               const QString &detail)
{
    const QString what = couldNot(name, verb) + QStringLiteral(": ");
    switch (status) {
    case SecretStatus::Ok:
        return {};
    case SecretStatus::NotFound:
        return name.isEmpty() ? QStringLiteral("The key is not stored in the keychain. Add it "
                                               "under Credentials or enter it again.")
                              : QStringLiteral("No key named \"%1\" is stored in the keychain. Add "
                                               "it under Credentials or enter it again.")
                                    .arg(name);
    case SecretStatus::Locked:
        return what + QStringLiteral("the keyring is locked (or has no default keyring). Unlock "
                                     "it in your desktop's password manager, e.g. Passwords and "
                                     "Keys, and try again.");
    case SecretStatus::NoBackend:
        return what + QStringLiteral("no keyring service is running (Secret Service over D-Bus). "
                                     "Start gnome-keyring or KWallet, or use $env:// references.");
    case SecretStatus::AccessDenied:
        return what + QStringLiteral("access to the keychain was refused. Allow Gatehouse to use "
                                     "the keychain when asked, then try again.");
    case SecretStatus::ReadOnly:
        return what + QStringLiteral("environment variables are read-only to Gatehouse. Set the "
                                     "variable before starting Gatehouse, or store the key in the "
                                     "keychain.");
    case SecretStatus::Invalid:
        // Without the name: a name that fails validation may be text pasted in the wrong place.
        return QStringLiteral("Could not %1 the key: ").arg(verb) +
               (detail.isEmpty() ? QStringLiteral("the request was not valid.") : detail);
    case SecretStatus::Other:
        break;
    }
    return what +
           (detail.isEmpty() ? QStringLiteral("the keychain failed without saying why. ")
                             : QStringLiteral("the keychain said \"%1\". ").arg(detail)) +
           QStringLiteral("Try again; if it keeps failing, restart the keyring service.");
}

QString SecretResult::couldNot(const QString &name, const QString &verb)
{
    // A probe has no name: it is about the keychain as a whole.
    return name.isEmpty() ? QStringLiteral("Could not use the keychain")
                          : QStringLiteral("Could not %1 the key \"%2\"").arg(verb, name);
}

QString SecretResult::describe() const
{
    QString text = secretStatusName(status);
    if (!message.isEmpty())
        text += QStringLiteral(": ") + message;
    if (!detail.isEmpty() && !message.contains(detail))
        text += QStringLiteral(" [") + detail + QLatin1Char(']');
    if (!warning.isEmpty())
        text += QStringLiteral(" (warning: ") + warning + QLatin1Char(')');
    return text;
}

} // namespace gatehouse
