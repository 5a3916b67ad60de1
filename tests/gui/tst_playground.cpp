#include "ChatMessageWidget.h"
#include "ChatStream.h"
#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MockProvider.h"
#include "PlaygroundPage.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPlainTextEdit>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>

using namespace gatehouse;
using namespace guitest;

// The playground against a real engine and the mock provider: the answer shows while it
// streams, Stop closes the provider's connection, the footer tells who answered after which
// attempts and how fast, errors show in place, and the conversation exports.
class TestPlayground : public QObject
{
    Q_OBJECT

private:
    MockProvider m_mock;
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    PlaygroundPage *page() const { return m_window->playgroundPage(); }

    void addCredential(const QString &name, const QString &provider)
    {
        CredentialInfo info;
        info.name = name;
        info.provider = provider;
        QVERIFY(SecretJob::wait(
                    m_engine->credentials().store(info, QStringLiteral("Bearer sk-test-") + name))
                    .ok());
    }

    // The single seed route on /v1/* and the multi seed route on /multi/* (openai-fallback has
    // the higher priority, so it is tried first), both with keys from the keychain.
    void putRoutes()
    {
        addCredential(QStringLiteral("deepseek"), QStringLiteral("deepseek"));
        addCredential(QStringLiteral("openai"), QStringLiteral("openai"));
        QJsonObject single = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
        single.insert(QStringLiteral("paths"), QJsonArray{QStringLiteral("/v1/*")});
        single.remove(QStringLiteral("service_id"));
        single = RouteSchema::mapAuthValues(
            single, [](const QString &, const QString &, const QString &) -> QString {
                return QStringLiteral("$secret://keychain/deepseek");
            });
        QVERIFY(m_engine->config().putRoute(single).ok);
        QJsonObject multi = fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
        multi.insert(QStringLiteral("paths"), QJsonArray{QStringLiteral("/multi/*")});
        multi.remove(QStringLiteral("service_id"));
        int n = 0;
        multi = RouteSchema::mapAuthValues(
            multi, [&](const QString &, const QString &, const QString &) -> QString {
                return n++ == 0 ? QStringLiteral("$secret://keychain/deepseek")
                                : QStringLiteral("$secret://keychain/openai");
            });
        QVERIFY(m_engine->config().putRoute(multi).ok);
    }

