#include "MainWindow.h"

#include "CredentialsPage.h"
#include "Engine.h"
#include "FirstRunPage.h"
#include "LogsPage.h"
#include "OverviewPage.h"
#include "PlaygroundPage.h"
#include "RoutesPage.h"
#include "SettingsPage.h"
#include "UsageDashboardPage.h"
#include "Theme.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>

namespace gatehouse {

MainWindow::MainWindow(Engine &engine, QWidget *parent)
    : QMainWindow(parent), m_ui(new Ui::MainWindow), m_engine(engine),
      m_proxyStatusLabel(new QLabel(this)), m_adminStatusLabel(new QLabel(this)),
      m_inFlightLabel(new QLabel(this))
{
    m_ui->setupUi(this);
    m_overviewPage = new OverviewPage(engine, this);
    m_routesPage = new RoutesPage(engine, this);
    m_credentialsPage = new CredentialsPage(engine, this);
    m_settingsPage = new SettingsPage(engine, this);
    m_firstRunPage = new FirstRunPage(engine, this);
    m_playgroundPage = new PlaygroundPage(engine, this);
    m_usagePage = new UsageDashboardPage(engine, this);
    m_logsPage = new LogsPage(engine, this);
    m_pages = {m_overviewPage,
               m_routesPage,
               m_credentialsPage,
               m_playgroundPage,
               m_usagePage,
               m_logsPage,
               m_settingsPage};
    for (QWidget *page : std::as_const(m_pages))
        m_ui->pageStackedWidget->addWidget(page);
    m_ui->pageStackedWidget->addWidget(m_firstRunPage);

    connect(m_ui->pageListWidget, &QListWidget::currentRowChanged, this,
            &MainWindow::pageRowChanged);
    connect(m_overviewPage, &OverviewPage::addProviderRequested, this,
            [this] { showFirstRun(false); });
    connect(m_firstRunPage, &FirstRunPage::finished, this, [this] { showPage(Overview); });
    connect(m_settingsPage, &SettingsPage::themeChanged, this,
            [](AppSettings::Theme theme) { Theme::apply(theme); });

    m_proxyStatusLabel->setObjectName(QStringLiteral("proxyStatusLabel"));
    m_adminStatusLabel->setObjectName(QStringLiteral("adminStatusLabel"));
    m_inFlightLabel->setObjectName(QStringLiteral("inFlightLabel"));
    m_ui->statusBar->addWidget(m_proxyStatusLabel, 1);
    m_ui->statusBar->addPermanentWidget(m_adminStatusLabel);
    m_ui->statusBar->addPermanentWidget(m_inFlightLabel);
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &MainWindow::updateStatus);
    connect(&m_engine.adminService(), &HttpService::stateChanged, this, &MainWindow::updateStatus);
    connect(&m_engine.requestNotifier(), &RequestNotifier::recorded, this,
            &MainWindow::updateInFlight);
    // In-flight requests have no signal of their own; read the counter once a second while the
    // window is shown (two atomic loads), never when it is hidden.
    m_inFlightTimer.setInterval(1000);
    connect(&m_inFlightTimer, &QTimer::timeout, this, &MainWindow::updateInFlight);
    updateStatus();

    if (shouldShowFirstRun())
        showFirstRun(true);
    else
        showPage(Overview);
}

MainWindow::~MainWindow() = default;

bool MainWindow::shouldShowFirstRun() const
{
    return !m_engine.settings().firstRunDone && m_engine.config().routes().isEmpty() &&
           m_engine.credentials().credentials().isEmpty();
}

bool MainWindow::showPage(int page)
{
    if (m_ui->pageListWidget->currentRow() == page &&
        m_ui->pageStackedWidget->currentWidget() == m_pages.value(page))
        return true;
    m_ui->pageListWidget->setCurrentRow(page);
    return m_ui->pageStackedWidget->currentWidget() == m_pages.value(page);
}

void MainWindow::pageRowChanged(int row)
{
    if (row < 0 || row >= m_pages.size())
        return;
    // Leaving the route editor with unsaved changes asks first; staying puts the sidebar back.
    if (m_ui->pageStackedWidget->currentWidget() == m_routesPage && row != Routes &&
        !m_routesPage->canLeave()) {
        const QSignalBlocker blocker(m_ui->pageListWidget);
        m_ui->pageListWidget->setCurrentRow(m_currentRow);
        return;
    }
    m_currentRow = row;
    m_ui->pageStackedWidget->setCurrentWidget(m_pages[row]);
}

void MainWindow::showFirstRun(bool welcome)
{
    if (m_ui->pageStackedWidget->currentWidget() == m_routesPage && !m_routesPage->canLeave())
        return;
    m_firstRunPage->restart(welcome);
    {
        const QSignalBlocker blocker(m_ui->pageListWidget);
        m_ui->pageListWidget->clearSelection();
        m_ui->pageListWidget->setCurrentRow(-1);
    }
    m_currentRow = -1;
    m_ui->pageStackedWidget->setCurrentWidget(m_firstRunPage);
}

void MainWindow::updateStatus()
{
    const ProxyServer &proxy = m_engine.proxy();
    if (proxy.isListening())
        m_proxyStatusLabel->setText(tr("Proxy: listening on %1").arg(proxy.address()));
    else if (!proxy.errorString().isEmpty())
        m_proxyStatusLabel->setText(tr("Proxy: error, %1").arg(proxy.errorString()));
    else
        m_proxyStatusLabel->setText(tr("Proxy: stopped"));
    Theme::setTone(m_proxyStatusLabel, proxy.isListening()             ? Theme::Tone::Ok
                                       : proxy.errorString().isEmpty() ? Theme::Tone::Warning
                                                                       : Theme::Tone::Error);

    const HttpService &admin = m_engine.adminService();
    m_adminStatusLabel->setText(admin.isListening()
                                    ? tr("Admin API: %1").arg(m_engine.adminAddress())
                                    : tr("Admin API: not running (%1)").arg(admin.errorString()));
    Theme::setTone(m_adminStatusLabel,
                   admin.isListening() ? Theme::Tone::Plain : Theme::Tone::Error);
    updateInFlight();
}

void MainWindow::updateInFlight()
{
    m_inFlightLabel->setText(tr("Requests in flight: %1").arg(m_engine.proxy().inFlight()));
}

void MainWindow::bringToFront()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
}

void MainWindow::quit()
{
    if (isVisible() && !m_routesPage->canLeave()) {
        bringToFront();
        return;
    }
    m_quitting = true;
    QApplication::quit();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_keepRunningInTray && !m_quitting) {
        // The proxy keeps serving; an unsaved route stays in the editor until the window is back.
        hide();
        event->ignore();
        emit hiddenToTray();
        return;
    }
    if (!m_quitting && !m_routesPage->canLeave()) {
        event->ignore();
        return;
    }
    event->accept();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateInFlight();
    m_inFlightTimer.start();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    m_inFlightTimer.stop();
}

} // namespace gatehouse
