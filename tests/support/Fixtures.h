#pragma once

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

// Reads test fixtures from the source tree (ctest sets GATEHOUSE_SOURCE_DIR).
namespace fixtures {

inline QString path(const QString &relative)
{
    return qEnvironmentVariable("GATEHOUSE_SOURCE_DIR", QStringLiteral(".")) + QStringLiteral("/tests/fixtures/") +
           relative;
}

inline QByteArray bytes(const QString &relative)
{
    QFile f(path(relative));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(path(relative)));
    return f.readAll();
}

inline QJsonObject object(const QString &relative)
{
    return QJsonDocument::fromJson(bytes(relative)).object();
}

inline QJsonObject json(const char *text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad JSON in test: %s", qPrintable(error.errorString()));
    return doc.object();
}

} // namespace fixtures
