#pragma once

#include "Diagnostic.h"

#include <QJsonObject>
#include <QScopedPointer>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace Ui {
class RouteEditor;
}

namespace gatehouse {

class Engine;
class InstanceTableModel;
class ProviderFieldsWidget;

// Edits one route in forms, or as its APISIX JSON on a second tab, the two kept in sync both
// ways. The route's JSON (the draft) is the one truth: each form edit writes into it, keeping
// every key the form does not own, and every change is checked at once by the config store, so
// validation errors and the linter's warnings appear next to the fields they concern (with a
// one-click fix for inverted priorities). Save validates and stores, Revert restores, and
// leaving with unsaved changes asks first (after KeePassXC's EditWidget).
class RouteEditor final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RouteEditor)

public:
    explicit RouteEditor(QWidget *parent = nullptr);
    ~RouteEditor() override;

    void setEngine(Engine &engine);

    void newRoute();
    void editRoute(const QString &id);
    // Starts a new, unsaved route from `route` (an import preview, a duplicate).
    void editUnsaved(const QJsonObject &route);

    QJsonObject draft() const { return m_draft; }
    QString routeId() const { return m_originalId; }
    bool isModified() const;
    bool isNew() const { return m_originalId.isEmpty(); }
    QString orderPreview() const;

    // Validates and stores the route; false (with the problems shown) when it cannot be saved.
    bool save();
    void revert();
    // True when it is fine to leave: nothing unsaved, or the person chose to save or discard.
    bool confirmLeave();

signals:
    void closeRequested();
    void saved(const QString &id);
    void modifiedChanged(bool modified);

private:
    // Draft helpers
    QString pluginName() const;
    QString pluginPath() const;
    QJsonObject pluginConf() const;
    void setPluginConf(const QJsonObject &conf);
    QList<QJsonObject> instances() const;
    void setInstances(const QList<QJsonObject> &list);

    // Form <-> draft
    void start(const QJsonObject &route, const QString &originalId);
    void loadForm();
    void loadInstanceDetails();
    void formEdited();
    QJsonObject writeGeneral(QJsonObject route) const;
    QJsonObject writeInstance(QJsonObject instance) const;
    QJsonObject writeFallback(QJsonObject conf) const;
    QJsonObject writeTimeout(QJsonObject conf) const;
    void kindChanged();
    void refreshDerived(bool rewriteJson);
    void showDiagnostics(const Diagnostics &all);
    void focusFirstProblem(const Diagnostics &errors);

    // Instances
    int selectedInstance() const;
    void selectInstance(int row);
    void addInstance();
    void duplicateInstance();
    void removeInstance();
    void moveInstance(int delta);
    void swapPriorities();

    // Paths
    void addPath();
    void removePath();
    QStringList pathsInForm() const;

    // JSON tab
    void writeJsonText();
    void jsonEdited();
    void applyJsonText();
    void showJsonProblems(const Diagnostics &all);

    void openCredentialDialog(ProviderFieldsWidget *target, const QString &provider);

    QScopedPointer<Ui::RouteEditor> m_ui;
    Engine *m_engine = nullptr;
    InstanceTableModel *m_instancesModel;
    QJsonObject m_original;
    QJsonObject m_draft;
    QString m_originalId; // empty for a route not saved yet
    Diagnostics m_errors;
    Diagnostics m_warnings;
    int m_selected = -1;
    // The other plugin's config while the kind is switched, so switching back loses nothing.
    QJsonObject m_stashedMulti;
    bool m_loading = false;
    bool m_settingJson = false;
    bool m_jsonDirty = false;
    bool m_jsonValid = true;
    bool m_lastModified = false;
    QTimer m_jsonTimer;
};

} // namespace gatehouse
