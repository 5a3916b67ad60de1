#include "FirstRunPage.h"

#include "CredentialShape.h"
#include "Engine.h"
#include "GuiLogging.h"
#include "Providers.h"
#include "RouteSchema.h"
#include "SecretReference.h"
#include "Snippets.h"
#include "Theme.h"
#include "Translations.h"
#include "ui_FirstRunPage.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>

namespace gatehouse {

namespace {

enum Step { ProviderStep, KeyStep, ReadyStep };

// The list a person picks from, the seed's provider first. "local" is an OpenAI-compatible server
// on this machine (Ollama, LM Studio, llama.cpp), which needs an address but no key.
struct Choice
{
    QString id;       // item data: the provider, or "local"
    QString provider; // the ai-proxy provider
};

const QString kLocal = QStringLiteral("local");

const QList<Choice> &choices()
{
    static const QList<Choice> list = {
        {QStringLiteral("deepseek"), QStringLiteral("deepseek")},
        {QStringLiteral("openai"), QStringLiteral("openai")},
        {QStringLiteral("anthropic"), QStringLiteral("anthropic")},
        {QStringLiteral("openrouter"), QStringLiteral("openrouter")},
        {QStringLiteral("gemini"), QStringLiteral("gemini")},
        {QStringLiteral("azure-openai"), QStringLiteral("azure-openai")},
        {kLocal, QStringLiteral("openai-compatible")},
    };
    return list;
}

} // namespace

FirstRunPage::FirstRunPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::FirstRunPage), m_engine(engine)
{
    m_ui->setupUi(this);
    QFont mono(QStringLiteral("Monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    for (QPlainTextEdit *edit :
         {m_ui->readyCurlPlainTextEdit, m_ui->readyPythonPlainTextEdit,
          m_ui->readyJavascriptPlainTextEdit, m_ui->readyEnvironmentPlainTextEdit})
        edit->setFont(mono);
    for (const Choice &c : choices()) {
        const ProviderInfo *info = Providers::find(c.provider);
        QString text = info ? Translations::providerName(*info) : c.provider;
        if (c.id == kLocal)
            text = tr("A server on this computer (Ollama, LM Studio, llama.cpp)");
        else if (c.id == QLatin1String("deepseek"))
            text = tr("DeepSeek: low prices, deepseek-chat and deepseek-reasoner");
        auto *item = new QListWidgetItem(text, m_ui->providerListWidget);
        item->setData(Qt::UserRole, c.id);
    }
    connect(m_ui->providerListWidget, &QListWidget::currentRowChanged, this, [this] {
        m_ui->nextPushButton->setEnabled(m_ui->providerListWidget->currentRow() >= 0);
    });
    connect(m_ui->providerListWidget, &QListWidget::itemDoubleClicked, this, &FirstRunPage::next);
    connect(m_ui->showKeyToolButton, &QToolButton::toggled, this, [this](bool on) {
        m_ui->keyLineEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_ui->showKeyToolButton->setText(on ? tr("Hide") : tr("Show"));
    });
    connect(m_ui->keyLineEdit, &QLineEdit::returnPressed, this, &FirstRunPage::storeAndTest);
    connect(m_ui->keyLineEdit, &QLineEdit::textEdited, this, [this] {
        // A new key needs storing and testing again.
        m_tested = false;
        m_ui->nextPushButton->setEnabled(false);
    });
    connect(m_ui->storeTestPushButton, &QPushButton::clicked, this, &FirstRunPage::storeAndTest);
    connect(m_ui->nextPushButton, &QPushButton::clicked, this, &FirstRunPage::next);
    connect(m_ui->backPushButton, &QPushButton::clicked, this, &FirstRunPage::back);
    connect(m_ui->skipPushButton, &QPushButton::clicked, this, &FirstRunPage::skip);
    connect(m_ui->copyReadyBaseUrlPushButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->readyBaseUrlLineEdit->text()); });
    restart(true);
}

FirstRunPage::~FirstRunPage() = default;

void FirstRunPage::restart(bool welcome)
{
    m_ui->titleLabel->setText(welcome ? tr("<h2>Welcome to Gatehouse</h2>")
                                      : tr("<h2>Add a provider</h2>"));
    m_credentialName.clear();
    m_routeId.clear();
    m_tested = false;
    m_ui->keyLineEdit->clear();
    m_ui->providerListWidget->setCurrentRow(0);
    showStep(ProviderStep);
}

