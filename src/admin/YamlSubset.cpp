#include "YamlSubset.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace gatehouse {

namespace {

QString joinKey(const QString &path, const QString &key)
{
    return path.isEmpty() ? key : path + QLatin1Char('.') + key;
}

QString joinIndex(const QString &path, qsizetype index)
{
    return path + QLatin1Char('[') + QString::number(index) + QLatin1Char(']');
}

bool isBlank(QChar c)
{
    return c == QLatin1Char(' ') || c == QLatin1Char('\t');
}

// What a plain scalar means, or an error sentence when YAML readers disagree on it.
struct Plain
{
    QJsonValue value;
    QString error;
};

Plain resolvePlain(const QString &s)
{
    static const QStringList nulls = {QString(), QStringLiteral("~"), QStringLiteral("null"),
                                      QStringLiteral("Null"), QStringLiteral("NULL")};
    static const QStringList trues = {QStringLiteral("true"), QStringLiteral("True"),
                                      QStringLiteral("TRUE")};
    static const QStringList falses = {QStringLiteral("false"), QStringLiteral("False"),
                                       QStringLiteral("FALSE")};
    static const QRegularExpression yaml11Bool(
        QStringLiteral("^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"));
    static const QRegularExpression integer(QStringLiteral("^[-+]?[0-9]+$"));
    static const QRegularExpression radix(QStringLiteral("^[-+]?0[xXoObB][0-9a-fA-F_]+$"));
    static const QRegularExpression real(
        QStringLiteral("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$"));
    static const QRegularExpression special(QStringLiteral("^[-+]?\\.(inf|Inf|INF|nan|NaN|NAN)$"));

    if (nulls.contains(s))
        return {QJsonValue::Null, {}};
    if (trues.contains(s))
        return {true, {}};
    if (falses.contains(s))
        return {false, {}};
    if (yaml11Bool.match(s).hasMatch())
        return {{},
                QStringLiteral(
                    "\"%1\" is a boolean to some YAML readers and text to others: write true or "
                    "false, or quote it to keep it text")
                    .arg(s)};
    if (integer.match(s).hasMatch()) {
        const QStringView digits = QStringView(s).mid(s.front().isDigit() ? 0 : 1);
        if (digits.size() > 1 && digits.front() == QLatin1Char('0'))
            return {{},
                    QStringLiteral(
                        "\"%1\" is octal to some YAML readers and decimal to others: write it "
                        "without the leading zero, or quote it to keep it text")
                        .arg(s)};
        bool ok = false;
        const qint64 n = s.toLongLong(&ok);
        if (!ok)
            return {{},
                    QStringLiteral("the number %1 is too large: quote it to keep it text").arg(s)};
        return {QJsonValue(n), {}};
    }
    if (radix.match(s).hasMatch())
        return {{},
                QStringLiteral(
                    "\"%1\" is a hexadecimal, octal or binary number: write it in decimal, or "
                    "quote it to keep it text")
                    .arg(s)};
    if (real.match(s).hasMatch()) {
        bool ok = false;
        const double d = s.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return {
                {},
                QStringLiteral("the number %1 is out of range: quote it to keep it text").arg(s)};
        return {d, {}};
    }
    if (special.match(s).hasMatch())
        return {{},
                QStringLiteral(
                    "\"%1\" is infinity or not-a-number, which JSON cannot hold: quote it to keep "
                    "it text")
                    .arg(s)};
    return {s, {}};
}

// A sentence when `c` cannot start a plain scalar in the subset, else empty.
QString badPlainStart(QChar c)
{
    switch (c.unicode()) {
    case '&':
        return QStringLiteral("anchors (&name) are not supported: write the value out in full");
    case '*':
        return QStringLiteral(
            "aliases (*name) are not supported: write the value out in full, or quote it if "
            "it is text starting with \"*\"");
    case '!':
        return QStringLiteral(
            "tags (!tag) are not supported: write the value as it is, quoted if it must "
            "stay text");
    case '@':
    case '`':
    case '%':
    case ',':
    case ']':
    case '}':
        return QStringLiteral("a plain value cannot start with \"%1\": quote it").arg(c);
    default:
        return {};
    }
}

struct Line
{
    int number = 0;   // 1-based physical line
    int physical = 0; // index into the physical lines
    int indent = 0;   // column of the first character of `text`
    QString text;     // from the indentation on; comments still in place
};

// Parses one flow collection ([...] / {...}) held in `text`, which may span lines.
class FlowParser
{
public:
    struct Origin
    {
        qsizetype offset; // where this line's part starts in `text`
        int line;
        int column; // 0-based column of that part in its line
    };

    FlowParser(const QString &text, const QList<Origin> &origins, YamlSubset::Document &doc)
        : m_s(text), m_origins(origins), m_doc(doc)
    {}

