#include "Engine.h"
#include "Fixtures.h"
#include "MainWindow.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

// The main window offscreen: it shows the proxy's real state and the routes with their warnings.
// Screenshots land in the build tree (GATEHOUSE_BIN_DIR/../screenshots) for a person to look at.
class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsProxyStateAndRoutes()
    {
        QTemporaryDir dir;
        LaunchOptions options;
        options.dataDir = dir.path();
        options.listen = {QStringLiteral("127.0.0.1"), 0};
        Engine engine(options);
        QString error;
        QVERIFY(engine.start(&error));
        QVERIFY(engine.proxy().isListening());
        QVERIFY(engine.config().putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json"))).ok);
        QVERIFY(engine.config().putRoute(fixtures::object(QStringLiteral("seed/deepseek-multi-route.json"))).ok);

        MainWindow window(engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *status = window.findChild<QLabel *>(QStringLiteral("proxyStatusLabel"));
        QVERIFY(status);
        QVERIFY2(status->text().contains(engine.proxy().address()), qPrintable(status->text()));
        auto *baseUrl = window.findChild<QLineEdit *>(QStringLiteral("baseUrlLineEdit"));
        QCOMPARE(baseUrl->text(), QStringLiteral("http://%1/v1").arg(engine.proxy().address()));
        save(window, QStringLiteral("overview"));

        window.findChild<QListWidget *>(QStringLiteral("pageListWidget"))->setCurrentRow(1);
        auto *table = window.findChild<QTableView *>(QStringLiteral("routesTableView"));
        QVERIFY(table->isVisible());
        QCOMPARE(table->model()->rowCount(), 2);
        // The multi route lists instances in the order they are tried: priority 2 first.
        const QModelIndex order = table->model()->index(1, 3);
        QCOMPARE(order.data().toString(), QStringLiteral("openai-fallback → deepseek-primary"));
        table->selectRow(1);
        auto *warnings = window.findChild<QLabel *>(QStringLiteral("warningsLabel"));
        QVERIFY2(warnings->text().contains(QStringLiteral("is tried before")), qPrintable(warnings->text()));
        save(window, QStringLiteral("routes"));
    }

private:
    static void save(QWidget &window, const QString &name)
    {
        const QString dir = qEnvironmentVariable("GATEHOUSE_BIN_DIR", QStringLiteral(".")) + QStringLiteral("/../screenshots");
        QDir().mkpath(dir);
        QVERIFY(window.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
