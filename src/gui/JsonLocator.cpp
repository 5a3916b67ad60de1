#include "JsonLocator.h"

namespace gatehouse {

JsonLocator::JsonLocator(const QString &text) : m_text(text)
{
    skipSpace();
    value({});
}

int JsonLocator::line() const
{
    return int(QStringView(m_text).left(m_pos).count(QLatin1Char('\n'))) + 1;
}

void JsonLocator::skipSpace()
{
    while (m_pos < m_text.size() && m_text[m_pos].isSpace())
        ++m_pos;
}

bool JsonLocator::string(QString *out)
{
    if (m_pos >= m_text.size() || m_text[m_pos] != QLatin1Char('"'))
        return false;
    ++m_pos;
    QString s;
    while (m_pos < m_text.size()) {
        const QChar c = m_text[m_pos++];
        if (c == QLatin1Char('"')) {
            if (out)
                *out = s;
            return true;
        }
        if (c == QLatin1Char('\\') && m_pos < m_text.size()) {
            // Keys with escapes are rare here; keep the escaped character as is.
            s += m_text[m_pos++];
            continue;
        }
        s += c;
    }
    return false;
}

void JsonLocator::value(const QString &path)
{
    if (m_failed || m_pos >= m_text.size()) {
        m_failed = true;
        return;
    }
    if (!m_lines.contains(path))
        m_lines.insert(path, line());
    const QChar c = m_text[m_pos];
    if (c == QLatin1Char('{')) {
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char('}')) {
            ++m_pos;
            return;
        }
        while (!m_failed) {
            skipSpace();
            const int keyLine = line();
            QString key;
            if (!string(&key)) {
                m_failed = true;
                return;
            }
            const QString child = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            m_lines.insert(child, keyLine);
            skipSpace();
            if (m_pos >= m_text.size() || m_text[m_pos] != QLatin1Char(':')) {
                m_failed = true;
                return;
            }
            ++m_pos;
            skipSpace();
            value(child);
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char(',')) {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char('}'))
                ++m_pos;
            else
                m_failed = true;
            return;
        }
    } else if (c == QLatin1Char('[')) {
        ++m_pos;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char(']')) {
            ++m_pos;
            return;
        }
        for (int i = 0; !m_failed; ++i) {
            skipSpace();
            value(path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']'));
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char(',')) {
                ++m_pos;
                continue;
            }
            if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char(']'))
                ++m_pos;
            else
                m_failed = true;
            return;
        }
    } else if (c == QLatin1Char('"')) {
        if (!string(nullptr))
            m_failed = true;
    } else {
        // number, true, false, null
        while (m_pos < m_text.size() && !m_text[m_pos].isSpace() &&
               m_text[m_pos] != QLatin1Char(',') && m_text[m_pos] != QLatin1Char('}') &&
               m_text[m_pos] != QLatin1Char(']'))
            ++m_pos;
    }
}

int JsonLocator::lineOf(const QString &path) const
{
    QString p = path;
    while (true) {
        const auto it = m_lines.constFind(p);
        if (it != m_lines.cend())
            return *it;
        if (p.isEmpty())
            return 0;
        const qsizetype dot = p.lastIndexOf(QLatin1Char('.'));
        const qsizetype bracket = p.lastIndexOf(QLatin1Char('['));
        const qsizetype cut = qMax(dot, bracket);
        p = cut < 0 ? QString() : p.left(cut);
    }
}

QPair<int, int> JsonLocator::lineAndColumnOfUtf8Offset(const QString &text, int offset)
{
    const QString before = QString::fromUtf8(text.toUtf8().left(offset));
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
    return {line, column};
}

} // namespace gatehouse
