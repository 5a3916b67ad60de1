#include "PlaygroundPage.h"

#include "ChatMessageWidget.h"
#include "ChatStream.h"
#include "Engine.h"
#include "Snippets.h"
#include "Theme.h"
#include "ui_PlaygroundPage.h"

#include <QDateTime>
#include <QFileDialog>
#include <QJsonDocument>
#include <QSaveFile>
#include <QScrollBar>
#include <QShortcut>

namespace gatehouse {

namespace {

// The path a chat request goes to on a route: a prefix path ("/v1/*") first, as SDKs use it.
QString chatPathOf(const RouteSpec &spec)
{
    for (const QString &p : spec.paths) {
        if (p.endsWith(QLatin1Char('*')))
            return p;
    }
    return spec.paths.value(0);
}

} // namespace

PlaygroundPage::PlaygroundPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::PlaygroundPage), m_engine(engine)
{
    m_ui->setupUi(this);
    m_ui->mainSplitter->setStretchFactor(0, 0);
    m_ui->mainSplitter->setStretchFactor(1, 1);
    m_ui->mainSplitter->setSizes({300, 900});
    m_ui->conversationScrollArea->setBackgroundRole(QPalette::Base);
    m_ui->emptyLabel->setForegroundRole(QPalette::PlaceholderText);

    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(RenderIntervalMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &PlaygroundPage::renderStreaming);

    connect(m_ui->sendPushButton, &QPushButton::clicked, this, &PlaygroundPage::send);
    connect(m_ui->stopPushButton, &QPushButton::clicked, this, &PlaygroundPage::stop);
    connect(m_ui->regeneratePushButton, &QPushButton::clicked, this, &PlaygroundPage::regenerate);
    connect(m_ui->clearPushButton, &QPushButton::clicked, this, &PlaygroundPage::clear);
    connect(m_ui->exportMarkdownPushButton, &QPushButton::clicked, this,
            [this] { exportWithDialog(ExportFormat::Markdown); });
    connect(m_ui->exportJsonPushButton, &QPushButton::clicked, this,
            [this] { exportWithDialog(ExportFormat::Json); });
    for (const QKeySequence &keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(keys, m_ui->inputPlainTextEdit);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, &PlaygroundPage::send);
    }
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &PlaygroundPage::stop);

    // Follow the streaming text while the view is at the bottom; scrolling up stops following.
    QScrollBar *bar = m_ui->conversationScrollArea->verticalScrollBar();
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_followStream)
            bar->setValue(max);
    });
    connect(bar, &QScrollBar::valueChanged, this,
            [this, bar](int value) { m_followStream = value >= bar->maximum() - 24; });

    connect(m_ui->routeComboBox, &QComboBox::currentIndexChanged, this,
            &PlaygroundPage::routeChanged);
    connect(m_ui->instanceComboBox, &QComboBox::currentIndexChanged, this,
            &PlaygroundPage::instanceChanged);
    connect(&m_engine.config(), &ConfigStore::routesChanged, this, &PlaygroundPage::refreshRoutes);
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &PlaygroundPage::routeChanged);
    connect(m_ui->inputPlainTextEdit, &QPlainTextEdit::textChanged, this,
            &PlaygroundPage::updateButtons);
    refreshRoutes();
    updateButtons();
}

PlaygroundPage::~PlaygroundPage() = default;

bool PlaygroundPage::isStreaming() const
{
    return m_stream && m_stream->isRunning();
}

void PlaygroundPage::refreshRoutes()
{
    const QString current = m_ui->routeComboBox->currentData().toString();
    {
        const QSignalBlocker blocker(m_ui->routeComboBox);
        m_ui->routeComboBox->clear();
        for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
            const QString label =
                spec.paths.isEmpty()
                    ? spec.id
                    : tr("%1 (%2)").arg(spec.id, spec.paths.join(QStringLiteral(", ")));
            m_ui->routeComboBox->addItem(label, spec.id);
        }
        const int index = m_ui->routeComboBox->findData(current);
        m_ui->routeComboBox->setCurrentIndex(index >= 0 ? index : 0);
    }
    routeChanged();
}

