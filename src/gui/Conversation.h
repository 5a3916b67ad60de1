#pragma once

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace gatehouse {

// What the gateway and the stream told about one answer: who answered, how fast, how many tokens.
struct AnswerStats
{
    QString route;
    QString instance;   // X-Gatehouse-Instance
    QString attempts;   // X-Gatehouse-Attempts: "deepseek-primary=429,openai-fallback=200"
    QString model;      // the model the provider says answered
    int httpStatus = 0; // 0 until the headers came
    double ttftMs = -1; // send → first generated text (reasoning counts); -1 none yet
    double durationMs = -1;
    qint64 promptTokens = -1; // -1: the stream carried no usage
    qint64 completionTokens = -1;
    qint64 cachedTokens = -1;
    qint64 reasoningTokens = -1;
    double cost = -1; // in the price table's currency; -1 unknown

    // Completion tokens per second after the first token, or -1 when not measurable.
    double tokensPerSecond() const;
    // "deepseek-primary 429 → openai-fallback 200" from the header's "name=status,…".
    static QString trailText(const QString &attemptsHeader);
    QJsonObject toJson() const;
};

// One turn of a playground conversation.
struct ChatTurn
{
    enum class Role { System, User, Assistant };

    Role role = Role::User;
    QString content;   // Markdown as received
    QString reasoning; // reasoning_content of reasoning models, kept apart
    QString error;     // the gateway's or the network's message, shown in place
    bool streaming = false;
    bool stopped = false; // the person pressed Stop
    AnswerStats stats;

    static QString roleName(Role role); // "system", "user", "assistant"
};

// A playground conversation: the turns and what to send next. Exports as Markdown or JSON.
class Conversation
{
    Q_DECLARE_TR_FUNCTIONS(Conversation)

public:
    QList<ChatTurn> turns;

    // The OpenAI "messages" array for the next request: the system prompt first (if any), then
    // every user turn and every assistant turn that has content; failed answers (an error,
    // even after some text) are left out, stopped ones kept.
    QJsonArray requestMessages(const QString &systemPrompt) const;

    // A readable transcript: a heading per turn, reasoning in a quote, the footer in italics.
    QString toMarkdown(const QString &title) const;
    // {"route": …, "system": …, "messages": [{"role", "content", "reasoning_content", "stats"}]}
    QJsonObject toJson(const QJsonObject &settings, const QString &systemPrompt) const;

    // One line under an answer: "deepseek-primary 429 → openai-fallback 200 · gpt-4o-mini ·
    // TTFT 120 ms · 1.8 s · 42 tok/s · 11 in / 30 out / 0 cached · $0.00012". Parts not known
    // yet are left out.
    static QString footer(const AnswerStats &stats);
};

} // namespace gatehouse
