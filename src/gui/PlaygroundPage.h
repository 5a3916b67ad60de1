#pragma once

#include "Conversation.h"

#include <QNetworkAccessManager>
#include <QScopedPointer>
#include <QTimer>
#include <QUrl>
#include <QWidget>

namespace Ui {
class PlaygroundPage;
}

namespace gatehouse {

class ChatMessageWidget;
class ChatStream;
class Engine;

// A chat panel that calls the local proxy over HTTP like any tool would: pick a route (or one of
// its instances), an optional model, system prompt, temperature and max tokens, and talk. The
// answer renders as Markdown while it streams (re-rendered at most every 40 ms, and only the
// message being streamed), reasoning is folded apart, and a footer under each answer shows who
// answered after which attempts, TTFT, duration, tokens/s, tokens and cost.
class PlaygroundPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaygroundPage)

public:
    enum class ExportFormat { Markdown, Json };
    static constexpr int RenderIntervalMs = 40;

    explicit PlaygroundPage(Engine &engine, QWidget *parent = nullptr);
    ~PlaygroundPage() override;

    const Conversation &conversation() const { return m_conversation; }
    QList<ChatMessageWidget *> messageWidgets() const { return m_messageWidgets; }
    bool isStreaming() const;
    // Where the next message goes ("http://127.0.0.1:9080/v1/chat/completions"), empty without
    // a route.
    QUrl chatUrl() const;
    bool selectRoute(const QString &id);
    bool exportTo(const QString &path, ExportFormat format, QString *error = nullptr) const;

public slots:
    void send();
    void stop();
    void regenerate();
    void clear();

signals:
    // An answer finished (done, failed or stopped).
    void answerFinished();

private:
    void refreshRoutes();
    void routeChanged();
    void instanceChanged();
    void startAnswer();
    void streamProgressed();
    void streamFinished();
    void renderStreaming();
    void appendWidget(const ChatTurn &turn);
    void updateButtons();
    void exportWithDialog(ExportFormat format);
    QJsonObject settingsJson() const;

    QScopedPointer<Ui::PlaygroundPage> m_ui;
    Engine &m_engine;
    QNetworkAccessManager m_nam;
    Conversation m_conversation;
    QList<ChatMessageWidget *> m_messageWidgets; // one per turn
    ChatStream *m_stream = nullptr;
    int m_streamingTurn = -1;
    QTimer m_renderTimer;       // coalesces re-renders while an answer streams
    bool m_followStream = true; // keep the newest text in view unless the person scrolled up
};

} // namespace gatehouse
