#include "MainWindow.h"

#include "Engine.h"
#include "OverviewPage.h"
#include "RoutesPage.h"
#include "ui_MainWindow.h"

#include <QLabel>

namespace gatehouse {

MainWindow::MainWindow(Engine &engine, QWidget *parent)
    : QMainWindow(parent), m_ui(new Ui::MainWindow), m_engine(engine), m_proxyStatusLabel(new QLabel(this))
{
    m_ui->setupUi(this);
    m_ui->pageStackedWidget->addWidget(new OverviewPage(engine, this));
    m_ui->pageStackedWidget->addWidget(new RoutesPage(engine, this));
    connect(m_ui->pageListWidget, &QListWidget::currentRowChanged, m_ui->pageStackedWidget,
            &QStackedWidget::setCurrentIndex);
    m_ui->pageListWidget->setCurrentRow(0);
    m_proxyStatusLabel->setObjectName(QStringLiteral("proxyStatusLabel"));
    m_ui->statusBar->addWidget(m_proxyStatusLabel);
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &MainWindow::updateStatus);
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::updateStatus()
{
    ProxyServer &proxy = m_engine.proxy();
    m_proxyStatusLabel->setText(proxy.isListening() ? tr("Proxy: listening on %1").arg(proxy.address())
                                                    : tr("Proxy: stopped (%1)").arg(proxy.errorString()));
}

} // namespace gatehouse
