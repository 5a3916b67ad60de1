#pragma once

#include "UsageTypes.h"

#include <QScopedPointer>
#include <QWidget>

#include <memory>

namespace Ui {
class UsageDashboardPage;
}

class QChart;
class QChartView;

namespace gatehouse {

class Engine;

// Tokens and cost over time from the usage ledger's hourly rollup, grouped by provider, model,
// route or instance (a stacked bar chart and a totals table), over today / 7 days / 30 days / a
// custom range; CSV export; the price table editor; every route's budgets with what is used and
// when it resets. Queries run on a pool thread and land here by generation, so the page opens
// at once whatever the ledger holds.
class UsageDashboardPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UsageDashboardPage)

public:
    enum class Range { Today, Week, Month, Custom };
    enum class Metric { Tokens, Cost };
    static constexpr int MaxSeries = 8; // more keys are summed into "Other"

    explicit UsageDashboardPage(Engine &engine, QWidget *parent = nullptr);
    ~UsageDashboardPage() override;

    UsageRange range() const;
    UsageBucketSize bucketSize() const;
    UsageDimension dimension() const;
    QChart *chart() const;
    // Queries again now (off the GUI thread); loaded() follows.
    void refresh();
    // Writes the range's requests as CSV (on this thread; the button runs it on a pool thread).
    bool exportCsvTo(const QString &path, QString *error = nullptr);
    void setRange(Range range);
    void setDimension(UsageDimension dimension);

signals:
    // The chart and totals show the latest query's answer.
    void loaded();
    void csvExported(bool ok, const QString &message);

protected:
    void showEvent(QShowEvent *event) override;
    // A theme change recolours the chart from the last answer, without a new query.
    void changeEvent(QEvent *event) override;

private:
    struct Result;
    void rangeChanged();
    void show(const Result &result);
    void fillChart(const Result &result);
    void fillTotals(const Result &result);
    void loadPrices();
    void savePrices();
    void pricesEdited();
    void loadBudgets();
    void exportWithDialog();
    QList<qint64> bucketStarts(const UsageRange &range, UsageBucketSize size) const;

    QScopedPointer<Ui::UsageDashboardPage> m_ui;
    Engine &m_engine;
    QChartView *m_chartView;
    std::unique_ptr<Result> m_last;
    quint64 m_generation = 0;
    bool m_stale = true;
    bool m_fillingPrices = false;
};

} // namespace gatehouse
