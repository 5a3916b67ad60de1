#include "LogsPage.h"

#include "Engine.h"
#include "LogTableModel.h"
#include "RequestFeed.h"
#include "Theme.h"
#include "ui_LogsPage.h"

#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QSortFilterProxyModel>

namespace gatehouse {

namespace {

// The rows shown: what the ledger query chose, and live rows matching the same filter.
class LogFilterModel final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setFilter(const UsageFilter &filter)
    {
        m_filter = filter;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &) const override
    {
        const auto *model = static_cast<const LogTableModel *>(sourceModel());
        const RequestRecord &r = model->row(sourceRow).record;
        if (!m_filter.route.isEmpty() && r.routeId != m_filter.route)
            return false;
        const bool ok = r.status >= 200 && r.status < 300 && !r.interrupted;
        switch (m_filter.status) {
        case UsageFilter::StatusClass::Any:
            break;
        case UsageFilter::StatusClass::Success:
            if (!ok)
                return false;
            break;
        case UsageFilter::StatusClass::ClientError:
            if (r.status < 400 || r.status >= 500)
                return false;
            break;
        case UsageFilter::StatusClass::ServerError:
            if (r.status < 500)
                return false;
            break;
        case UsageFilter::StatusClass::Error:
            if (ok)
                return false;
            break;
        }
        if (m_filter.text.isEmpty())
            return true;
        for (const QString *field : {&r.routeId, &r.instance, &r.upstreamModel, &r.clientModel,
                                     &r.path, &r.client, &r.error}) {
            if (field->contains(m_filter.text, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

private:
    UsageFilter m_filter;
};

} // namespace

LogsPage::LogsPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::LogsPage), m_engine(engine),
      m_feed(new RequestFeed(Capacity, this)), m_model(new LogTableModel(Capacity, this)),
      m_filter(new LogFilterModel(this))
{
    m_ui->setupUi(this);
    m_engine.requestSinks().add(m_feed);
    connect(m_feed, &RequestFeed::arrived, this, &LogsPage::arrived);

    m_model->setOlderLoader(
        [this](const UsageRow *oldest, int limit) { return loadOlder(oldest, limit); }, PageSize);
    m_filter->setSourceModel(m_model);
    m_ui->logsTableView->setModel(m_filter);
    QHeaderView *header = m_ui->logsTableView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setHighlightSections(false);
    const QFontMetrics fm(font());
    // Wide enough for typical values; long names are elided.
    const QString samples[] = {QStringLiteral("Nov 23 10:20:00"),
                               QStringLiteral("127.0.0.1"),
                               QStringLiteral("deepseek-multi-ro"),
                               QStringLiteral("openai-fallback"),
                               QStringLiteral("deepseek-chat"),
                               QStringLiteral("499 cut"),
                               QStringLiteral("Stream"),
                               QStringLiteral("12,345 ms"),
                               QStringLiteral("1,234 ms"),
                               QStringLiteral("12,345 / 6,789"),
                               QStringLiteral("$0.00000")};
    for (int c = 0; c < LogTableModel::Attempts; ++c)
        m_ui->logsTableView->setColumnWidth(c, fm.horizontalAdvance(samples[c]) + 14);
    m_ui->logsTableView->verticalHeader()->setDefaultSectionSize(fm.height() + 8);
    m_ui->logsSplitter->setStretchFactor(0, 3);
    m_ui->logsSplitter->setStretchFactor(1, 1);
    m_ui->logsSplitter->setSizes({380, 260});

    m_ui->statusComboBox->addItem(tr("Any status"), int(UsageFilter::StatusClass::Any));
    m_ui->statusComboBox->addItem(tr("Success (2xx)"), int(UsageFilter::StatusClass::Success));
    m_ui->statusComboBox->addItem(tr("Errors (not 2xx)"), int(UsageFilter::StatusClass::Error));
    m_ui->statusComboBox->addItem(tr("Client errors (4xx)"),
                                  int(UsageFilter::StatusClass::ClientError));
    m_ui->statusComboBox->addItem(tr("Server errors (5xx)"),
                                  int(UsageFilter::StatusClass::ServerError));
    refreshRoutes();

    m_searchDebounce.setSingleShot(true);
    m_searchDebounce.setInterval(200);
    connect(&m_searchDebounce, &QTimer::timeout, this, &LogsPage::applyFilter);
    connect(m_ui->searchLineEdit, &QLineEdit::textChanged, this,
            [this] { m_searchDebounce.start(); });
    connect(m_ui->routeComboBox, &QComboBox::currentIndexChanged, this, &LogsPage::applyFilter);
    connect(m_ui->statusComboBox, &QComboBox::currentIndexChanged, this, &LogsPage::applyFilter);
    connect(m_ui->pausePushButton, &QPushButton::toggled, this, &LogsPage::setPaused);
    connect(m_ui->loadOlderPushButton, &QPushButton::clicked, this, [this] {
        if (!m_model->loadOlder())
            m_ui->loadOlderPushButton->setEnabled(false);
        updateCount();
    });
    connect(&m_engine.config(), &ConfigStore::routesChanged, this, &LogsPage::refreshRoutes);
    connect(m_ui->logsTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LogsPage::showDetails);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &LogsPage::updateCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LogsPage::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LogsPage::updateCount);
    m_ui->detailsTextBrowser->setPlaceholderText(
        tr("Select a request to see its details and the instances it tried."));
    updateCount();
}

LogsPage::~LogsPage()
{
    // No worker may call the feed once it is gone.
    m_engine.requestSinks().remove(m_feed);
}

void LogsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_loaded)
        reload();
}

