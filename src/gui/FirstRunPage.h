#pragma once

#include <QPointer>
#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class FirstRunPage;
}

namespace gatehouse {

class Engine;
class ProviderKeyCheck;

// The three-step start: pick a provider, paste the key (stored in the keychain and tested with
// the provider's model list), and get a ready route on /v1/* with the base URL and snippets to
// copy. Shown on an empty first run and from Overview's "Add a provider"; skippable at any step.
class FirstRunPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunPage)

public:
    explicit FirstRunPage(Engine &engine, QWidget *parent = nullptr);
    ~FirstRunPage() override;

    // Back to step one; `welcome` shows the first-run greeting instead of "Add a provider".
    void restart(bool welcome);
    QString createdRouteId() const { return m_routeId; }

signals:
    // Done or skipped: the main window shows the Overview.
    void finished();

private:
    QString provider() const;
    void showStep(int step);
    void next();
    void back();
    void skip();
    void providerPicked();
    void storeAndTest();
    void startTest(const QString &secret);
    void createRoute();
    void markDone();
    bool isLocalServer() const;

    QScopedPointer<Ui::FirstRunPage> m_ui;
    Engine &m_engine;
    QString m_credentialName;
    QString m_routeId;
    QPointer<ProviderKeyCheck> m_check;
    bool m_tested = false;
    bool m_rejected = false;
};

} // namespace gatehouse
