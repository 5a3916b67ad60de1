#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "LogTableModel.h"
#include "LogsPage.h"
#include "MainWindow.h"
#include "MockProvider.h"

#include <QComboBox>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTimer>

using namespace gatehouse;
using namespace guitest;

// The request log against a real engine: a request through the proxy shows up without a polling
// timer, filters narrow the table (and read the ledger), Pause holds new rows back, the details
// pane shows the attempt trail, and older rows page in from the ledger.
class TestLogsPage : public QObject
{
    Q_OBJECT

private:
    MockProvider m_mock;
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;
    QNetworkAccessManager m_nam;

    LogsPage *page() const { return m_window->logsPage(); }
    int shown() const { return page()->filterModel()->rowCount(); }

    int post(const QString &path)
    {
        QNetworkRequest r(
            QUrl(QStringLiteral("http://%1%2").arg(m_engine->proxy().address(), path)));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            m_nam.post(r, R"({"messages": [{"role": "user", "content": "Hello"}]})");
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    void start(const std::function<void(Engine &)> &before = {})
    {
        const QString dataDir =
            m_dir.path() + QLatin1Char('/') + QString::fromLatin1(QTest::currentTestFunction());
        m_engine = startEngine(dataDir, {{QStringLiteral("deepseek"), QUrl(m_mock.baseUrl())}});
        CredentialInfo info;
        info.name = QStringLiteral("deepseek");
        info.provider = QStringLiteral("deepseek");
        QVERIFY(SecretJob::wait(m_engine->credentials().store(info, QStringLiteral("Bearer sk-x")))
                    .ok());
        QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
        route.insert(QStringLiteral("paths"), QJsonArray{QStringLiteral("/v1/*")});
        route.remove(QStringLiteral("service_id"));
        route = RouteSchema::mapAuthValues(
            route, [](const QString &, const QString &, const QString &) -> QString {
                return QStringLiteral("$secret://keychain/deepseek");
            });
        QVERIFY(m_engine->config().putRoute(route).ok);
        if (before)
            before(*m_engine);
        m_window = std::make_unique<MainWindow>(*m_engine);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QVERIFY(m_window->showPage(MainWindow::Logs));
    }

    static RequestRecord record(qint64 startedAtMs, int status)
    {
        RequestRecord r;
        r.startedAtMs = startedAtMs;
        r.client = QStringLiteral("127.0.0.1");
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/v1/chat/completions");
        r.routeId = QStringLiteral("old-route");
        r.instance = QStringLiteral("ai-proxy-deepseek");
        r.provider = QStringLiteral("deepseek");
        r.clientModel = QStringLiteral("deepseek-chat");
        r.upstreamModel = QStringLiteral("deepseek-chat");
        r.status = status;
        r.latencyMs = 12;
        r.usage.promptTokens = 10;
        r.usage.completionTokens = 20;
        r.usage.present = true;
        r.attempts = {AttemptRecord{QStringLiteral("ai-proxy-deepseek"), status, {}, 11}};
        return r;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_mock.listen());
        QVERIFY(m_dir.isValid());
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
        m_mock.clearQueue();
    }

