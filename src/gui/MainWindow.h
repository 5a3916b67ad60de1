#pragma once

#include <QMainWindow>
#include <QScopedPointer>

class QLabel;

namespace Ui {
class MainWindow;
}

namespace gatehouse {

class Engine;

// The main window: a sidebar of pages and a status bar with the proxy's state. It only talks to
// the Engine facade and the models built on it.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

private:
    void updateStatus();

    QScopedPointer<Ui::MainWindow> m_ui;
    Engine &m_engine;
    QLabel *m_proxyStatusLabel;
};

} // namespace gatehouse