QString FirstRunPage::provider() const
{
    const QString id = m_ui->providerListWidget->currentItem()
                           ? m_ui->providerListWidget->currentItem()->data(Qt::UserRole).toString()
                           : QStringLiteral("deepseek");
    return id == kLocal ? QStringLiteral("openai-compatible") : id;
}

bool FirstRunPage::isLocalServer() const
{
    return m_ui->providerListWidget->currentItem() &&
           m_ui->providerListWidget->currentItem()->data(Qt::UserRole).toString() == kLocal;
}

void FirstRunPage::showStep(int step)
{
    m_ui->stepsStackedWidget->setCurrentIndex(step);
    switch (step) {
    case ProviderStep:
        m_ui->stepLabel->setText(tr("Step 1 of 3: pick a provider."));
        m_ui->backPushButton->setEnabled(false);
        m_ui->nextPushButton->setText(tr("&Next"));
        m_ui->nextPushButton->setEnabled(m_ui->providerListWidget->currentRow() >= 0);
        m_ui->skipPushButton->setVisible(true);
        m_ui->providerListWidget->setFocus();
        break;
    case KeyStep:
        m_ui->stepLabel->setText(tr("Step 2 of 3: store your key and test it."));
        m_ui->backPushButton->setEnabled(true);
        m_ui->nextPushButton->setText(tr("&Next"));
        m_ui->nextPushButton->setEnabled(m_tested && !m_rejected);
        m_ui->keyLineEdit->setFocus();
        break;
    case ReadyStep:
        m_ui->stepLabel->setText(tr("Step 3 of 3: point your tools at Gatehouse."));
        m_ui->backPushButton->setEnabled(false);
        m_ui->nextPushButton->setText(tr("&Done"));
        m_ui->nextPushButton->setEnabled(true);
        m_ui->skipPushButton->setVisible(false);
        break;
    }
}

void FirstRunPage::providerPicked()
{
    const QString id = provider();
    const ProviderInfo *info = Providers::find(id);
    const QString name = info ? Translations::providerName(*info) : id;
    const bool local = isLocalServer();
    if (local)
        m_ui->keyIntroLabel->setText(
            tr("Type the address of your local server. Most need no key; leave the key "
               "empty unless yours asks for one."));
    else
        m_ui->keyIntroLabel->setText(
            tr("Paste your %1 API key. It goes into your system keychain (never into a "
               "file) and is tested by asking %1 for its list of models.")
                .arg(name));
    m_ui->keyLineEdit->setPlaceholderText(local ? tr("Optional") : tr("e.g. sk-…"));
    const bool endpoint = info && info->endpointRequired;
    m_ui->endpointLabel->setVisible(endpoint);
    m_ui->endpointLineEdit->setVisible(endpoint);
    m_ui->endpointLineEdit->setPlaceholderText(
        local ? QStringLiteral("http://127.0.0.1:11434")
              : tr("https://YOUR-RESOURCE.openai.azure.com/openai/deployments/NAME"));
    if (local && m_ui->endpointLineEdit->text().isEmpty())
        m_ui->endpointLineEdit->setText(QStringLiteral("http://127.0.0.1:11434"));
    m_ui->modelComboBox->clear();
    if (info)
        m_ui->modelComboBox->addItems(info->knownModels);
    if (local)
        m_ui->modelComboBox->setEditText(QStringLiteral("llama3.2"));
    m_tested = false;
    m_rejected = false;
    Theme::setMessage(m_ui->keyResultLabel, {}, Theme::Tone::Plain);
}

void FirstRunPage::next()
{
    switch (m_ui->stepsStackedWidget->currentIndex()) {
    case ProviderStep:
        providerPicked();
        showStep(KeyStep);
        break;
    case KeyStep:
        createRoute();
        break;
    case ReadyStep:
        markDone();
        emit finished();
        break;
    }
}

void FirstRunPage::back()
{
    if (m_ui->stepsStackedWidget->currentIndex() == KeyStep)
        showStep(ProviderStep);
}

