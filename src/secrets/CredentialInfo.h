#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse {

// What Gatehouse knows about a credential besides the secret itself. The list of these is the
// index of stored names (a keychain cannot be listed) and lives in the config file's
// "credentials" section; the secret never does.
struct CredentialInfo
{
    QString name;     // the NAME in $secret://keychain/NAME
    QString provider; // e.g. "deepseek"; free text, may be empty
    QString note;
    QDateTime created;  // UTC
    QDateTime lastUsed; // UTC; invalid when never used
    // The keychain was unavailable when the key arrived, so it was held in memory for that run
    // only; after a restart it is gone and the person is told to enter it again.
    bool memoryOnly = false;

    QString reference() const;

    QJsonObject toJson() const;
    // nullopt with *error set when the object has no valid name; unknown fields are ignored.
    static std::optional<CredentialInfo> fromJson(const QJsonObject &object,
                                                  QString *error = nullptr);
    static QJsonArray listToJson(const QList<CredentialInfo> &list);
    // Skips entries that are not valid or repeat a name, with one sentence each in *problems.
    static QList<CredentialInfo> listFromJson(const QJsonValue &value,
                                              QStringList *problems = nullptr);

    bool operator==(const CredentialInfo &) const = default;
};

} // namespace gatehouse