bool PlaygroundPage::selectRoute(const QString &id)
{
    const int index = m_ui->routeComboBox->findData(id);
    if (index < 0)
        return false;
    m_ui->routeComboBox->setCurrentIndex(index);
    return true;
}

void PlaygroundPage::routeChanged()
{
    const QString id = m_ui->routeComboBox->currentData().toString();
    const QString instance = m_ui->instanceComboBox->currentData().toString();
    const QSignalBlocker blocker(m_ui->instanceComboBox);
    m_ui->instanceComboBox->clear();
    m_ui->instanceComboBox->addItem(tr("Any (route order, fallbacks)"), QString());
    for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
        if (spec.id != id)
            continue;
        for (const InstanceSpec &i : spec.instances)
            m_ui->instanceComboBox->addItem(
                i.model().isEmpty() ? i.name : tr("%1 (%2)").arg(i.name, i.model()), i.name);
    }
    m_ui->instanceComboBox->setEnabled(m_ui->instanceComboBox->count() > 2);
    const int index = m_ui->instanceComboBox->findData(instance);
    m_ui->instanceComboBox->setCurrentIndex(index >= 0 ? index : 0);
    instanceChanged();
}

void PlaygroundPage::instanceChanged()
{
    const QString id = m_ui->routeComboBox->currentData().toString();
    const QString instance = m_ui->instanceComboBox->currentData().toString();
    QString model;
    for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
        if (spec.id != id)
            continue;
        for (const InstanceSpec &i : spec.instances) {
            if ((instance.isEmpty() || i.name == instance) && !i.model().isEmpty()) {
                model = i.model();
                break;
            }
        }
    }
    m_ui->modelLineEdit->setPlaceholderText(
        model.isEmpty() ? tr("The route's model") : tr("The route's model (%1)").arg(model));

    const QUrl url = chatUrl();
    if (url.isEmpty())
        Theme::setMessage(m_ui->endpointLabel,
                          tr("No route yet: add one on the Routes page (or with “Add a "
                             "provider…” on the Overview page)."),
                          Theme::Tone::Warning);
    else if (!m_engine.proxy().isListening())
        Theme::setMessage(m_ui->endpointLabel,
                          tr("The local proxy is not running: start it on the Overview page."),
                          Theme::Tone::Warning);
    else
        Theme::setMessage(m_ui->endpointLabel, tr("Sends to %1").arg(url.toString()),
                          Theme::Tone::Plain);
    updateButtons();
}

QUrl PlaygroundPage::chatUrl() const
{
    const QString id = m_ui->routeComboBox->currentData().toString();
    for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
        if (spec.id != id)
            continue;
        const QString address = m_engine.proxy().isListening()
                                    ? m_engine.proxy().address()
                                    : m_engine.proxySettings().listen.toString();
        return QUrl(Snippets::chatUrl({address, chatPathOf(spec), QString()}));
    }
    return {};
}

void PlaygroundPage::updateButtons()
{
    const bool streaming = isStreaming();
    const bool canSend = !chatUrl().isEmpty();
    m_ui->sendPushButton->setEnabled(!streaming && canSend &&
                                     !m_ui->inputPlainTextEdit->toPlainText().trimmed().isEmpty());
    m_ui->stopPushButton->setEnabled(streaming);
    bool hasUser = false;
    for (const ChatTurn &turn : m_conversation.turns)
        hasUser = hasUser || turn.role == ChatTurn::Role::User;
    m_ui->regeneratePushButton->setEnabled(!streaming && canSend && hasUser);
    const bool hasTurns = !m_conversation.turns.isEmpty();
    m_ui->clearPushButton->setEnabled(hasTurns);
    m_ui->exportMarkdownPushButton->setEnabled(hasTurns && !streaming);
    m_ui->exportJsonPushButton->setEnabled(hasTurns && !streaming);
    m_ui->emptyLabel->setVisible(!hasTurns);
}