    // Reads one value at the start; false when an error was reported.
    bool parse(const QString &path, QJsonValue &out)
    {
        out = value(path);
        if (m_failed)
            return false;
        skipSpace();
        if (m_pos < m_s.size()) {
            fail(QStringLiteral(
                "unexpected text after this value: remove it, or quote the whole value"));
            return false;
        }
        return true;
    }

private:
    void fail(const QString &message)
    {
        if (m_failed)
            return;
        m_failed = true;
        int line = m_origins.isEmpty() ? 0 : m_origins.first().line;
        int column = 0;
        for (const Origin &o : m_origins) {
            if (o.offset <= m_pos) {
                line = o.line;
                column = o.column + int(m_pos - o.offset);
            }
        }
        m_doc.errors.append({line, column + 1, message});
    }

    int lineAt(qsizetype pos) const
    {
        int line = m_origins.isEmpty() ? 0 : m_origins.first().line;
        for (const Origin &o : m_origins) {
            if (o.offset <= pos)
                line = o.line;
        }
        return line;
    }

    QChar peek() const { return m_pos < m_s.size() ? m_s.at(m_pos) : QChar(); }

    void skipSpace()
    {
        while (m_pos < m_s.size()) {
            const QChar c = m_s.at(m_pos);
            if (isBlank(c) || c == QLatin1Char('\n')) {
                ++m_pos;
            } else if (c == QLatin1Char('#') && (m_pos == 0 || isBlank(m_s.at(m_pos - 1)) ||
                                                 m_s.at(m_pos - 1) == QLatin1Char('\n'))) {
                while (m_pos < m_s.size() && m_s.at(m_pos) != QLatin1Char('\n'))
                    ++m_pos;
            } else {
                break;
            }
        }
    }

    static bool isFlowIndicator(QChar c)
    {
        return c == QLatin1Char(',') || c == QLatin1Char('[') || c == QLatin1Char(']') ||
               c == QLatin1Char('{') || c == QLatin1Char('}');
    }

    // A ':' that separates a key from its value in flow context.
    bool isValueIndicator(qsizetype pos) const
    {
        if (pos >= m_s.size() || m_s.at(pos) != QLatin1Char(':'))
            return false;
        if (pos + 1 >= m_s.size())
            return true;
        const QChar next = m_s.at(pos + 1);
        return isBlank(next) || next == QLatin1Char('\n') || isFlowIndicator(next);
    }

    QJsonValue value(const QString &path)
    {
        skipSpace();
        m_doc.lines.insert(path, lineAt(m_pos));
        const QChar c = peek();
        if (c == QLatin1Char('['))
            return sequence(path);
        if (c == QLatin1Char('{'))
            return mapping(path);
        if (c == QLatin1Char('"') || c == QLatin1Char('\''))
            return QJsonValue(quoted());
        return plain(false);
    }

    QString quoted()
    {
        const QChar quote = m_s.at(m_pos);
        const qsizetype start = m_pos;
        QString out;
        ++m_pos;
        while (m_pos < m_s.size()) {
            const QChar c = m_s.at(m_pos);
            if (c == QLatin1Char('\n')) {
                m_pos = start;
                fail(QStringLiteral(
                    "a quoted value must end on the line where it starts: close the quote"));
                return {};
            }
            if (quote == QLatin1Char('\'') && c == QLatin1Char('\'')) {
                if (m_pos + 1 < m_s.size() && m_s.at(m_pos + 1) == QLatin1Char('\'')) {
                    out += QLatin1Char('\'');
                    m_pos += 2;
                    continue;
                }
                ++m_pos;
                return out;
            }
            if (quote == QLatin1Char('"') && c == QLatin1Char('"')) {
                ++m_pos;
                return out;
            }
            if (quote == QLatin1Char('"') && c == QLatin1Char('\\')) {
                QString error;
                qsizetype consumed = 0;
                const QString decoded = unescape(QStringView(m_s).mid(m_pos), consumed, error);
                if (!error.isEmpty()) {
                    fail(error);
                    return {};
                }
                out += decoded;
                m_pos += consumed;
                continue;
            }
            out += c;
            ++m_pos;
        }
        m_pos = start;
        fail(QStringLiteral("this quoted value is never closed: add the closing %1").arg(quote));
        return {};
    }

public:
    // Decodes one escape sequence at the start of `s` (which begins with a backslash).
    static QString unescape(QStringView s, qsizetype &consumed, QString &error)
    {
        consumed = 2;
        if (s.size() < 2) {
            error = QStringLiteral("a backslash ends the text: write \\\\ for a backslash");
            return {};
        }
        const char16_t e = s.at(1).unicode();
        switch (e) {
        case '0':
            return QString(QChar(0));
        case 'a':
            return QStringLiteral("\a");
        case 'b':
            return QStringLiteral("\b");
        case 't':
        case '\t':
            return QStringLiteral("\t");
        case 'n':
            return QStringLiteral("\n");
        case 'v':
            return QStringLiteral("\v");
        case 'f':
            return QStringLiteral("\f");
        case 'r':
            return QStringLiteral("\r");
        case 'e':
            return QString(QChar(0x1b));
        case ' ':
            return QStringLiteral(" ");
        case '"':
            return QStringLiteral("\"");
        case '/':
            return QStringLiteral("/");
        case '\\':
            return QStringLiteral("\\");
        case 'N':
            return QString(QChar(0x85));
        case '_':
            return QString(QChar(0xa0));
        case 'L':
            return QString(QChar(0x2028));
        case 'P':
            return QString(QChar(0x2029));
        case 'x':
        case 'u':
        case 'U': {
            const int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
            bool ok = s.size() >= 2 + digits;
            const uint code = ok ? s.mid(2, digits).toUInt(&ok, 16) : 0;
            if (!ok || code > 0x10ffff) {
                error =
                    QStringLiteral("\\%1 needs %2 hexadecimal digits").arg(QChar(e)).arg(digits);
                return {};
            }
            consumed = 2 + digits;
            const char32_t ucs4 = code;
            return QString::fromUcs4(&ucs4, 1);
        }
        default:
            error =
                QStringLiteral("\"\\%1\" is not an escape YAML knows: write \\\\ for a backslash")
                    .arg(QChar(e));
            return {};
        }
    }

private:
    QJsonValue plain(bool isKey)
    {
        const qsizetype start = m_pos;
        const QString bad = m_pos < m_s.size() ? badPlainStart(m_s.at(m_pos)) : QString();
        if (!bad.isEmpty()) {
            fail(bad);
            return {};
        }
        while (m_pos < m_s.size()) {
            const QChar c = m_s.at(m_pos);
            if (isFlowIndicator(c) || c == QLatin1Char('\n') || isValueIndicator(m_pos))
                break;
            if (c == QLatin1Char('#') && m_pos > start && isBlank(m_s.at(m_pos - 1)))
                break;
            ++m_pos;
        }
        const QString text = m_s.mid(start, m_pos - start).trimmed();
        if (isKey)
            return text;
        if (text.isEmpty()) {
            m_pos = start;
            fail(QStringLiteral("a value is missing here"));
            return {};
        }
        const Plain p = resolvePlain(text);
        if (!p.error.isEmpty()) {
            m_pos = start;
            fail(p.error);
            return {};
        }
        return p.value;
    }