    void type(const QString &text)
    {
        child<QPlainTextEdit>(page(), QStringLiteral("inputPlainTextEdit"))->setPlainText(text);
    }
    QPushButton *button(const char *name) const
    {
        return child<QPushButton>(page(), QString::fromLatin1(name));
    }
    ChatMessageWidget *lastMessage() const
    {
        const auto widgets = page()->messageWidgets();
        return widgets.isEmpty() ? nullptr : widgets.last();
    }
    bool waitForAnswer(int timeoutMs = 10000) const
    {
        return QTest::qWaitFor([this] { return !page()->isStreaming(); }, timeoutMs);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_mock.listen());
        QVERIFY(m_dir.isValid());
    }

    void init()
    {
        m_mock.clearQueue();
        m_mock.clearBehaviors();
        m_mock.setDefault(Behavior());
        m_mock.clearRequests();
        const QString dataDir =
            m_dir.path() + QLatin1Char('/') + QString::fromLatin1(QTest::currentTestFunction());
        m_engine = startEngine(dataDir, {{QStringLiteral("deepseek"), QUrl(m_mock.baseUrl())},
                                         {QStringLiteral("openai"), QUrl(m_mock.baseUrl())}});
        putRoutes();
        m_window = std::make_unique<MainWindow>(*m_engine);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->showPage(MainWindow::Playground));
        QVERIFY(page()->selectRoute(QStringLiteral("deepseek-route")));
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
    }

    void sendsToTheRoutesUrl()
    {
        QCOMPARE(page()->chatUrl().path(), QStringLiteral("/v1/chat/completions"));
        QVERIFY(!button("sendPushButton")->isEnabled()); // nothing typed yet
        type(QStringLiteral("Hello"));
        QVERIFY(button("sendPushButton")->isEnabled());
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        const MockRequest request = m_mock.lastRequest();
        const QJsonObject body = request.json();
        QCOMPARE(body.value(QStringLiteral("stream")).toBool(), true);
        QCOMPARE(body.value(QStringLiteral("stream_options"))
                     .toObject()
                     .value(QStringLiteral("include_usage"))
                     .toBool(),
                 true);
        QCOMPARE(body.value(QStringLiteral("messages")).toArray().size(), 1);
        // The client sends no key: the proxy adds the provider's.
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test-deepseek"));
        QCOMPARE(lastMessage()->shownText(), QStringLiteral("Hello from the mock provider."));
    }

    // 40 words at 20 ms per event: the text is shown while it streams, not all at the end.
    void streamsIncrementally()
    {
        QStringList words;
        for (int i = 1; i <= 40; ++i)
            words << QStringLiteral("word%1").arg(i);
        Behavior paced = Behavior::sse(-1, 20);
        paced.content = words.join(QLatin1Char(' '));
        m_mock.setDefault(paced);

        type(QStringLiteral("Count to forty"));
        button("sendPushButton")->click();
        QVERIFY(page()->isStreaming());
        QVERIFY(button("stopPushButton")->isEnabled());
        QVERIFY(!button("sendPushButton")->isEnabled());
        QSet<int> lengthsWhileStreaming;
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (page()->isStreaming() &&
                    lastMessage()->shownText().startsWith(QStringLiteral("word1")))
                    lengthsWhileStreaming.insert(int(lastMessage()->shownText().size()));
                return !page()->isStreaming();
            },
            10000));
        const int finalLength = int(lastMessage()->shownText().size());
        QCOMPARE(lastMessage()->shownText(), paced.content);
        // 800 ms of events rendered at most every 40 ms: many partial texts, each shorter than
        // the whole, and at most one per render interval.
        QVERIFY2(
            lengthsWhileStreaming.size() >= 5,
            qPrintable(QStringLiteral("%1 partial renders").arg(lengthsWhileStreaming.size())));
        for (int length : std::as_const(lengthsWhileStreaming))
            QVERIFY(length < finalLength);
        QVERIFY(lengthsWhileStreaming.size() <= 40);
        QVERIFY(!button("stopPushButton")->isEnabled());
    }

    void stopClosesTheUpstreamConnection()
    {
        m_mock.setDefault(Behavior::sse(500, 20));
        QSignalSpy disconnected(&m_mock, &MockProvider::clientDisconnected);
        type(QStringLiteral("Talk for a while"));
        button("sendPushButton")->click();
        QTRY_VERIFY(!lastMessage()->shownText().isEmpty() &&
                    lastMessage()->shownText() != QStringLiteral("…"));
        QCOMPARE(disconnected.count(), 0);
        button("stopPushButton")->click();
        QVERIFY(!page()->isStreaming());
        QTRY_VERIFY_WITH_TIMEOUT(disconnected.count() >= 1, 5000);
        const ChatTurn &turn = page()->conversation().turns.last();
        QVERIFY(turn.stopped);
        QVERIFY(!turn.content.isEmpty());
        QCOMPARE(lastMessage()->errorText(), QStringLiteral("Stopped."));
        QVERIFY(button("sendPushButton")->isEnabled() == false); // input is empty
        QVERIFY(button("regeneratePushButton")->isEnabled());
    }

    void footerShowsTheAttemptTrail()
    {
        QVERIFY(page()->selectRoute(QStringLiteral("deepseek-multi-route")));
        QCOMPARE(page()->chatUrl().path(), QStringLiteral("/multi/chat/completions"));
        m_mock.enqueue(Behavior::error(429, QStringLiteral("Rate limit reached")));
        m_mock.setDefault(Behavior::sse(-1, 5).withUsage(Behavior::Usage::Always));
        type(QStringLiteral("Hello"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        const AnswerStats &stats = page()->conversation().turns.last().stats;
        QCOMPARE(stats.instance, QStringLiteral("deepseek-primary"));
        QCOMPARE(stats.attempts, QStringLiteral("openai-fallback=429,deepseek-primary=200"));
        QVERIFY(stats.ttftMs >= 0);
        QVERIFY(stats.durationMs >= stats.ttftMs);
        QCOMPARE(stats.promptTokens, 11);
        QVERIFY(stats.completionTokens > 0);
        const QString footer = lastMessage()->footerText();
        QVERIFY2(footer.contains(QStringLiteral("openai-fallback 429 → deepseek-primary 200")),
                 qPrintable(footer));
        QVERIFY2(footer.contains(QStringLiteral("TTFT ")), qPrintable(footer));
        QVERIFY2(footer.contains(QStringLiteral("11 in / %1 out").arg(stats.completionTokens)),
                 qPrintable(footer));
        QVERIFY2(footer.contains(QStringLiteral("deepseek-chat")), qPrintable(footer));
        // Priced like the ledger prices it.
        const std::optional<ModelPrice> price =
            m_engine->prices().price(QStringLiteral("deepseek-chat"));
        QVERIFY(price);
        QCOMPARE(stats.cost, PriceTable::cost(*price, stats.promptTokens, stats.completionTokens,
                                              stats.cachedTokens));
        QVERIFY2(footer.contains(QStringLiteral("$")), qPrintable(footer));
        QVERIFY(lastMessage()->errorText().isEmpty());
    }

    // One instance picked: only it is tried, even when it fails (no fallback).
    void onePickedInstance()
    {
        QVERIFY(page()->selectRoute(QStringLiteral("deepseek-multi-route")));
        auto *instances = child<QComboBox>(page(), QStringLiteral("instanceComboBox"));
        QVERIFY(instances->isEnabled());
        QCOMPARE(instances->count(), 3); // any, and the two instances
        QVERIFY(selectData(instances, QStringLiteral("deepseek-primary")));
        type(QStringLiteral("Hello"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        QCOMPARE(page()->conversation().turns.last().stats.attempts,
                 QStringLiteral("deepseek-primary=200"));
        QCOMPARE(m_mock.lastRequest().header("authorization"),
                 QByteArray("Bearer sk-test-deepseek"));
        // The header is the gateway's, never the provider's.
        QVERIFY(!m_mock.lastRequest().hasHeader("x-gatehouse-instance"));

        m_mock.enqueue(Behavior::error(429, QStringLiteral("Rate limit reached")));
        type(QStringLiteral("Again"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        QCOMPARE(page()->conversation().turns.last().stats.httpStatus, 429);
        QVERIFY(!lastMessage()->errorText().isEmpty());
    }

    void errorsShowInPlace()
    {
        m_mock.setDefault(Behavior::error(401, QStringLiteral("Incorrect API key provided")));
        type(QStringLiteral("Hello"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        QVERIFY2(lastMessage()->errorText().contains(QStringLiteral("Incorrect API key provided")),
                 qPrintable(lastMessage()->errorText()));
        QCOMPARE(page()->conversation().turns.last().stats.httpStatus, 401);

        // A stream the gateway ends with an error event (the provider cut it).
        m_mock.setDefault(Behavior::cutStream(3, 5));
        type(QStringLiteral("Again"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        QVERIFY(!lastMessage()->errorText().isEmpty());
        // Failed answers are not sent back as context.
        const QJsonArray messages = page()->conversation().requestMessages(QString());
        for (const QJsonValue &m : messages)
            QCOMPARE(m.toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
    }

    void reasoningIsFoldedApart()
    {
        Behavior reasoning = Behavior::sse(-1, 2).withDialect(Behavior::Dialect::DeepSeek);
        reasoning.reasoning = QStringLiteral("First think about the question.");
        reasoning.content = QStringLiteral("**Answer:** 42\n\n- one\n- two");
        m_mock.setDefault(reasoning);
        type(QStringLiteral("Why?"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        const ChatTurn &turn = page()->conversation().turns.last();
        QCOMPARE(turn.reasoning, reasoning.reasoning);
        QCOMPARE(turn.content, reasoning.content);
        ChatMessageWidget *message = lastMessage();
        // Markdown rendered: no asterisks left, the list items shown.
        QVERIFY(message->shownText().startsWith(QStringLiteral("Answer: 42")));
        QVERIFY(!message->shownText().contains(QLatin1Char('*')));
        QVERIFY(!message->shownText().contains(QStringLiteral("think")));
        auto *fold = child<QToolButton>(message, QStringLiteral("reasoningToolButton"));
        QVERIFY(fold->isVisible());
        QVERIFY(!message->reasoningShown());
        fold->click();
        QVERIFY(message->reasoningShown());
    }

    void regenerateClearAndExport()
    {
        type(QStringLiteral("Hello"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        type(QStringLiteral("And again"));
        button("sendPushButton")->click();
        QVERIFY(waitForAnswer());
        QCOMPARE(page()->conversation().turns.size(), 4);
        // The history goes with the second question.
        QCOMPARE(m_mock.lastRequest().json().value(QStringLiteral("messages")).toArray().size(), 3);

        m_mock.setDefault(Behavior().withContent(QStringLiteral("A second try.")));
        button("regeneratePushButton")->click();
        QVERIFY(waitForAnswer());
        QCOMPARE(page()->conversation().turns.size(), 4);
        QCOMPARE(page()->messageWidgets().size(), 4);
        QCOMPARE(page()->conversation().turns.last().content, QStringLiteral("A second try."));
        QCOMPARE(m_mock.lastRequest().json().value(QStringLiteral("messages")).toArray().size(), 3);

        const QString md = m_dir.filePath(QStringLiteral("conversation.md"));
        const QString json = m_dir.filePath(QStringLiteral("conversation.json"));
        QVERIFY(page()->exportTo(md, PlaygroundPage::ExportFormat::Markdown));
        QVERIFY(page()->exportTo(json, PlaygroundPage::ExportFormat::Json));
        QFile mdFile(md);
        QVERIFY(mdFile.open(QIODevice::ReadOnly));
        const QString mdText = QString::fromUtf8(mdFile.readAll());
        QVERIFY(mdText.contains(QStringLiteral("## You\n\nAnd again")));
        QVERIFY(mdText.contains(QStringLiteral("A second try.")));
        QVERIFY(mdText.contains(QStringLiteral("*ai-proxy-deepseek 200 · ")));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject exported = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(exported.value(QStringLiteral("route")).toString(),
                 QStringLiteral("deepseek-route"));
        const QJsonArray messages = exported.value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.last()
                     .toObject()
                     .value(QStringLiteral("stats"))
                     .toObject()
                     .value(QStringLiteral("instance"))
                     .toString(),
                 QStringLiteral("ai-proxy-deepseek"));

        button("clearPushButton")->click();
        QVERIFY(page()->conversation().turns.isEmpty());
        QVERIFY(page()->messageWidgets().isEmpty());
        QVERIFY(!button("regeneratePushButton")->isEnabled());
    }

    void trailText()
    {
        QCOMPARE(AnswerStats::trailText(QStringLiteral("deepseek-primary=429,openai-fallback=200")),
                 QStringLiteral("deepseek-primary 429 → openai-fallback 200"));
        QCOMPARE(AnswerStats::trailText(QString()), QString());
        QCOMPARE(
            ChatStream::errorMessage(
                R"({"error":{"message":"no route","type":"gateway_error","code":"no_route"}})"),
            QStringLiteral("no route"));
    }
};

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
