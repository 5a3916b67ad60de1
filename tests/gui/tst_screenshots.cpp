#include "CredentialsPage.h"
#include "FirstRunPage.h"
#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "LogTableModel.h"
#include "LogsPage.h"
#include "MockProvider.h"
#include "PlaygroundPage.h"
#include "ProviderFieldsWidget.h"
#include "RouteEditor.h"
#include "RoutesPage.h"
#include "Theme.h"
#include "UsageDashboardPage.h"
#include "Translations.h"

#include <QChart>
#include <QEventLoop>
#include <QLabel>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <functional>

using namespace gatehouse;
using namespace guitest;

// Every page at 1280×800 in the light and the dark theme, for docs/screenshots/ (run by
// scripts/screenshots.sh, which sets GATEHOUSE_SCREENSHOT_DIR) and for a person to look at after
// a change (build/screenshots otherwise). Each shot also checks the page is in a state worth
// showing.
class TestScreenshots : public QObject
{
    Q_OBJECT

private:
    MockProvider m_mock;
    QTemporaryDir m_dir;
    QString m_out;

    static void request(QNetworkAccessManager &nam, const QString &url, const QByteArray &body)
    {
        QNetworkRequest r{QUrl(url)};
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = nam.post(r, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
    }

    // Real-looking addresses when they are free (the docs show 9080/7080), any port otherwise.
    std::unique_ptr<Engine> engine(const QString &name, bool defaultPorts)
    {
        LaunchOptions o = options(m_dir.path() + QLatin1Char('/') + name,
                                  {{QStringLiteral("deepseek"), QUrl(m_mock.baseUrl())},
                                   {QStringLiteral("openai"), QUrl(m_mock.baseUrl())}});
        if (defaultPorts) {
            o.listen = {QStringLiteral("127.0.0.1"), 9080};
            o.adminListen = {QStringLiteral("127.0.0.1"), 7080};
        }
        auto e = std::make_unique<Engine>(o);
        QString error;
        if (!e->start(&error))
            qFatal("%s", qPrintable(error));
        if (defaultPorts && (!e->proxy().isListening() || !e->adminService().isListening()))
            return engine(name + QStringLiteral("-any"), false);
        e->credentials().waitForLoad(10000);
        e->loadOrCreateAdminKey();
        return e;
    }

    // `prepare` runs after each theme change (a new style resets scroll positions).
    void shoot(MainWindow &window, const QString &name, const std::function<void()> &prepare = {})
    {
        for (const auto &[theme, suffix] :
             {std::pair{AppSettings::Theme::Light, QStringLiteral("light")},
              std::pair{AppSettings::Theme::Dark, QStringLiteral("dark")}}) {
            Theme::apply(theme);
            // Labels coloured for the theme are coloured when they are set: show the page again.
            window.update();
            QTest::qWait(30);
            if (prepare) {
                prepare();
                QTest::qWait(30);
            }
            const QImage image = window.grab().toImage();
            QCOMPARE(image.size(), QSize(1280, 800));
            QVERIFY(image.save(m_out + QLatin1Char('/') + name + QLatin1Char('-') + suffix +
                               QStringLiteral(".png")));
        }
        Theme::apply(AppSettings::Theme::Light);
    }

    static std::unique_ptr<MainWindow> window(Engine &engine)
    {
        auto w = std::make_unique<MainWindow>(engine);
        w->resize(1280, 800);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            qFatal("window not exposed");
        return w;
    }

    void addCredential(Engine &e, const QString &name, const QString &provider, const QString &key)
    {
        CredentialInfo info;
        info.name = name;
        info.provider = provider;
        QVERIFY(SecretJob::wait(e.credentials().store(info, QStringLiteral("Bearer ") + key)).ok());
    }

    // The two demo keys, the seed's single route on /v1/* (put), and the seed's multi route with
    // keychain references (returned, for the caller to adjust and put).
    QJsonObject addSeedRoutes(Engine &e)
    {
        addCredential(e, QStringLiteral("deepseek"), QStringLiteral("deepseek"),
                      QStringLiteral("sk-demo-deepseek-not-real"));
        addCredential(e, QStringLiteral("openai"), QStringLiteral("openai"),
                      QStringLiteral("sk-demo-openai-not-real"));
        QJsonObject single = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
        single.insert(QStringLiteral("paths"), QJsonArray{QStringLiteral("/v1/*")});
        single = RouteSchema::mapAuthValues(
            single, [](const QString &, const QString &, const QString &) {
                return QStringLiteral("$secret://keychain/deepseek");
            });
        single.remove(QStringLiteral("service_id"));
        if (!e.config().putRoute(single).ok)
            qFatal("the seed's single route did not save");
        QJsonObject multi = fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"));
        int n = 0;
        multi = RouteSchema::mapAuthValues(
            multi, [&](const QString &, const QString &, const QString &) -> QString {
                return n++ == 0 ? QStringLiteral("$secret://keychain/deepseek")
                                : QStringLiteral("$secret://keychain/openai");
            });
        multi.remove(QStringLiteral("service_id"));
        return multi;
    }

    // A week of requests in the ledger, recorded before today's traffic (the ledger keeps rows
    // in the order requests finished), so the Usage chart and the log have a history.
    void addHistory(Engine &e)
    {
        const QDateTime now = QDateTime::currentDateTime();
        const QString models[] = {QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o-mini"),
                                  QStringLiteral("deepseek-reasoner")};
        for (int day = 6; day >= 1; --day) {
            for (int i = 0; i < 12 + day * 3; ++i) {
                RequestRecord r;
                const QString &model = models[(i + day) % 3 == 0 ? 1 : i % 5 == 0 ? 2 : 0];
                r.startedAtMs = now.addDays(-day).date().startOfDay().addSecs(8 * 3600 + i * 600).toMSecsSinceEpoch();
                r.client = QStringLiteral("127.0.0.1");
                r.method = QStringLiteral("POST");
                r.path = QStringLiteral("/v1/chat/completions");
                r.routeId = model == models[1] ? QStringLiteral("deepseek-multi-route")
                                               : QStringLiteral("deepseek-route");
                r.provider = model == models[1] ? QStringLiteral("openai")
                                                : QStringLiteral("deepseek");
                r.instance = model == models[1] ? QStringLiteral("openai-fallback")
                                                : QStringLiteral("ai-proxy-deepseek");
                r.clientModel = r.upstreamModel = model;
                r.status = 200;
                r.stream = true;
                r.latencyMs = 900 + i * 37 % 800;
                r.ttftMs = 180 + i * 13 % 200;
                r.usage.promptTokens = 600 + (i * 211 + day * 97) % 2400;
                r.usage.completionTokens = 150 + (i * 131 + day * 53) % 900;
                r.usage.cachedTokens = r.usage.promptTokens / 3;
                r.usage.totalTokens = r.usage.promptTokens + r.usage.completionTokens;
                r.usage.present = true;
                r.attempts = {AttemptRecord{r.instance, 200, {}, r.latencyMs}};
                e.usage().record(r);
            }
        }
        QVERIFY(e.usage().flush());
    }

    // The playground with one answer done (reasoning folded, the footer with its fallback) and
    // the next one half written; then the log and a week of usage.
    void shootPlaygroundUsageAndLogs(MainWindow &w)
    {
        w.showPage(MainWindow::Playground);
        PlaygroundPage *playground = w.playgroundPage();
        QVERIFY(playground->selectRoute(QStringLiteral("deepseek-multi-route")));
        auto *input = child<QPlainTextEdit>(playground, QStringLiteral("inputPlainTextEdit"));
        auto *send = child<QPushButton>(playground, QStringLiteral("sendPushButton"));
        Behavior first = Behavior::sse(-1, 2).withDialect(Behavior::Dialect::DeepSeek);
        first.reasoning = QStringLiteral("The route lists two instances; the higher priority one "
                                         "is tried first.");
        first.content = QStringLiteral(
            "**openai-fallback** is tried first (priority 2), then **deepseek-primary**.");
        first.cachedTokens = 8;
        m_mock.enqueue(Behavior::error(429, QStringLiteral("Rate limit reached for requests")));
        m_mock.enqueue(first);
        input->setPlainText(QStringLiteral("Which instance answers first?"));
        send->click();
        QTRY_VERIFY_WITH_TIMEOUT(!playground->isStreaming(), 10000);

        Behavior second = Behavior::sse(-1, 60);
        second.content = QStringLiteral(
            "Point any OpenAI SDK at the local proxy and Gatehouse does the rest:\n\n"
            "1. **deepseek-primary** answers while it is healthy.\n"
            "2. **openai-fallback** takes over on a 429 or a 5xx.\n"
            "3. Each answer's footer shows who answered and how fast.\n\n"
            "```python\nfrom openai import OpenAI\n"
            "client = OpenAI(base_url=\"http://127.0.0.1:9080/v1\", api_key=\"gatehouse\")\n"
            "reply = client.chat.completions.create(model=\"deepseek-chat\", messages=[...])\n"
            "```\n\nThe Logs page lists every request, and the Usage page adds up tokens and "
            "cost per model, route and instance.");
        m_mock.enqueue(second);
        input->setPlainText(QStringLiteral("How do I use it from Python?"));
        send->click();
        // Mid-stream: the answer half written.
        QTRY_VERIFY_WITH_TIMEOUT(
            playground->conversation().turns.last().content.size() > second.content.size() / 3,
            10000);
        shoot(w, QStringLiteral("playground"));
        QVERIFY(playground->isStreaming());
        child<QPushButton>(playground, QStringLiteral("stopPushButton"))->click();

        w.showPage(MainWindow::Usage);
        QTRY_VERIFY(w.usagePage()->chart()->series().size() == 1);
        shoot(w, QStringLiteral("usage"), [] { QTest::qWait(100); });

        w.showPage(MainWindow::Logs);
        auto *logs = child<QTableView>(w.logsPage(), QStringLiteral("logsTableView"));
        QTRY_VERIFY(logs->model()->rowCount() > 5);
        // The playground's answer that fell back, with its attempt trail in the details.
        for (int row = 0; row < logs->model()->rowCount(); ++row) {
            if (w.logsPage()->model()->row(row).record.attempts.size() > 1) {
                logs->selectRow(row);
                break;
            }
        }
        shoot(w, QStringLiteral("logs"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_mock.listen());
        m_out = qEnvironmentVariable("GATEHOUSE_SCREENSHOT_DIR");
        if (m_out.isEmpty())
            m_out = qEnvironmentVariable("GATEHOUSE_BIN_DIR", QStringLiteral(".")) +
                    QStringLiteral("/../screenshots");
        QVERIFY(QDir().mkpath(m_out));
        // The same font everywhere, so the pictures do not depend on the machine's default.
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSize(10);
        QApplication::setFont(font);
        Theme::captureSystemLook();
    }

    void firstRun()
    {
        auto e = engine(QStringLiteral("first-run"), true);
        auto w = window(*e);
        FirstRunPage *page = w->firstRunPage();
        QVERIFY(page->isVisible());
        shoot(*w, QStringLiteral("first-run-1-provider"));
        child<QPushButton>(page, QStringLiteral("nextPushButton"))->click();
        child<QLineEdit>(page, QStringLiteral("keyLineEdit"))
            ->setText(QStringLiteral("sk-demo-key-not-real"));
        child<QPushButton>(page, QStringLiteral("storeTestPushButton"))->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QPushButton>(page, QStringLiteral("nextPushButton"))->isEnabled(), 10000);
        shoot(*w, QStringLiteral("first-run-2-key"));
        child<QPushButton>(page, QStringLiteral("nextPushButton"))->click();
        QVERIFY(!page->createdRouteId().isEmpty());
        shoot(*w, QStringLiteral("first-run-3-ready"));
    }

    void pages()
    {
        auto e = engine(QStringLiteral("pages"), true);
        addHistory(*e);
        QJsonObject multi = addSeedRoutes(*e);
        QVERIFY(e->config().putRoute(multi).ok);
        {
            AppSettings s = e->settings();
            s.firstRunDone = true;
            s.allowedOrigins = {QStringLiteral("http://localhost:3000")};
            QString error;
            QVERIFY(e->applySettings(s, &error));
        }

        // Some traffic for "today": answers, a provider error, and a path with no route.
        QNetworkAccessManager nam;
        const QString base = QStringLiteral("http://%1").arg(e->proxy().address());
        const QByteArray hello = R"({"messages": [{"role": "user", "content": "Hello"}]})";
        for (int i = 0; i < 5; ++i)
            request(nam, base + QStringLiteral("/v1/chat/completions"), hello);
        m_mock.enqueue(Behavior::error(429, QStringLiteral("Rate limit reached for requests")));
        m_mock.enqueue(Behavior::error(429, QStringLiteral("Rate limit reached for requests")));
        request(nam, base + QStringLiteral("/deepseek"), hello);
        request(nam, base + QStringLiteral("/v2/chat/completions"), hello);

        auto w = window(*e);
        QTRY_VERIFY(!child<QLabel>(w.get(), QStringLiteral("recentErrorsEmptyLabel"))->isVisible());
        shoot(*w, QStringLiteral("overview"));

        w->showPage(MainWindow::Routes);
        auto *table = child<QTableView>(w->routesPage(), QStringLiteral("routesTableView"));
        QCOMPARE(table->model()->rowCount(), 2);
        table->selectRow(1);
        shoot(*w, QStringLiteral("routes"));

        w->routesPage()->openRoute(QStringLiteral("deepseek-route"));
        shoot(*w, QStringLiteral("route-editor-single"));

        w->routesPage()->openRoute(QStringLiteral("deepseek-multi-route"));
        RouteEditor *editor = w->routesPage()->editor();
        QVERIFY(child<QFrame>(editor, QStringLiteral("orderWarningFrame"))->isVisible());
        // Scrolled to the instances, the order they are tried in and the warning about it.
        auto *scroll = child<QScrollArea>(editor, QStringLiteral("formScrollArea"));
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
        shoot(*w, QStringLiteral("route-editor-multi"), [&] {
            auto *box = child<QWidget>(editor, QStringLiteral("instancesGroupBox"));
            scroll->verticalScrollBar()->setValue(box->mapTo(scroll->widget(), QPoint(0, 0)).y() -
                                                  8);
        });
        scroll->verticalScrollBar()->setValue(0);

        child<QTabWidget>(editor, QStringLiteral("editorTabWidget"))->setCurrentIndex(1);
        shoot(*w, QStringLiteral("route-editor-json"));
        child<QTabWidget>(editor, QStringLiteral("editorTabWidget"))->setCurrentIndex(0);

        // A broken field, with its error next to it.
        w->routesPage()->openRoute(QStringLiteral("deepseek-route"));
        child<QLineEdit>(
            editor->findChild<ProviderFieldsWidget *>(QStringLiteral("singleProviderFields")),
            QStringLiteral("endpointLineEdit"))
            ->setText(QStringLiteral("api.deepseek.com"));
        child<QPushButton>(editor, QStringLiteral("savePushButton"))->click();
        shoot(*w, QStringLiteral("route-editor-error"));
        child<QPushButton>(editor, QStringLiteral("revertPushButton"))->click();
        w->routesPage()->showList();

        w->showPage(MainWindow::Credentials);
        child<QTableView>(w->credentialsPage(), QStringLiteral("credentialsTableView"))
            ->selectRow(0);
        child<QPushButton>(w->credentialsPage(), QStringLiteral("testCredentialPushButton"))
            ->click();
        QTRY_VERIFY_WITH_TIMEOUT(
            child<QLabel>(w->credentialsPage(), QStringLiteral("testResultLabel"))
                ->text()
                .contains(QStringLiteral("✓")),
            10000);
        shoot(*w, QStringLiteral("credentials"));

        w->showPage(MainWindow::Settings);
        QTRY_VERIFY(!e->adminKey().isEmpty());
        shoot(*w, QStringLiteral("settings"));
        shootPlaygroundUsageAndLogs(*w);
    }

    // Two pages in Simplified Chinese, light theme: overview-zh_CN.png and
    // route-editor-zh_CN.png (a route with fallback, scrolled to its instances and their order).
    void chinese()
    {
        QCOMPARE(Translations::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        auto e = engine(QStringLiteral("chinese"), true);
        // The seed's route with the priorities the right way round (DeepSeek first).
        QJsonObject multi = addSeedRoutes(*e);
        QJsonObject plugins = multi.value(QStringLiteral("plugins")).toObject();
        QJsonObject plugin = plugins.value(QStringLiteral("ai-proxy-multi")).toObject();
        QJsonArray instances = plugin.value(QStringLiteral("instances")).toArray();
        for (int i = 0; i < instances.size(); ++i) {
            QJsonObject instance = instances[i].toObject();
            instance.insert(QStringLiteral("priority"), i == 0 ? 2 : 1);
            instances[i] = instance;
        }
        plugin.insert(QStringLiteral("instances"), instances);
        plugins.insert(QStringLiteral("ai-proxy-multi"), plugin);
        multi.insert(QStringLiteral("plugins"), plugins);
        QVERIFY(e->config().putRoute(multi).ok);
        {
            AppSettings s = e->settings();
            s.firstRunDone = true;
            s.language = QStringLiteral("zh_CN");
            QString error;
            QVERIFY(e->applySettings(s, &error));
        }
        QNetworkAccessManager nam;
        const QString base = QStringLiteral("http://%1").arg(e->proxy().address());
        for (int i = 0; i < 4; ++i)
            request(nam, base + QStringLiteral("/v1/chat/completions"),
                    R"({"messages": [{"role": "user", "content": "你好"}]})");

        auto w = window(*e);
        Theme::apply(AppSettings::Theme::Light);
        QTest::qWait(30);
        QVERIFY(w->grab().toImage().save(m_out + QStringLiteral("/overview-zh_CN.png")));

        w->showPage(MainWindow::Routes);
        w->routesPage()->openRoute(QStringLiteral("deepseek-multi-route"));
        RouteEditor *editor = w->routesPage()->editor();
        QVERIFY(!child<QFrame>(editor, QStringLiteral("orderWarningFrame"))->isVisible());
        auto *scroll = child<QScrollArea>(editor, QStringLiteral("formScrollArea"));
        QTRY_VERIFY(scroll->verticalScrollBar()->maximum() > 0);
        auto *box = child<QWidget>(editor, QStringLiteral("instancesGroupBox"));
        scroll->verticalScrollBar()->setValue(box->mapTo(scroll->widget(), QPoint(0, 0)).y() - 8);
        child<QTableView>(editor, QStringLiteral("instancesTableView"))->selectRow(0);
        QTest::qWait(30);
        QVERIFY(w->grab().toImage().save(m_out + QStringLiteral("/route-editor-zh_CN.png")));
        Translations::install(QString()); // back to the system's language
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