    QJsonValue sequence(const QString &path)
    {
        ++m_pos; // [
        QJsonArray out;
        while (!m_failed) {
            skipSpace();
            if (peek() == QLatin1Char(']')) {
                ++m_pos;
                break;
            }
            if (m_pos >= m_s.size()) {
                fail(QStringLiteral("this list is never closed: add \"]\""));
                break;
            }
            out.append(value(joinIndex(path, out.size())));
            if (m_failed)
                break;
            skipSpace();
            if (peek() == QLatin1Char(',')) {
                ++m_pos;
            } else if (peek() == QLatin1Char(']')) {
                ++m_pos;
                break;
            } else if (isValueIndicator(m_pos)) {
                fail(QStringLiteral(
                    "a \"key: value\" pair directly inside [ ] is not supported: write "
                    "[{key: value}]"));
            } else {
                fail(QStringLiteral("expected \",\" or \"]\" here"));
            }
        }
        return out;
    }

    QJsonValue mapping(const QString &path)
    {
        ++m_pos; // {
        QJsonObject out;
        while (!m_failed) {
            skipSpace();
            if (peek() == QLatin1Char('}')) {
                ++m_pos;
                break;
            }
            if (m_pos >= m_s.size()) {
                fail(QStringLiteral("this mapping is never closed: add \"}\""));
                break;
            }
            const qsizetype keyPos = m_pos;
            QString key;
            if (peek() == QLatin1Char('"') || peek() == QLatin1Char('\''))
                key = quoted();
            else if (peek() == QLatin1Char('[') || peek() == QLatin1Char('{'))
                fail(QStringLiteral("a list or mapping as a key is not supported: use a text key"));
            else
                key = plain(true).toString();
            if (m_failed)
                break;
            if (out.contains(key)) {
                m_pos = keyPos;
                fail(QStringLiteral("the key \"%1\" appears twice in this mapping").arg(key));
                break;
            }
            skipSpace();
            QJsonValue v = QJsonValue::Null;
            if (peek() == QLatin1Char(':')) {
                ++m_pos;
                skipSpace();
                if (peek() != QLatin1Char(',') && peek() != QLatin1Char('}'))
                    v = value(joinKey(path, key));
                if (m_failed)
                    break;
                skipSpace();
            }
            m_doc.lines.insert(joinKey(path, key), lineAt(keyPos));
            out.insert(key, v);
            if (peek() == QLatin1Char(',')) {
                ++m_pos;
            } else if (peek() == QLatin1Char('}')) {
                ++m_pos;
                break;
            } else {
                fail(QStringLiteral("expected \",\" or \"}\" here"));
            }
        }
        return out;
    }

    const QString &m_s;
    const QList<Origin> &m_origins;
    YamlSubset::Document &m_doc;
    qsizetype m_pos = 0;
    bool m_failed = false;
};

class BlockReader
{
public:
    BlockReader(const QStringList &physical, YamlSubset::Document &doc)
        : m_physical(physical), m_doc(doc)
    {}