bool LogsPage::isPaused() const
{
    return m_ui->pausePushButton->isChecked();
}

QString LogsPage::keyOf(const RequestRecord &r)
{
    return QString::number(r.startedAtMs) + QLatin1Char('|') + r.client + QLatin1Char('|') +
           r.path + QLatin1Char('|') + QString::number(r.latencyMs, 'f', 3);
}

UsageRow LogsPage::rowOf(const RequestRecord &record) const
{
    UsageRow row;
    row.record = record;
    if (const std::optional<double> cost = m_engine.prices().cost(record)) {
        row.priced = true;
        row.costUsd = *cost;
    }
    return row;
}

UsageFilter LogsPage::currentFilter() const
{
    UsageFilter f;
    f.text = m_ui->searchLineEdit->text().trimmed();
    f.route = m_ui->routeComboBox->currentData().toString();
    f.status = UsageFilter::StatusClass(m_ui->statusComboBox->currentData().toInt());
    return f;
}

QList<UsageRow> LogsPage::loadOlder(const UsageRow *oldest, int limit) const
{
    if (!m_engine.usage().isOpen())
        return {};
    UsageFilter filter = currentFilter();
    UsagePage page;
    page.limit = limit;
    if (oldest && oldest->id > 0)
        page.beforeId = oldest->id;
    else if (oldest)
        filter.toMs = oldest->record.startedAtMs; // a live row has no id yet: older by time
    return m_engine.usage().recent(filter, page);
}

void LogsPage::reload()
{
    // After a filter change, live rows not yet written would be lost from view: write them.
    if (m_loaded && m_engine.usage().isOpen())
        m_engine.usage().flush(1000);
    m_loaded = true;
    // Records the feed holds now are either in this read or will come again below.
    QList<UsageRow> rows = loadOlder(nullptr, PageSize);
    m_loadedKeys.clear();
    for (const UsageRow &row : std::as_const(rows))
        m_loadedKeys.insert(keyOf(row.record));
    m_model->reset(rows, rows.size() >= PageSize);
    m_ui->loadOlderPushButton->setEnabled(true);
    arrived();
}

void LogsPage::arrived()
{
    if (!m_loaded)
        return; // the feed keeps them until the page is first shown
    QList<UsageRow> rows;
    for (const RequestRecord &record : m_feed->take()) {
        if (!m_loadedKeys.isEmpty() && m_loadedKeys.remove(keyOf(record)))
            continue; // already read from the ledger
        rows.append(rowOf(record));
    }
    if (rows.isEmpty())
        return;
    if (isPaused()) {
        m_held.append(rows);
        if (m_held.size() > Capacity)
            m_held.remove(0, m_held.size() - Capacity);
        updateCount();
        return;
    }
    m_model->prepend(rows);
}

void LogsPage::setPaused(bool paused)
{
    m_ui->pausePushButton->setText(paused ? tr("&Resume") : tr("&Pause"));
    if (!paused && !m_held.isEmpty()) {
        m_model->prepend(m_held);
        m_held.clear();
    }
    updateCount();
}

void LogsPage::applyFilter()
{
    m_searchDebounce.stop();
    static_cast<LogFilterModel *>(m_filter)->setFilter(currentFilter());
    // Older rows that match come from the ledger, so a filter sees past the rows in memory.
    if (m_loaded)
        reload();
}

void LogsPage::refreshRoutes()
{
    const QString current = m_ui->routeComboBox->currentData().toString();
    const QSignalBlocker blocker(m_ui->routeComboBox);
    m_ui->routeComboBox->clear();
    m_ui->routeComboBox->addItem(tr("All routes"), QString());
    for (const RouteSpec &spec : m_engine.config().routeSpecs())
        m_ui->routeComboBox->addItem(spec.id, spec.id);
    const int index = m_ui->routeComboBox->findData(current);
    m_ui->routeComboBox->setCurrentIndex(index >= 0 ? index : 0);
}

