#pragma once

#include <QHash>
#include <QString>

namespace gatehouse {

// Finds where a JSON path such as "plugins.ai-proxy-multi.instances[1].priority" sits in a JSON
// text, so an error can point at its line. Tolerant: a text that does not parse still maps
// whatever came before the problem.
class JsonLocator
{
public:
    explicit JsonLocator(const QString &text);

    // 1-based line of the path, or of its nearest ancestor that is there; 0 when none is.
    int lineOf(const QString &path) const;
    // 1-based line and column of a UTF-8 byte offset (QJsonParseError::offset).
    static QPair<int, int> lineAndColumnOfUtf8Offset(const QString &text, int offset);

private:
    void value(const QString &path);
    void skipSpace();
    bool string(QString *out);
    int line() const;

    QString m_text;
    qsizetype m_pos = 0;
    QHash<QString, int> m_lines;
    bool m_failed = false;
};

} // namespace gatehouse