void PlaygroundPage::appendWidget(const ChatTurn &turn)
{
    auto *widget = new ChatMessageWidget(turn.role, m_ui->conversationContents);
    widget->setTurn(turn);
    // Before the spacer that keeps the messages at the top.
    m_ui->messagesLayout->insertWidget(m_ui->messagesLayout->count() - 1, widget);
    m_messageWidgets.append(widget);
}

void PlaygroundPage::send()
{
    const QString text = m_ui->inputPlainTextEdit->toPlainText().trimmed();
    if (text.isEmpty() || isStreaming() || chatUrl().isEmpty())
        return;
    ChatTurn turn;
    turn.role = ChatTurn::Role::User;
    turn.content = text;
    m_conversation.turns.append(turn);
    appendWidget(turn);
    m_ui->inputPlainTextEdit->clear();
    startAnswer();
}

void PlaygroundPage::regenerate()
{
    if (isStreaming())
        return;
    // Drops the answers after the last question and asks again.
    while (!m_conversation.turns.isEmpty() &&
           m_conversation.turns.last().role == ChatTurn::Role::Assistant) {
        m_conversation.turns.removeLast();
        delete m_messageWidgets.takeLast();
    }
    if (m_conversation.turns.isEmpty())
        return;
    startAnswer();
}

void PlaygroundPage::startAnswer()
{
    const QJsonArray messages =
        m_conversation.requestMessages(m_ui->systemPromptPlainTextEdit->toPlainText());
    ChatTurn answer;
    answer.role = ChatTurn::Role::Assistant;
    answer.streaming = true;
    answer.stats.route = m_ui->routeComboBox->currentData().toString();
    m_conversation.turns.append(answer);
    appendWidget(answer);
    m_streamingTurn = int(m_conversation.turns.size()) - 1;
    m_followStream = true;

    QJsonObject body{{QStringLiteral("messages"), messages}};
    if (const QString model = m_ui->modelLineEdit->text().trimmed(); !model.isEmpty())
        body.insert(QStringLiteral("model"), model);
    if (m_ui->temperatureDoubleSpinBox->value() >= 0)
        body.insert(QStringLiteral("temperature"), m_ui->temperatureDoubleSpinBox->value());
    if (m_ui->maxTokensSpinBox->value() > 0)
        body.insert(QStringLiteral("max_tokens"), m_ui->maxTokensSpinBox->value());

    delete m_stream;
    m_stream = new ChatStream(m_nam, this);
    connect(m_stream, &ChatStream::headersReceived, this, &PlaygroundPage::streamProgressed);
    connect(m_stream, &ChatStream::progressed, this, &PlaygroundPage::streamProgressed);
    connect(m_stream, &ChatStream::finished, this, &PlaygroundPage::streamFinished);
    if (!m_engine.proxy().isListening()) {
        ChatTurn &turn = m_conversation.turns[m_streamingTurn];
        turn.streaming = false;
        turn.error = tr("The local proxy is not running: start it on the Overview page.");
        m_messageWidgets[m_streamingTurn]->setTurn(turn);
        m_streamingTurn = -1;
        updateButtons();
        emit answerFinished();
        return;
    }
    m_stream->start(chatUrl(), body, m_ui->instanceComboBox->currentData().toString());
    m_ui->statusLabel->clear();
    updateButtons();
}

void PlaygroundPage::stop()
{
    if (isStreaming())
        m_stream->stop();
}

