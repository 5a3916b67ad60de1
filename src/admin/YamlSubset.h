#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

// The part of YAML that people write in APISIX's standalone `apisix.yaml`, read and written
// strictly: block mappings and sequences, plain / 'single' / "double" quoted scalars, integers,
// floats, booleans, null, flow collections ([a, b], {k: v}, also over several lines), literal
// and folded block scalars (| and >), comments, one leading `---`, and APISIX's `#END` marker.
// Anything else (anchors, aliases, tags, complex keys, several documents, tabs in indentation,
// values whose type differs between YAML 1.1 and 1.2 such as `yes` or `0755`) is refused with
// its line and a sentence saying what to write instead, so a file never means something other
// than what it seems to say. Pure: text in, JSON out.
class YamlSubset final
{
public:
    struct Error
    {
        int line = 0;   // 1-based
        int column = 0; // 1-based, 0 when the whole line is meant
        QString message;
    };

    struct Document
    {
        QJsonValue root;
        // Where each value starts: JSON path ("routes[0].plugins.ai-proxy.provider") -> line.
        QHash<QString, int> lines;
        QList<Error> errors;
        int endMarkerLine = 0;         // the line of `#END`, 0 when the file has none
        int contentAfterEndMarker = 0; // first non-blank line after `#END` (ignored), or 0

        bool ok() const { return errors.isEmpty(); }
        // The line of `path` or of its nearest ancestor that has one (0 if none).
        int lineOf(const QString &path) const;
    };

    static Document read(const QByteArray &text);

    // Block style with two-space indentation. Keys listed in `keyOrder` come first, in that
    // order, at every level; the rest follow alphabetically. Strings are quoted only when a plain
    // scalar would read back as something else.
    static QByteArray write(const QJsonValue &value, const QStringList &keyOrder = {});

    // The scalar as write() puts it (plain when safe, else double-quoted).
    static QString scalar(const QJsonValue &value);

private:
    YamlSubset() = delete;
};

} // namespace gatehouse
