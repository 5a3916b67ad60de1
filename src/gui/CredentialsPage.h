#pragma once

#include <QPointer>
#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class CredentialsPage;
}

namespace gatehouse {

class CredentialListModel;
class Engine;
class ProviderKeyCheck;

// The stored provider keys: add, replace, delete and test them, and a banner saying what to do
// when the keychain is missing or locked.
class CredentialsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialsPage)

public:
    explicit CredentialsPage(Engine &engine, QWidget *parent = nullptr);
    ~CredentialsPage() override;

    void addCredential(const QString &provider = {});
    void testSelected();

private:
    QString selectedName() const;
    void updateButtons();
    void updateBanner();
    void replaceSelected();
    void deleteSelected();
    void showResult(const QString &text, int tone);

    QScopedPointer<Ui::CredentialsPage> m_ui;
    Engine &m_engine;
    CredentialListModel *m_model;
    QPointer<ProviderKeyCheck> m_check;
};

} // namespace gatehouse
