#pragma once

#include "Diagnostic.h"

#include <QJsonObject>
#include <QMap>
#include <QScopedPointer>
#include <QUrl>
#include <QWidget>

namespace Ui {
class ProviderFieldsWidget;
}

namespace gatehouse {

class CredentialManager;

// The fields a single ai-proxy and each ai-proxy-multi instance share: provider (with its
// default address), credential (picked from the keychain's index, or made on the spot), model
// (an editable list of the provider's known models), endpoint override and extra options.
// It edits one JSON object (the plugin's config or one instance) and leaves every key it does
// not own as it was.
class ProviderFieldsWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderFieldsWidget)

public:
    explicit ProviderFieldsWidget(QWidget *parent = nullptr);
    ~ProviderFieldsWidget() override;

    void setContext(CredentialManager *credentials, const QMap<QString, QUrl> &providerEndpoints);

    // Shows `conf` (provider, auth, options, override) without emitting edited().
    void load(const QJsonObject &conf);
    // `conf` with this form's fields written in; keys the form did not change stay as they were.
    QJsonObject apply(const QJsonObject &conf) const;

    // Puts each diagnostic under `prefix` (e.g. "plugins.ai-proxy") next to its field, and
    // returns those that have no field here.
    Diagnostics showDiagnostics(const Diagnostics &diagnostics, const QString &prefix);

    QString provider() const;
    // Re-reads the credential list (a credential was added or removed), keeping the choice.
    void refreshCredentials();
    void selectCredential(const QString &name);

signals:
    void edited();
    // "New credential…": the owner opens the dialog and calls selectCredential() after.
    void newCredentialRequested(const QString &provider);

private:
    void providerChanged();
    void fillModels(const QString &provider);
    void updateProviderHint();
    void updateCredentialStatus();
    void addOptionRow(const QString &key, const QString &value);
    QJsonObject optionsFromTable(const QJsonObject &base) const;
    void changed();

    QScopedPointer<Ui::ProviderFieldsWidget> m_ui;
    CredentialManager *m_credentials = nullptr;
    QMap<QString, QUrl> m_endpoints;
    QJsonObject m_loaded;      // what load() was given
    QString m_loadedReference; // the credential reference it held ("" when none or custom)
    bool m_loadedCustomAuth = false;
    bool m_loading = false;
};

} // namespace gatehouse
