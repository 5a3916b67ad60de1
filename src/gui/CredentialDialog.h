#pragma once

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class CredentialDialog;
}

namespace gatehouse {

class CredentialManager;

// Adds a credential (name, provider, key, note) or replaces the key of one, storing it in the
// keychain through the CredentialManager. Opened with open(), never exec(), so nothing blocks and
// a test can fill it in; stored() follows once the keychain answered.
class CredentialDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialDialog)

public:
    // Adds a new credential; `provider` is preselected and suggests the name.
    CredentialDialog(CredentialManager &credentials, const QString &provider,
                     QWidget *parent = nullptr);
    // Replaces the key of `name`.
    static CredentialDialog *replace(CredentialManager &credentials, const QString &name,
                                     QWidget *parent = nullptr);
    ~CredentialDialog() override;

    void accept() override;

signals:
    // The key is stored (`warning` says when it is held in memory only).
    void stored(const QString &name, const QString &warning);

private:
    void showError(const QString &text);

    QScopedPointer<Ui::CredentialDialog> m_ui;
    CredentialManager &m_credentials;
    bool m_replacing = false;
    bool m_storing = false;
};

} // namespace gatehouse
