#include "ShellWords.h"

namespace gatehouse {

namespace {

bool isNameStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || (c >= QLatin1Char('0') && c <= QLatin1Char('9'));
}

class Splitter
{
public:
    Splitter(const QString &text, const ShellWords::Environment &env, ShellWords::Result &result)
        : m_s(text), m_env(env), m_result(result)
    {}

    // Reads one command from `pos`; returns where the next one may start. `line` follows along.
    qsizetype command(qsizetype pos, int &line)
    {
        m_pos = pos;
        m_line = line;
        ShellWords::Command cmd;
        bool ended = false;
        while (m_pos < m_s.size() && !ended && !m_failed) {
            const QChar c = m_s.at(m_pos);
            if (c == QLatin1Char('\\')) {
                if (m_pos + 1 < m_s.size() && m_s.at(m_pos + 1) == QLatin1Char('\n')) {
                    m_pos += 2; // sh removes backslash-newline: the command goes on
                    ++m_line;
                    continue;
                }
                startWord();
                if (m_pos + 1 < m_s.size())
                    m_word.text += m_s.at(m_pos + 1);
                m_pos += 2;
            } else if (c == QLatin1Char('\'')) {
                startWord();
                singleQuoted();
            } else if (c == QLatin1Char('"')) {
                startWord();
                doubleQuoted();
            } else if (c == QLatin1Char('$')) {
                startWord();
                dollar();
            } else if (c == QLatin1Char('`')) {
                fail(QStringLiteral(
                    "command substitution (`...`) is not supported: paste the command's output "
                    "instead"));
            } else if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r')) {
                endWord(cmd);
                ++m_pos;
            } else if (c == QLatin1Char('\n')) {
                endWord(cmd);
                ++m_pos;
                ++m_line;
                ended = true;
            } else if (c == QLatin1Char(';') || c == QLatin1Char('&') || c == QLatin1Char('|')) {
                endWord(cmd);
                ++m_pos;
                if (m_pos < m_s.size() &&
                    (m_s.at(m_pos) == QLatin1Char('&') || m_s.at(m_pos) == QLatin1Char('|')))
                    ++m_pos;
                ended = true;
            } else if (c == QLatin1Char('#') && !m_inWord) {
                while (m_pos < m_s.size() && m_s.at(m_pos) != QLatin1Char('\n'))
                    ++m_pos;
            } else {
                startWord();
                m_word.text += c;
                ++m_pos;
            }
        }
        if (!m_failed)
            endWord(cmd);
        if (!cmd.words.isEmpty() && !m_failed) {
            cmd.line = cmd.words.first().line;
            m_result.commands.append(cmd);
        }
        line = m_line;
        return m_pos;
    }

    bool failed() const { return m_failed; }

private:
    void fail(const QString &message)
    {
        m_result.errors.append({m_line, message});
        m_failed = true;
    }

    void startWord()
    {
        if (!m_inWord) {
            m_inWord = true;
            m_word = {};
            m_word.line = m_line;
        }
    }

    void endWord(ShellWords::Command &cmd)
    {
        if (m_inWord)
            cmd.words.append(m_word);
        m_inWord = false;
    }

    void singleQuoted()
    {
        const int startLine = m_line;
        const qsizetype close = m_s.indexOf(QLatin1Char('\''), m_pos + 1);
        if (close < 0) {
            m_line = startLine;
            fail(QStringLiteral(
                "the single quote (') opened on this line is never closed: close it"));
            return;
        }
        const QString inside = m_s.mid(m_pos + 1, close - m_pos - 1);
        m_line += int(inside.count(QLatin1Char('\n')));
        m_word.text += inside;
        m_pos = close + 1;
    }

    void doubleQuoted()
    {
        const int startLine = m_line;
        ++m_pos;
        while (m_pos < m_s.size() && !m_failed) {
            const QChar c = m_s.at(m_pos);
            if (c == QLatin1Char('"')) {
                ++m_pos;
                return;
            }
            if (c == QLatin1Char('\\') && m_pos + 1 < m_s.size()) {
                const QChar next = m_s.at(m_pos + 1);
                if (next == QLatin1Char('\n')) {
                    ++m_line;
                } else if (next == QLatin1Char('$') || next == QLatin1Char('`') ||
                           next == QLatin1Char('"') || next == QLatin1Char('\\')) {
                    m_word.text += next;
                } else {
                    m_word.text += c;
                    m_word.text += next;
                }
                m_pos += 2;
            } else if (c == QLatin1Char('$')) {
                dollar();
            } else if (c == QLatin1Char('`')) {
                fail(QStringLiteral(
                    "command substitution (`...`) is not supported: paste the command's output "
                    "instead"));
            } else {
                if (c == QLatin1Char('\n'))
                    ++m_line;
                m_word.text += c;
                ++m_pos;
            }
        }
        if (!m_failed) {
            m_line = startLine;
            fail(QStringLiteral(
                "the double quote (\") opened on this line is never closed: close it"));
        }
    }

