#pragma once

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class RoutesPage;
}

namespace gatehouse {

class Engine;
class RouteEditor;
class RouteListModel;

// The configured routes with what the linter says about each, and the editor for one of them;
// import from files and the clipboard, export to a file.
class RoutesPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutesPage)

public:
    explicit RoutesPage(Engine &engine, QWidget *parent = nullptr);
    ~RoutesPage() override;

    RouteEditor *editor() const;
    void newRoute();
    void openRoute(const QString &id);
    // Routes from text (clipboard, a file): one opens in the editor to review, several are saved.
    void importText(const QString &text);
    // False when the editor has unsaved changes and the person chose to stay.
    bool canLeave();
    void showList();

private:
    void showWarnings();
    QString selectedId() const;
    void deleteSelected();
    void importFile();
    void exportFile();
    void publish();
    void setImportStatus(const QString &text, bool error);

    QScopedPointer<Ui::RoutesPage> m_ui;
    Engine &m_engine;
    RouteListModel *m_model;
};

} // namespace gatehouse