    void run()
    {
        collectLines();
        qsizetype i = 0;
        if (i < m_lines.size() && m_lines[i].indent == 0 &&
            (m_lines[i].text == QLatin1String("---") ||
             m_lines[i].text.startsWith(QLatin1String("--- #")))) {
            ++i;
        }
        for (qsizetype k = i; k < m_lines.size(); ++k) {
            const Line &l = m_lines[k];
            if (l.indent != 0)
                continue;
            if (l.text == QLatin1String("---") || l.text.startsWith(QLatin1String("--- ")))
                error(l.number, 1,
                      QStringLiteral(
                          "a second YAML document starts here, or a document with a value after "
                          "\"---\": APISIX reads one document, so keep one"));
            else if (l.text == QLatin1String("..."))
                error(l.number, 1,
                      QStringLiteral("the document end marker \"...\" is not supported: end the "
                                     "file with #END"));
            else if (l.text.startsWith(QLatin1Char('%')))
                error(l.number, 1,
                      QStringLiteral(
                          "YAML directives (%YAML, %TAG) are not supported: remove the line"));
        }
        if (!m_doc.errors.isEmpty())
            return;
        if (i >= m_lines.size()) {
            m_doc.root = QJsonValue::Null;
            return;
        }
        const int rootIndent = m_lines[i].indent;
        m_doc.root = node(i, rootIndent, {}, -1);
        while (i < m_lines.size()) {
            error(m_lines[i].number, m_lines[i].indent + 1,
                  QStringLiteral("this line is indented less than the first line of the file"));
            skipDeeper(i, -1);
        }
    }

private:
    void error(int line, int column, const QString &message)
    {
        m_doc.errors.append({line, column, message});
    }

    void collectLines()
    {
        for (qsizetype p = 0; p < m_physical.size(); ++p) {
            const QString &raw = m_physical[p];
            if (raw == QLatin1String("#END") ||
                (raw.startsWith(QLatin1String("#END")) && raw.mid(4).trimmed().isEmpty())) {
                m_doc.endMarkerLine = int(p) + 1;
                for (qsizetype q = p + 1; q < m_physical.size(); ++q) {
                    if (!m_physical[q].trimmed().isEmpty()) {
                        m_doc.contentAfterEndMarker = int(q) + 1;
                        break;
                    }
                }
                m_physicalEnd = p;
                return;
            }
            qsizetype indent = 0;
            while (indent < raw.size() && isBlank(raw.at(indent)))
                ++indent;
            const QString text = raw.mid(indent);
            if (text.isEmpty() || text.startsWith(QLatin1Char('#')))
                continue;
            const qsizetype tab = raw.left(indent).indexOf(QLatin1Char('\t'));
            if (tab >= 0) {
                error(int(p) + 1, int(tab) + 1,
                      QStringLiteral("a tab indents this line: YAML indents with spaces only"));
                continue;
            }
            m_lines.append({int(p) + 1, int(p), int(indent), text});
        }
        m_physicalEnd = m_physical.size();
    }

    static bool isSequenceItem(const QString &text)
    {
        return text == QLatin1String("-") || text.startsWith(QLatin1String("- ")) ||
               text.startsWith(QLatin1String("-\t"));
    }

    static bool isEmptyOrComment(QStringView rest)
    {
        const QStringView t = rest.trimmed();
        return t.isEmpty() || t.startsWith(QLatin1Char('#'));
    }

    // Skips every line deeper than `indent` (the rest of a block that could not be read).
    void skipDeeper(qsizetype &i, int indent)
    {
        ++i;
        while (i < m_lines.size() && m_lines[i].indent > indent)
            ++i;
    }

    struct KeySplit
    {
        bool isKey = false;
        QString key;
        qsizetype valueOffset = 0; // in text, just after the ':'
        QString error;
    };

