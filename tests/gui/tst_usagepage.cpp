#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "UsageDashboardPage.h"

#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QStackedBarSeries>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// The Usage page over a ledger with known rows: the chart has a series per model, the totals
// table says what the ledger says, CSV export writes every row, and prices save through the
// engine.
class TestUsagePage : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    UsageDashboardPage *page() const { return m_window->usagePage(); }

    static RequestRecord record(qint64 startedAtMs, const QString &model, const QString &route,
                                int prompt, int completion, int status = 200)
    {
        RequestRecord r;
        r.startedAtMs = startedAtMs;
        r.client = QStringLiteral("127.0.0.1");
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/v1/chat/completions");
        r.routeId = route;
        r.instance = route + QStringLiteral("-instance");
        r.provider = model.startsWith(QStringLiteral("gpt")) ? QStringLiteral("openai")
                                                             : QStringLiteral("deepseek");
        r.clientModel = model;
        r.upstreamModel = model;
        r.status = status;
        r.latencyMs = 100;
        r.usage.promptTokens = prompt;
        r.usage.completionTokens = completion;
        r.usage.totalTokens = prompt + completion;
        r.usage.present = true;
        r.attempts = {AttemptRecord{r.instance, status, {}, 100}};
        return r;
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString dataDir =
            m_dir.path() + QLatin1Char('/') + QString::fromLatin1(QTest::currentTestFunction());
        m_engine = startEngine(dataDir);
        // Today, an hour apart where the day allows (the page opens on "last 7 days").
        const QDateTime now = QDateTime::currentDateTime();
        UsageLedger &ledger = m_engine->usage();
        for (int i = 0; i < 30; ++i) {
            const qint64 at = now.toMSecsSinceEpoch() - qint64(i % 3) * 1000;
            ledger.record(record(at, QStringLiteral("deepseek-chat"), QStringLiteral("chat"), 100,
                                 50, i == 0 ? 502 : 200));
            ledger.record(
                record(at, QStringLiteral("gpt-4o-mini"), QStringLiteral("fallback"), 10, 5));
        }
        // Two days ago: in "last 7 days", not in "today".
        ledger.record(record(now.addDays(-2).toMSecsSinceEpoch(), QStringLiteral("deepseek-chat"),
                             QStringLiteral("chat"), 1000, 1000));
        QVERIFY(ledger.flush());
        m_window = std::make_unique<MainWindow>(*m_engine);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
    }

    void chartAndTotalsMatchTheLedger()
    {
        QSignalSpy loaded(page(), &UsageDashboardPage::loaded);
        QVERIFY(m_window->showPage(MainWindow::Usage));
        QVERIFY(loaded.wait(5000));
        QCOMPARE(page()->bucketSize(), UsageBucketSize::Day);
        QCOMPARE(page()->dimension(), UsageDimension::Model);

        QChart *chart = page()->chart();
        QCOMPARE(chart->series().size(), 1);
        auto *series = qobject_cast<QStackedBarSeries *>(chart->series().first());
        QVERIFY(series);
        QCOMPARE(series->count(), 2); // a bar set per model
        double chartTotal = 0;
        QStringList labels;
        for (QBarSet *set : series->barSets()) {
            labels << set->label();
            QCOMPARE(set->count(), 7); // a bar per day
            for (int i = 0; i < set->count(); ++i)
                chartTotal += set->at(i);
        }
        labels.sort();
        QCOMPARE(labels,
                 QStringList({QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o-mini")}));
        const UsageSums sums = m_engine->usage().sums(page()->range());
        QCOMPARE(sums.requests, 61);
        QCOMPARE(qint64(chartTotal), sums.totalTokens());

        auto *totals = child<QTableWidget>(page(), QStringLiteral("totalsTableWidget"));
        const QList<UsageTotal> expected =
            m_engine->usage().totals(page()->range(), UsageDimension::Model);
        QCOMPARE(totals->rowCount(), expected.size() + 1);
        const QLocale locale;
        for (int row = 0; row < expected.size(); ++row) {
            QCOMPARE(totals->item(row, 0)->text(), expected[row].key);
            QCOMPARE(totals->item(row, 1)->text(), locale.toString(expected[row].sums.requests));
            QCOMPARE(totals->item(row, 3)->text(),
                     locale.toString(expected[row].sums.promptTokens));
            QCOMPARE(totals->item(row, 4)->text(),
                     locale.toString(expected[row].sums.completionTokens));
        }
        QCOMPARE(totals->item(expected.size(), 1)->text(), locale.toString(qint64(61)));
        QCOMPARE(totals->item(expected.size(), 2)->text(), locale.toString(qint64(1)));

        // Today by route, per hour: the request of two days ago is left out.
        page()->setRange(UsageDashboardPage::Range::Today);
        page()->setDimension(UsageDimension::Route);
        QTRY_COMPARE(totals->item(0, 0) ? totals->horizontalHeaderItem(0)->text() : QString(),
                     QStringLiteral("Route"));
        QTRY_COMPARE(totals->item(totals->rowCount() - 1, 1)->text(), locale.toString(qint64(60)));
        QCOMPARE(page()->bucketSize(), UsageBucketSize::Hour);
        series = qobject_cast<QStackedBarSeries *>(chart->series().first());
        QCOMPARE(series->count(), 2);
    }

    void csvExport()
    {
        QVERIFY(m_window->showPage(MainWindow::Usage));
        const QString path = m_dir.filePath(QStringLiteral("usage.csv"));
        QString error;
        QVERIFY2(page()->exportCsvTo(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 61); // the header and every request of the last 7 days
        QVERIFY(lines.first().contains("model"));
    }

    void pricesSaveThroughTheEngine()
    {
        QVERIFY(m_window->showPage(MainWindow::Usage));
        auto *prices = child<QTableWidget>(page(), QStringLiteral("pricesTableWidget"));
        QVERIFY(prices->rowCount() > 0);
        int row = -1;
        for (int r = 0; r < prices->rowCount(); ++r) {
            if (prices->item(r, 0)->text() == QStringLiteral("deepseek-chat"))
                row = r;
        }
        QVERIFY(row >= 0);
        auto *save = child<QPushButton>(page(), QStringLiteral("savePricesPushButton"));
        QVERIFY(!save->isEnabled());
        prices->item(row, 1)->setText(QStringLiteral("1.5"));
        QVERIFY(save->isEnabled());
        save->click();
        const std::optional<ModelPrice> price =
            m_engine->prices().price(QStringLiteral("deepseek-chat"));
        QVERIFY(price);
        QCOMPARE(price->inputPerMillion, 1.5);
        QVERIFY(m_engine->prices().overrides().contains(QStringLiteral("deepseek-chat")));
        QVERIFY(!save->isEnabled());

        // A price that is not a number is refused with a sentence.
        prices->item(0, 2)->setText(QStringLiteral("cheap"));
        save->click();
        QVERIFY(child<QLabel>(page(), QStringLiteral("pricesStatusLabel"))
                    ->text()
                    .contains(QStringLiteral("not a price")));
    }
};

QTEST_MAIN(TestUsagePage)
#include "tst_usagepage.moc"
