#include "ChatMessageWidget.h"

#include "Theme.h"

#include <QAbstractTextDocumentLayout>
#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace gatehouse {

// A text browser as tall as its text, inside the conversation's scroll area.
class MarkdownView final : public QTextBrowser
{
public:
    explicit MarkdownView(QWidget *parent) : QTextBrowser(parent)
    {
        setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setFrameShape(QFrame::NoFrame);
        setOpenExternalLinks(true);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        document()->setDocumentMargin(2);
        QPalette p = palette();
        p.setColor(QPalette::Base, Qt::transparent);
        setPalette(p);
        viewport()->setAutoFillBackground(false);
        setFixedHeight(fontMetrics().height() + 8);
        connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged,
                this, [this](const QSizeF &) { fit(); });
    }

    void fit()
    {
        const int h = int(std::ceil(document()->size().height())) + 2 * frameWidth();
        if (h != height())
            setFixedHeight(h);
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QTextBrowser::resizeEvent(event);
        fit();
    }
};

ChatMessageWidget::ChatMessageWidget(ChatTurn::Role role, QWidget *parent)
    : QFrame(parent), m_role(role), m_roleLabel(new QLabel(this)),
      m_copyButton(new QToolButton(this)), m_reasoningButton(new QToolButton(this)),
      m_reasoningView(new MarkdownView(this)), m_contentView(new MarkdownView(this)),
      m_errorLabel(new QLabel(this)), m_footerLabel(new QLabel(this))
{
    setObjectName(role == ChatTurn::Role::User ? QStringLiteral("userMessageFrame")
                                               : QStringLiteral("assistantMessageFrame"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setBackgroundRole(role == ChatTurn::Role::User ? QPalette::AlternateBase : QPalette::Base);

    m_roleLabel->setObjectName(QStringLiteral("roleLabel"));
    m_roleLabel->setText(role == ChatTurn::Role::User ? tr("<b>You</b>") : tr("<b>Assistant</b>"));
    m_copyButton->setObjectName(QStringLiteral("copyMessageToolButton"));
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(tr("Copy this message as Markdown"));
    m_copyButton->setAutoRaise(true);
    connect(m_copyButton, &QToolButton::clicked, this, &ChatMessageWidget::copy);

    m_reasoningButton->setObjectName(QStringLiteral("reasoningToolButton"));
    m_reasoningButton->setCheckable(true);
    m_reasoningButton->setAutoRaise(true);
    m_reasoningButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reasoningButton->setArrowType(Qt::RightArrow);
    m_reasoningButton->hide();
    m_reasoningView->setObjectName(QStringLiteral("reasoningTextBrowser"));
    m_reasoningView->hide();
    connect(m_reasoningButton, &QToolButton::toggled, this, [this](bool open) {
        m_reasoningButton->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        if (open)
            m_reasoningView->setMarkdown(m_reasoning);
        m_reasoningView->setVisible(open);
    });
    QPalette dim = m_reasoningView->palette();
    dim.setColor(QPalette::Text, dim.color(QPalette::PlaceholderText));
    m_reasoningView->setPalette(dim);

    m_contentView->setObjectName(QStringLiteral("contentTextBrowser"));
    m_contentView->setAccessibleName(role == ChatTurn::Role::User ? tr("Your message")
                                                                  : tr("Answer"));
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();
    m_footerLabel->setObjectName(QStringLiteral("footerLabel"));
    m_footerLabel->setWordWrap(true);
    m_footerLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_footerLabel->setForegroundRole(QPalette::PlaceholderText);
    QFont small = m_footerLabel->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_footerLabel->setFont(small);
    m_footerLabel->hide();

    auto *header = new QHBoxLayout;
    header->addWidget(m_roleLabel);
    header->addStretch(1);
    header->addWidget(m_copyButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 8);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_reasoningButton, 0, Qt::AlignLeft);
    layout->addWidget(m_reasoningView);
    layout->addWidget(m_contentView);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_footerLabel);
}

ChatMessageWidget::~ChatMessageWidget() = default;

void ChatMessageWidget::setTurn(const ChatTurn &turn)
{
    if (turn.content != m_content || m_contentView->document()->isEmpty()) {
        m_content = turn.content;
        if (m_role == ChatTurn::Role::User)
            m_contentView->setPlainText(m_content);
        else if (m_content.isEmpty() && turn.streaming)
            m_contentView->setPlainText(turn.reasoning.isEmpty() ? tr("…") : QString());
        else
            m_contentView->setMarkdown(m_content);
        m_contentView->setVisible(!m_content.isEmpty() || turn.streaming);
    }
    if (turn.reasoning != m_reasoning || turn.streaming != m_streaming) {
        m_reasoning = turn.reasoning;
        m_reasoningButton->setVisible(!m_reasoning.isEmpty());
        const bool thinking = turn.streaming && turn.content.isEmpty();
        m_reasoningButton->setText(
            thinking ? tr("Thinking… (%n characters)", nullptr, int(m_reasoning.size()))
                     : tr("Reasoning (%n characters)", nullptr, int(m_reasoning.size())));
        // Folded: only rendered while someone looks at it.
        if (m_reasoningView->isVisibleTo(this) || !turn.streaming)
            m_reasoningView->setMarkdown(m_reasoning);
    }
    m_streaming = turn.streaming;

    QString error = turn.error;
    if (turn.stopped)
        error = error.isEmpty() ? tr("Stopped.") : error;
    Theme::setMessage(m_errorLabel, error,
                      turn.stopped && turn.error.isEmpty() ? Theme::Tone::Warning
                                                           : Theme::Tone::Error);
    if (m_role == ChatTurn::Role::Assistant) {
        const QString footer = Conversation::footer(turn.stats);
        m_footerLabel->setText(footer);
        m_footerLabel->setVisible(!footer.isEmpty());
    }
    m_copyButton->setEnabled(!m_content.isEmpty());
    layout()->activate();
}

QString ChatMessageWidget::shownText() const
{
    return m_contentView->toPlainText();
}

QString ChatMessageWidget::footerText() const
{
    return m_footerLabel->text();
}

QString ChatMessageWidget::errorText() const
{
    return m_errorLabel->isVisibleTo(this) ? m_errorLabel->text() : QString();
}

bool ChatMessageWidget::reasoningShown() const
{
    return m_reasoningView->isVisibleTo(this);
}

void ChatMessageWidget::copy()
{
    QGuiApplication::clipboard()->setText(m_content);
}

} // namespace gatehouse
