#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace gatehouse {

// Shell command lines as people paste them from a guide, split into words the way sh would:
// backslash-newline continuations, '...' and "..." quoting (including the guide's
// '..."'"$VAR"'"...' splicing), $VAR and ${VAR} (${VAR:-default} too) from an optional
// environment, and several commands separated by newlines, ;, && or |. A variable that is not
// in the environment (or when none is given) stays as its text, and the word says so. Command
// substitution ($(...), `...`) and $'...' quoting are refused with a sentence. Pure.
class ShellWords final
{
public:
    struct Word
    {
        QString text;
        int line = 0;           // 1-based line where the word starts
        QStringList unexpanded; // variables left as text in this word
    };

    struct Command
    {
        QList<Word> words;
        int line = 0; // 1-based line of the first word
    };

    struct Error
    {
        int line = 0;
        QString message;
    };

    struct Result
    {
        QList<Command> commands;
        QList<Error> errors;
    };

    using Environment = std::optional<QHash<QString, QString>>;

    // Every command whose first word is `program` at the start of a line (after optional
    // blanks and a "$ " prompt); text that is not such a command is ignored, so a whole
    // guide can be pasted.
    static Result findCommands(const QString &text, const QString &program,
                               const Environment &environment);

    // Splits every command in `text`.
    static Result split(const QString &text, const Environment &environment);

    // `text` as one single-quoted shell word (' inside becomes '\'').
    static QString quote(const QString &text);

private:
    ShellWords() = delete;
};

} // namespace gatehouse