    static KeySplit splitKey(const QString &text)
    {
        KeySplit ks;
        if (text.isEmpty())
            return ks;
        const QChar first = text.front();
        if (first == QLatin1Char('?') && (text.size() == 1 || isBlank(text.at(1)))) {
            ks.error =
                QStringLiteral("complex keys (\"? \") are not supported: write \"key: value\"");
            return ks;
        }
        if (first == QLatin1Char('[') || first == QLatin1Char('{'))
            return ks;
        if (first == QLatin1Char('"') || first == QLatin1Char('\'')) {
            qsizetype pos = 1;
            QString key;
            bool closed = false;
            while (pos < text.size()) {
                const QChar c = text.at(pos);
                if (first == QLatin1Char('\'') && c == QLatin1Char('\'')) {
                    if (pos + 1 < text.size() && text.at(pos + 1) == QLatin1Char('\'')) {
                        key += c;
                        pos += 2;
                        continue;
                    }
                    closed = true;
                    ++pos;
                    break;
                }
                if (first == QLatin1Char('"') && c == QLatin1Char('"')) {
                    closed = true;
                    ++pos;
                    break;
                }
                if (first == QLatin1Char('"') && c == QLatin1Char('\\')) {
                    qsizetype consumed = 0;
                    QString err;
                    const QString d =
                        FlowParser::unescape(QStringView(text).mid(pos), consumed, err);
                    if (!err.isEmpty())
                        return ks; // reported when read as a value
                    key += d;
                    pos += consumed;
                    continue;
                }
                key += c;
                ++pos;
            }
            if (!closed)
                return ks;
            qsizetype after = pos;
            while (after < text.size() && isBlank(text.at(after)))
                ++after;
            if (after < text.size() && text.at(after) == QLatin1Char(':') &&
                (after + 1 == text.size() || isBlank(text.at(after + 1)))) {
                ks.isKey = true;
                ks.key = key;
                ks.valueOffset = after + 1;
            }
            return ks;
        }
        for (qsizetype j = 0; j < text.size(); ++j) {
            const QChar c = text.at(j);
            if (c == QLatin1Char('#') && j > 0 && isBlank(text.at(j - 1)))
                break;
            if (c == QLatin1Char(':') && (j + 1 == text.size() || isBlank(text.at(j + 1)))) {
                ks.isKey = true;
                ks.key = text.left(j).trimmed();
                ks.valueOffset = j + 1;
                if (ks.key.isEmpty()) {
                    ks.error = QStringLiteral("a key is missing before \":\"");
                } else {
                    const QString bad = badPlainStart(ks.key.front());
                    if (!bad.isEmpty())
                        ks.error = bad;
                }
                return ks;
            }
        }
        return ks;
    }

    QJsonValue node(qsizetype &i, int indent, const QString &path, int parentIndent)
    {
        const Line &l = m_lines[i];
        if (isSequenceItem(l.text))
            return sequence(i, indent, path);
        const KeySplit ks = splitKey(l.text);
        if (!ks.error.isEmpty()) {
            error(l.number, l.indent + 1, ks.error);
            skipDeeper(i, parentIndent);
            return {};
        }
        if (ks.isKey)
            return mapping(i, indent, path);
        m_doc.lines.insert(path, l.number);
        const QJsonValue v = inlineValue(i, l.text, l.indent, path, parentIndent);
        checkNoContinuation(i, parentIndent, l.number);
        return v;
    }

    // After a one-line value, a deeper line can only be a mistake.
    void checkNoContinuation(qsizetype &i, int parentIndent, int valueLine)
    {
        if (i < m_lines.size() && m_lines[i].indent > parentIndent) {
            error(
                m_lines[i].number, m_lines[i].indent + 1,
                QStringLiteral(
                    "this line is indented under the value on line %1, which already ended: a "
                    "plain "
                    "value must fit on one line (quote it, or use | for text over several lines), "
                    "or the indentation is wrong")
                    .arg(valueLine));
            while (i < m_lines.size() && m_lines[i].indent > parentIndent)
                ++i;
        }
    }

    QJsonValue mapping(qsizetype &i, int indent, const QString &path)
    {
        QJsonObject out;
        QHash<QString, int> keyLines;
        while (i < m_lines.size()) {
            const Line l = m_lines[i];
            if (l.indent < indent)
                break;
            if (l.indent > indent) {
                error(l.number, l.indent + 1,
                      QStringLiteral(
                          "this line's indentation matches no key above it: align it with the keys "
                          "it belongs to, or put it under a key that ends with \":\""));
                skipDeeper(i, indent);
                continue;
            }
            if (isSequenceItem(l.text)) {
                error(l.number, l.indent + 1,
                      QStringLiteral("a list item (\"- \") where a key was expected: indent the "
                                     "list under the key "
                                     "it belongs to"));
                skipDeeper(i, indent);
                continue;
            }
            const KeySplit ks = splitKey(l.text);
            if (!ks.error.isEmpty() || !ks.isKey) {
                error(
                    l.number, l.indent + 1,
                    ks.error.isEmpty()
                        ? QStringLiteral("expected \"key: value\" here (a key followed by \": \")")
                        : ks.error);
                skipDeeper(i, indent);
                continue;
            }
            const QString childPath = joinKey(path, ks.key);
            if (keyLines.contains(ks.key)) {
                error(
                    l.number, l.indent + 1,
                    QStringLiteral(
                        "the key \"%1\" appears twice in this mapping (first on line %2): keep one")
                        .arg(ks.key)
                        .arg(keyLines.value(ks.key)));
                skipDeeper(i, indent);
                continue;
            }
            keyLines.insert(ks.key, l.number);
            m_doc.lines.insert(childPath, l.number);
            const QString rest = l.text.mid(ks.valueOffset);
            QJsonValue v = QJsonValue::Null;
            if (isEmptyOrComment(rest)) {
                ++i;
                if (i < m_lines.size() && m_lines[i].indent > indent)
                    v = node(i, m_lines[i].indent, childPath, indent);
                else if (i < m_lines.size() && m_lines[i].indent == indent &&
                         isSequenceItem(m_lines[i].text))
                    v = sequence(i, indent, childPath);
            } else {
                qsizetype lead = 0;
                while (lead < rest.size() && isBlank(rest.at(lead)))
                    ++lead;
                v = inlineValue(i, rest.mid(lead), l.indent + int(ks.valueOffset + lead), childPath,
                                indent);
                checkNoContinuation(i, indent, l.number);
            }
            out.insert(ks.key, v);
        }
        return out;
    }

