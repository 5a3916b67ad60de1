#include "ProviderFieldsWidget.h"

#include "CredentialManager.h"
#include "CredentialShape.h"
#include "Providers.h"
#include "SecretReference.h"
#include "Theme.h"
#include "Translations.h"
#include "ui_ProviderFieldsWidget.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>

namespace gatehouse {

namespace {

const QString kProvider = QStringLiteral("provider");
const QString kAuth = QStringLiteral("auth");
const QString kOptions = QStringLiteral("options");
const QString kModel = QStringLiteral("model");
const QString kOverride = QStringLiteral("override");
const QString kEndpoint = QStringLiteral("endpoint");

// The credential combo's item data: a reference, or one of these markers.
const QString kNone = QStringLiteral("none:");
const QString kCustom = QStringLiteral("custom:");

QString valueText(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // Numbers, booleans and null as JSON writes them.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

QJsonValue parseValue(const QString &text)
{
    // A number, true/false/null, an object or an array when it reads as one; a string otherwise.
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + "]");
    if (doc.isArray() && doc.array().size() == 1)
        return doc.array().first();
    return text;
}

} // namespace

ProviderFieldsWidget::ProviderFieldsWidget(QWidget *parent)
    : QWidget(parent), m_ui(new Ui::ProviderFieldsWidget)
{
    m_ui->setupUi(this);
    for (const ProviderInfo &p : Providers::all())
        m_ui->providerComboBox->addItem(Translations::providerName(p), p.id);
    m_ui->optionsTableWidget->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_ui->optionsTableWidget->setColumnWidth(0, 160);

    connect(m_ui->providerComboBox, &QComboBox::currentIndexChanged, this,
            &ProviderFieldsWidget::providerChanged);
    connect(m_ui->credentialComboBox, &QComboBox::currentIndexChanged, this, [this] {
        updateCredentialStatus();
        changed();
    });
    connect(m_ui->modelComboBox, &QComboBox::currentTextChanged, this,
            &ProviderFieldsWidget::changed);
    connect(m_ui->endpointLineEdit, &QLineEdit::textChanged, this, &ProviderFieldsWidget::changed);
    connect(m_ui->optionsTableWidget, &QTableWidget::itemChanged, this,
            &ProviderFieldsWidget::changed);
    connect(m_ui->addOptionToolButton, &QToolButton::clicked, this, [this] {
        addOptionRow({}, {});
        const int row = m_ui->optionsTableWidget->rowCount() - 1;
        m_ui->optionsTableWidget->setCurrentCell(row, 0);
        m_ui->optionsTableWidget->editItem(m_ui->optionsTableWidget->item(row, 0));
    });
    connect(m_ui->removeOptionToolButton, &QToolButton::clicked, this, [this] {
        const int row = m_ui->optionsTableWidget->currentRow();
        if (row >= 0) {
            m_ui->optionsTableWidget->removeRow(row);
            changed();
        }
    });
    connect(m_ui->newCredentialPushButton, &QPushButton::clicked, this,
            [this] { emit newCredentialRequested(provider()); });
    updateProviderHint();
}

ProviderFieldsWidget::~ProviderFieldsWidget() = default;

void ProviderFieldsWidget::setContext(CredentialManager *credentials,
                                      const QMap<QString, QUrl> &providerEndpoints)
{
    m_credentials = credentials;
    m_endpoints = providerEndpoints;
    refreshCredentials();
    updateProviderHint();
}

QString ProviderFieldsWidget::provider() const
{
    return m_ui->providerComboBox->currentData().toString();
}

void ProviderFieldsWidget::changed()
{
    if (!m_loading)
        emit edited();
}

void ProviderFieldsWidget::providerChanged()
{
    fillModels(provider());
    updateProviderHint();
    changed();
}

void ProviderFieldsWidget::fillModels(const QString &providerId)
{
    const bool wasLoading = m_loading;
    m_loading = true;
    const QString current = m_ui->modelComboBox->currentText();
    m_ui->modelComboBox->clear();
    if (const ProviderInfo *info = Providers::find(providerId))
        m_ui->modelComboBox->addItems(info->knownModels);
    m_ui->modelComboBox->setCurrentText(current);
    m_loading = wasLoading;
}

void ProviderFieldsWidget::updateProviderHint()
{
    const ProviderInfo *info = Providers::find(provider());
    if (!info)
        return;
    QString address = info->baseUrl;
    if (m_endpoints.contains(info->id))
        address = m_endpoints.value(info->id).toString();
    if (address.isEmpty()) {
        m_ui->providerHintLabel->setText(tr("%1 has no default address: set the endpoint below.")
                                             .arg(Translations::providerName(*info)));
        m_ui->endpointLineEdit->setPlaceholderText(tr("Required, e.g. http://127.0.0.1:11434"));
    } else {
        m_ui->providerHintLabel->setText(tr("Default address: %1").arg(address));
        m_ui->endpointLineEdit->setPlaceholderText(tr("Leave empty to use %1").arg(address));
    }
}

void ProviderFieldsWidget::refreshCredentials()
{
    const bool wasLoading = m_loading;
    m_loading = true;
    QComboBox *combo = m_ui->credentialComboBox;
    QString wanted = combo->currentIndex() >= 0 ? combo->currentData().toString() : QString();
    if (wanted.isEmpty())
        wanted = m_loadedCustomAuth ? kCustom
                                    : (m_loadedReference.isEmpty() ? kNone : m_loadedReference);
    combo->clear();
    combo->addItem(tr("No key (local servers only)"), kNone);
    if (m_credentials) {
        for (const CredentialInfo &info : m_credentials->credentials()) {
            const QString masked = m_credentials->masked(info.name);
            const QString label =
                masked.isEmpty() ? info.name : QStringLiteral("%1  (%2)").arg(info.name, masked);
            combo->addItem(label, info.reference());
        }
    }
    // A reference to something not in the index ($env://, a removed credential) stays choosable.
    if (wanted != kNone && wanted != kCustom && combo->findData(wanted) < 0)
        combo->addItem(wanted, wanted);
    if (m_loadedCustomAuth)
        combo->addItem(tr("Custom auth (edit it on the JSON tab)"), kCustom);
    combo->setCurrentIndex(qMax(0, combo->findData(wanted)));
    m_loading = wasLoading;
    updateCredentialStatus();
}

void ProviderFieldsWidget::selectCredential(const QString &name)
{
    refreshCredentials();
    const int index =
        m_ui->credentialComboBox->findData(SecretReference::keychain(name).toString());
    if (index >= 0)
        m_ui->credentialComboBox->setCurrentIndex(index);
}

void ProviderFieldsWidget::updateCredentialStatus()
{
    const QString data = m_ui->credentialComboBox->currentData().toString();
    QLabel *label = m_ui->credentialStatusLabel;
    if (data == kNone || data.isEmpty()) {
        Theme::setMessage(
            label, tr("No key is sent. Pick a credential, or make one with “New credential…”."),
            Theme::Tone::Plain);
        return;
    }
    if (data == kCustom) {
        Theme::setMessage(label,
                          tr("This auth has several values or literal text; it is kept as it is."),
                          Theme::Tone::Plain);
        return;
    }
    const QString name = CredentialShape::credentialName(data);
    if (name.isEmpty()) {
        Theme::setMessage(label, tr("Read from the environment variable when a request is made."),
                          Theme::Tone::Plain);
        return;
    }
    if (!m_credentials || !m_credentials->contains(name)) {
        Theme::setMessage(
            label,
            tr("There is no credential named “%1”: add it on the Credentials page.").arg(name),
            Theme::Tone::Error);
        return;
    }
    const SecretResult status = m_credentials->status(name);
    const std::optional<CredentialInfo> info = m_credentials->credential(name);
    if (status.ok())
        Theme::setMessage(label,
                          info && info->memoryOnly ? tr("Held in memory for this run only.")
                                                   : tr("Stored in the keychain."),
                          info && info->memoryOnly ? Theme::Tone::Warning : Theme::Tone::Ok);
    else
        Theme::setMessage(label,
                          status.message.isEmpty() ? tr("The key is being read from the keychain…")
                                                   : status.message,
                          status.message.isEmpty() ? Theme::Tone::Plain : Theme::Tone::Error);
}

void ProviderFieldsWidget::addOptionRow(const QString &key, const QString &value)
{
    const int row = m_ui->optionsTableWidget->rowCount();
    m_ui->optionsTableWidget->insertRow(row);
    m_ui->optionsTableWidget->setItem(row, 0, new QTableWidgetItem(key));
    m_ui->optionsTableWidget->setItem(row, 1, new QTableWidgetItem(value));
}

void ProviderFieldsWidget::load(const QJsonObject &conf)
{
    m_loading = true;
    m_loaded = conf;
    const QString providerId = conf.value(kProvider).toString();
    int index = m_ui->providerComboBox->findData(providerId);
    if (index < 0 && !providerId.isEmpty()) {
        // Not a provider Gatehouse knows: show it so the error next to it makes sense.
        m_ui->providerComboBox->addItem(providerId, providerId);
        index = m_ui->providerComboBox->count() - 1;
    }
    m_ui->providerComboBox->setCurrentIndex(qMax(0, index));
    fillModels(provider());
    updateProviderHint();

    const QJsonObject auth = conf.value(kAuth).toObject();
    m_loadedReference = CredentialShape::referenceIn(auth);
    m_loadedCustomAuth =
        m_loadedReference.isEmpty() && !auth.isEmpty() &&
        (auth.contains(QStringLiteral("header")) || auth.contains(QStringLiteral("query"))) &&
        !(auth.value(QStringLiteral("header")).toObject().isEmpty() &&
          auth.value(QStringLiteral("query")).toObject().isEmpty());
    m_ui->credentialComboBox->setCurrentIndex(-1);
    refreshCredentials();

    const QJsonObject options = conf.value(kOptions).toObject();
    m_ui->modelComboBox->setCurrentText(options.value(kModel).toString());
    m_ui->endpointLineEdit->setText(conf.value(kOverride).toObject().value(kEndpoint).toString());
    m_ui->optionsTableWidget->setRowCount(0);
    for (auto it = options.begin(); it != options.end(); ++it) {
        if (it.key() != kModel)
            addOptionRow(it.key(), valueText(it.value()));
    }
    m_loading = false;
}

QJsonObject ProviderFieldsWidget::optionsFromTable(const QJsonObject &base) const
{
    QJsonObject options;
    if (base.contains(kModel))
        options.insert(kModel, base.value(kModel));
    for (int row = 0; row < m_ui->optionsTableWidget->rowCount(); ++row) {
        const QTableWidgetItem *key = m_ui->optionsTableWidget->item(row, 0);
        const QTableWidgetItem *value = m_ui->optionsTableWidget->item(row, 1);
        const QString k = key ? key->text().trimmed() : QString();
        if (k.isEmpty() || k == kModel)
            continue;
        options.insert(k, parseValue(value ? value->text() : QString()));
    }
    return options;
}

QJsonObject ProviderFieldsWidget::apply(const QJsonObject &conf) const
{
    QJsonObject out = conf;
    const QString providerId = provider();
    const bool providerChanged = providerId != m_loaded.value(kProvider).toString();
    out.insert(kProvider, providerId);

    const QString choice = m_ui->credentialComboBox->currentData().toString();
    const bool sameChoice =
        choice ==
        (m_loadedCustomAuth ? kCustom : (m_loadedReference.isEmpty() ? kNone : m_loadedReference));
    if (choice == kCustom || (sameChoice && !providerChanged && m_loaded.contains(kAuth))) {
        out.insert(kAuth, m_loaded.value(kAuth));
    } else if (choice == kNone || choice.isEmpty()) {
        out.insert(kAuth, QJsonObject());
    } else {
        out.insert(kAuth, CredentialShape::authFor(providerId, choice));
    }

    QJsonObject options = out.value(kOptions).toObject();
    const QString model = m_ui->modelComboBox->currentText().trimmed();
    if (model.isEmpty())
        options.remove(kModel);
    else if (options.value(kModel).toString() != model)
        options.insert(kModel, model);
    options = optionsFromTable(options);
    if (options.isEmpty())
        out.remove(kOptions);
    else if (options != out.value(kOptions).toObject())
        out.insert(kOptions, options);

    QJsonObject override_ = out.value(kOverride).toObject();
    const QString endpoint = m_ui->endpointLineEdit->text().trimmed();
    if (endpoint.isEmpty())
        override_.remove(kEndpoint);
    else
        override_.insert(kEndpoint, endpoint);
    if (override_.isEmpty())
        out.remove(kOverride);
    else
        out.insert(kOverride, override_);
    return out;
}

Diagnostics ProviderFieldsWidget::showDiagnostics(const Diagnostics &diagnostics,
                                                  const QString &prefix)
{
    QMap<QLabel *, QStringList> texts;
    QMap<QLabel *, bool> errors;
    Diagnostics rest;
    const QString start = prefix + QLatin1Char('.');
    for (const Diagnostic &d : diagnostics) {
        if (!d.path.startsWith(start)) {
            rest << d;
            continue;
        }
        const QString field = d.path.mid(start.size());
        QLabel *label = nullptr;
        if (field == kProvider)
            label = m_ui->providerProblemLabel;
        else if (field.startsWith(kAuth))
            label = m_ui->credentialProblemLabel;
        else if (field == QStringLiteral("options.model"))
            label = m_ui->modelProblemLabel;
        else if (field.startsWith(kOptions))
            label = m_ui->optionsProblemLabel;
        else if (field.startsWith(QStringLiteral("override.endpoint")))
            label = m_ui->endpointProblemLabel;
        if (!label) {
            rest << d;
            continue;
        }
        const bool error = d.severity == Diagnostic::Severity::Error;
        texts[label] << (error ? QStringLiteral("✖ ") : QStringLiteral("⚠ ")) + d.message;
        errors[label] = errors.value(label) || error;
    }
    for (QLabel *label :
         {m_ui->providerProblemLabel, m_ui->credentialProblemLabel, m_ui->modelProblemLabel,
          m_ui->optionsProblemLabel, m_ui->endpointProblemLabel})
        Theme::setMessage(label, texts.value(label).join(QLatin1Char('\n')),
                          errors.value(label) ? Theme::Tone::Error : Theme::Tone::Warning);
    return rest;
}

} // namespace gatehouse
