#include "RoutesPage.h"

#include "Engine.h"
#include "MessageBox.h"
#include "PublishDialog.h"
#include "RouteEditor.h"
#include "RouteExchange.h"
#include "RouteImport.h"
#include "RouteListModel.h"
#include "RouteSchema.h"
#include "Theme.h"
#include "ui_RoutesPage.h"

#include <QClipboard>
#include <QFile>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHeaderView>
#include <QSaveFile>

namespace gatehouse {

RoutesPage::RoutesPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::RoutesPage), m_engine(engine),
      m_model(new RouteListModel(engine.config(), this))
{
    m_ui->setupUi(this);
    m_ui->routeEditor->setEngine(engine);
    m_ui->routesTableView->setModel(m_model);
    m_ui->routesTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->routesTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->routesTableView->verticalHeader()->hide();
    connect(m_ui->routesTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RoutesPage::showWarnings);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutesPage::showWarnings);
    connect(m_ui->routesTableView, &QTableView::doubleClicked, this,
            [this] { openRoute(selectedId()); });
    connect(m_ui->newRoutePushButton, &QPushButton::clicked, this, &RoutesPage::newRoute);
    connect(m_ui->editRoutePushButton, &QPushButton::clicked, this,
            [this] { openRoute(selectedId()); });
    connect(m_ui->deleteRoutePushButton, &QPushButton::clicked, this, &RoutesPage::deleteSelected);
    connect(m_ui->importRoutesPushButton, &QPushButton::clicked, this, &RoutesPage::importFile);
    connect(m_ui->exportRoutesPushButton, &QPushButton::clicked, this, &RoutesPage::exportFile);
    connect(m_ui->publishRoutesPushButton, &QPushButton::clicked, this, &RoutesPage::publish);
    connect(m_ui->pasteRoutesPushButton, &QPushButton::clicked, this,
            [this] { importText(QGuiApplication::clipboard()->text()); });
    connect(m_ui->routeEditor, &RouteEditor::closeRequested, this, [this] {
        if (m_ui->routeEditor->confirmLeave())
            showList();
    });
    connect(m_ui->routeEditor, &RouteEditor::saved, this, [this](const QString &id) {
        const int row = [&] {
            for (int r = 0; r < m_model->rowCount(); ++r) {
                if (m_model->index(r, RouteListModel::Id).data().toString() == id)
                    return r;
            }
            return -1;
        }();
        if (row >= 0)
            m_ui->routesTableView->selectRow(row);
    });
    showWarnings();
}

RoutesPage::~RoutesPage() = default;

RouteEditor *RoutesPage::editor() const
{
    return m_ui->routeEditor;
}

QString RoutesPage::selectedId() const
{
    const QModelIndexList selected = m_ui->routesTableView->selectionModel()->selectedRows();
    return selected.isEmpty()
               ? QString()
               : m_model->index(selected.first().row(), RouteListModel::Id).data().toString();
}

void RoutesPage::showList()
{
    m_ui->routesStackedWidget->setCurrentWidget(m_ui->listPage);
}

bool RoutesPage::canLeave()
{
    if (m_ui->routesStackedWidget->currentWidget() != m_ui->editorPage)
        return true;
    return m_ui->routeEditor->confirmLeave();
}

void RoutesPage::newRoute()
{
    if (!canLeave())
        return;
    m_ui->routeEditor->newRoute();
    m_ui->routesStackedWidget->setCurrentWidget(m_ui->editorPage);
}

void RoutesPage::openRoute(const QString &id)
{
    if (id.isEmpty() || !canLeave())
        return;
    m_ui->routeEditor->editRoute(id);
    m_ui->routesStackedWidget->setCurrentWidget(m_ui->editorPage);
}

void RoutesPage::showWarnings()
{
    const bool empty = m_model->rowCount() == 0;
    m_ui->emptyHintLabel->setVisible(empty);
    m_ui->routesTableView->setVisible(!empty);
    const bool selected = !selectedId().isEmpty();
    m_ui->editRoutePushButton->setEnabled(selected);
    m_ui->deleteRoutePushButton->setEnabled(selected);
    m_ui->exportRoutesPushButton->setEnabled(!empty);
    const QModelIndexList rows = m_ui->routesTableView->selectionModel()->selectedRows();
    const int row = rows.isEmpty() ? 0 : rows.first().row();
    const Diagnostics warnings = m_model->warnings(row);
    QStringList lines;
    for (const Diagnostic &d : warnings)
        lines << QStringLiteral("⚠ ") + d.message.toHtmlEscaped();
    m_ui->warningsLabel->setText(lines.join(QStringLiteral("<br>")));
}

