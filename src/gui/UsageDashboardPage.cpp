#include "UsageDashboardPage.h"

#include "Engine.h"
#include "Theme.h"
#include "ui_UsageDashboardPage.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QHeaderView>
#include <QLocale>
#include <QPointer>
#include <QStackedBarSeries>
#include <QThreadPool>
#include <QValueAxis>

#include <algorithm>

namespace gatehouse {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

QThreadPool &queryPool()
{
    // One thread: queries queue up rather than compete, and a page never waits on another.
    static QThreadPool *pool = [] {
        auto *p = new QThreadPool;
        p->setMaxThreadCount(1);
        p->setExpiryTimeout(-1);
        return p;
    }();
    return *pool;
}

QString money(double usd)
{
    return QStringLiteral("$") + QLocale().toString(usd, 'f', usd != 0 && usd < 1 ? 4 : 2);
}

QTableWidgetItem *numberItem(const QString &text, double sortValue = 0)
{
    auto *item = new QTableWidgetItem(text);
    item->setData(Qt::UserRole, sortValue);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

struct UsageDashboardPage::Result
{
    quint64 generation = 0;
    UsageRange range;
    UsageBucketSize size = UsageBucketSize::Day;
    UsageDimension dimension = UsageDimension::Model;
    Metric metric = Metric::Tokens;
    QList<UsageBucket> buckets;
    QList<UsageTotal> totals;
    UsageSums sums;
    double elapsedMs = 0;
};

UsageDashboardPage::UsageDashboardPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::UsageDashboardPage), m_engine(engine),
      m_chartView(new QChartView)
{
    m_ui->setupUi(this);
    m_chartView->setObjectName(QStringLiteral("usageChartView"));
    m_chartView->setAccessibleName(tr("Usage chart"));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(240);
    m_chartView->chart()->legend()->setAlignment(Qt::AlignRight);
    // Tab reaches the chart before the totals below it (a widget added in code would come last).
    QWidget *beforeTotals = m_ui->totalsTableWidget->previousInFocusChain();
    m_ui->chartLayout->addWidget(m_chartView);
    QWidget::setTabOrder(beforeTotals, m_chartView);
    QWidget::setTabOrder(m_chartView, m_ui->totalsTableWidget);
    m_ui->chartSplitter->setStretchFactor(0, 3);
    m_ui->chartSplitter->setStretchFactor(1, 2);

    m_ui->rangeComboBox->addItem(tr("Today"), int(Range::Today));
    m_ui->rangeComboBox->addItem(tr("Last 7 days"), int(Range::Week));
    m_ui->rangeComboBox->addItem(tr("Last 30 days"), int(Range::Month));
    m_ui->rangeComboBox->addItem(tr("Custom"), int(Range::Custom));
    m_ui->rangeComboBox->setCurrentIndex(1);
    m_ui->groupComboBox->addItem(tr("Model"), int(UsageDimension::Model));
    m_ui->groupComboBox->addItem(tr("Provider"), int(UsageDimension::Provider));
    m_ui->groupComboBox->addItem(tr("Route"), int(UsageDimension::Route));
    m_ui->groupComboBox->addItem(tr("Instance"), int(UsageDimension::Instance));
    m_ui->metricComboBox->addItem(tr("Tokens"), int(Metric::Tokens));
    m_ui->metricComboBox->addItem(tr("Cost"), int(Metric::Cost));
    m_ui->bucketComboBox->addItem(tr("Auto"), -1);
    m_ui->bucketComboBox->addItem(tr("Hourly"), int(UsageBucketSize::Hour));
    m_ui->bucketComboBox->addItem(tr("Daily"), int(UsageBucketSize::Day));
    const QDate today = QDate::currentDate();
    m_ui->fromDateEdit->setDate(today.addDays(-6));
    m_ui->toDateEdit->setDate(today);
    m_ui->fromDateEdit->setMaximumDate(today);
    m_ui->toDateEdit->setMaximumDate(today);
    rangeChanged();

    for (QComboBox *combo :
         {m_ui->rangeComboBox, m_ui->groupComboBox, m_ui->metricComboBox, m_ui->bucketComboBox})
        connect(combo, &QComboBox::currentIndexChanged, this, &UsageDashboardPage::rangeChanged);
    for (QDateEdit *edit : {m_ui->fromDateEdit, m_ui->toDateEdit})
        connect(edit, &QDateEdit::dateChanged, this, &UsageDashboardPage::rangeChanged);
    connect(m_ui->exportCsvPushButton, &QPushButton::clicked, this,
            &UsageDashboardPage::exportWithDialog);

    // New rows: re-read when seen, at most once per ledger batch (every 250 ms or so).
    connect(&m_engine.usage(), &UsageLedger::flushed, this, [this] {
        m_stale = true;
        if (isVisible())
            refresh();
    });

    const QStringList totalsHeader{
        tr("Model"),         tr("Requests"),          tr("Errors"),
        tr("Prompt tokens"), tr("Completion tokens"), tr("Cached tokens"),
        tr("Cost")};
    m_ui->totalsTableWidget->setColumnCount(int(totalsHeader.size()));
    m_ui->totalsTableWidget->setHorizontalHeaderLabels(totalsHeader);
    m_ui->totalsTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ui->totalsTableWidget->horizontalHeader()->setStretchLastSection(false);

    m_ui->pricesTableWidget->setColumnCount(4);
    m_ui->pricesTableWidget->setHorizontalHeaderLabels(
        {tr("Model"), tr("Input $/M"), tr("Output $/M"), tr("Cached input $/M")});
    m_ui->pricesTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_ui->pricesTableWidget->horizontalHeader()->setStretchLastSection(false);
    connect(m_ui->pricesTableWidget, &QTableWidget::itemChanged, this,
            &UsageDashboardPage::pricesEdited);
    connect(m_ui->savePricesPushButton, &QPushButton::clicked, this,
            &UsageDashboardPage::savePrices);
    connect(m_ui->revertPricesPushButton, &QPushButton::clicked, this,
            &UsageDashboardPage::loadPrices);
    connect(m_ui->addPricePushButton, &QPushButton::clicked, this, [this] {
        QTableWidget *t = m_ui->pricesTableWidget;
        m_fillingPrices = true;
        const int row = 0;
        t->insertRow(row);
        t->setItem(row, 0, new QTableWidgetItem(QString()));
        for (int c = 1; c < 4; ++c)
            t->setItem(row, c, numberItem(QStringLiteral("0")));
        m_fillingPrices = false;
        t->setCurrentCell(row, 0);
        t->editItem(t->item(row, 0));
        pricesEdited();
    });
    connect(m_ui->resetPricePushButton, &QPushButton::clicked, this, [this] {
        QTableWidget *t = m_ui->pricesTableWidget;
        const int row = t->currentRow();
        if (row < 0)
            return;
        const QString model = t->item(row, 0)->text().trimmed().toLower();
        const auto it = PriceTable::defaults().constFind(model);
        m_fillingPrices = true;
        if (it == PriceTable::defaults().constEnd()) {
            t->removeRow(row);
        } else {
            t->item(row, 1)->setText(QLocale().toString(it->inputPerMillion));
            t->item(row, 2)->setText(QLocale().toString(it->outputPerMillion));
            t->item(row, 3)->setText(QLocale().toString(it->cachedInputPerMillion));
        }
        m_fillingPrices = false;
        pricesEdited();
    });

    const QStringList budgetsHeader{tr("Route"), tr("Applies to"), tr("Limit"),
                                    tr("Used"),  tr("Resets"),     tr("State")};
    m_ui->budgetsTableWidget->setColumnCount(int(budgetsHeader.size()));
    m_ui->budgetsTableWidget->setHorizontalHeaderLabels(budgetsHeader);
    m_ui->budgetsTableWidget->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_ui->budgetsTableWidget->horizontalHeader()->setStretchLastSection(false);
    connect(m_ui->usageTabWidget, &QTabWidget::currentChanged, this, [this](int index) {
        if (m_ui->usageTabWidget->widget(index) == m_ui->budgetsTab)
            loadBudgets();
    });
    connect(&m_engine.config(), &ConfigStore::routesChanged, this,
            &UsageDashboardPage::loadBudgets);
    loadPrices();
    loadBudgets();
}

UsageDashboardPage::~UsageDashboardPage()
{
    // A query still running reads the ledger, which the engine closes after this page is gone.
    ++m_generation;
    queryPool().waitForDone();
}

QChart *UsageDashboardPage::chart() const
{
    return m_chartView->chart();
}

void UsageDashboardPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
    loadBudgets();
}