    QJsonValue sequence(qsizetype &i, int indent, const QString &path)
    {
        QJsonArray out;
        while (i < m_lines.size()) {
            const Line l = m_lines[i];
            if (l.indent < indent)
                break;
            if (l.indent > indent) {
                error(
                    l.number, l.indent + 1,
                    QStringLiteral(
                        "this line's indentation matches no list item above it: align it with the "
                        "\"- \" of its list"));
                skipDeeper(i, indent);
                continue;
            }
            if (!isSequenceItem(l.text))
                break;
            const QString itemPath = joinIndex(path, out.size());
            m_doc.lines.insert(itemPath, l.number);
            qsizetype lead = 1;
            while (lead < l.text.size() && isBlank(l.text.at(lead)))
                ++lead;
            if (isEmptyOrComment(QStringView(l.text).mid(1))) {
                ++i;
                if (i < m_lines.size() && m_lines[i].indent > indent)
                    out.append(node(i, m_lines[i].indent, itemPath, indent));
                else
                    out.append(QJsonValue::Null);
                continue;
            }
            // "- key: value" and "- - x": the item's content starts where its text does.
            m_lines[i].indent = l.indent + int(lead);
            m_lines[i].text = l.text.mid(lead);
            out.append(node(i, m_lines[i].indent, itemPath, indent));
        }
        return out;
    }

    // A value that starts on this line at `column`: quoted, plain, flow or block scalar.
    QJsonValue inlineValue(qsizetype &i, const QString &text, int column, const QString &path,
                           int parentIndent)
    {
        const Line &l = m_lines[i];
        const QChar c = text.front();
        if (c == QLatin1Char('[') || c == QLatin1Char('{'))
            return flow(i, text, column, path, parentIndent);
        if (c == QLatin1Char('|') || c == QLatin1Char('>'))
            return blockScalar(i, text, column, parentIndent);
        const int lineNumber = l.number;
        ++i;
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            QList<FlowParser::Origin> origins{{0, lineNumber, column}};
            QString quotedText = text;
            // The flow parser reads one quoted scalar and insists nothing but a comment follows.
            FlowParser parser(quotedText, origins, m_doc);
            QJsonValue v;
            parser.parse(path, v);
            m_doc.lines.insert(path, lineNumber);
            return v;
        }
        if (c == QLatin1Char('-') && (text.size() == 1 || isBlank(text.at(1)))) {
            error(lineNumber, column + 1,
                  QStringLiteral("a list cannot start on the line of its key: put each \"- item\" "
                                 "on its own line "
                                 "below, or write [a, b]"));
            return {};
        }
        if (c == QLatin1Char('?') && (text.size() == 1 || isBlank(text.at(1)))) {
            error(lineNumber, column + 1,
                  QStringLiteral("complex keys (\"? \") are not supported"));
            return {};
        }
        const QString bad = badPlainStart(c);
        if (!bad.isEmpty()) {
            error(lineNumber, column + 1, bad);
            return {};
        }
        qsizetype end = text.size();
        for (qsizetype j = 1; j < text.size(); ++j) {
            if (text.at(j) == QLatin1Char('#') && isBlank(text.at(j - 1))) {
                end = j;
                break;
            }
        }
        const QString plainText = text.left(end).trimmed();
        for (qsizetype j = 0; j + 1 < plainText.size(); ++j) {
            if (plainText.at(j) == QLatin1Char(':') && isBlank(plainText.at(j + 1))) {
                error(
                    lineNumber, column + int(j) + 1,
                    QStringLiteral(
                        "a plain value cannot contain \": \" (it would start a mapping): quote the "
                        "value"));
                return {};
            }
        }
        if (plainText.endsWith(QLatin1Char(':'))) {
            error(lineNumber, column + int(plainText.size()),
                  QStringLiteral("a plain value cannot end with \":\" (it would start a mapping): "
                                 "quote the value"));
            return {};
        }
        const Plain p = resolvePlain(plainText);
        if (!p.error.isEmpty()) {
            error(lineNumber, column + 1, p.error);
            return {};
        }
        return p.value;
    }

    // Counts [ and { against ] and } in one line, outside quotes and comments.
    static int depthChange(const QString &text, bool &unterminatedQuote)
    {
        int depth = 0;
        QChar quote;
        for (qsizetype j = 0; j < text.size(); ++j) {
            const QChar c = text.at(j);
            if (!quote.isNull()) {
                if (quote == QLatin1Char('"') && c == QLatin1Char('\\'))
                    ++j;
                else if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == QLatin1Char('#') && (j == 0 || isBlank(text.at(j - 1))))
                break;
            if (c == QLatin1Char('"') || c == QLatin1Char('\''))
                quote = c;
            else if (c == QLatin1Char('[') || c == QLatin1Char('{'))
                ++depth;
            else if (c == QLatin1Char(']') || c == QLatin1Char('}'))
                --depth;
        }
        unterminatedQuote = !quote.isNull();
        return depth;
    }

