#include "OverviewPage.h"

#include "Engine.h"
#include "Providers.h"
#include "Snippets.h"
#include "Theme.h"
#include "Translations.h"
#include "ui_OverviewPage.h"

#include <QClipboard>
#include <QDateTime>
#include <QGuiApplication>
#include <QLocale>

namespace gatehouse {

OverviewPage::OverviewPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::OverviewPage), m_engine(engine)
{
    m_ui->setupUi(this);
    QFont mono(QStringLiteral("Monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    for (QPlainTextEdit *edit : {m_ui->curlPlainTextEdit, m_ui->pythonPlainTextEdit,
                                 m_ui->javascriptPlainTextEdit, m_ui->environmentPlainTextEdit})
        edit->setFont(mono);
    connect(m_ui->copyBaseUrlPushButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->baseUrlLineEdit->text()); });
    connect(m_ui->copyAdminUrlPushButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->adminUrlLineEdit->text()); });
    connect(m_ui->copySnippetPushButton, &QPushButton::clicked, this, [this] {
        const auto *edit = m_ui->snippetsTabWidget->currentWidget()->findChild<QPlainTextEdit *>();
        if (edit)
            QGuiApplication::clipboard()->setText(edit->toPlainText());
    });
    connect(m_ui->addProviderPushButton, &QPushButton::clicked, this,
            &OverviewPage::addProviderRequested);
    connect(m_ui->startStopProxyPushButton, &QPushButton::clicked, this, [this] {
        if (m_engine.proxy().isListening())
            m_engine.stopProxy();
        else
            m_engine.startProxy();
    });
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &OverviewPage::refresh);
    connect(&m_engine.adminService(), &HttpService::stateChanged, this, &OverviewPage::refresh);
    connect(&m_engine.config(), &ConfigStore::routesChanged, this, &OverviewPage::refresh);
    // Counted when the page is seen, not on every request while it is hidden.
    const auto requestsChanged = [this] {
        m_requestsStale = true;
        if (isVisible())
            refreshRequests();
    };
    connect(&m_engine.requestNotifier(), &RequestNotifier::recorded, this, requestsChanged);
    // Today's totals come from the ledger, which sees a record a batch later than the notifier.
    connect(&m_engine.usage(), &UsageLedger::flushed, this, [this, requestsChanged] {
        m_daySumsStale = true;
        requestsChanged();
    });
    refresh();
}

OverviewPage::~OverviewPage() = default;

void OverviewPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_requestsStale)
        refreshRequests();
}

void OverviewPage::refresh()
{
    ProxyServer &proxy = m_engine.proxy();
    const QString address =
        proxy.isListening() ? proxy.address() : m_engine.proxySettings().listen.toString();
    if (proxy.isListening())
        Theme::setMessage(m_ui->proxyStateLabel,
                          tr("● The local proxy is listening on %1.").arg(address),
                          Theme::Tone::Ok);
    else if (!proxy.errorString().isEmpty())
        Theme::setMessage(
            m_ui->proxyStateLabel,
            tr("● The local proxy is not running: %1. Free the port or pick another address under "
               "Settings.")
                .arg(proxy.errorString()),
            Theme::Tone::Error);
    else
        Theme::setMessage(m_ui->proxyStateLabel,
                          tr("● The local proxy is stopped: tools get no answer until you "
                             "start it."),
                          Theme::Tone::Warning);
    m_ui->startStopProxyPushButton->setText(proxy.isListening() ? tr("Stop the proxy")
                                                                : tr("Start the proxy"));

    // The snippets use the first route a tool can use as a base URL: a prefix path, /v1/* first.
    Snippets::Target target{address, QStringLiteral("/v1/*"), QString()};
    const QList<RouteSpec> specs = m_engine.config().routeSpecs();
    const RouteSpec *chosen = nullptr;
    for (const RouteSpec &spec : specs) {
        if (spec.paths.contains(QStringLiteral("/v1/*"))) {
            chosen = &spec;
            break;
        }
    }
    for (const RouteSpec &spec : specs) {
        if (chosen)
            break;
        for (const QString &p : spec.paths) {
            if (p.endsWith(QLatin1Char('*'))) {
                chosen = &spec;
                target.routePath = p;
                break;
            }
        }
    }
    if (!chosen && !specs.isEmpty() && !specs.first().paths.isEmpty()) {
        chosen = &specs.first();
        target.routePath = chosen->paths.first();
    }
    if (chosen && !chosen->instances.isEmpty())
        target.model = chosen->instances.first().model();
    m_ui->baseUrlLabel->setText(Snippets::sdkCompatible(target) ? tr("Base URL") : tr("Route URL"));
    m_ui->baseUrlLineEdit->setText(Snippets::baseUrl(target));
    m_ui->curlPlainTextEdit->setPlainText(Snippets::curl(target));
    m_ui->pythonPlainTextEdit->setPlainText(Snippets::python(target));
    m_ui->javascriptPlainTextEdit->setPlainText(Snippets::javascript(target));
    m_ui->environmentPlainTextEdit->setPlainText(Snippets::environment(target));
    m_ui->snippetHintLabel->setText(chosen ? tr("For the route “%1”. The API key can be any text: "
                                                "Gatehouse sends the provider's key.")
                                                 .arg(chosen->id)
                                           : tr("No route yet: these work once a route serves "
                                                "/v1/*. Click “Add a provider…” to make one."));

    const HttpService &admin = m_engine.adminService();
    m_ui->adminUrlLineEdit->setText(
        admin.isListening()
            ? QStringLiteral("http://%1/apisix/admin/routes").arg(m_engine.adminAddress())
            : tr("not running: %1").arg(admin.errorString()));

    // Each route in a line: where it listens and who answers, in the order they are tried.
    QStringList lines;
    for (const RouteSpec &spec : specs) {
        QList<InstanceSpec> ordered = spec.instances;
        std::stable_sort(
            ordered.begin(), ordered.end(),
            [](const InstanceSpec &a, const InstanceSpec &b) { return a.priority > b.priority; });
        QStringList who;
        for (const InstanceSpec &i : ordered) {
            const ProviderInfo *info = Providers::find(i.provider);
            const QString name = spec.plugin == RouteSpec::Plugin::AiProxy
                                     ? (info ? Translations::providerName(*info) : i.provider)
                                     : i.name;
            who << (i.model().isEmpty() ? name : tr("%1 (%2)").arg(name, i.model()));
        }
        lines << tr("<b>%1</b> on %2 → %3%4")
                     .arg(spec.id.toHtmlEscaped(),
                          spec.paths.join(QStringLiteral(", ")).toHtmlEscaped(),
                          who.join(QStringLiteral(" → ")).toHtmlEscaped(),
                          spec.enabled ? QString() : QLatin1Char(' ') + tr("(disabled)"));
    }
    m_ui->routesSummaryLabel->setText(
        lines.isEmpty()
            ? tr("No routes yet: click “Add a provider…” above, or make one on the Routes page.")
            : lines.join(QStringLiteral("<br>")));
    const QString problem = m_engine.config().loadReport().message;
    Theme::setMessage(m_ui->configProblemLabel, problem, Theme::Tone::Error);
}