void PlaygroundPage::streamProgressed()
{
    if (m_streamingTurn < 0 || !m_stream)
        return;
    ChatTurn &turn = m_conversation.turns[m_streamingTurn];
    turn.content = m_stream->content();
    turn.reasoning = m_stream->reasoning();
    turn.stats = m_stream->stats();
    turn.error = m_stream->error();
    // At most one re-render per interval, however fast tokens come.
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void PlaygroundPage::renderStreaming()
{
    if (m_streamingTurn < 0)
        return;
    m_messageWidgets[m_streamingTurn]->setTurn(m_conversation.turns[m_streamingTurn]);
    // Lay out now, not on the next turn of the event loop, so the text and the footer never
    // overlap for a frame.
    m_ui->messagesLayout->activate();
}

void PlaygroundPage::streamFinished()
{
    if (m_streamingTurn < 0)
        return;
    m_renderTimer.stop();
    ChatTurn &turn = m_conversation.turns[m_streamingTurn];
    turn.content = m_stream->content();
    turn.reasoning = m_stream->reasoning();
    turn.stats = m_stream->stats();
    turn.error = m_stream->error();
    turn.stopped = m_stream->wasStopped();
    turn.streaming = false;
    // The cost at the engine's prices, as the ledger will record it.
    if (turn.stats.promptTokens >= 0 && !turn.stats.model.isEmpty()) {
        if (const std::optional<ModelPrice> price = m_engine.prices().price(turn.stats.model))
            turn.stats.cost = PriceTable::cost(*price, turn.stats.promptTokens,
                                               qMax<qint64>(0, turn.stats.completionTokens),
                                               qMax<qint64>(0, turn.stats.cachedTokens));
    }
    m_messageWidgets[m_streamingTurn]->setTurn(turn);
    m_streamingTurn = -1;
    updateButtons();
    m_ui->inputPlainTextEdit->setFocus();
    emit answerFinished();
}

void PlaygroundPage::clear()
{
    if (isStreaming())
        m_stream->stop();
    m_conversation.turns.clear();
    qDeleteAll(m_messageWidgets);
    m_messageWidgets.clear();
    m_ui->statusLabel->clear();
    updateButtons();
}

QJsonObject PlaygroundPage::settingsJson() const
{
    QJsonObject o{
        {QStringLiteral("route"), m_ui->routeComboBox->currentData().toString()},
        {QStringLiteral("url"), chatUrl().toString()},
        {QStringLiteral("exported_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (const QString i = m_ui->instanceComboBox->currentData().toString(); !i.isEmpty())
        o.insert(QStringLiteral("instance"), i);
    if (const QString m = m_ui->modelLineEdit->text().trimmed(); !m.isEmpty())
        o.insert(QStringLiteral("model"), m);
    if (m_ui->temperatureDoubleSpinBox->value() >= 0)
        o.insert(QStringLiteral("temperature"), m_ui->temperatureDoubleSpinBox->value());
    if (m_ui->maxTokensSpinBox->value() > 0)
        o.insert(QStringLiteral("max_tokens"), m_ui->maxTokensSpinBox->value());
    return o;
}

bool PlaygroundPage::exportTo(const QString &path, ExportFormat format, QString *error) const
{
    const QString system = m_ui->systemPromptPlainTextEdit->toPlainText();
    QByteArray bytes;
    if (format == ExportFormat::Json) {
        bytes = QJsonDocument(m_conversation.toJson(settingsJson(), system)).toJson();
    } else {
        QString md = m_conversation.toMarkdown(
            tr("Gatehouse playground: %1").arg(m_ui->routeComboBox->currentData().toString()));
        if (!system.trimmed().isEmpty())
            md.insert(md.indexOf(QLatin1Char('\n')) + 2,
                      QStringLiteral("**") + tr("System prompt:") + QStringLiteral("** ") +
                          system.trimmed() + QStringLiteral("\n\n"));
        bytes = md.toUtf8();
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

void PlaygroundPage::exportWithDialog(ExportFormat format)
{
    const bool json = format == ExportFormat::Json;
    const QString name = QStringLiteral("gatehouse-conversation-") +
                         QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")) +
                         (json ? QStringLiteral(".json") : QStringLiteral(".md"));
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export the conversation"), name,
                                     json ? tr("JSON (*.json)") : tr("Markdown (*.md)"));
    if (path.isEmpty())
        return;
    QString error;
    if (exportTo(path, format, &error))
        Theme::setMessage(m_ui->statusLabel, tr("Saved to %1.").arg(path), Theme::Tone::Ok);
    else
        Theme::setMessage(m_ui->statusLabel,
                          tr("Could not save %1: %2. Pick another folder.").arg(path, error),
                          Theme::Tone::Error);
}

} // namespace gatehouse
