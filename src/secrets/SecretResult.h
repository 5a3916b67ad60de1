#pragma once

#include <QMetaType>
#include <QString>

namespace gatehouse {

// Why a secret operation did not do what was asked. The kinds are what a person can act on
// differently, not what a backend happened to report (see KeychainSecretStore::classify).
enum class SecretStatus {
    Ok,
    NotFound,     // the store answered and the name is not there (confirmed writable, see Locked)
    Locked,       // the keyring is there but locked or has no usable default collection
    NoBackend,    // no keyring service at all (no Secret Service on D-Bus, no D-Bus)
    AccessDenied, // the person, or the system for them, refused access
    ReadOnly,     // the store cannot write (environment variables)
    Invalid,      // the name or value was rejected before reaching any store
    Other,
};

// A stable lower-case word for logs, tests and the Admin API ("not_found", "locked", ...).
QString secretStatusName(SecretStatus status);

// The answer of one secret operation. `message` is a sentence a person can act on and `detail`
// is what the backend said; neither ever contains a secret. `value` is set only by a successful
// read. `warning` may accompany success (e.g. "held in memory for this run only").
struct SecretResult
{
    SecretStatus status = SecretStatus::Other;
    QString value;
    QString message;
    QString detail;
    QString warning;

    bool ok() const { return status == SecretStatus::Ok; }

    static SecretResult success(const QString &value = {});
    // A failure with the standard sentence for `status` about the secret `name`; `verb` says
    // what was being done ("read", "save", "remove").
    static SecretResult failure(SecretStatus status, const QString &name, const QString &verb,
                                const QString &detail = {});
    static SecretResult failureWithMessage(SecretStatus status, const QString &message,
                                           const QString &detail = {});

    // The standard sentence for a failure; used by failure() and by callers that need to explain
    // a status they only hold (e.g. a credential's last known state).
    static QString sentence(SecretStatus status, const QString &name, const QString &verb,
                            const QString &detail = {});

    // "Could not read the key \"x\"": the start every failure sentence shares.
    static QString couldNot(const QString &name, const QString &verb);

    // For logs: status, message and detail; never the value.
    QString describe() const;
};

} // namespace gatehouse

Q_DECLARE_METATYPE(gatehouse::SecretResult)