    QJsonValue flow(qsizetype &i, const QString &text, int column, const QString &path,
                    int parentIndent)
    {
        const int startLine = m_lines[i].number;
        QString joined = text;
        QList<FlowParser::Origin> origins{{0, startLine, column}};
        bool unterminated = false;
        int depth = depthChange(text, unterminated);
        ++i;
        // Inside brackets indentation does not matter to YAML readers, but a line that is not
        // indented and does not close the collection more likely means a bracket was forgotten.
        auto continues = [&](const Line &l) {
            return l.indent > parentIndent || l.text.startsWith(QLatin1Char(']')) ||
                   l.text.startsWith(QLatin1Char('}'));
        };
        while (depth > 0 && !unterminated && i < m_lines.size() && continues(m_lines[i])) {
            joined += QLatin1Char('\n');
            origins.append({joined.size(), m_lines[i].number, m_lines[i].indent});
            joined += m_lines[i].text;
            depth += depthChange(m_lines[i].text, unterminated);
            ++i;
        }
        if (depth > 0 && !unterminated) {
            error(startLine, column + 1,
                  QStringLiteral("the %1 opened here is never closed: add the closing %2")
                      .arg(text.front())
                      .arg(text.front() == QLatin1Char('[') ? QLatin1Char(']') : QLatin1Char('}')));
            return {};
        }
        FlowParser parser(joined, origins, m_doc);
        QJsonValue v;
        parser.parse(path, v);
        m_doc.lines.insert(path, startLine);
        return v;
    }

    QJsonValue blockScalar(qsizetype &i, const QString &text, int column, int parentIndent)
    {
        const Line header = m_lines[i];
        const QChar style = text.front();
        QString indicators = text.mid(1);
        const qsizetype hash = indicators.indexOf(QLatin1Char('#'));
        if (hash >= 0)
            indicators = indicators.left(hash);
        indicators = indicators.trimmed();
        QChar chomp;
        if (indicators == QLatin1String("-") || indicators == QLatin1String("+")) {
            chomp = indicators.front();
        } else if (!indicators.isEmpty()) {
            error(header.number, column + 2,
                  indicators.contains(QRegularExpression(QStringLiteral("[0-9]")))
                      ? QStringLiteral("an explicit indentation indicator (such as |2) is not "
                                       "supported: indent the "
                                       "text evenly instead")
                      : QStringLiteral("after %1 only \"-\" or \"+\" may follow on the same line")
                            .arg(style));
            skipDeeper(i, parentIndent);
            return {};
        }

        QStringList body;
        int contentIndent = -1;
        qsizetype p = header.physical + 1;
        for (; p < m_physicalEnd; ++p) {
            const QString &raw = m_physical[p];
            if (raw.trimmed().isEmpty()) {
                body.append(QString());
                continue;
            }
            qsizetype ind = 0;
            while (ind < raw.size() && raw.at(ind) == QLatin1Char(' '))
                ++ind;
            if (ind <= parentIndent)
                break;
            if (contentIndent < 0)
                contentIndent = int(ind);
            if (ind < contentIndent) {
                error(
                    int(p) + 1, int(ind) + 1,
                    QStringLiteral(
                        "this line is indented less than the first line of the text that starts on "
                        "line %1: indent the text evenly")
                        .arg(header.number));
                break;
            }
            body.append(raw.mid(contentIndent));
        }
        while (i < m_lines.size() && m_lines[i].physical < p)
            ++i;
        while (i < m_lines.size() && m_lines[i].indent > parentIndent) // after an error above
            ++i;

        int trailing = 0;
        while (!body.isEmpty() && body.last().isEmpty()) {
            body.removeLast();
            ++trailing;
        }
        QString out;
        if (style == QLatin1Char('|')) {
            out = body.join(QLatin1Char('\n'));
        } else {
            bool first = true;
            bool previousNormal = false;
            int pendingBreaks = 0;
            for (const QString &line : std::as_const(body)) {
                if (line.isEmpty()) {
                    ++pendingBreaks;
                    continue;
                }
                const bool normal =
                    !line.startsWith(QLatin1Char(' ')) && !line.startsWith(QLatin1Char('\t'));
                if (first)
                    out += QString(pendingBreaks, QLatin1Char('\n'));
                else if (pendingBreaks > 0)
                    out += QString(pendingBreaks + (previousNormal && normal ? 0 : 1),
                                   QLatin1Char('\n'));
                else
                    out += previousNormal && normal ? QLatin1Char(' ') : QLatin1Char('\n');
                out += line;
                first = false;
                previousNormal = normal;
                pendingBreaks = 0;
            }
        }
        if (body.isEmpty())
            return chomp == QLatin1Char('+') ? QString(trailing, QLatin1Char('\n')) : QString();
        if (chomp == QLatin1Char('-'))
            return out;
        if (chomp == QLatin1Char('+'))
            return QString(out + QString(trailing + 1, QLatin1Char('\n')));
        return QString(out + QLatin1Char('\n'));
    }