void UsageDashboardPage::setRange(Range range)
{
    m_ui->rangeComboBox->setCurrentIndex(m_ui->rangeComboBox->findData(int(range)));
}

void UsageDashboardPage::setDimension(UsageDimension dimension)
{
    m_ui->groupComboBox->setCurrentIndex(m_ui->groupComboBox->findData(int(dimension)));
}

UsageRange UsageDashboardPage::range() const
{
    const QDateTime now = QDateTime::currentDateTime();
    switch (Range(m_ui->rangeComboBox->currentData().toInt())) {
    case Range::Today:
        return UsageRange::lastDays(1, now);
    case Range::Week:
        return UsageRange::lastDays(7, now);
    case Range::Month:
        return UsageRange::lastDays(30, now);
    case Range::Custom:
        break;
    }
    QDate from = m_ui->fromDateEdit->date();
    QDate to = m_ui->toDateEdit->date();
    if (to < from)
        std::swap(from, to);
    return {from.startOfDay().toMSecsSinceEpoch(),
            qMin(to.addDays(1).startOfDay().toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1)};
}

UsageBucketSize UsageDashboardPage::bucketSize() const
{
    const int chosen = m_ui->bucketComboBox->currentData().toInt();
    if (chosen >= 0)
        return UsageBucketSize(chosen);
    const UsageRange r = range();
    return r.toMs - r.fromMs <= 2 * 24 * kHourMs ? UsageBucketSize::Hour : UsageBucketSize::Day;
}

