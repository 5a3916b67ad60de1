#pragma once

#include "Conversation.h"

#include <QFrame>

class QLabel;
class QTextBrowser;
class QToolButton;

namespace gatehouse {

class MarkdownView;

// One turn of the playground's conversation: who said it, the text (Markdown for answers),
// the reasoning folded apart, an error in place and the footer with the gateway's numbers.
// Built in code: it is repeated per turn inside a scroll area, not a page of its own.
class ChatMessageWidget final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChatMessageWidget)

public:
    explicit ChatMessageWidget(ChatTurn::Role role, QWidget *parent = nullptr);
    ~ChatMessageWidget() override;

    // Renders the turn. Only what changed is set again, so calling it for every streamed
    // update re-lays out this message alone.
    void setTurn(const ChatTurn &turn);
    // The text as shown (what a person reads), for tests and accessibility.
    QString shownText() const;
    QString footerText() const;
    QString errorText() const;
    bool reasoningShown() const;

private:
    void copy();

    ChatTurn::Role m_role;
    QLabel *m_roleLabel;
    QToolButton *m_copyButton;
    QToolButton *m_reasoningButton;
    MarkdownView *m_reasoningView;
    MarkdownView *m_contentView;
    QLabel *m_errorLabel;
    QLabel *m_footerLabel;
    QString m_content;
    QString m_reasoning;
    bool m_streaming = false;
};

} // namespace gatehouse
