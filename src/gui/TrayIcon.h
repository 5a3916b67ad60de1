#pragma once

#include <QObject>

#include <memory>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace gatehouse {

class Engine;
class MainWindow;

// The system tray icon: the proxy keeps running with the window closed, and the menu shows its
// state, starts and stops it, opens the window and quits.
class TrayIcon final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayIcon)

public:
    TrayIcon(Engine &engine, MainWindow &window, QObject *parent = nullptr);
    ~TrayIcon() override;

    static bool isAvailable();
    void show();
    QMenu *menu() const { return m_menu.get(); }

private:
    void update();

    Engine &m_engine;
    MainWindow &m_window;
    std::unique_ptr<QMenu> m_menu; // a menu has no parent widget here
    QSystemTrayIcon *m_icon;
    QAction *m_stateAction;
    QAction *m_toggleProxyAction;
    QAction *m_openAction;
    QAction *m_quitAction;
    bool m_toldAboutTray = false;
};

} // namespace gatehouse