void LogsPage::showDetails()
{
    const QModelIndex current = m_ui->logsTableView->currentIndex();
    if (!current.isValid()) {
        m_ui->detailsTextBrowser->clear();
        return;
    }
    const UsageRow &row = m_model->row(m_filter->mapToSource(current).row());
    const RequestRecord &r = row.record;
    const QLocale locale;
    auto line = [](const QString &name, const QString &value) -> QString {
        return QStringLiteral("<tr><td style='padding-right:12px'><b>") + name.toHtmlEscaped() +
               QStringLiteral("</b></td><td>") + value.toHtmlEscaped() +
               QStringLiteral("</td></tr>");
    };
    QString html = QStringLiteral("<table>");
    html += line(tr("Started"),
                 QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toString(Qt::ISODateWithMs));
    html += line(tr("Request"), r.method + QLatin1Char(' ') + r.path);
    html += line(tr("Client"), r.client);
    html += line(tr("Route"), r.routeId.isEmpty() ? tr("(no route matched)") : r.routeId);
    html += line(tr("Answered by"), r.instance.isEmpty() ? tr("(none)")
                                                         : r.instance + QStringLiteral(" (") +
                                                               r.provider + QLatin1Char(')'));
    if (!r.attempts.isEmpty())
        html += line(tr("Attempts"), LogTableModel::trailText(r));
    html +=
        line(tr("Model"), tr("asked %1, answered %2")
                              .arg(r.clientModel.isEmpty() ? tr("(none)") : r.clientModel,
                                   r.upstreamModel.isEmpty() ? tr("(unknown)") : r.upstreamModel));
    html += line(tr("Status"), QString::number(r.status) +
                                   (r.errorCode.isEmpty()
                                        ? QString()
                                        : QStringLiteral(" ") + QString::fromLatin1(r.errorCode)) +
                                   (r.interrupted ? tr(" (the stream was cut)") : QString()));
    if (!r.error.isEmpty())
        html += line(tr("Error"), r.error);
    html += line(tr("Stream"), r.stream ? tr("yes") : tr("no"));
    html += line(tr("Latency"), tr("%1 ms").arg(locale.toString(r.latencyMs, 'f', 1)));
    html += line(tr("Time to first token"),
                 r.ttftMs < 0 ? tr("—") : tr("%1 ms").arg(locale.toString(r.ttftMs, 'f', 1)));
    html += line(tr("Tokens"), r.usage.present
                                   ? tr("%1 prompt (%2 cached), %3 completion (%4 reasoning)")
                                         .arg(locale.toString(r.usage.promptTokens),
                                              locale.toString(r.usage.cachedTokens),
                                              locale.toString(r.usage.completionTokens),
                                              locale.toString(r.usage.reasoningTokens))
                                   : tr("not reported"));
    html += line(tr("Cost"), row.priced ? QStringLiteral("$") + locale.toString(row.costUsd, 'f', 6)
                                        : tr("no price for this model"));
    html += line(
        tr("Bytes"),
        tr("%1 in, %2 out").arg(locale.toString(r.requestBytes), locale.toString(r.responseBytes)));
    html += QStringLiteral("</table><p><b>") + tr("Each attempt").toHtmlEscaped() +
            QStringLiteral("</b></p><ol>");
    for (const AttemptRecord &a : r.attempts) {
        QString text = a.instance + QStringLiteral(": ") +
                       (a.status ? QString::number(a.status) : tr("no answer")) +
                       tr(" after %1 ms").arg(locale.toString(a.durationMs, 'f', 1));
        if (!a.error.isEmpty())
            text += QStringLiteral(" (") + a.error + QLatin1Char(')');
        html += QStringLiteral("<li>") + text.toHtmlEscaped() + QStringLiteral("</li>");
    }
    if (r.attempts.isEmpty())
        html += QStringLiteral("<li>") + tr("No instance was tried.").toHtmlEscaped() +
                QStringLiteral("</li>");
    html +=
        QStringLiteral("</ol><p><i>") +
        tr("Bodies are not logged, and headers are not stored (keys never are).").toHtmlEscaped() +
        QStringLiteral("</i></p>");
    m_ui->detailsTextBrowser->setHtml(html);
}

void LogsPage::updateCount()
{
    QString text = tr("%n request(s) shown", nullptr, m_filter->rowCount());
    if (m_model->rowCount() >= Capacity)
        text += tr(" (the newest %1 in memory; older ones with “Load older”)")
                    .arg(QLocale().toString(Capacity));
    m_ui->countLabel->setText(text);
    if (isPaused())
        Theme::setMessage(m_ui->pausedLabel,
                          tr("Paused: %n new request(s) held back. Resume to show them.", nullptr,
                             int(m_held.size())),
                          Theme::Tone::Warning);
    else
        m_ui->pausedLabel->hide();
}

} // namespace gatehouse
