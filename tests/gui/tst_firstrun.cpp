#include "FirstRunPage.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MockProvider.h"
#include "OverviewPage.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// The three-step start against the project's mock provider: pick DeepSeek, paste a key (stored
// in the keychain and tested with the provider's models list), and end with a route on /v1/*
// that answers through the proxy with that key.
class TestFirstRun : public QObject
{
    Q_OBJECT

private:
    static QByteArray post(const QString &url, const QByteArray &body, int *status)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = nam.post(request, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray answer = reply->readAll();
        reply->deleteLater();
        return answer;
    }

private slots:
    void walksToAWorkingRoute()
    {
        MockProvider mock;
        QVERIFY(mock.listen());
        QTemporaryDir dir;
        auto engine = startEngine(dir.path(), {{QStringLiteral("deepseek"), QUrl(mock.baseUrl())}});
        MainWindow window(*engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // An empty Gatehouse opens on the start.
        FirstRunPage *page = window.firstRunPage();
        QVERIFY(page->isVisible());
        auto *steps = child<QStackedWidget>(page, QStringLiteral("stepsStackedWidget"));
        auto *next = child<QPushButton>(page, QStringLiteral("nextPushButton"));
        QCOMPARE(steps->currentWidget()->objectName(), QStringLiteral("providerStep"));
        auto *providers = child<QListWidget>(page, QStringLiteral("providerListWidget"));
        QCOMPARE(providers->item(0)->data(Qt::UserRole).toString(),
                 QStringLiteral("deepseek")); // DeepSeek first
        providers->setCurrentRow(0);
        next->click();

        // Step 2: the key, stored and tested against the mock's /models.
        QCOMPARE(steps->currentWidget()->objectName(), QStringLiteral("keyStep"));
        QVERIFY(!next->isEnabled());
        child<QLineEdit>(page, QStringLiteral("keyLineEdit"))
            ->setText(QStringLiteral("sk-first-run-key"));
        child<QPushButton>(page, QStringLiteral("storeTestPushButton"))->click();
        auto *result = child<QLabel>(page, QStringLiteral("keyResultLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().contains(QStringLiteral("The key works")),
                                  qPrintable(result->text()), 10000);
        QVERIFY(next->isEnabled());
        QCOMPARE(mock.lastRequest().pathWithoutQuery(), QByteArray("/models"));
        QCOMPARE(mock.lastRequest().header("Authorization"), QByteArray("Bearer sk-first-run-key"));
        QCOMPARE(engine->credentials().reveal(QStringLiteral("deepseek")).value_or(QString()),
                 QStringLiteral("Bearer sk-first-run-key"));
        next->click();

        // Step 3: a route on /v1/*, with its base URL and snippets.
        QCOMPARE(steps->currentWidget()->objectName(), QStringLiteral("readyStep"));
        const std::optional<QJsonObject> route = engine->config().route(page->createdRouteId());
        QVERIFY(route);
        QCOMPARE(route->value(QStringLiteral("paths")).toArray(),
                 QJsonArray{QStringLiteral("/v1/*")});
        const QString baseUrl =
            child<QLineEdit>(page, QStringLiteral("readyBaseUrlLineEdit"))->text();
        QCOMPARE(baseUrl, QStringLiteral("http://%1/v1").arg(engine->proxy().address()));
        QVERIFY(child<QPlainTextEdit>(page, QStringLiteral("readyPythonPlainTextEdit"))
                    ->toPlainText()
                    .contains(baseUrl));
        QVERIFY(child<QPlainTextEdit>(page, QStringLiteral("readyCurlPlainTextEdit"))
                    ->toPlainText()
                    .contains(baseUrl));

        // The route works: a chat completion goes through the proxy to the mock with the key.
        int status = 0;
        const QByteArray answer =
            post(baseUrl + QStringLiteral("/chat/completions"),
                 R"({"messages": [{"role": "user", "content": "Hello"}]})", &status);
        QCOMPARE(status, 200);
        QVERIFY2(answer.contains("Hello from the mock provider."), answer.constData());
        QCOMPARE(mock.lastRequest().header("Authorization"), QByteArray("Bearer sk-first-run-key"));
        QCOMPARE(mock.lastRequest().json().value(QStringLiteral("model")).toString(),
                 QStringLiteral("deepseek-chat"));

        next->click();
        QVERIFY(!page->isVisible());
        QVERIFY(window.findChild<OverviewPage *>()->isVisible());
        QVERIFY(engine->settings().firstRunDone);
        QVERIFY(!window.shouldShowFirstRun());
    }

    void skippableAndReachableFromOverview()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        {
            MainWindow window(*engine);
            window.show();
            QVERIFY(window.firstRunPage()->isVisible());
            child<QPushButton>(window.firstRunPage(), QStringLiteral("skipPushButton"))->click();
            QVERIFY(window.findChild<OverviewPage *>()->isVisible());
            QVERIFY(engine->settings().firstRunDone);
            QVERIFY(engine->config().routes().isEmpty());
        }
        // Skipped once, the next start opens on the Overview; "Add a provider" brings the flow
        // back.
        MainWindow window(*engine);
        window.show();
        QVERIFY(!window.firstRunPage()->isVisible());
        child<QPushButton>(window.findChild<OverviewPage *>(),
                           QStringLiteral("addProviderPushButton"))
            ->click();
        QVERIFY(window.firstRunPage()->isVisible());
        QVERIFY(child<QLabel>(window.firstRunPage(), QStringLiteral("titleLabel"))
                    ->text()
                    .contains(QStringLiteral("Add a provider")));
    }

    void rejectedKeyBlocksTheNextStep()
    {
        MockProvider mock;
        QVERIFY(mock.listen());
        mock.setBehavior(QStringLiteral("/models"),
                         Behavior::error(401, QStringLiteral("bad key")));
        QTemporaryDir dir;
        auto engine = startEngine(dir.path(), {{QStringLiteral("deepseek"), QUrl(mock.baseUrl())}});
        MainWindow window(*engine);
        window.show();
        FirstRunPage *page = window.firstRunPage();
        child<QListWidget>(page, QStringLiteral("providerListWidget"))->setCurrentRow(0);
        child<QPushButton>(page, QStringLiteral("nextPushButton"))->click();
        child<QLineEdit>(page, QStringLiteral("keyLineEdit"))->setText(QStringLiteral("sk-wrong"));
        child<QPushButton>(page, QStringLiteral("storeTestPushButton"))->click();
        auto *result = child<QLabel>(page, QStringLiteral("keyResultLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().contains(QStringLiteral("refused")),
                                  qPrintable(result->text()), 10000);
        QVERIFY(!child<QPushButton>(page, QStringLiteral("nextPushButton"))->isEnabled());
        QVERIFY(engine->config().routes().isEmpty());
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