UsageDimension UsageDashboardPage::dimension() const
{
    return UsageDimension(m_ui->groupComboBox->currentData().toInt());
}

void UsageDashboardPage::rangeChanged()
{
    const bool custom = Range(m_ui->rangeComboBox->currentData().toInt()) == Range::Custom;
    m_ui->fromDateEdit->setVisible(custom);
    m_ui->toLabel->setVisible(custom);
    m_ui->toDateEdit->setVisible(custom);
    m_stale = true;
    if (isVisible())
        refresh();
}

void UsageDashboardPage::refresh()
{
    m_stale = false;
    if (!m_engine.usage().isOpen()) {
        Theme::setMessage(m_ui->headlineLabel,
                          tr("The usage ledger is not open, so there is nothing to show. See the "
                             "log for why."),
                          Theme::Tone::Error);
        return;
    }
    Result query;
    query.generation = ++m_generation;
    query.range = range();
    query.size = bucketSize();
    query.dimension = dimension();
    query.metric = Metric(m_ui->metricComboBox->currentData().toInt());
    const UsageLedger *ledger = &m_engine.usage();
    QPointer<UsageDashboardPage> self(this);
    queryPool().start([self, ledger, query]() mutable {
        QElapsedTimer clock;
        clock.start();
        query.buckets = ledger->buckets(query.range, query.size, query.dimension);
        query.totals = ledger->totals(query.range, query.dimension);
        query.sums = ledger->sums(query.range);
        query.elapsedMs = double(clock.nsecsElapsed()) / 1e6;
        // Delivered on the page's thread; dropped if the page is gone by then.
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, query] {
                    if (self)
                        self->show(query);
                },
                Qt::QueuedConnection);
    });
}

void UsageDashboardPage::show(const Result &result)
{
    if (result.generation != m_generation)
        return; // a newer query is on its way
    const QLocale locale;
    const UsageSums &s = result.sums;
    Theme::setMessage(
        m_ui->headlineLabel,
        tr("<b>%1</b> requests · <b>%2</b> tokens (%3 in, %4 out, %5 cached) · <b>%6</b> · %7 "
           "errors")
            .arg(locale.toString(s.requests), locale.toString(s.totalTokens()),
                 locale.toString(s.promptTokens), locale.toString(s.completionTokens),
                 locale.toString(s.cachedTokens), money(s.costUsd), locale.toString(s.errors)),
        Theme::Tone::Plain);
    fillChart(result);
    fillTotals(result);
    m_last = std::make_unique<Result>(result);
    emit loaded();
}

void UsageDashboardPage::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_last)
        fillChart(*m_last);
}

