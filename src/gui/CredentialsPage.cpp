#include "CredentialsPage.h"

#include "CredentialDialog.h"
#include "CredentialListModel.h"
#include "Engine.h"
#include "MessageBox.h"
#include "Theme.h"
#include "ui_CredentialsPage.h"

#include <QHeaderView>

namespace gatehouse {

CredentialsPage::CredentialsPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::CredentialsPage), m_engine(engine),
      m_model(new CredentialListModel(engine, this))
{
    m_ui->setupUi(this);
    m_ui->credentialsTableView->setModel(m_model);
    m_ui->credentialsTableView->verticalHeader()->hide();
    m_ui->credentialsTableView->horizontalHeader()->setSectionResizeMode(
        QHeaderView::ResizeToContents);
    m_ui->credentialsTableView->horizontalHeader()->setStretchLastSection(true);
    connect(m_ui->credentialsTableView->selectionModel(), &QItemSelectionModel::selectionChanged,
            this, &CredentialsPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CredentialsPage::updateButtons);
    connect(m_ui->addCredentialPushButton, &QPushButton::clicked, this,
            [this] { addCredential(); });
    connect(m_ui->replaceCredentialPushButton, &QPushButton::clicked, this,
            &CredentialsPage::replaceSelected);
    connect(m_ui->deleteCredentialPushButton, &QPushButton::clicked, this,
            &CredentialsPage::deleteSelected);
    connect(m_ui->testCredentialPushButton, &QPushButton::clicked, this,
            &CredentialsPage::testSelected);
    connect(m_ui->credentialsTableView, &QTableView::doubleClicked, this,
            &CredentialsPage::replaceSelected);
    connect(m_ui->retryKeychainPushButton, &QPushButton::clicked, this, [this] {
        showResult(tr("Asking the keychain again…"), int(Theme::Tone::Plain));
        m_engine.credentials().retry();
    });
    connect(&engine.credentials(), &CredentialManager::keychainStatusChanged, this,
            &CredentialsPage::updateBanner);
    connect(&engine.credentials(), &CredentialManager::loadFinished, this,
            &CredentialsPage::updateBanner);
    connect(&engine.credentials(), &CredentialManager::warning, this,
            [this](const QString &sentence) { showResult(sentence, int(Theme::Tone::Warning)); });
    updateButtons();
    updateBanner();
}

CredentialsPage::~CredentialsPage() = default;

QString CredentialsPage::selectedName() const
{
    const QModelIndexList rows = m_ui->credentialsTableView->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->nameAt(rows.first().row());
}

void CredentialsPage::updateButtons()
{
    const bool empty = m_model->rowCount() == 0;
    m_ui->emptyHintLabel->setVisible(empty);
    m_ui->credentialsTableView->setVisible(!empty);
    const bool selected = !selectedName().isEmpty();
    m_ui->replaceCredentialPushButton->setEnabled(selected);
    m_ui->deleteCredentialPushButton->setEnabled(selected);
    m_ui->testCredentialPushButton->setEnabled(selected && !m_check);
}

void CredentialsPage::updateBanner()
{
    const CredentialManager &credentials = m_engine.credentials();
    if (!credentials.keychainUnavailable()) {
        m_ui->keychainBannerFrame->hide();
        return;
    }
    m_ui->keychainBannerLabel->setText(
        tr("<b>The keychain is not available.</b> %1<br>Then click “Try again”. Until then, keys "
           "you add are kept in "
           "memory for this run only and are gone when Gatehouse quits.")
            .arg(credentials.keychainMessage().toHtmlEscaped()));
    m_ui->keychainBannerFrame->setStyleSheet(
        QStringLiteral("#keychainBannerFrame { border: 1px solid %1; border-radius: 4px; }")
            .arg(Theme::warningColor().name()));
    m_ui->keychainBannerFrame->show();
}

void CredentialsPage::showResult(const QString &text, int tone)
{
    Theme::setMessage(m_ui->testResultLabel, text, Theme::Tone(tone));
}

void CredentialsPage::addCredential(const QString &provider)
{
    auto *dialog = new CredentialDialog(
        m_engine.credentials(), provider.isEmpty() ? QStringLiteral("deepseek") : provider, this);
    connect(dialog, &CredentialDialog::stored, this,
            [this](const QString &name, const QString &warning) {
                showResult(warning.isEmpty() ? tr("Stored “%1” in the keychain.").arg(name)
                                             : warning,
                           int(warning.isEmpty() ? Theme::Tone::Ok : Theme::Tone::Warning));
            });
    dialog->open();
}

void CredentialsPage::replaceSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    CredentialDialog *dialog = CredentialDialog::replace(m_engine.credentials(), name, this);
    connect(dialog, &CredentialDialog::stored, this,
            [this](const QString &stored, const QString &warning) {
                showResult(warning.isEmpty() ? tr("Replaced the key of “%1”.").arg(stored)
                                             : warning,
                           int(warning.isEmpty() ? Theme::Tone::Ok : Theme::Tone::Warning));
            });
    dialog->open();
}

void CredentialsPage::deleteSelected()
{
    const QString name = selectedName();
    if (name.isEmpty())
        return;
    const QStringList routes = m_model->usedBy(name);
    const QString text = routes.isEmpty() ? tr("Delete the key “%1” from the keychain?").arg(name)
                                          : tr("Delete the key “%1” from the keychain? The routes "
                                               "%2 use it and will answer with an "
                                               "error until they get another key.")
                                                .arg(name, routes.join(QStringLiteral(", ")));
    if (MessageBox::question(this, tr("Delete credential"), text,
                             QMessageBox::Yes | QMessageBox::Cancel,
                             QMessageBox::Cancel) != QMessageBox::Yes)
        return;
    SecretJob *job = m_engine.credentials().remove(name);
    connect(job, &SecretJob::finished, this, [this, name](const SecretResult &result) {
        showResult(result.ok() ? tr("Deleted “%1”.").arg(name) : result.message,
                   int(result.ok() ? Theme::Tone::Plain : Theme::Tone::Error));
    });
}

void CredentialsPage::testSelected()
{
    const QString name = selectedName();
    if (name.isEmpty() || m_check)
        return;
    QString error;
    m_check = m_engine.testCredential(name, this, &error);
    if (!m_check) {
        showResult(tr("%1: %2").arg(name, error), int(Theme::Tone::Error));
        return;
    }
    showResult(tr("Testing “%1” with the provider…").arg(name), int(Theme::Tone::Plain));
    updateButtons();
    connect(m_check, &ProviderKeyCheck::finished, this,
            [this, name](const ProviderKeyCheck::Result &result) {
                const bool valid = result.outcome == ProviderKeyCheck::Outcome::Valid;
                if (valid)
                    m_engine.credentials().markUsed(name);
                showResult((valid ? QStringLiteral("✓ ") : QStringLiteral("✖ ")) +
                               tr("%1: %2").arg(name, result.message),
                           int(valid ? Theme::Tone::Ok : Theme::Tone::Error));
                m_check->deleteLater();
                m_check = nullptr;
                updateButtons();
            });
}

} // namespace gatehouse
