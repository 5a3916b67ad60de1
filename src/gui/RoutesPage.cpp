#include "RoutesPage.h"

#include "Engine.h"
#include "RouteListModel.h"
#include "ui_RoutesPage.h"

#include <QHeaderView>

namespace gatehouse {

RoutesPage::RoutesPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::RoutesPage), m_model(new RouteListModel(engine.config(), this))
{
    m_ui->setupUi(this);
    m_ui->routesTableView->setModel(m_model);
    m_ui->routesTableView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_ui->routesTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->routesTableView->verticalHeader()->hide();
    connect(m_ui->routesTableView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RoutesPage::showWarnings);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutesPage::showWarnings);
    showWarnings();
}

RoutesPage::~RoutesPage() = default;

void RoutesPage::showWarnings()
{
    const bool empty = m_model->rowCount() == 0;
    m_ui->emptyHintLabel->setVisible(empty);
    m_ui->routesTableView->setVisible(!empty);
    const QModelIndexList selected = m_ui->routesTableView->selectionModel()->selectedRows();
    const int row = selected.isEmpty() ? 0 : selected.first().row();
    const Diagnostics warnings = m_model->warnings(row);
    QStringList lines;
    for (const Diagnostic &d : warnings)
        lines << QStringLiteral("⚠ ") + d.toString().toHtmlEscaped();
    m_ui->warningsLabel->setText(lines.join(QStringLiteral("<br>")));
}

} // namespace gatehouse
