#pragma once

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class RoutesPage;
}

namespace gatehouse {

class Engine;
class RouteListModel;

// The configured routes and what the linter says about each.
class RoutesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutesPage)

public:
    explicit RoutesPage(Engine &engine, QWidget *parent = nullptr);
    ~RoutesPage() override;

private:
    void showWarnings();

    QScopedPointer<Ui::RoutesPage> m_ui;
    RouteListModel *m_model;
};

} // namespace gatehouse
