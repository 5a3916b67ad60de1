#pragma once

#include <QMainWindow>
#include <QScopedPointer>
#include <QTimer>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace gatehouse {

class CredentialsPage;
class Engine;
class FirstRunPage;
class LogsPage;
class OverviewPage;
class PlaygroundPage;
class RoutesPage;
class SettingsPage;
class UsageDashboardPage;

// The main window: a sidebar of pages and a status bar with the proxy's state (and why it is not
// running), the Admin API's state and the requests in flight. It only talks to the Engine facade
// and the models built on it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // The sidebar's rows, in order.
    enum Page { Overview, Routes, Credentials, Playground, Usage, Logs, Settings };

    explicit MainWindow(Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    // False when the route editor has unsaved changes and the person chose to stay.
    bool showPage(int page);
    void showFirstRun(bool welcome);
    // With a tray icon, closing the window hides it and the proxy keeps running.
    void setKeepRunningInTray(bool keep) { m_keepRunningInTray = keep; }
    // An empty first run opens on the three-step start.
    bool shouldShowFirstRun() const;

    RoutesPage *routesPage() const { return m_routesPage; }
    CredentialsPage *credentialsPage() const { return m_credentialsPage; }
    FirstRunPage *firstRunPage() const { return m_firstRunPage; }
    SettingsPage *settingsPage() const { return m_settingsPage; }
    PlaygroundPage *playgroundPage() const { return m_playgroundPage; }
    UsageDashboardPage *usagePage() const { return m_usagePage; }
    LogsPage *logsPage() const { return m_logsPage; }

public slots:
    void bringToFront();
    // Quits the application (after asking about unsaved changes).
    void quit();

signals:
    // The window was closed while the tray keeps Gatehouse running.
    void hiddenToTray();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void pageRowChanged(int row);
    void updateStatus();
    void updateInFlight();

    QScopedPointer<Ui::MainWindow> m_ui;
    Engine &m_engine;
    QLabel *m_proxyStatusLabel;
    QLabel *m_adminStatusLabel;
    QLabel *m_inFlightLabel;
    OverviewPage *m_overviewPage;
    RoutesPage *m_routesPage;
    CredentialsPage *m_credentialsPage;
    SettingsPage *m_settingsPage;
    FirstRunPage *m_firstRunPage;
    PlaygroundPage *m_playgroundPage;
    UsageDashboardPage *m_usagePage;
    LogsPage *m_logsPage;
    QList<QWidget *> m_pages; // by sidebar row
    QTimer m_inFlightTimer;
    int m_currentRow = 0;
    bool m_keepRunningInTray = false;
    bool m_quitting = false;
};

} // namespace gatehouse
