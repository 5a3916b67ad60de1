#include "SettingsPage.h"

#include "Autostart.h"

#include "Engine.h"
#include "FormLayouts.h"
#include "MessageBox.h"
#include "Theme.h"
#include "ui_SettingsPage.h"

#include <QClipboard>
#include <QGuiApplication>

namespace gatehouse {

namespace {
enum UpstreamChoice { NoProxy, SystemProxy, ManualProxy };
}

SettingsPage::SettingsPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::SettingsPage), m_engine(engine)
{
    m_ui->setupUi(this);
    alignFormLabels({m_ui->networkFormLayout, m_ui->adminKeyFormLayout, m_ui->behaviourFormLayout});
    m_ui->upstreamProxyComboBox->addItem(tr("No proxy"), NoProxy);
    m_ui->upstreamProxyComboBox->addItem(tr("The system's proxy settings"), SystemProxy);
    m_ui->upstreamProxyComboBox->addItem(tr("This proxy:"), ManualProxy);
    m_ui->themeComboBox->addItem(tr("Follow the system"), int(AppSettings::Theme::System));
    m_ui->themeComboBox->addItem(tr("Light"), int(AppSettings::Theme::Light));
    m_ui->themeComboBox->addItem(tr("Dark"), int(AppSettings::Theme::Dark));
    m_ui->languageComboBox->addItem(tr("The system's language"), QString());
    // Each language in its own name, so a person who cannot read the current one finds theirs.
    m_ui->languageComboBox->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_ui->languageComboBox->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));

    connect(m_ui->upstreamProxyComboBox, &QComboBox::currentIndexChanged, this, [this] {
        m_ui->upstreamProxyLineEdit->setEnabled(
            m_ui->upstreamProxyComboBox->currentData().toInt() == ManualProxy);
        updateModified();
    });
    for (QLineEdit *edit :
         {m_ui->listenLineEdit, m_ui->adminListenLineEdit, m_ui->upstreamProxyLineEdit})
        connect(edit, &QLineEdit::textChanged, this, &SettingsPage::updateModified);
    connect(m_ui->originsPlainTextEdit, &QPlainTextEdit::textChanged, this,
            &SettingsPage::updateModified);
    for (QCheckBox *box :
         {m_ui->startProxyCheckBox, m_ui->startMinimizedCheckBox, m_ui->launchAtLoginCheckBox})
        connect(box, &QCheckBox::toggled, this, &SettingsPage::updateModified);
    for (QComboBox *combo : {m_ui->themeComboBox, m_ui->languageComboBox})
        connect(combo, &QComboBox::currentIndexChanged, this, &SettingsPage::updateModified);

    connect(m_ui->applySettingsPushButton, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(m_ui->revertSettingsPushButton, &QPushButton::clicked, this, &SettingsPage::load);
    connect(m_ui->showAdminKeyToolButton, &QToolButton::toggled, this, [this](bool on) {
        m_ui->adminKeyLineEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showAdminKeyToolButton->setText(on ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->copyAdminKeyPushButton, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_engine.adminKey());
        Theme::setMessage(m_ui->settingsStatusLabel, tr("The admin key is on the clipboard."),
                          Theme::Tone::Plain);
    });
    connect(m_ui->regenerateAdminKeyPushButton, &QPushButton::clicked, this, [this] {
        if (MessageBox::question(
                this, tr("Regenerate the admin key"),
                tr("Make a new Admin API key? Scripts and tools using the current key stop working "
                   "until they get the new one."),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes)
            return;
        m_engine.regenerateAdminKey();
        Theme::setMessage(m_ui->settingsStatusLabel, tr("A new admin key is in use."),
                          Theme::Tone::Ok);
    });
    connect(&engine, &Engine::adminKeyChanged, this, &SettingsPage::updateAdminKey);
    load();
    updateAdminKey();
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::load()
{
    m_loading = true;
    const AppSettings s = m_engine.settings();
    m_ui->listenLineEdit->setText(m_engine.listenFromCommandLine()
                                      ? m_engine.options().listen.toString()
                                      : s.listen.toString());
    m_ui->listenLineEdit->setEnabled(!m_engine.listenFromCommandLine());
    Theme::setMessage(m_ui->listenNoteLabel,
                      m_engine.listenFromCommandLine() ? tr("Set by --listen on the command line.")
                                                       : QString(),
                      Theme::Tone::Plain);
    m_ui->adminListenLineEdit->setText(m_engine.adminListenAddress().toString());
    m_ui->adminListenLineEdit->setEnabled(!m_engine.adminListenFromCommandLine());
    Theme::setMessage(m_ui->adminListenNoteLabel,
                      m_engine.adminListenFromCommandLine()
                          ? tr("Set by --admin-listen on the command line.")
                          : QString(),
                      Theme::Tone::Plain);
    m_ui->originsPlainTextEdit->setPlainText(s.allowedOrigins.join(QLatin1Char('\n')));
    const int choice = s.upstreamProxy.isEmpty()                    ? NoProxy
                       : s.upstreamProxy == QLatin1String("system") ? SystemProxy
                                                                    : ManualProxy;
    m_ui->upstreamProxyComboBox->setCurrentIndex(m_ui->upstreamProxyComboBox->findData(choice));
    m_ui->upstreamProxyLineEdit->setText(choice == ManualProxy ? s.upstreamProxy : QString());
    m_ui->upstreamProxyLineEdit->setEnabled(choice == ManualProxy);
    m_ui->startProxyCheckBox->setChecked(s.startProxyOnLaunch);
    m_ui->startMinimizedCheckBox->setChecked(s.startMinimized);
    m_ui->launchAtLoginCheckBox->setChecked(Autostart::isEnabled());
    m_ui->themeComboBox->setCurrentIndex(m_ui->themeComboBox->findData(int(s.theme)));
    m_ui->languageComboBox->setCurrentIndex(qMax(0, m_ui->languageComboBox->findData(s.language)));
    for (QLabel *label : {m_ui->upstreamProxyNoteLabel})
        label->hide();
    m_loading = false;
    updateModified();
}

void SettingsPage::updateAdminKey()
{
    m_ui->adminKeyLineEdit->setText(m_engine.adminKey());
    m_ui->regenerateAdminKeyPushButton->setEnabled(!m_engine.adminKeyFromCommandLine());
    QString note;
    Theme::Tone tone = Theme::Tone::Plain;
    if (m_engine.adminKeyFromCommandLine()) {
        note = tr("Set by --admin-key or GATEHOUSE_ADMIN_KEY; change it there.");
    } else if (m_engine.adminKey().isEmpty()) {
        note = tr("Reading the key from the keychain…");
    } else if (!m_engine.adminKeyNote().isEmpty()) {
        note = tr("Kept for this run only: %1").arg(m_engine.adminKeyNote());
        tone = Theme::Tone::Warning;
    } else {
        note = tr("Send it as the X-API-KEY header to http://%1/apisix/admin/routes. It is kept in "
                  "the keychain.")
                   .arg(m_engine.adminAddress());
    }
    Theme::setMessage(m_ui->adminKeyNoteLabel, note, tone);
}

std::optional<AppSettings> SettingsPage::read()
{
    AppSettings s = m_engine.settings();
    bool ok = true;
    if (!m_engine.listenFromCommandLine()) {
        const auto listen = CommandLine::parseListenAddress(m_ui->listenLineEdit->text().trimmed());
        Theme::setMessage(m_ui->listenNoteLabel,
                          listen ? QString() : tr("✖ Use HOST:PORT, e.g. 127.0.0.1:9080."),
                          Theme::Tone::Error);
        if (listen)
            s.listen = *listen;
        ok = ok && listen;
    }
    if (!m_engine.adminListenFromCommandLine()) {
        const auto admin =
            CommandLine::parseListenAddress(m_ui->adminListenLineEdit->text().trimmed());
        Theme::setMessage(m_ui->adminListenNoteLabel,
                          admin ? QString() : tr("✖ Use HOST:PORT, e.g. 127.0.0.1:7080."),
                          Theme::Tone::Error);
        if (admin)
            s.adminListen = *admin;
        ok = ok && admin;
    }
    QStringList origins;
    QStringList bad;
    for (const QString &line :
         m_ui->originsPlainTextEdit->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        QString origin = line.trimmed();
        while (origin.endsWith(QLatin1Char('/')))
            origin.chop(1);
        if (origin.isEmpty())
            continue;
        if (AppSettings::isValidOrigin(origin))
            origins << origin;
        else
            bad << origin;
    }
    if (!bad.isEmpty()) {
        Theme::setMessage(
            m_ui->originsHintLabel,
            tr("✖ Not an origin: %1. Use scheme://host[:port], e.g. http://localhost:3000.")
                .arg(bad.join(QStringLiteral(", "))),
            Theme::Tone::Error);
        ok = false;
    } else {
        Theme::setMessage(
            m_ui->originsHintLabel,
            tr("One per line. Web pages from other origins cannot call the proxy; tools outside a "
               "browser are not affected."),
            Theme::Tone::Plain);
    }
    s.allowedOrigins = origins;
    switch (m_ui->upstreamProxyComboBox->currentData().toInt()) {
    case NoProxy:
        s.upstreamProxy.clear();
        break;
    case SystemProxy:
        s.upstreamProxy = QStringLiteral("system");
        break;
    default:
        s.upstreamProxy = m_ui->upstreamProxyLineEdit->text().trimmed();
        break;
    }
    QString proxyError;
    if (!AppSettings::parseUpstreamProxy(s.upstreamProxy, &proxyError) ||
        (m_ui->upstreamProxyComboBox->currentData().toInt() == ManualProxy &&
         s.upstreamProxy.isEmpty())) {
        Theme::setMessage(m_ui->upstreamProxyNoteLabel,
                          QStringLiteral("✖ ") +
                              (proxyError.isEmpty() ? tr("Type the proxy's address.") : proxyError),
                          Theme::Tone::Error);
        ok = false;
    } else {
        m_ui->upstreamProxyNoteLabel->hide();
    }
    s.startProxyOnLaunch = m_ui->startProxyCheckBox->isChecked();
    s.startMinimized = m_ui->startMinimizedCheckBox->isChecked();
    s.launchAtLogin = m_ui->launchAtLoginCheckBox->isChecked();
    s.theme = AppSettings::Theme(m_ui->themeComboBox->currentData().toInt());
    s.language = m_ui->languageComboBox->currentData().toString();
    return ok ? std::optional<AppSettings>(s) : std::nullopt;
}

void SettingsPage::updateModified()
{
    if (m_loading)
        return;
    m_ui->applySettingsPushButton->setEnabled(true);
}

bool SettingsPage::apply()
{
    const std::optional<AppSettings> next = read();
    if (!next) {
        Theme::setMessage(m_ui->settingsStatusLabel, tr("Not applied: fix what is marked in red."),
                          Theme::Tone::Error);
        return false;
    }
    const AppSettings before = m_engine.settings();
    QString error;
    if (!m_engine.applySettings(*next, &error)) {
        Theme::setMessage(m_ui->settingsStatusLabel, tr("Not applied: %1").arg(error),
                          Theme::Tone::Error);
        return false;
    }
    if (before.theme != next->theme)
        emit themeChanged(next->theme);
    QStringList notes{tr("Applied.")};
    const ProxyServer &proxy = m_engine.proxy();
    if (!proxy.errorString().isEmpty())
        notes << tr("The proxy could not start: %1").arg(proxy.errorString());
    else if (!(before.listen == next->listen) && proxy.isListening())
        notes << tr("The proxy now listens on %1.").arg(proxy.address());
    if (!m_engine.adminService().errorString().isEmpty())
        notes << tr("The Admin API could not start: %1").arg(m_engine.adminService().errorString());
    if (before.language != next->language)
        notes << tr("The new language shows after a restart.");
    const bool problem =
        !proxy.errorString().isEmpty() || !m_engine.adminService().errorString().isEmpty();
    Theme::setMessage(m_ui->settingsStatusLabel, notes.join(QLatin1Char(' ')),
                      problem ? Theme::Tone::Error : Theme::Tone::Ok);
    updateAdminKey();
    return true;
}

} // namespace gatehouse
