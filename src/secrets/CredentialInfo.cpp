#include "CredentialInfo.h"

#include "SecretReference.h"

#include <QSet>

namespace gatehouse {

namespace {

QString toText(const QDateTime &when)
{
    return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
}

QDateTime fromText(const QString &text)
{
    QDateTime when = QDateTime::fromString(text, Qt::ISODate);
    return when.isValid() ? when.toUTC() : QDateTime();
}

} // namespace

QString CredentialInfo::reference() const
{
    return SecretReference::keychain(name).toString();
}

QJsonObject CredentialInfo::toJson() const
{
    QJsonObject object{{QStringLiteral("name"), name}};
    if (!provider.isEmpty())
        object.insert(QStringLiteral("provider"), provider);
    if (!note.isEmpty())
        object.insert(QStringLiteral("note"), note);
    if (created.isValid())
        object.insert(QStringLiteral("created"), toText(created));
    if (lastUsed.isValid())
        object.insert(QStringLiteral("last_used"), toText(lastUsed));
    if (memoryOnly)
        object.insert(QStringLiteral("memory_only"), true);
    return object;
}

std::optional<CredentialInfo> CredentialInfo::fromJson(const QJsonObject &object, QString *error)
{
    CredentialInfo info;
    info.name = object.value(QStringLiteral("name")).toString();
    QString why;
    if (!SecretReference::isValidCredentialName(info.name, &why)) {
        if (error)
            *error = QStringLiteral("A credential in the config was skipped: ") + why;
        return std::nullopt;
    }
    info.provider = object.value(QStringLiteral("provider")).toString();
    info.note = object.value(QStringLiteral("note")).toString();
    info.created = fromText(object.value(QStringLiteral("created")).toString());
    info.lastUsed = fromText(object.value(QStringLiteral("last_used")).toString());
    info.memoryOnly = object.value(QStringLiteral("memory_only")).toBool();
    return info;
}

QJsonArray CredentialInfo::listToJson(const QList<CredentialInfo> &list)
{
    QJsonArray array;
    for (const CredentialInfo &info : list)
        array.append(info.toJson());
    return array;
}

QList<CredentialInfo> CredentialInfo::listFromJson(const QJsonValue &value, QStringList *problems)
{
    QList<CredentialInfo> list;
    QSet<QString> seen;
    const QJsonArray array = value.toArray();
    for (const QJsonValue &item : array) {
        QString error;
        const std::optional<CredentialInfo> info = fromJson(item.toObject(), &error);
        if (!info) {
            if (problems)
                *problems << error;
            continue;
        }
        if (seen.contains(info->name)) {
            if (problems)
                *problems << QStringLiteral("The credential \"%1\" appears twice in the config; "
                                            "the first entry is used.")
                                 .arg(info->name);
            continue;
        }
        seen.insert(info->name);
        list << *info;
    }
    return list;
}

} // namespace gatehouse