    void expand(const QString &name, const QString &asWritten,
                const std::optional<QString> &fallback)
    {
        if (m_env && m_env->contains(name) && !(fallback && m_env->value(name).isEmpty())) {
            m_word.text += m_env->value(name);
        } else if (fallback) {
            m_word.text += *fallback;
        } else {
            m_word.text += asWritten;
            if (!m_word.unexpanded.contains(name))
                m_word.unexpanded << name;
        }
    }

    void dollar()
    {
        const qsizetype start = m_pos;
        const QChar next = m_pos + 1 < m_s.size() ? m_s.at(m_pos + 1) : QChar();
        if (next == QLatin1Char('(')) {
            fail(QStringLiteral(
                "command substitution ($(...)) is not supported: paste the command's output "
                "instead"));
            return;
        }
        if (next == QLatin1Char('\'')) {
            fail(QStringLiteral("$'...' quoting is not supported: use '...' or \"...\""));
            return;
        }
        if (next == QLatin1Char('{')) {
            const qsizetype close = m_s.indexOf(QLatin1Char('}'), m_pos + 2);
            if (close < 0) {
                fail(QStringLiteral("the ${ opened on this line is never closed: add }"));
                return;
            }
            const QString inner = m_s.mid(m_pos + 2, close - m_pos - 2);
            qsizetype n = 0;
            while (n < inner.size() && isNameChar(inner.at(n)))
                ++n;
            const QString name = inner.left(n);
            const QString op = inner.mid(n);
            m_pos = close + 1;
            if (name.isEmpty() || !isNameStart(name.front())) {
                fail(QStringLiteral("${%1} is not a variable this reader understands: write $NAME")
                         .arg(inner));
                return;
            }
            if (op.isEmpty())
                expand(name, m_s.mid(start, m_pos - start), std::nullopt);
            else if (op.startsWith(QLatin1String(":-")))
                expand(name, {}, op.mid(2));
            else
                fail(QStringLiteral("${%1} is not supported: write $%2 or ${%2:-default}")
                         .arg(inner, name));
            return;
        }
        if (!next.isNull() && isNameStart(next)) {
            qsizetype end = m_pos + 1;
            while (end < m_s.size() && isNameChar(m_s.at(end)))
                ++end;
            const QString name = m_s.mid(m_pos + 1, end - m_pos - 1);
            m_pos = end;
            expand(name, QLatin1Char('$') + name, std::nullopt);
            return;
        }
        m_word.text += QLatin1Char('$'); // "$1", "$?", a lone "$": kept as text
        ++m_pos;
    }

    const QString &m_s;
    const ShellWords::Environment &m_env;
    ShellWords::Result &m_result;
    qsizetype m_pos = 0;
    int m_line = 1;
    bool m_failed = false;
    bool m_inWord = false;
    ShellWords::Word m_word;
};

QString normalized(const QString &text)
{
    QString s = text;
    s.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return s;
}

} // namespace

ShellWords::Result ShellWords::split(const QString &text, const Environment &environment)
{
    Result result;
    const QString s = normalized(text);
    qsizetype pos = 0;
    int line = 1;
    while (pos < s.size()) {
        Splitter splitter(s, environment, result);
        pos = splitter.command(pos, line);
        if (splitter.failed())
            break;
    }
    return result;
}

ShellWords::Result ShellWords::findCommands(const QString &text, const QString &program,
                                            const Environment &environment)
{
    Result result;
    const QString s = normalized(text);
    qsizetype pos = 0;
    int line = 1;
    while (pos < s.size()) {
        qsizetype start = pos;
        while (start < s.size() &&
               (s.at(start) == QLatin1Char(' ') || s.at(start) == QLatin1Char('\t')))
            ++start;
        if (s.mid(start, 2) == QLatin1String("$ "))
            start += 2;
        const qsizetype after = start + program.size();
        const bool isCommand =
            s.mid(start, program.size()) == program &&
            (after == s.size() || s.at(after) == QLatin1Char(' ') ||
             s.at(after) == QLatin1Char('\t') || s.at(after) == QLatin1Char('\\') ||
             s.at(after) == QLatin1Char('\n'));
        if (isCommand) {
            Splitter splitter(s, environment, result);
            const int commandLine = line;
            pos = splitter.command(start, line);
            if (splitter.failed()) {
                // Skip the rest of this line and read on: another command may still be fine.
                line = commandLine;
                pos = start;
            } else {
                // The command ended at ;, && or |: what follows on its line is another program.
                if (pos > 0 && pos <= s.size() && s.at(pos - 1) != QLatin1Char('\n')) {
                    const qsizetype eol = s.indexOf(QLatin1Char('\n'), pos);
                    pos = eol < 0 ? s.size() : eol + 1;
                    if (eol >= 0)
                        ++line;
                }
                continue;
            }
        }
        const qsizetype eol = s.indexOf(QLatin1Char('\n'), pos);
        if (eol < 0)
            break;
        pos = eol + 1;
        ++line;
    }
    return result;
}

QString ShellWords::quote(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

} // namespace gatehouse
