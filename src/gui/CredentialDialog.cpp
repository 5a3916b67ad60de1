#include "CredentialDialog.h"

#include "CredentialManager.h"
#include "CredentialShape.h"
#include "Providers.h"
#include "SecretReference.h"
#include "Theme.h"
#include "Translations.h"
#include "ui_CredentialDialog.h"

#include <QPushButton>

namespace gatehouse {

CredentialDialog::CredentialDialog(CredentialManager &credentials, const QString &provider,
                                   QWidget *parent)
    : QDialog(parent), m_ui(new Ui::CredentialDialog), m_credentials(credentials)
{
    m_ui->setupUi(this);
    setAttribute(Qt::WA_DeleteOnClose);
    for (const ProviderInfo &p : Providers::all())
        m_ui->providerComboBox->addItem(Translations::providerName(p), p.id);
    const int index = m_ui->providerComboBox->findData(provider);
    m_ui->providerComboBox->setCurrentIndex(qMax(0, index));
    m_ui->nameLineEdit->setText(
        credentials.uniqueName(provider.isEmpty() ? QStringLiteral("key") : provider));
    connect(m_ui->showKeyToolButton, &QToolButton::toggled, this, [this](bool on) {
        m_ui->keyLineEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyToolButton->setText(on ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &CredentialDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &CredentialDialog::reject);
    m_ui->keyLineEdit->setFocus();
}

CredentialDialog *CredentialDialog::replace(CredentialManager &credentials, const QString &name,
                                            QWidget *parent)
{
    const std::optional<CredentialInfo> info = credentials.credential(name);
    auto *dialog = new CredentialDialog(credentials, info ? info->provider : QString(), parent);
    dialog->m_replacing = true;
    dialog->setWindowTitle(tr("Replace the key of %1").arg(name));
    dialog->m_ui->nameLineEdit->setText(name);
    dialog->m_ui->nameLineEdit->setReadOnly(true);
    if (info)
        dialog->m_ui->noteLineEdit->setText(info->note);
    return dialog;
}

CredentialDialog::~CredentialDialog() = default;

void CredentialDialog::showError(const QString &text)
{
    Theme::setMessage(m_ui->errorLabel, text, Theme::Tone::Error);
}

void CredentialDialog::accept()
{
    if (m_storing)
        return;
    const QString name = m_ui->nameLineEdit->text().trimmed();
    const QString provider = m_ui->providerComboBox->currentData().toString();
    const QString key = m_ui->keyLineEdit->text().trimmed();
    QString why;
    if (!SecretReference::isValidCredentialName(name, &why)) {
        showError(why);
        m_ui->nameLineEdit->setFocus();
        return;
    }
    if (!m_replacing && m_credentials.contains(name)) {
        showError(tr("A credential named “%1” exists already: pick another name, or use “Replace "
                     "key” on the "
                     "Credentials page.")
                      .arg(name));
        m_ui->nameLineEdit->setFocus();
        return;
    }
    if (key.isEmpty()) {
        showError(tr("Paste the key first."));
        m_ui->keyLineEdit->setFocus();
        return;
    }
    if (key.contains(QLatin1Char('\n')) ||
        (key.contains(QLatin1Char(' ')) && !key.startsWith(QLatin1String("Bearer ")))) {
        showError(
            tr("The key contains spaces or line breaks: copy it again from the provider's page."));
        return;
    }
    CredentialInfo info;
    if (const std::optional<CredentialInfo> existing = m_credentials.credential(name))
        info = *existing;
    info.name = name;
    info.provider = provider;
    info.note = m_ui->noteLineEdit->text().trimmed();
    m_storing = true;
    m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(false);
    Theme::setMessage(m_ui->errorLabel, tr("Storing the key in the keychain…"), Theme::Tone::Plain);
    SecretJob *job = m_credentials.store(info, CredentialShape::storedValue(provider, key));
    connect(job, &SecretJob::finished, this, [this, name](const SecretResult &result) {
        m_storing = false;
        m_ui->buttonBox->button(QDialogButtonBox::Save)->setEnabled(true);
        if (!result.ok()) {
            showError(result.message);
            return;
        }
        emit stored(name, result.warning);
        QDialog::accept();
    });
}

} // namespace gatehouse