void FirstRunPage::skip()
{
    markDone();
    emit finished();
}

void FirstRunPage::markDone()
{
    AppSettings settings = m_engine.settings();
    if (settings.firstRunDone)
        return;
    settings.firstRunDone = true;
    QString error;
    if (!m_engine.applySettings(settings, &error))
        qCWarning(lcGui).noquote() << "cannot note that the first run is done:" << error;
}

void FirstRunPage::storeAndTest()
{
    if (m_check)
        return;
    const QString id = provider();
    const QString key = m_ui->keyLineEdit->text().trimmed();
    const bool local = isLocalServer();
    if (key.isEmpty() && !local) {
        Theme::setMessage(m_ui->keyResultLabel, tr("Paste the key first."), Theme::Tone::Error);
        m_ui->keyLineEdit->setFocus();
        return;
    }
    const ProviderInfo *info = Providers::find(id);
    if (info && info->endpointRequired && m_ui->endpointLineEdit->text().trimmed().isEmpty()) {
        Theme::setMessage(m_ui->keyResultLabel, tr("Type the server's address first."),
                          Theme::Tone::Error);
        m_ui->endpointLineEdit->setFocus();
        return;
    }
    if (key.isEmpty()) {
        // A local server without a key: nothing to store, only to reach.
        m_credentialName.clear();
        startTest(QString());
        return;
    }
    CredentialInfo credential;
    credential.name =
        m_credentialName.isEmpty() ? m_engine.credentials().uniqueName(id) : m_credentialName;
    credential.provider = id;
    m_ui->storeTestPushButton->setEnabled(false);
    Theme::setMessage(m_ui->keyResultLabel, tr("Storing the key in the keychain…"),
                      Theme::Tone::Plain);
    const QString secret = CredentialShape::storedValue(id, key);
    SecretJob *job = m_engine.credentials().store(credential, secret);
    connect(job, &SecretJob::finished, this,
            [this, name = credential.name, secret](const SecretResult &result) {
                if (!result.ok()) {
                    m_ui->storeTestPushButton->setEnabled(true);
                    Theme::setMessage(m_ui->keyResultLabel, result.message, Theme::Tone::Error);
                    return;
                }
                m_credentialName = name;
                if (!result.warning.isEmpty())
                    qCWarning(lcGui).noquote() << result.warning;
                startTest(secret);
            });
}

void FirstRunPage::startTest(const QString &secret)
{
    const QString id = provider();
    QUrl base = m_engine.options().providerEndpoints.value(id);
    const QString endpoint =
        m_ui->endpointLineEdit->isVisible() ? m_ui->endpointLineEdit->text().trimmed() : QString();
    if (!endpoint.isEmpty()) {
        const QUrl url(endpoint);
        base = QUrl(url.scheme() + QStringLiteral("://") + url.authority());
    }
    m_ui->storeTestPushButton->setEnabled(false);
    Theme::setMessage(m_ui->keyResultLabel, tr("Asking the provider whether it takes the key…"),
                      Theme::Tone::Plain);
    m_check = new ProviderKeyCheck(id, secret, base, 10000, this);
    connect(m_check, &ProviderKeyCheck::finished, this,
            [this](const ProviderKeyCheck::Result &result) {
                m_ui->storeTestPushButton->setEnabled(true);
                m_check->deleteLater();
                m_check = nullptr;
                m_tested = true;
                m_rejected = result.outcome == ProviderKeyCheck::Outcome::Rejected;
                const QString stored =
                    m_credentialName.isEmpty()
                        ? QString()
                        : tr("Stored as “%1”.").arg(m_credentialName) + QLatin1Char(' ');
                switch (result.outcome) {
                case ProviderKeyCheck::Outcome::Valid:
                    if (!m_credentialName.isEmpty())
                        m_engine.credentials().markUsed(m_credentialName);
                    Theme::setMessage(m_ui->keyResultLabel,
                                      QStringLiteral("✓ ") + stored + tr("The key works."),
                                      Theme::Tone::Ok);
                    break;
                case ProviderKeyCheck::Outcome::Rejected:
                    Theme::setMessage(
                        m_ui->keyResultLabel,
                        QStringLiteral("✖ ") +
                            tr("The provider refused the key: %1 Paste it again and test.")
                                .arg(result.message),
                        Theme::Tone::Error);
                    break;
                default:
                    Theme::setMessage(m_ui->keyResultLabel,
                                      QStringLiteral("⚠ ") + stored +
                                          tr("It could not be tested: %1 You can go on and test it "
                                             "later on the Credentials "
                                             "page.")
                                              .arg(result.message),
                                      Theme::Tone::Warning);
                    break;
                }
                m_ui->nextPushButton->setEnabled(!m_rejected);
                if (!m_rejected)
                    m_ui->nextPushButton->setFocus();
            });
    m_check->start();
}