QList<qint64> UsageDashboardPage::bucketStarts(const UsageRange &range, UsageBucketSize size) const
{
    QList<qint64> starts;
    const qint64 to = range.toMs > 0 ? range.toMs : QDateTime::currentMSecsSinceEpoch() + 1;
    if (size == UsageBucketSize::Hour) {
        for (qint64 t = range.fromMs - range.fromMs % kHourMs; t < to && starts.size() < 2000;
             t += kHourMs)
            starts << t;
    } else {
        for (QDate d = QDateTime::fromMSecsSinceEpoch(range.fromMs).date();
             d.startOfDay().toMSecsSinceEpoch() < to && starts.size() < 2000; d = d.addDays(1))
            starts << d.startOfDay().toMSecsSinceEpoch();
    }
    return starts;
}

void UsageDashboardPage::fillChart(const Result &result)
{
    QChart *chart = m_chartView->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    chart->setTheme(Theme::isDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundBrush(palette().base());
    chart->setBackgroundRoundness(0);
    chart->setMargins(QMargins(4, 4, 4, 4));
    const QColor text = palette().color(QPalette::Text);
    chart->legend()->setLabelColor(text);

    const bool cost = result.metric == Metric::Cost;
    auto valueOf = [cost](const UsageSums &s) -> double {
        return cost ? s.costUsd : double(s.totalTokens());
    };
    // The biggest keys get a series each; the rest are summed into "Other".
    QList<UsageTotal> totals = result.totals;
    std::stable_sort(totals.begin(), totals.end(), [&](const UsageTotal &a, const UsageTotal &b) {
        return valueOf(a.sums) > valueOf(b.sums);
    });
    QStringList keys;
    for (const UsageTotal &t : std::as_const(totals)) {
        if (keys.size() < MaxSeries && valueOf(t.sums) > 0)
            keys << t.key;
    }
    const QString other = tr("Other");
    const QList<qint64> starts = bucketStarts(result.range, result.size);
    QHash<qint64, int> column;
    for (int i = 0; i < starts.size(); ++i)
        column.insert(starts[i], i);
    QHash<QString, QList<double>> values;
    bool hasOther = false;
    for (const UsageBucket &b : result.buckets) {
        const auto col = column.constFind(b.startMs);
        if (col == column.constEnd())
            continue;
        QString key = b.key;
        if (!keys.contains(key)) {
            key = other;
            hasOther = hasOther || valueOf(b.sums) > 0;
        }
        QList<double> &row = values[key];
        if (row.isEmpty())
            row.resize(starts.size(), 0.0);
        row[*col] += valueOf(b.sums);
    }
    if (hasOther)
        keys << other;

    auto *series = new QStackedBarSeries;
    for (const QString &key : std::as_const(keys)) {
        auto *set = new QBarSet(key.isEmpty() ? tr("(none)") : key);
        const QList<double> row = values.value(key, QList<double>(starts.size(), 0.0));
        for (double v : row)
            *set << v;
        series->append(set);
    }
    series->setBarWidth(0.8);
    chart->addSeries(series);

    QStringList categories;
    const bool multiDay = result.range.toMs - result.range.fromMs > 24 * kHourMs + kHourMs;
    for (qint64 start : starts) {
        const QDateTime t = QDateTime::fromMSecsSinceEpoch(start);
        categories << (result.size == UsageBucketSize::Day
                           ? QLocale().toString(t.date(), QStringLiteral("MMM d"))
                       : multiDay ? QLocale().toString(t, QStringLiteral("MMM d HH:00"))
                                  : t.toString(QStringLiteral("HH:00")));
    }
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    x->setLabelsColor(text);
    x->setGridLineVisible(false);
    if (categories.size() > 16)
        x->setLabelsAngle(-60);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setLabelFormat(cost ? QStringLiteral("$%.2f") : QStringLiteral("%.0f"));
    y->setLabelsColor(text);
    y->setGridLineColor(palette().color(QPalette::Mid));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    y->applyNiceNumbers();
    chart->legend()->setVisible(!keys.isEmpty());
    chart->setTitleBrush(text);
    chart->setTitle(keys.isEmpty() ? tr("No requests in this range yet.")
                    : cost
                        ? tr("Cost per %1 (US dollars)")
                              .arg(result.size == UsageBucketSize::Hour ? tr("hour") : tr("day"))
                        : tr("Tokens per %1")
                              .arg(result.size == UsageBucketSize::Hour ? tr("hour") : tr("day")));
}

void UsageDashboardPage::fillTotals(const Result &result)
{
    QTableWidget *t = m_ui->totalsTableWidget;
    const QLocale locale;
    t->setSortingEnabled(false);
    t->horizontalHeaderItem(0)->setText(m_ui->groupComboBox->currentText());
    t->setRowCount(int(result.totals.size()) + 1);
    auto fill = [&](int row, const QString &key, const UsageSums &s, bool bold) {
        QTableWidgetItem *items[] = {
            new QTableWidgetItem(key),
            numberItem(locale.toString(s.requests), double(s.requests)),
            numberItem(locale.toString(s.errors), double(s.errors)),
            numberItem(locale.toString(s.promptTokens), double(s.promptTokens)),
            numberItem(locale.toString(s.completionTokens), double(s.completionTokens)),
            numberItem(locale.toString(s.cachedTokens), double(s.cachedTokens)),
            numberItem(money(s.costUsd), s.costUsd)};
        for (int c = 0; c < 7; ++c) {
            if (bold) {
                QFont f = items[c]->font();
                f.setBold(true);
                items[c]->setFont(f);
            }
            t->setItem(row, c, items[c]);
        }
    };
    int row = 0;
    for (const UsageTotal &total : result.totals)
        fill(row++, total.key.isEmpty() ? tr("(none)") : total.key, total.sums, false);
    fill(row, tr("Total"), result.sums, true);
    t->resizeColumnsToContents();
    t->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
}

bool UsageDashboardPage::exportCsvTo(const QString &path, QString *error)
{
    const UsageRange r = range();
    UsageFilter filter;
    filter.fromMs = r.fromMs;
    filter.toMs = r.toMs;
    m_engine.usage().flush(2000);
    return m_engine.usage().exportCsv(path, filter, error);
}

void UsageDashboardPage::exportWithDialog()
{
    const QString name = QStringLiteral("gatehouse-usage-") +
                         QDate::currentDate().toString(Qt::ISODate) + QStringLiteral(".csv");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export usage as CSV"), name, tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    m_ui->exportCsvPushButton->setEnabled(false);
    const UsageRange r = range();
    UsageLedger *ledger = &m_engine.usage();
    QPointer<UsageDashboardPage> self(this);
    // A million rows take seconds: written on the query thread, not this one.
    queryPool().start([self, ledger, r, path] {
        UsageFilter filter;
        filter.fromMs = r.fromMs;
        filter.toMs = r.toMs;
        QString error;
        const bool ok = ledger->exportCsv(path, filter, &error);
        if (self)
            QMetaObject::invokeMethod(
                self.data(),
                [self, ok, path, error] {
                    if (!self)
                        return;
                    self->m_ui->exportCsvPushButton->setEnabled(true);
                    const QString message =
                        ok ? tr("Saved to %1.").arg(path)
                           : tr("Could not save %1: %2. Pick another folder.").arg(path, error);
                    Theme::setMessage(self->m_ui->headlineLabel, message,
                                      ok ? Theme::Tone::Ok : Theme::Tone::Error);
                    emit self->csvExported(ok, message);
                },
                Qt::QueuedConnection);
    });
}

void UsageDashboardPage::loadPrices()
{
    QTableWidget *t = m_ui->pricesTableWidget;
    const QHash<QString, ModelPrice> overrides = m_engine.prices().overrides();
    const QLocale locale;
    m_fillingPrices = true;
    const QList<QPair<QString, ModelPrice>> all = m_engine.prices().all();
    t->setRowCount(int(all.size()));
    int row = 0;
    for (const auto &[model, price] : all) {
        const bool mine = overrides.contains(model.toLower());
        QTableWidgetItem *items[] = {new QTableWidgetItem(model),
                                     numberItem(locale.toString(price.inputPerMillion)),
                                     numberItem(locale.toString(price.outputPerMillion)),
                                     numberItem(locale.toString(price.cachedInputPerMillion))};
        for (int c = 0; c < 4; ++c) {
            QFont f = items[c]->font();
            f.setBold(mine);
            items[c]->setFont(f);
            t->setItem(row, c, items[c]);
        }
        ++row;
    }
    m_fillingPrices = false;
    m_ui->savePricesPushButton->setEnabled(false);
    m_ui->revertPricesPushButton->setEnabled(false);
    m_ui->pricesStatusLabel->clear();
}

void UsageDashboardPage::pricesEdited()
{
    if (m_fillingPrices)
        return;
    m_ui->savePricesPushButton->setEnabled(true);
    m_ui->revertPricesPushButton->setEnabled(true);
    Theme::setMessage(m_ui->pricesStatusLabel, tr("Unsaved changes."), Theme::Tone::Warning);
}

void UsageDashboardPage::savePrices()
{
    QTableWidget *t = m_ui->pricesTableWidget;
    const QLocale locale;
    QHash<QString, ModelPrice> overrides;
    for (int row = 0; row < t->rowCount(); ++row) {
        const QString model = t->item(row, 0) ? t->item(row, 0)->text().trimmed() : QString();
        if (model.isEmpty())
            continue;
        double values[3] = {0, 0, 0};
        for (int c = 1; c < 4; ++c) {
            bool ok = false;
            const QString text = t->item(row, c) ? t->item(row, c)->text().trimmed() : QString();
            values[c - 1] = locale.toDouble(text, &ok);
            if (!ok)
                values[c - 1] = text.toDouble(&ok);
            if (!ok || values[c - 1] < 0) {
                Theme::setMessage(
                    m_ui->pricesStatusLabel,
                    tr("“%1” for %2 is not a price: use a number such as 0.27.").arg(text, model),
                    Theme::Tone::Error);
                t->setCurrentCell(row, c);
                return;
            }
        }
        const ModelPrice price{values[0], values[1], values[2]};
        const auto def = PriceTable::defaults().constFind(model.toLower());
        if (def == PriceTable::defaults().constEnd() || !(*def == price))
            overrides.insert(model.toLower(), price);
    }
    QString error;
    if (!m_engine.setPriceOverrides(overrides, &error)) {
        Theme::setMessage(m_ui->pricesStatusLabel, tr("Could not save the prices: %1").arg(error),
                          Theme::Tone::Error);
        return;
    }
    loadPrices();
    Theme::setMessage(m_ui->pricesStatusLabel, tr("Saved. New requests are priced with these."),
                      Theme::Tone::Ok);
}

void UsageDashboardPage::loadBudgets()
{
    const QList<BudgetStatus> budgets = m_engine.budgets();
    QTableWidget *t = m_ui->budgetsTableWidget;
    const QLocale locale;
    t->setRowCount(int(budgets.size()));
    int row = 0;
    for (const BudgetStatus &b : budgets) {
        const bool cost = b.spec.metric == BudgetSpec::Metric::CostUsd;
        auto amount = [&](double v) -> QString {
            return cost ? money(v) : locale.toString(qint64(v));
        };
        const double share = b.spec.limit > 0 ? b.used / b.spec.limit : 0;
        QTableWidgetItem *items[] = {
            new QTableWidgetItem(b.route),
            new QTableWidgetItem(b.spec.instance.isEmpty() ? tr("the whole route")
                                                           : b.spec.instance),
            new QTableWidgetItem(BudgetTracker::describe(b.spec)),
            numberItem(tr("%1 of %2 (%3%)")
                           .arg(amount(b.used), amount(b.spec.limit))
                           .arg(qRound(share * 100))),
            new QTableWidgetItem(locale.toString(QDateTime::fromMSecsSinceEpoch(b.resetsAtMs),
                                                 QLocale::ShortFormat)),
            new QTableWidgetItem(b.exhausted
                                     ? tr("Used up: requests get %1").arg(b.spec.rejectedCode)
                                 : share >= 0.8 ? tr("Nearly used up")
                                                : tr("OK"))};
        if (b.exhausted || share >= 0.8)
            items[5]->setForeground(b.exhausted ? Theme::errorColor() : Theme::warningColor());
        for (int c = 0; c < 6; ++c)
            t->setItem(row, c, items[c]);
        ++row;
    }
    t->resizeColumnsToContents();
    t->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_ui->budgetsHintLabel->setText(
        budgets.isEmpty()
            ? tr("No route has a budget. Add a label such as <code>gatehouse.budget.daily_tokens"
                 "</code> = <code>100000</code> or <code>gatehouse.budget.monthly_cost_usd</code> "
                 "= <code>5</code> to a route (the route editor's JSON tab), or APISIX's "
                 "<code>ai-rate-limiting</code> plugin. When a budget is used up the route "
                 "answers 429 with a sentence saying when it resets.")
            : tr("Budgets come from the routes' labels and their ai-rate-limiting plugin. A used "
                 "up budget answers 429 until it resets."));
}

} // namespace gatehouse