void OverviewPage::refreshRequests()
{
    m_requestsStale = false;
    const qint64 midnight = QDateTime(QDate::currentDate(), QTime(0, 0)).toMSecsSinceEpoch();
    int requests = 0;
    int errors = 0;
    qint64 prompt = 0;
    qint64 completion = 0;
    m_ui->recentErrorsListWidget->clear();
    const QLocale locale;
    for (const RequestRecord &r : m_engine.recentRequests().newest(1000)) {
        if (r.startedAtMs < midnight)
            continue;
        ++requests;
        prompt += r.usage.promptTokens;
        completion += r.usage.completionTokens;
        const bool failed = r.status >= 400 || r.interrupted;
        if (!failed)
            continue;
        ++errors;
        if (m_ui->recentErrorsListWidget->count() >= 20)
            continue;
        const QString time =
            QDateTime::fromMSecsSinceEpoch(r.startedAtMs).toString(QStringLiteral("HH:mm:ss"));
        QString reason = r.error;
        if (reason.isEmpty() && !r.errorCode.isEmpty())
            reason = QString::fromLatin1(r.errorCode);
        if (reason.isEmpty())
            reason = r.interrupted ? tr("the stream was cut")
                                   : tr("the provider answered with an error");
        QString line =
            tr("%1  %2 %3 → %4: %5").arg(time, r.method, r.path).arg(r.status).arg(reason);
        if (!r.routeId.isEmpty() && !reason.contains(r.routeId))
            line += QLatin1Char(' ') + tr("(route %1)").arg(r.routeId);
        if (!r.attempts.isEmpty() && !reason.contains(r.attemptTrail()))
            line += QLatin1Char(' ') + tr("[tried %1]").arg(r.attemptTrail());
        m_ui->recentErrorsListWidget->addItem(line);
    }
    // The ledger knows the whole day (also before a restart); the records in memory may be a
    // batch ahead of it, so the larger count wins.
    // Read again only after the ledger wrote (at most a few times a second), not on every
    // batch of requests the notifier reports.
    if (m_daySumsStale || m_daySumsFrom != midnight) {
        m_daySums = m_engine.usage().sums(UsageRange{midnight, 0});
        m_daySumsFrom = midnight;
        m_daySumsStale = false;
    }
    const UsageSums &day = m_daySums;
    if (day.requests >= requests) {
        requests = int(day.requests);
        errors = int(day.errors);
        prompt = day.promptTokens;
        completion = day.completionTokens;
    }
    m_ui->requestsTodayValueLabel->setText(locale.toString(requests));
    m_ui->tokensTodayValueLabel->setText(tr("%1 (%2 in, %3 out)")
                                             .arg(locale.toString(prompt + completion),
                                                  locale.toString(prompt),
                                                  locale.toString(completion)));
    m_ui->errorsTodayValueLabel->setText(locale.toString(errors));
    m_ui->costTodayValueLabel->setText(
        QStringLiteral("$") + locale.toString(day.costUsd, 'f', day.costUsd < 1 ? 4 : 2));
    const bool none = m_ui->recentErrorsListWidget->count() == 0;
    m_ui->recentErrorsEmptyLabel->setVisible(none);
    m_ui->recentErrorsListWidget->setVisible(!none);
}

} // namespace gatehouse