void FirstRunPage::createRoute()
{
    const QString id = provider();
    QStringList taken;
    bool v1Taken = false;
    for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
        taken << spec.id;
        v1Taken = v1Taken || spec.paths.contains(QStringLiteral("/v1/*"));
    }
    QString routeId = id;
    for (int n = 2; taken.contains(routeId); ++n)
        routeId = QStringLiteral("%1-%2").arg(id).arg(n);
    // /v1/* is what tools expect; when another route has it, this one gets a prefix of its own.
    const QString path =
        v1Taken ? QStringLiteral("/%1/v1/*").arg(routeId) : QStringLiteral("/v1/*");
    QJsonObject conf{{QStringLiteral("provider"), id},
                     {QStringLiteral("auth"),
                      m_credentialName.isEmpty()
                          ? QJsonObject()
                          : CredentialShape::authFor(
                                id, SecretReference::keychain(m_credentialName).toString())}};
    const QString model = m_ui->modelComboBox->currentText().trimmed();
    if (!model.isEmpty())
        conf.insert(QStringLiteral("options"), QJsonObject{{QStringLiteral("model"), model}});
    const QString endpoint =
        m_ui->endpointLineEdit->isVisible() ? m_ui->endpointLineEdit->text().trimmed() : QString();
    if (!endpoint.isEmpty())
        conf.insert(QStringLiteral("override"),
                    QJsonObject{{QStringLiteral("endpoint"), endpoint}});
    const ProviderInfo *info = Providers::find(id);
    const QJsonObject route{
        {QStringLiteral("id"), routeId},
        {QStringLiteral("name"), info ? info->displayName : id},
        {QStringLiteral("paths"), QJsonArray{path}},
        {QStringLiteral("plugins"), QJsonObject{{QStringLiteral("ai-proxy"), conf}}}};
    const ConfigStore::ChangeResult result = m_engine.config().putRoute(route);
    if (!result.ok) {
        Theme::setMessage(m_ui->keyResultLabel,
                          tr("The route could not be made: %1").arg(joinDiagnostics(result.errors)),
                          Theme::Tone::Error);
        return;
    }
    m_routeId = routeId;
    qCInfo(lcGui).noquote() << "first run: made route" << routeId << "on" << path;

    ProxyServer &proxy = m_engine.proxy();
    const Snippets::Target target{proxy.isListening() ? proxy.address()
                                                      : m_engine.proxySettings().listen.toString(),
                                  path, model};
    m_ui->readyIntroLabel->setText(
        tr("Your route “%1” is ready: requests to %2 go to %3%4. Point any "
           "OpenAI-compatible tool at this base URL:")
            .arg(routeId, path, info ? Translations::providerName(*info) : id,
                 model.isEmpty() ? QString() : tr(" (%1)").arg(model)));
    m_ui->readyBaseUrlLineEdit->setText(Snippets::baseUrl(target));
    m_ui->readyCurlPlainTextEdit->setPlainText(Snippets::curl(target));
    m_ui->readyPythonPlainTextEdit->setPlainText(Snippets::python(target));
    m_ui->readyJavascriptPlainTextEdit->setPlainText(Snippets::javascript(target));
    m_ui->readyEnvironmentPlainTextEdit->setPlainText(Snippets::environment(target));
    m_ui->readyHintLabel->setText(
        proxy.isListening()
            ? tr("The API key in these snippets can be any text: Gatehouse sends your "
                 "provider key. Add fallback instances on the Routes page.")
            : tr("The proxy is not running yet: start it on the Overview page."));
    showStep(ReadyStep);
}

} // namespace gatehouse
