#pragma once

#include "AppSettings.h"

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class SettingsPage;
}

namespace gatehouse {

class Engine;

// Addresses, the admin key, browser origins, the upstream proxy, start-up behaviour, theme and
// language. Apply saves and applies at once (the proxy restarts on a new address).
class SettingsPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)

public:
    explicit SettingsPage(Engine &engine, QWidget *parent = nullptr);
    ~SettingsPage() override;

    bool apply();
    void load();

signals:
    void themeChanged(gatehouse::AppSettings::Theme theme);

private:
    void updateAdminKey();
    void updateModified();
    // The settings the form shows; nullopt with the problems shown next to the fields.
    std::optional<AppSettings> read();

    QScopedPointer<Ui::SettingsPage> m_ui;
    Engine &m_engine;
    bool m_loading = false;
};

} // namespace gatehouse
