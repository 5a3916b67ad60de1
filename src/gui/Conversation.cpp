#include "Conversation.h"

#include <QLocale>

namespace gatehouse {

double AnswerStats::tokensPerSecond() const
{
    if (completionTokens <= 0 || durationMs < 0 || ttftMs < 0)
        return -1;
    const double generatingMs = durationMs - ttftMs;
    if (generatingMs <= 0)
        return -1;
    return double(completionTokens) * 1000.0 / generatingMs;
}

QString AnswerStats::trailText(const QString &attemptsHeader)
{
    QStringList steps;
    for (const QString &step : attemptsHeader.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = step.lastIndexOf(QLatin1Char('='));
        steps << (eq < 0 ? step.trimmed()
                         : step.left(eq).trimmed() + QLatin1Char(' ') + step.mid(eq + 1).trimmed());
    }
    return steps.join(QStringLiteral(" → "));
}

QJsonObject AnswerStats::toJson() const
{
    QJsonObject o;
    auto put = [&o](const char *key, const QJsonValue &value) {
        o.insert(QLatin1String(key), value);
    };
    if (!route.isEmpty())
        put("route", route);
    if (!instance.isEmpty())
        put("instance", instance);
    if (!attempts.isEmpty())
        put("attempts", attempts);
    if (!model.isEmpty())
        put("model", model);
    if (httpStatus)
        put("status", httpStatus);
    if (ttftMs >= 0)
        put("ttft_ms", qRound(ttftMs));
    if (durationMs >= 0)
        put("duration_ms", qRound(durationMs));
    if (promptTokens >= 0)
        put("prompt_tokens", promptTokens);
    if (completionTokens >= 0)
        put("completion_tokens", completionTokens);
    if (cachedTokens >= 0)
        put("cached_tokens", cachedTokens);
    if (reasoningTokens > 0)
        put("reasoning_tokens", reasoningTokens);
    if (cost >= 0)
        put("cost", cost);
    return o;
}

QString ChatTurn::roleName(Role role)
{
    switch (role) {
    case Role::System:
        return QStringLiteral("system");
    case Role::User:
        return QStringLiteral("user");
    case Role::Assistant:
        break;
    }
    return QStringLiteral("assistant");
}

QJsonArray Conversation::requestMessages(const QString &systemPrompt) const
{
    QJsonArray messages;
    if (!systemPrompt.trimmed().isEmpty())
        messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                    {QStringLiteral("content"), systemPrompt}});
    for (const ChatTurn &turn : turns) {
        if (turn.role == ChatTurn::Role::Assistant &&
            (turn.content.isEmpty() || turn.streaming || !turn.error.isEmpty()))
            continue;
        messages.append(QJsonObject{{QStringLiteral("role"), ChatTurn::roleName(turn.role)},
                                    {QStringLiteral("content"), turn.content}});
    }
    return messages;
}

QString Conversation::toMarkdown(const QString &title) const
{
    QString md = QStringLiteral("# ") + title + QStringLiteral("\n\n");
    for (const ChatTurn &turn : turns) {
        switch (turn.role) {
        case ChatTurn::Role::System:
            md += QStringLiteral("## ") + tr("System") + QStringLiteral("\n\n");
            break;
        case ChatTurn::Role::User:
            md += QStringLiteral("## ") + tr("You") + QStringLiteral("\n\n");
            break;
        case ChatTurn::Role::Assistant:
            md += QStringLiteral("## ") + tr("Assistant") + QStringLiteral("\n\n");
            break;
        }
        if (!turn.reasoning.isEmpty()) {
            QString quoted = turn.reasoning.trimmed();
            quoted.replace(QLatin1Char('\n'), QStringLiteral("\n> "));
            md += QStringLiteral("> **") + tr("Reasoning") + QStringLiteral("**\n>\n> ") + quoted +
                  QStringLiteral("\n\n");
        }
        if (!turn.content.isEmpty())
            md += turn.content.trimmed() + QStringLiteral("\n\n");
        if (!turn.error.isEmpty())
            md += QStringLiteral("**") + tr("Error:") + QStringLiteral("** ") + turn.error +
                  QStringLiteral("\n\n");
        if (turn.role == ChatTurn::Role::Assistant) {
            const QString foot = footer(turn.stats);
            if (!foot.isEmpty())
                md += QLatin1Char('*') + foot + QStringLiteral("*\n\n");
        }
    }
    return md;
}

QJsonObject Conversation::toJson(const QJsonObject &settings, const QString &systemPrompt) const
{
    QJsonArray messages;
    for (const ChatTurn &turn : turns) {
        QJsonObject m{{QStringLiteral("role"), ChatTurn::roleName(turn.role)},
                      {QStringLiteral("content"), turn.content}};
        if (!turn.reasoning.isEmpty())
            m.insert(QStringLiteral("reasoning_content"), turn.reasoning);
        if (!turn.error.isEmpty())
            m.insert(QStringLiteral("error"), turn.error);
        if (turn.stopped)
            m.insert(QStringLiteral("stopped"), true);
        if (turn.role == ChatTurn::Role::Assistant)
            m.insert(QStringLiteral("stats"), turn.stats.toJson());
        messages.append(m);
    }
    QJsonObject o = settings;
    if (!systemPrompt.isEmpty())
        o.insert(QStringLiteral("system"), systemPrompt);
    o.insert(QStringLiteral("messages"), messages);
    return o;
}

QString Conversation::footer(const AnswerStats &s)
{
    const QLocale locale;
    QStringList parts;
    const QString trail = AnswerStats::trailText(s.attempts);
    if (!trail.isEmpty())
        parts << trail;
    else if (!s.instance.isEmpty())
        parts << s.instance;
    if (!s.model.isEmpty())
        parts << s.model;
    if (s.ttftMs >= 0)
        parts << tr("TTFT %1 ms").arg(qRound(s.ttftMs));
    if (s.durationMs >= 0)
        parts << tr("%1 s").arg(locale.toString(s.durationMs / 1000.0, 'f', 2));
    if (const double tps = s.tokensPerSecond(); tps >= 0)
        parts << tr("%1 tok/s").arg(locale.toString(tps, 'f', 1));
    if (s.promptTokens >= 0 || s.completionTokens >= 0) {
        QString tokens = tr("%1 in / %2 out")
                             .arg(locale.toString(qMax<qint64>(0, s.promptTokens)),
                                  locale.toString(qMax<qint64>(0, s.completionTokens)));
        if (s.cachedTokens >= 0)
            tokens += tr(" / %1 cached").arg(locale.toString(s.cachedTokens));
        if (s.reasoningTokens > 0)
            tokens += tr(" (%1 reasoning)").arg(locale.toString(s.reasoningTokens));
        parts << tokens;
    }
    if (s.cost >= 0)
        parts << QStringLiteral("$") + locale.toString(s.cost, 'f', s.cost < 0.01 ? 5 : 4);
    return parts.join(QStringLiteral(" · "));
}

} // namespace gatehouse
