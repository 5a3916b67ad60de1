#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "LogsPage.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "PlaygroundPage.h"
#include "TrayIcon.h"
#include "UsageDashboardPage.h"

#include <QAction>
#include <QDateTime>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// The main window offscreen: the sidebar's pages, the status bar with the proxy's and the Admin
// API's real state, how fast it is on screen, and the tray menu's proxy control.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsProxyStateAndRoutes()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        QVERIFY(engine->proxy().isListening());
        QVERIFY(engine->config()
                    .putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json")))
                    .ok);
        QVERIFY(engine->config()
                    .putRoute(fixtures::object(QStringLiteral("seed/deepseek-multi-route.json")))
                    .ok);

        MainWindow window(*engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *status = child<QLabel>(&window, QStringLiteral("proxyStatusLabel"));
        QVERIFY2(status->text().contains(engine->proxy().address()), qPrintable(status->text()));
        auto *admin = child<QLabel>(&window, QStringLiteral("adminStatusLabel"));
        QVERIFY2(admin->text().contains(QString::number(engine->adminService().port())),
                 qPrintable(admin->text()));
        QCOMPARE(child<QLabel>(&window, QStringLiteral("inFlightLabel"))->text(),
                 QStringLiteral("Requests in flight: 0"));
        // Only exact paths: the URL a tool posts to is the route's own.
        auto *baseUrl = child<QLineEdit>(&window, QStringLiteral("baseUrlLineEdit"));
        QCOMPARE(baseUrl->text(),
                 QStringLiteral("http://%1/deepseek").arg(engine->proxy().address()));

        child<QListWidget>(&window, QStringLiteral("pageListWidget"))
            ->setCurrentRow(MainWindow::Routes);
        auto *table = child<QTableView>(&window, QStringLiteral("routesTableView"));
        QVERIFY(table->isVisible());
        QCOMPARE(table->model()->rowCount(), 2);
        // The multi route lists instances in the order they are tried: priority 2 first.
        QCOMPARE(table->model()->index(1, 3).data().toString(),
                 QStringLiteral("openai-fallback → deepseek-primary"));
        table->selectRow(1);
        auto *warnings = child<QLabel>(&window, QStringLiteral("warningsLabel"));
        QVERIFY2(warnings->text().contains(QStringLiteral("is tried before")),
                 qPrintable(warnings->text()));
    }

    // Today's figures on the Overview come from the ledger: they count only today, include the
    // cost at the engine's prices, and are still there after a restart.
    void overviewCountsTheDayFromTheLedger()
    {
        QTemporaryDir dir;
        const auto record = [](qint64 startedAtMs, int status) {
            RequestRecord r;
            r.startedAtMs = startedAtMs;
            r.method = QStringLiteral("POST");
            r.path = QStringLiteral("/v1/chat/completions");
            r.routeId = QStringLiteral("deepseek-route");
            r.instance = QStringLiteral("ai-proxy-deepseek");
            r.provider = QStringLiteral("deepseek");
            r.clientModel = r.upstreamModel = QStringLiteral("deepseek-chat");
            r.status = status;
            r.usage.promptTokens = 1000;
            r.usage.completionTokens = 500;
            return r;
        };
        // Both "today" records fall after midnight even when the test runs just past it.
        const qint64 now =
            qMax(QDateTime::currentMSecsSinceEpoch(),
                 QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch() + 1000);
        {
            auto engine = startEngine(dir.path());
            // A route, so that the window opens on the Overview rather than the first-run page.
            QVERIFY(engine->config()
                        .putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json")))
                        .ok);
            engine->usage().record(record(now - 1000, 200));
            engine->usage().record(record(now - 500, 502));
            engine->usage().record(record(now - 2LL * 24 * 3600 * 1000, 200)); // two days ago
            QVERIFY(engine->usage().flush());
        }
        for (int run = 0; run < 2; ++run) { // the second run reads the ledger a restart left
            auto engine = startEngine(dir.path());
            MainWindow window(*engine);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            QTRY_COMPARE(child<QLabel>(&window, QStringLiteral("requestsTodayValueLabel"))->text(),
                         QStringLiteral("2"));
            QCOMPARE(child<QLabel>(&window, QStringLiteral("errorsTodayValueLabel"))->text(),
                     QStringLiteral("1"));
            QVERIFY(child<QLabel>(&window, QStringLiteral("tokensTodayValueLabel"))
                        ->text()
                        .startsWith(QLocale().toString(3000)));
            const QString cost =
                child<QLabel>(&window, QStringLiteral("costTodayValueLabel"))->text();
            const std::optional<double> one = engine->prices().cost(record(now, 200));
            QVERIFY2(one && *one > 0, "deepseek-chat has a default price");
            const double expected = *one * 2;
            QCOMPARE(cost, QStringLiteral("$") + QLocale().toString(expected, 'f', 4));
        }
    }

    void everyPageHasItsPlace()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        MainWindow window(*engine);
        window.show();
        auto *sidebar = child<QListWidget>(&window, QStringLiteral("pageListWidget"));
        QStringList names;
        for (int i = 0; i < sidebar->count(); ++i)
            names << sidebar->item(i)->text();
        QCOMPARE(names, (QStringList{QStringLiteral("Overview"), QStringLiteral("Routes"),
                                     QStringLiteral("Credentials"), QStringLiteral("Playground"),
                                     QStringLiteral("Usage"), QStringLiteral("Logs"),
                                     QStringLiteral("Settings")}));
        // Each sidebar row shows its own page.
        auto *stack = child<QStackedWidget>(&window, QStringLiteral("pageStackedWidget"));
        QVERIFY(window.showPage(MainWindow::Playground));
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(window.playgroundPage()));
        QVERIFY(window.showPage(MainWindow::Usage));
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(window.usagePage()));
        QVERIFY(window.showPage(MainWindow::Logs));
        QCOMPARE(stack->currentWidget(), static_cast<QWidget *>(window.logsPage()));
    }

    void statusBarSaysWhyTheProxyIsDown()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        MainWindow window(*engine);
        window.show();
        auto *status = child<QLabel>(&window, QStringLiteral("proxyStatusLabel"));
        engine->stopProxy();
        QCOMPARE(status->text(), QStringLiteral("Proxy: stopped"));
        QVERIFY(engine->startProxy());
        QVERIFY(status->text().contains(QStringLiteral("listening")));

        // A port in use: the reason is in the status bar.
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost));
        AppSettings settings = engine->settings();
        LaunchOptions busy = options(dir.path() + QStringLiteral("/busy"));
        busy.listen.port = squatter.serverPort();
        Engine second(busy);
        QString error;
        QVERIFY(second.start(&error));
        MainWindow other(second);
        other.show();
        const QString text = child<QLabel>(&other, QStringLiteral("proxyStatusLabel"))->text();
        QVERIFY2(text.startsWith(QStringLiteral("Proxy: error")) &&
                     text.contains(QString::number(squatter.serverPort())),
                 qPrintable(text));
        Q_UNUSED(settings);
    }

    void onScreenFast()
    {
        QTemporaryDir dir;
        QElapsedTimer timer;
        timer.start();
        Engine engine(options(dir.path()));
        QString error;
        QVERIFY(engine.start(&error));
        MainWindow window(engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const qint64 ms = timer.elapsed();
        qInfo("engine started and window on screen in %lld ms", ms);
        QVERIFY2(ms < 500, qPrintable(QString::number(ms)));
    }

    void trayMenuStartsAndStopsTheProxy()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        MainWindow window(*engine);
        TrayIcon tray(*engine, window);
        auto *state = tray.menu()->findChild<QAction *>(QStringLiteral("proxyStateAction"));
        auto *toggle = tray.menu()->findChild<QAction *>(QStringLiteral("toggleProxyAction"));
        QVERIFY(state && toggle);
        QVERIFY(state->text().contains(engine->proxy().address()));
        toggle->trigger();
        QVERIFY(!engine->proxy().isListening());
        QCOMPARE(state->text(), QStringLiteral("Proxy stopped"));
        QCOMPARE(toggle->text(), QStringLiteral("&Start the proxy"));
        toggle->trigger();
        QVERIFY(engine->proxy().isListening());
        tray.menu()->findChild<QAction *>(QStringLiteral("openWindowAction"))->trigger();
        QVERIFY(window.isVisible());
    }

    void closingKeepsTheProxyWithATray()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        MainWindow window(*engine);
        window.setKeepRunningInTray(true);
        window.show();
        QSignalSpy hidden(&window, &MainWindow::hiddenToTray);
        window.close();
        QVERIFY(!window.isVisible());
        QCOMPARE(hidden.count(), 1);
        QVERIFY(engine->proxy().isListening());
        window.bringToFront();
        QVERIFY(window.isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
