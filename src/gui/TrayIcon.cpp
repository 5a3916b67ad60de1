#include "TrayIcon.h"

#include "Engine.h"
#include "MainWindow.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>

namespace gatehouse {

TrayIcon::TrayIcon(Engine &engine, MainWindow &window, QObject *parent)
    : QObject(parent), m_engine(engine), m_window(window), m_menu(std::make_unique<QMenu>()),
      m_icon(new QSystemTrayIcon(QApplication::windowIcon(), this))
{
    m_stateAction = m_menu->addAction(QString());
    m_stateAction->setObjectName(QStringLiteral("proxyStateAction"));
    m_stateAction->setEnabled(false);
    m_toggleProxyAction = m_menu->addAction(QString());
    m_toggleProxyAction->setObjectName(QStringLiteral("toggleProxyAction"));
    m_menu->addSeparator();
    m_openAction = m_menu->addAction(tr("&Open Gatehouse"));
    m_openAction->setObjectName(QStringLiteral("openWindowAction"));
    m_quitAction = m_menu->addAction(tr("&Quit"));
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_icon->setContextMenu(m_menu.get());

    connect(m_toggleProxyAction, &QAction::triggered, this, [this] {
        if (m_engine.proxy().isListening())
            m_engine.stopProxy();
        else
            m_engine.startProxy();
    });
    connect(m_openAction, &QAction::triggered, &m_window, &MainWindow::bringToFront);
    connect(m_quitAction, &QAction::triggered, &m_window, &MainWindow::quit);
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    m_window.bringToFront();
            });
    connect(&m_window, &MainWindow::hiddenToTray, this, [this] {
        if (m_toldAboutTray)
            return;
        m_toldAboutTray = true;
        m_icon->showMessage(
            tr("Gatehouse keeps running"),
            tr("The proxy is still serving. Use the tray icon to open the window or quit."));
    });
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &TrayIcon::update);
    update();
}

TrayIcon::~TrayIcon() = default;

bool TrayIcon::isAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::show()
{
    m_icon->show();
}

void TrayIcon::update()
{
    const ProxyServer &proxy = m_engine.proxy();
    QString state;
    if (proxy.isListening())
        state = tr("Proxy listening on %1").arg(proxy.address());
    else if (!proxy.errorString().isEmpty())
        state = tr("Proxy not running: %1").arg(proxy.errorString());
    else
        state = tr("Proxy stopped");
    m_stateAction->setText(state);
    m_toggleProxyAction->setText(proxy.isListening() ? tr("&Stop the proxy")
                                                     : tr("&Start the proxy"));
    m_icon->setToolTip(tr("Gatehouse: %1").arg(state));
}

} // namespace gatehouse