void RoutesPage::deleteSelected()
{
    const QString id = selectedId();
    if (id.isEmpty())
        return;
    if (MessageBox::question(
            this, tr("Delete route"),
            tr("Delete the route “%1”? The proxy stops answering on its paths at once.").arg(id),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    const ConfigStore::ChangeResult result = m_engine.config().removeRoute(id);
    setImportStatus(result.ok ? tr("Deleted the route “%1”.").arg(id)
                              : joinDiagnostics(result.errors),
                    !result.ok);
}

void RoutesPage::setImportStatus(const QString &text, bool error)
{
    Theme::setMessage(m_ui->importStatusLabel, text,
                      error ? Theme::Tone::Error : Theme::Tone::Plain);
}

void RoutesPage::importText(const QString &text)
{
    const RouteImport::Result read = RouteImport::parse(text);
    if (!read.error.isEmpty()) {
        setImportStatus(read.error, true);
        return;
    }
    if (read.routes.size() == 1) {
        // One route: open it to look at (and fix) before it is saved.
        if (!canLeave())
            return;
        m_ui->routeEditor->editUnsaved(read.routes.first());
        m_ui->routesStackedWidget->setCurrentWidget(m_ui->editorPage);
        setImportStatus(read.notes.join(QLatin1Char(' ')), false);
        return;
    }
    if (!read.problems.isEmpty()) {
        setImportStatus(
            tr("Nothing was imported: %1").arg(read.problems.join(QStringLiteral("; "))), true);
        return;
    }
    QStringList failed;
    int saved = 0;
    for (const QJsonObject &route : read.routes) {
        const ConfigStore::ChangeResult result = m_engine.config().putRoute(route);
        if (result.ok)
            ++saved;
        else
            failed << tr("%1: %2").arg(RouteSchema::routeId(route), joinDiagnostics(result.errors));
    }
    QString message = tr("Imported %n route(s).", nullptr, saved);
    if (!failed.isEmpty())
        message += QLatin1Char(' ') + tr("Not imported: %1").arg(failed.join(QStringLiteral("; ")));
    if (!read.notes.isEmpty())
        message += QLatin1Char(' ') + read.notes.join(QLatin1Char(' '));
    setImportStatus(message, !failed.isEmpty());
}

void RoutesPage::importFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import routes"), {},
                                                      tr("JSON files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        setImportStatus(tr("Cannot read %1: %2").arg(path, file.errorString()), true);
        return;
    }
    importText(QString::fromUtf8(file.readAll()));
}

void RoutesPage::exportFile()
{
    // Gatehouse's own JSON keeps the keychain references (for another Gatehouse); the APISIX
    // formats put $env:// placeholders instead, and say which variables the cluster needs.
    const QString json = tr("Admin API JSON, for Gatehouse (*.json)");
    const QString yaml = tr("APISIX standalone (*.yaml)");
    const QString curl = tr("curl script for an Admin API (*.sh)");
    QString filter;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export routes"), QStringLiteral("gatehouse-routes.json"),
        QStringList{json, yaml, curl}.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty())
        return;
    RouteExchange::ExportOptions options;
    RouteExchange::ExportFormat format = RouteExchange::ExportFormat::AdminList;
    if (filter == yaml || path.endsWith(QLatin1String(".yaml"))) {
        format = RouteExchange::ExportFormat::ApisixYaml;
        options.target = RouteExchange::Target::Apisix;
    } else if (filter == curl || path.endsWith(QLatin1String(".sh"))) {
        format = RouteExchange::ExportFormat::CurlScript;
    } else {
        options.secrets = RouteExchange::Secrets::KeepReferences;
    }
    const RouteExchange::ExportResult out =
        RouteExchange::exportRoutes(m_engine.config().routes(), format, options);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(out.text) < 0 || !file.commit()) {
        setImportStatus(tr("Cannot write %1: %2").arg(path, file.errorString()), true);
        return;
    }
    QString message = tr("Exported %n route(s) to %1.", nullptr, int(out.routes.size())).arg(path);
    QStringList names;
    for (const RouteExchange::EnvVariable &v : out.environment)
        names << v.name;
    if (!names.isEmpty())
        message += QLatin1Char(' ') + tr("Keys are not in the file: set %1 where the routes run.")
                                          .arg(names.join(QStringLiteral(", ")));
    setImportStatus(message, false);
}

void RoutesPage::publish()
{
    const QString selected = selectedId();
    auto *dialog = new PublishDialog(m_engine, selected.isEmpty() ? QStringList() : QStringList{selected}, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

} // namespace gatehouse
