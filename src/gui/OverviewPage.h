#pragma once

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class OverviewPage;
}

namespace gatehouse {

class Engine;

// Where to point a tool, whether the proxy is up, and what the configuration looks like.
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(Engine &engine, QWidget *parent = nullptr);
    ~OverviewPage() override;

private:
    void refresh();

    QScopedPointer<Ui::OverviewPage> m_ui;
    Engine &m_engine;
};

} // namespace gatehouse