    void liveFilterPauseAndDetails()
    {
        start();
        QCOMPARE(shown(), 0);
        QCOMPARE(post(QStringLiteral("/v1/chat/completions")), 200);
        // Delivered by the page's sink and its one queued signal; the page runs no timer.
        QTRY_COMPARE(shown(), 1);
        for (const QTimer *timer : page()->findChildren<QTimer *>())
            QVERIFY(!timer->isActive());
        const RequestRecord &first = page()->model()->row(0).record;
        QCOMPARE(first.routeId, QStringLiteral("deepseek-route"));
        QCOMPARE(first.status, 200);
        QCOMPARE(page()->filterModel()->index(0, LogTableModel::Route).data().toString(),
                 QStringLiteral("deepseek-route"));

        QCOMPARE(post(QStringLiteral("/nowhere")), 404);
        QTRY_COMPARE(shown(), 2);
        // Newest on top.
        QCOMPARE(page()->model()->row(0).record.status, 404);

        auto *status = child<QComboBox>(page(), QStringLiteral("statusComboBox"));
        QVERIFY(selectData(status, int(UsageFilter::StatusClass::Error)));
        QTRY_COMPARE(shown(), 1);
        QCOMPARE(page()->filterModel()->index(0, LogTableModel::Status).data().toString(),
                 QStringLiteral("404"));
        QVERIFY(selectData(status, int(UsageFilter::StatusClass::Any)));
        QTRY_COMPARE(shown(), 2);
        auto *search = child<QLineEdit>(page(), QStringLiteral("searchLineEdit"));
        search->setText(QStringLiteral("nowhere"));
        QTRY_COMPARE(shown(), 1);
        search->setText(QStringLiteral("DEEPSEEK-ROUTE"));
        QTRY_VERIFY(shown() == 1 &&
                    page()->filterModel()->index(0, LogTableModel::Status).data().toString() ==
                        QStringLiteral("200"));
        search->clear();
        QTRY_COMPARE(shown(), 2);

        // Details of the answered request: its fields and attempt trail; no bodies.
        auto *table = child<QTableView>(page(), QStringLiteral("logsTableView"));
        table->selectRow(1);
        const QString details =
            child<QTextBrowser>(page(), QStringLiteral("detailsTextBrowser"))->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("ai-proxy-deepseek: 200")), qPrintable(details));
        QVERIFY(details.contains(QStringLiteral("Bodies are not logged")));
        QVERIFY(details.contains(QStringLiteral("POST /v1/chat/completions")));

        // Pause holds new rows back; resuming shows them.
        child<QPushButton>(page(), QStringLiteral("pausePushButton"))->click();
        QVERIFY(page()->isPaused());
        QCOMPARE(post(QStringLiteral("/v1/chat/completions")), 200);
        QTRY_COMPARE(page()->heldCount(), 1);
        QCOMPARE(shown(), 2);
        child<QPushButton>(page(), QStringLiteral("pausePushButton"))->click();
        QVERIFY(!page()->isPaused());
        QCOMPARE(shown(), 3);
        QCOMPARE(page()->heldCount(), 0);
    }

    // Rows from before the window opened come from the ledger, a page at a time.
    void olderRowsFromTheLedger()
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const int n = LogsPage::PageSize + 50;
        start([&](Engine &engine) {
            for (int i = n - 1; i >= 0; --i) // in the order they finished
                engine.usage().record(record(now - 60000 - qint64(i) * 1000, i % 10 ? 200 : 502));
            QVERIFY(engine.usage().flush());
        });
        QTRY_COMPARE(page()->model()->rowCount(), LogsPage::PageSize);
        QCOMPARE(page()->model()->row(0).record.startedAtMs, now - 60000);
        QVERIFY(page()->model()->row(0).id > 0);
        child<QPushButton>(page(), QStringLiteral("loadOlderPushButton"))->click();
        QCOMPARE(page()->model()->rowCount(), n);
        QCOMPARE(page()->model()->row(n - 1).record.startedAtMs,
                 now - 60000 - qint64(n - 1) * 1000);

        // A filter reads the ledger too: every 502, not only those in memory.
        auto *status = child<QComboBox>(page(), QStringLiteral("statusComboBox"));
        QVERIFY(selectData(status, int(UsageFilter::StatusClass::ServerError)));
        QTRY_COMPARE(shown(), n / 10);
    }

    void capKeepsTheNewest()
    {
        LogTableModel model(5);
        QList<UsageRow> rows;
        for (int i = 0; i < 8; ++i) {
            UsageRow row;
            row.record = record(i, 200);
            rows.append(row);
        }
        model.prepend(rows.mid(0, 3));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.row(0).record.startedAtMs, 2);
        model.prepend(rows.mid(3));
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.row(0).record.startedAtMs, 7);
        QCOMPARE(model.row(4).record.startedAtMs, 3);
        QVERIFY(model.canFetchMore({}) == false); // no loader
    }
};

QTEST_MAIN(TestLogsPage)
#include "tst_logspage.moc"