    const QStringList &m_physical;
    qsizetype m_physicalEnd = 0;
    YamlSubset::Document &m_doc;
    QList<Line> m_lines;
};

// --- Writing ---

bool plainIsSafe(const QString &s)
{
    if (s.isEmpty() || s != s.trimmed())
        return false;
    static const QString indicators = QStringLiteral("-?:,[]{}#&*!|>'\"%@`~");
    if (indicators.contains(s.front()))
        return false;
    if (s.contains(QLatin1String(": ")) || s.contains(QLatin1String(" #")) ||
        s.endsWith(QLatin1Char(':')))
        return false;
    for (const QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029 || u == 0xfeff ||
            c.isSurrogate())
            return false;
    }
    const Plain p = resolvePlain(s);
    return p.error.isEmpty() && p.value.isString() && p.value.toString() == s;
}

QString doubleQuoted(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (qsizetype k = 0; k < s.size(); ++k) {
        const QChar c = s.at(k);
        const char16_t u = c.unicode();
        switch (u) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            if (u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029 || u == 0xfeff)
                out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QStringList orderedKeys(const QJsonObject &object, const QStringList &keyOrder)
{
    QStringList keys;
    for (const QString &k : keyOrder) {
        if (object.contains(k))
            keys << k;
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!keyOrder.contains(it.key()))
            keys << it.key();
    }
    return keys;
}

bool isNonEmptyCollection(const QJsonValue &v)
{
    return (v.isObject() && !v.toObject().isEmpty()) || (v.isArray() && !v.toArray().isEmpty());
}

void writeValue(QString &out, const QJsonValue &v, int indent, const QStringList &keyOrder);

// Writes a collection as the content of a "- " item: its first line goes after the dash.
void writeItem(QString &out, const QJsonValue &v, int indent, const QStringList &keyOrder)
{
    QString nested;
    writeValue(nested, v, indent + 2, keyOrder);
    out += QString(indent, QLatin1Char(' ')) + QLatin1String("- ") + nested.mid(indent + 2);
}

void writeValue(QString &out, const QJsonValue &v, int indent, const QStringList &keyOrder)
{
    const QString pad(indent, QLatin1Char(' '));
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (const QString &key : orderedKeys(o, keyOrder)) {
            const QJsonValue child = o.value(key);
            out += pad + YamlSubset::scalar(key) + QLatin1Char(':');
            if (isNonEmptyCollection(child)) {
                out += QLatin1Char('\n');
                writeValue(out, child, indent + 2, keyOrder);
            } else {
                out += QLatin1Char(' ') + YamlSubset::scalar(child) + QLatin1Char('\n');
            }
        }
    } else if (v.isArray()) {
        for (const QJsonValue &item : v.toArray()) {
            if (isNonEmptyCollection(item))
                writeItem(out, item, indent, keyOrder);
            else
                out += pad + QLatin1String("- ") + YamlSubset::scalar(item) + QLatin1Char('\n');
        }
    } else {
        out += pad + YamlSubset::scalar(v) + QLatin1Char('\n');
    }
}

} // namespace

int YamlSubset::Document::lineOf(const QString &path) const
{
    QString p = path;
    while (!p.isEmpty()) {
        const auto it = lines.constFind(p);
        if (it != lines.cend())
            return it.value();
        const qsizetype cut =
            std::max(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            break;
        p.truncate(cut);
    }
    return lines.value(p, 0);
}

YamlSubset::Document YamlSubset::read(const QByteArray &text)
{
    Document doc;
    QString s = QString::fromUtf8(text);
    if (s.startsWith(QChar(0xfeff)))
        s.remove(0, 1);
    s.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    const QStringList physical = s.split(QLatin1Char('\n'));
    BlockReader reader(physical, doc);
    reader.run();
    std::sort(doc.errors.begin(), doc.errors.end(), [](const Error &a, const Error &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return doc;
}

QString YamlSubset::scalar(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0)
            return QString::number(qint64(d));
        QString n = QString::number(d, 'g', QLocale::FloatingPointShortest);
        if (!n.contains(QLatin1Char('.')) && !n.contains(QLatin1Char('e')))
            n += QLatin1String(".0");
        return n;
    }
    case QJsonValue::String: {
        const QString s = value.toString();
        return plainIsSafe(s) ? s : doubleQuoted(s);
    }
    case QJsonValue::Array:
        return QStringLiteral("[]"); // only reached for empty collections
    case QJsonValue::Object:
        return QStringLiteral("{}");
    }
    return {};
}

QByteArray YamlSubset::write(const QJsonValue &value, const QStringList &keyOrder)
{
    QString out;
    if (isNonEmptyCollection(value))
        writeValue(out, value, 0, keyOrder);
    else
        out = scalar(value) + QLatin1Char('\n');
    return out.toUtf8();
}

} // namespace gatehouse
