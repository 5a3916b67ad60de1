#include "RouteEditor.h"

#include "CredentialDialog.h"
#include "Engine.h"
#include "FormLayouts.h"
#include "GuiLogging.h"
#include "InstanceTableModel.h"
#include "JsonLocator.h"
#include "MessageBox.h"
#include "ProviderFieldsWidget.h"
#include "RouteLinter.h"
#include "RouteOrder.h"
#include "RouteSchema.h"
#include "Theme.h"
#include "ui_RouteEditor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>

namespace gatehouse {

namespace {

const QString kPlugins = QStringLiteral("plugins");
const QString kSingle = QStringLiteral("ai-proxy");
const QString kMulti = QStringLiteral("ai-proxy-multi");
const QString kInstances = QStringLiteral("instances");
const QString kFallback = QStringLiteral("fallback_strategy");
const QString kStatuses = QStringLiteral("fallback_http_statuses");
const QString kMaxRetries = QStringLiteral("max_retries");
const QString kBalancer = QStringLiteral("balancer");
const QString kTimeout = QStringLiteral("timeout");
// What only one instance has; the rest of an ai-proxy config is plugin-wide.
const QStringList kProviderKeys = {QStringLiteral("provider"), QStringLiteral("auth"),
                                   QStringLiteral("options"), QStringLiteral("override")};
const QStringList kMultiOnlyKeys = {kInstances,  kBalancer,
                                    kFallback,   kStatuses,
                                    kMaxRetries, QStringLiteral("retry_on_failure_within_ms")};

QString prefixed(const Diagnostic &d)
{
    return (d.severity == Diagnostic::Severity::Error ? QStringLiteral("✖ ")
                                                      : QStringLiteral("⚠ ")) +
           d.message;
}

bool hasError(const Diagnostics &list)
{
    return std::any_of(list.begin(), list.end(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

QString uniqueInstanceName(const QList<QJsonObject> &instances, const QString &base)
{
    QStringList taken;
    for (const QJsonObject &i : instances)
        taken << i.value(QStringLiteral("name")).toString();
    if (!taken.contains(base))
        return base;
    for (int n = 2;; ++n) {
        const QString candidate = base + QLatin1Char('-') + QString::number(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

// The route as text, indented by two spaces (QJsonDocument uses four) so it fits the tab.
QString indentedJson(const QJsonObject &route)
{
    const QList<QByteArray> lines =
        QJsonDocument(route).toJson(QJsonDocument::Indented).split('\n');
    QString out;
    for (const QByteArray &line : lines) {
        qsizetype spaces = 0;
        while (spaces < line.size() && line[spaces] == ' ')
            ++spaces;
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += QString(spaces / 2, QLatin1Char(' ')) + QString::fromUtf8(line.mid(spaces));
    }
    return out.trimmed() + QLatin1Char('\n');
}

} // namespace

RouteEditor::RouteEditor(QWidget *parent)
    : QWidget(parent), m_ui(new Ui::RouteEditor), m_instancesModel(new InstanceTableModel(this))
{
    m_ui->setupUi(this);
    m_ui->instancesTableView->setModel(m_instancesModel);
    m_ui->instancesTableView->verticalHeader()->hide();
    m_ui->instancesTableView->horizontalHeader()->setSectionResizeMode(
        QHeaderView::ResizeToContents);
    m_ui->instancesTableView->horizontalHeader()->setStretchLastSection(true);
    QFont mono(QStringLiteral("Monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_ui->jsonPlainTextEdit->setFont(mono);
    m_ui->balancerComboBox->addItem(tr("Weighted round robin"), QStringLiteral("roundrobin"));
    m_ui->balancerComboBox->addItem(tr("Consistent hash"), QStringLiteral("chash"));
    for (const QString &on : {QStringLiteral("vars"), QStringLiteral("header"),
                              QStringLiteral("cookie"), QStringLiteral("consumer")})
        m_ui->hashOnComboBox->addItem(on, on);
    alignFormLabels(
        {m_ui->routeFormLayout, m_ui->instanceFormLayout, m_ui->fallbackFormLayout,
         m_ui->limitsFormLayout,
         m_ui->singleProviderFields->findChild<QFormLayout *>(QStringLiteral("providerFormLayout")),
         m_ui->instanceProviderFields->findChild<QFormLayout *>(
             QStringLiteral("providerFormLayout"))});
    m_jsonTimer.setSingleShot(true);
    m_jsonTimer.setInterval(300);
    connect(&m_jsonTimer, &QTimer::timeout, this, &RouteEditor::applyJsonText);

    // Every form edit goes to the draft.
    for (QLineEdit *edit :
         {m_ui->idLineEdit, m_ui->nameLineEdit, m_ui->serviceIdLineEdit, m_ui->instanceNameLineEdit,
          m_ui->extraStatusesLineEdit, m_ui->hashKeyLineEdit})
        connect(edit, &QLineEdit::textChanged, this, &RouteEditor::formEdited);
    for (QCheckBox *box :
         {m_ui->postCheckBox, m_ui->getCheckBox, m_ui->putCheckBox, m_ui->patchCheckBox,
          m_ui->deleteCheckBox, m_ui->enabledCheckBox, m_ui->fallback429CheckBox,
          m_ui->fallback5xxCheckBox, m_ui->fallbackRateLimitCheckBox})
        connect(box, &QCheckBox::toggled, this, &RouteEditor::formEdited);
    for (QSpinBox *spin : {m_ui->instancePrioritySpinBox, m_ui->instanceWeightSpinBox,
                           m_ui->maxRetriesSpinBox, m_ui->timeoutSpinBox})
        connect(spin, &QSpinBox::valueChanged, this, &RouteEditor::formEdited);
    for (QComboBox *combo : {m_ui->balancerComboBox, m_ui->hashOnComboBox})
        connect(combo, &QComboBox::currentIndexChanged, this, &RouteEditor::formEdited);
    connect(m_ui->singleProviderFields, &ProviderFieldsWidget::edited, this,
            &RouteEditor::formEdited);
    connect(m_ui->instanceProviderFields, &ProviderFieldsWidget::edited, this,
            &RouteEditor::formEdited);
    connect(m_ui->pathsListWidget, &QListWidget::itemChanged, this, &RouteEditor::formEdited);
    connect(m_ui->multiRadioButton, &QRadioButton::toggled, this, &RouteEditor::kindChanged);

    connect(m_ui->addPathToolButton, &QToolButton::clicked, this, &RouteEditor::addPath);
    connect(m_ui->removePathToolButton, &QToolButton::clicked, this, &RouteEditor::removePath);
    connect(m_ui->addInstancePushButton, &QPushButton::clicked, this, &RouteEditor::addInstance);
    connect(m_ui->duplicateInstancePushButton, &QPushButton::clicked, this,
            &RouteEditor::duplicateInstance);
    connect(m_ui->removeInstancePushButton, &QPushButton::clicked, this,
            &RouteEditor::removeInstance);
    connect(m_ui->editInstancePushButton, &QPushButton::clicked, this, [this] {
        m_ui->formScrollArea->ensureWidgetVisible(m_ui->instanceGroupBox);
        m_ui->instanceNameLineEdit->setFocus();
    });
    connect(m_ui->moveUpInstanceToolButton, &QToolButton::clicked, this,
            [this] { moveInstance(-1); });
    connect(m_ui->moveDownInstanceToolButton, &QToolButton::clicked, this,
            [this] { moveInstance(1); });
    connect(m_ui->swapPrioritiesPushButton, &QPushButton::clicked, this,
            &RouteEditor::swapPriorities);
    connect(m_ui->instancesTableView->selectionModel(), &QItemSelectionModel::currentRowChanged,
            this, [this](const QModelIndex &current) {
                if (m_loading)
                    return;
                m_selected = current.isValid() ? current.row() : -1;
                loadInstanceDetails();
                showDiagnostics(m_errors + m_warnings);
            });
    connect(m_ui->instancesTableView, &QTableView::doubleClicked, m_ui->editInstancePushButton,
            &QPushButton::click);

    connect(m_ui->jsonPlainTextEdit, &QPlainTextEdit::textChanged, this, &RouteEditor::jsonEdited);
    connect(m_ui->editorTabWidget, &QTabWidget::currentChanged, this, [this] {
        if (m_ui->editorTabWidget->currentWidget() == m_ui->jsonTab && m_jsonDirty)
            writeJsonText();
    });
    connect(m_ui->savePushButton, &QPushButton::clicked, this, &RouteEditor::save);
    connect(m_ui->revertPushButton, &QPushButton::clicked, this, &RouteEditor::revert);
    connect(m_ui->backPushButton, &QPushButton::clicked, this, &RouteEditor::closeRequested);
}

RouteEditor::~RouteEditor() = default;

void RouteEditor::setEngine(Engine &engine)
{
    m_engine = &engine;
    CredentialManager *credentials = &engine.credentials();
    m_ui->singleProviderFields->setContext(credentials, engine.options().providerEndpoints);
    m_ui->instanceProviderFields->setContext(credentials, engine.options().providerEndpoints);
    m_instancesModel->setCredentials(credentials);
    m_instancesModel->setHealth(&engine.proxy().health());
    for (ProviderFieldsWidget *fields : {m_ui->singleProviderFields, m_ui->instanceProviderFields})
        connect(
            fields, &ProviderFieldsWidget::newCredentialRequested, this,
            [this, fields](const QString &provider) { openCredentialDialog(fields, provider); });
    auto credentialsChanged = [this] {
        m_ui->singleProviderFields->refreshCredentials();
        m_ui->instanceProviderFields->refreshCredentials();
        refreshDerived(false);
    };
    connect(credentials, &CredentialManager::indexChanged, this, credentialsChanged);
    connect(credentials, &CredentialManager::secretsChanged, this, credentialsChanged);
    // Another route changed (the Admin API, an import): lint against it again.
    connect(&engine.config(), &ConfigStore::routesChanged, this, [this] { refreshDerived(false); });
}

// --- Draft helpers ---

QString RouteEditor::pluginName() const
{
    const QJsonObject plugins = m_draft.value(kPlugins).toObject();
    if (plugins.contains(kMulti))
        return kMulti;
    return kSingle;
}

QString RouteEditor::pluginPath() const
{
    return kPlugins + QLatin1Char('.') + pluginName();
}

QJsonObject RouteEditor::pluginConf() const
{
    return m_draft.value(kPlugins).toObject().value(pluginName()).toObject();
}

void RouteEditor::setPluginConf(const QJsonObject &conf)
{
    QJsonObject plugins = m_draft.value(kPlugins).toObject();
    plugins.insert(pluginName(), conf);
    m_draft.insert(kPlugins, plugins);
}

QList<QJsonObject> RouteEditor::instances() const
{
    QList<QJsonObject> out;
    for (const QJsonValue &v : pluginConf().value(kInstances).toArray())
        out << v.toObject();
    return out;
}

void RouteEditor::setInstances(const QList<QJsonObject> &list)
{
    QJsonArray array;
    for (const QJsonObject &i : list)
        array.append(i);
    QJsonObject conf = pluginConf();
    conf.insert(kInstances, array);
    setPluginConf(conf);
}

// --- Starting ---

void RouteEditor::newRoute()
{
    // A valid start: the only thing missing is a key, which the linter points at.
    QStringList taken;
    if (m_engine) {
        for (const QJsonObject &r : m_engine->config().routes())
            taken << RouteSchema::routeId(r);
    }
    QString id = QStringLiteral("route-1");
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("route-%1").arg(n);
    const QJsonObject route{
        {QStringLiteral("id"), id},
        {QStringLiteral("paths"), QJsonArray{QStringLiteral("/v1/*")}},
        {kPlugins,
         QJsonObject{{kSingle, QJsonObject{{QStringLiteral("provider"), QStringLiteral("deepseek")},
                                           {QStringLiteral("auth"), QJsonObject()},
                                           {QStringLiteral("options"),
                                            QJsonObject{{QStringLiteral("model"),
                                                         QStringLiteral("deepseek-chat")}}}}}}}};
    start(route, {});
    m_ui->idLineEdit->setFocus();
    m_ui->idLineEdit->selectAll();
}

void RouteEditor::editRoute(const QString &id)
{
    const std::optional<QJsonObject> route = m_engine ? m_engine->config().route(id) : std::nullopt;
    if (!route) {
        newRoute();
        return;
    }
    start(*route, id);
}

void RouteEditor::editUnsaved(const QJsonObject &route)
{
    start(route, {});
    // Unsaved from the start: there is nothing stored to revert to but the route as it came.
    m_original = QJsonObject();
    refreshDerived(true);
}

void RouteEditor::start(const QJsonObject &route, const QString &originalId)
{
    m_original = route;
    m_draft = route;
    m_originalId = originalId;
    m_instancesModel->setRouteId(originalId);
    m_stashedMulti = {};
    m_selected = instances().isEmpty() ? -1 : 0;
    m_jsonValid = true;
    m_ui->editorTabWidget->setCurrentWidget(m_ui->formTab);
    m_ui->formScrollArea->verticalScrollBar()->setValue(0);
    Theme::setMessage(m_ui->statusLabel, {}, Theme::Tone::Plain);
    loadForm();
    refreshDerived(true);
}

// --- Form <-> draft ---

void RouteEditor::loadForm()
{
    m_loading = true;
    const RouteSchema::Result parsed = RouteSchema::parse(m_draft);
    const RouteSpec &spec = parsed.spec;
    m_ui->idLineEdit->setText(RouteSchema::routeId(m_draft));
    m_ui->nameLineEdit->setText(m_draft.value(QStringLiteral("name")).toString());
    m_ui->pathsListWidget->clear();
    QStringList paths;
    for (const QString &key : {QStringLiteral("uri")}) {
        if (m_draft.value(key).isString())
            paths << m_draft.value(key).toString();
    }
    for (const QString &key : {QStringLiteral("uris"), QStringLiteral("paths")}) {
        for (const QJsonValue &v : m_draft.value(key).toArray())
            paths << v.toString();
    }
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(path, m_ui->pathsListWidget);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    QStringList methods;
    for (const QJsonValue &v : m_draft.value(QStringLiteral("methods")).toArray())
        methods << v.toString();
    m_ui->postCheckBox->setChecked(methods.contains(QStringLiteral("POST")));
    m_ui->getCheckBox->setChecked(methods.contains(QStringLiteral("GET")));
    m_ui->putCheckBox->setChecked(methods.contains(QStringLiteral("PUT")));
    m_ui->patchCheckBox->setChecked(methods.contains(QStringLiteral("PATCH")));
    m_ui->deleteCheckBox->setChecked(methods.contains(QStringLiteral("DELETE")));
    const QJsonValue service = m_draft.value(QStringLiteral("service_id"));
    m_ui->serviceIdLineEdit->setText(service.isDouble() ? QString::number(service.toInteger())
                                                        : service.toString());
    m_ui->enabledCheckBox->setChecked(m_draft.value(QStringLiteral("status")).toInt(1) != 0);

    const bool multi = pluginName() == kMulti;
    m_ui->multiRadioButton->setChecked(multi);
    m_ui->singleRadioButton->setChecked(!multi);
    m_ui->kindStackedWidget->setCurrentWidget(multi ? m_ui->multiPage : m_ui->singlePage);
    const QJsonObject conf = pluginConf();
    if (multi) {
        const FallbackPolicy &fb = spec.fallback;
        m_ui->fallback429CheckBox->setChecked(fb.onHttp429);
        m_ui->fallback5xxCheckBox->setChecked(fb.onHttp5xx);
        m_ui->fallbackRateLimitCheckBox->setChecked(fb.onRateLimiting);
        QStringList statuses;
        for (const QJsonValue &v : conf.value(kStatuses).toArray())
            statuses << (v.isDouble() ? QString::number(v.toInt()) : v.toString());
        m_ui->extraStatusesLineEdit->setText(statuses.join(QStringLiteral(", ")));
        m_ui->maxRetriesSpinBox->setValue(
            conf.contains(kMaxRetries) ? conf.value(kMaxRetries).toInt() : -1);
        const QJsonObject balancer = conf.value(kBalancer).toObject();
        const bool chash =
            balancer.value(QStringLiteral("algorithm")).toString() == QLatin1String("chash");
        m_ui->balancerComboBox->setCurrentIndex(chash ? 1 : 0);
        m_ui->hashOnComboBox->setCurrentIndex(qMax(
            0, m_ui->hashOnComboBox->findData(
                   balancer.value(QStringLiteral("hash_on")).toString(QStringLiteral("vars")))));
        m_ui->hashKeyLineEdit->setText(balancer.value(QStringLiteral("key")).toString());
        m_ui->hashOnComboBox->setVisible(chash);
        m_ui->hashKeyLineEdit->setVisible(chash);
        const QList<QJsonObject> list = instances();
        if (m_selected >= list.size())
            m_selected = int(list.size()) - 1;
        if (m_selected < 0 && !list.isEmpty())
            m_selected = 0;
        m_instancesModel->setInstances(list, m_errors + m_warnings,
                                       pluginPath() + QStringLiteral(".instances"));
        if (m_selected >= 0)
            m_ui->instancesTableView->selectRow(m_selected);
        else
            m_ui->instancesTableView->clearSelection();
    } else {
        m_ui->singleProviderFields->load(conf);
    }
    m_ui->timeoutSpinBox->setValue(conf.value(kTimeout).toInt(0));
    m_loading = false;
    loadInstanceDetails();
}

void RouteEditor::loadInstanceDetails()
{
    const QList<QJsonObject> list = instances();
    const bool has = pluginName() == kMulti && m_selected >= 0 && m_selected < list.size();
    m_ui->instanceDetailsWidget->setVisible(has);
    m_ui->instanceEmptyLabel->setVisible(!has);
    for (QWidget *w : {static_cast<QWidget *>(m_ui->duplicateInstancePushButton),
                       static_cast<QWidget *>(m_ui->editInstancePushButton),
                       static_cast<QWidget *>(m_ui->removeInstancePushButton)})
        w->setEnabled(has);
    m_ui->moveUpInstanceToolButton->setEnabled(has && m_selected > 0);
    m_ui->moveDownInstanceToolButton->setEnabled(has && m_selected < list.size() - 1);
    if (!has)
        return;
    const bool wasLoading = m_loading;
    m_loading = true;
    const QJsonObject inst = list[m_selected];
    m_ui->instanceGroupBox->setTitle(
        tr("Instance “%1”").arg(inst.value(QStringLiteral("name")).toString()));
    m_ui->instanceNameLineEdit->setText(inst.value(QStringLiteral("name")).toString());
    m_ui->instancePrioritySpinBox->setValue(inst.value(QStringLiteral("priority")).toInt(0));
    m_ui->instanceWeightSpinBox->setValue(inst.value(QStringLiteral("weight")).toInt(1));
    m_ui->instanceProviderFields->load(inst);
    m_loading = wasLoading;
}

QStringList RouteEditor::pathsInForm() const
{
    QStringList out;
    for (int i = 0; i < m_ui->pathsListWidget->count(); ++i) {
        const QString p = m_ui->pathsListWidget->item(i)->text().trimmed();
        if (!p.isEmpty())
            out << p;
    }
    return out;
}

QJsonObject RouteEditor::writeGeneral(QJsonObject route) const
{
    const QString id = m_ui->idLineEdit->text().trimmed();
    if (id.isEmpty())
        route.remove(QStringLiteral("id"));
    else if (RouteSchema::routeId(route) != id)
        route.insert(QStringLiteral("id"), id);

    const QString name = m_ui->nameLineEdit->text().trimmed();
    if (name.isEmpty())
        route.remove(QStringLiteral("name"));
    else
        route.insert(QStringLiteral("name"), name);

    // Paths: rewritten only when they changed, so a route that came with uri/uris keeps them.
    QStringList current;
    if (route.value(QStringLiteral("uri")).isString())
        current << route.value(QStringLiteral("uri")).toString();
    for (const QString &key : {QStringLiteral("uris"), QStringLiteral("paths")}) {
        for (const QJsonValue &v : route.value(key).toArray())
            current << v.toString();
    }
    const QStringList paths = pathsInForm();
    if (paths != current) {
        route.remove(QStringLiteral("uri"));
        route.remove(QStringLiteral("uris"));
        if (paths.isEmpty())
            route.remove(QStringLiteral("paths"));
        else
            route.insert(QStringLiteral("paths"), QJsonArray::fromStringList(paths));
    }

    QStringList methods;
    for (const QJsonValue &v : route.value(QStringLiteral("methods")).toArray())
        methods << v.toString();
    const QList<QPair<QString, QCheckBox *>> boxes = {
        {QStringLiteral("POST"), m_ui->postCheckBox},
        {QStringLiteral("GET"), m_ui->getCheckBox},
        {QStringLiteral("PUT"), m_ui->putCheckBox},
        {QStringLiteral("PATCH"), m_ui->patchCheckBox},
        {QStringLiteral("DELETE"), m_ui->deleteCheckBox}};
    QStringList next = methods;
    for (const auto &[method, box] : boxes) {
        if (box->isChecked() && !next.contains(method))
            next << method;
        if (!box->isChecked())
            next.removeAll(method);
    }
    if (next != methods) {
        if (next.isEmpty())
            route.remove(QStringLiteral("methods"));
        else
            route.insert(QStringLiteral("methods"), QJsonArray::fromStringList(next));
    }

    const QString service = m_ui->serviceIdLineEdit->text().trimmed();
    const QJsonValue currentService = route.value(QStringLiteral("service_id"));
    const QString currentServiceText = currentService.isDouble()
                                           ? QString::number(currentService.toInteger())
                                           : currentService.toString();
    if (service.isEmpty())
        route.remove(QStringLiteral("service_id"));
    else if (service != currentServiceText)
        route.insert(QStringLiteral("service_id"), service);

    const bool enabled = m_ui->enabledCheckBox->isChecked();
    if (route.contains(QStringLiteral("status")) || !enabled)
        route.insert(QStringLiteral("status"), enabled ? 1 : 0);
    return route;
}

QJsonObject RouteEditor::writeInstance(QJsonObject instance) const
{
    instance = m_ui->instanceProviderFields->apply(instance);
    instance.insert(QStringLiteral("name"), m_ui->instanceNameLineEdit->text().trimmed());
    const int priority = m_ui->instancePrioritySpinBox->value();
    if (instance.contains(QStringLiteral("priority")) || priority != 0)
        instance.insert(QStringLiteral("priority"), priority);
    instance.insert(QStringLiteral("weight"), m_ui->instanceWeightSpinBox->value());
    return instance;
}

QJsonObject RouteEditor::writeFallback(QJsonObject conf) const
{
    const FallbackPolicy current = RouteSchema::parse(m_draft).spec.fallback;
    const bool on429 = m_ui->fallback429CheckBox->isChecked();
    const bool on5xx = m_ui->fallback5xxCheckBox->isChecked();
    const bool onRate = m_ui->fallbackRateLimitCheckBox->isChecked();
    if (on429 != current.onHttp429 || on5xx != current.onHttp5xx ||
        onRate != current.onRateLimiting) {
        QJsonArray strategy;
        if (on429)
            strategy.append(QStringLiteral("http_429"));
        if (on5xx)
            strategy.append(QStringLiteral("http_5xx"));
        if (onRate)
            strategy.append(QStringLiteral("rate_limiting"));
        if (strategy.isEmpty())
            conf.remove(kFallback);
        else
            conf.insert(kFallback, strategy);
    }

    // Statuses as typed; what is not a number goes in as text so the error shows next to it.
    QJsonArray statuses;
    for (const QString &part : m_ui->extraStatusesLineEdit->text().split(
             QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int n = part.toInt(&ok);
        statuses.append(ok ? QJsonValue(n) : QJsonValue(part));
    }
    if (statuses != conf.value(kStatuses).toArray()) {
        if (statuses.isEmpty())
            conf.remove(kStatuses);
        else
            conf.insert(kStatuses, statuses);
    }

    const int retries = m_ui->maxRetriesSpinBox->value();
    if (retries < 0)
        conf.remove(kMaxRetries);
    else
        conf.insert(kMaxRetries, retries);

    const bool chash = m_ui->balancerComboBox->currentIndex() == 1;
    QJsonObject balancer = conf.value(kBalancer).toObject();
    if (!chash && !conf.contains(kBalancer))
        return conf;
    balancer.insert(QStringLiteral("algorithm"),
                    chash ? QStringLiteral("chash") : QStringLiteral("roundrobin"));
    if (chash) {
        balancer.insert(QStringLiteral("hash_on"), m_ui->hashOnComboBox->currentData().toString());
        const QString key = m_ui->hashKeyLineEdit->text().trimmed();
        if (key.isEmpty())
            balancer.remove(QStringLiteral("key"));
        else
            balancer.insert(QStringLiteral("key"), key);
    }
    conf.insert(kBalancer, balancer);
    return conf;
}

QJsonObject RouteEditor::writeTimeout(QJsonObject conf) const
{
    const int timeout = m_ui->timeoutSpinBox->value();
    if (timeout <= 0)
        conf.remove(kTimeout);
    else
        conf.insert(kTimeout, timeout);
    return conf;
}

void RouteEditor::formEdited()
{
    if (m_loading)
        return;
    m_draft = writeGeneral(m_draft);
    QJsonObject conf = pluginConf();
    if (pluginName() == kMulti) {
        QList<QJsonObject> list = instances();
        if (m_selected >= 0 && m_selected < list.size()) {
            list[m_selected] = writeInstance(list[m_selected]);
            m_ui->instanceGroupBox->setTitle(
                tr("Instance “%1”").arg(list[m_selected].value(QStringLiteral("name")).toString()));
        }
        QJsonArray array;
        for (const QJsonObject &i : list)
            array.append(i);
        conf.insert(kInstances, array);
        conf = writeFallback(conf);
        const bool chash = m_ui->balancerComboBox->currentIndex() == 1;
        m_ui->hashOnComboBox->setVisible(chash);
        m_ui->hashKeyLineEdit->setVisible(chash);
    } else {
        conf = m_ui->singleProviderFields->apply(conf);
    }
    setPluginConf(writeTimeout(conf));
    refreshDerived(true);
}

void RouteEditor::kindChanged()
{
    if (m_loading)
        return;
    const bool toMulti = m_ui->multiRadioButton->isChecked();
    if (toMulti == (pluginName() == kMulti))
        return;
    // Take what the form shows first, so an edit not yet in the draft is not lost.
    formEdited();
    QJsonObject plugins = m_draft.value(kPlugins).toObject();
    if (toMulti) {
        const QJsonObject single = plugins.take(kSingle).toObject();
        QJsonObject instance;
        for (const QString &key : kProviderKeys) {
            if (single.contains(key))
                instance.insert(key, single.value(key));
        }
        QJsonObject conf = m_stashedMulti;
        QList<QJsonObject> list;
        for (const QJsonValue &v : conf.value(kInstances).toArray())
            list << v.toObject();
        if (list.isEmpty()) {
            instance.insert(
                QStringLiteral("name"),
                single.value(QStringLiteral("provider")).toString(QStringLiteral("instance")));
            instance.insert(QStringLiteral("weight"), 1);
            list << instance;
        } else {
            // The first instance is the one the single form was showing.
            for (const QString &key : kProviderKeys) {
                if (instance.contains(key))
                    list[0].insert(key, instance.value(key));
                else
                    list[0].remove(key);
            }
        }
        for (auto it = single.begin(); it != single.end(); ++it) {
            if (!kProviderKeys.contains(it.key()))
                conf.insert(it.key(), it.value());
        }
        QJsonArray array;
        for (const QJsonObject &i : list)
            array.append(i);
        conf.insert(kInstances, array);
        plugins.insert(kMulti, conf);
        m_stashedMulti = {};
        m_selected = 0;
    } else {
        const QJsonObject multi = plugins.take(kMulti).toObject();
        m_stashedMulti = multi;
        QJsonObject single;
        for (auto it = multi.begin(); it != multi.end(); ++it) {
            if (!kMultiOnlyKeys.contains(it.key()))
                single.insert(it.key(), it.value());
        }
        const QJsonArray list = multi.value(kInstances).toArray();
        const QJsonObject first = list.isEmpty() ? QJsonObject() : list.first().toObject();
        for (const QString &key : kProviderKeys) {
            if (first.contains(key))
                single.insert(key, first.value(key));
        }
        if (!single.contains(QStringLiteral("provider")))
            single.insert(QStringLiteral("provider"), QStringLiteral("deepseek"));
        if (!single.contains(QStringLiteral("auth")))
            single.insert(QStringLiteral("auth"), QJsonObject());
        plugins.insert(kSingle, single);
        if (list.size() > 1)
            Theme::setMessage(m_ui->statusLabel,
                              tr("One provider now: “%1” is kept. The other instances come back if "
                                 "you switch again "
                                 "before saving.")
                                  .arg(first.value(QStringLiteral("name")).toString()),
                              Theme::Tone::Plain);
    }
    m_draft.insert(kPlugins, plugins);
    loadForm();
    refreshDerived(true);
}

void RouteEditor::refreshDerived(bool rewriteJson)
{
    if (!m_engine)
        return;
    const ConfigStore::ChangeResult check = m_engine->config().check(m_draft);
    m_errors = check.errors;
    m_warnings = check.warnings;
    const QString id = RouteSchema::routeId(m_draft);
    if (!id.isEmpty() && id != m_originalId && m_engine->config().route(id))
        m_errors.prepend(
            {Diagnostic::Severity::Error,
             QStringLiteral("id"),
             tr("a route with the id “%1” exists already: pick another id, or edit that route")
                 .arg(id),
             {}});

    const RouteSchema::Result parsed = RouteSchema::parse(m_draft);
    m_ui->orderPreviewLabel->setText(pluginName() == kMulti ? RouteOrder::describe(parsed.spec)
                                                            : QString());
    if (pluginName() == kMulti)
        m_instancesModel->setInstances(instances(), m_errors + m_warnings,
                                       pluginPath() + QStringLiteral(".instances"));
    showDiagnostics(m_errors + m_warnings);

    const bool modified = isModified();
    m_ui->modifiedLabel->setVisible(modified);
    m_ui->revertPushButton->setEnabled(modified);
    m_ui->savePushButton->setEnabled(modified || isNew());
    m_ui->titleLabel->setText(isNew()
                                  ? tr("<h2>New route</h2>")
                                  : tr("<h2>Route “%1”</h2>").arg(m_originalId.toHtmlEscaped()));
    if (modified != m_lastModified) {
        m_lastModified = modified;
        emit modifiedChanged(modified);
    }
    if (rewriteJson) {
        m_jsonDirty = true;
        if (m_ui->editorTabWidget->currentWidget() == m_ui->jsonTab)
            writeJsonText();
    } else {
        showJsonProblems(m_errors + m_warnings);
    }
}

void RouteEditor::showDiagnostics(const Diagnostics &all)
{
    const QString plugin = pluginPath();
    const bool multi = pluginName() == kMulti;
    const QString instancePrefix = plugin + QStringLiteral(".instances[%1]").arg(m_selected);
    Diagnostics rest;
    if (multi) {
        m_ui->singleProviderFields->showDiagnostics({}, plugin);
        rest = m_selected >= 0 ? m_ui->instanceProviderFields->showDiagnostics(all, instancePrefix)
                               : all;
    } else {
        m_ui->instanceProviderFields->showDiagnostics({}, instancePrefix);
        rest = m_ui->singleProviderFields->showDiagnostics(all, plugin);
    }

    QMap<QLabel *, Diagnostics> placed;
    Diagnostics order;
    const QList<QJsonObject> list = multi ? instances() : QList<QJsonObject>();
    for (const Diagnostic &d : rest) {
        const QString &p = d.path;
        QLabel *label = nullptr;
        if (d.code == RouteLinter::FallbackOutranksPrimary) {
            order << d;
            continue;
        }
        if (p == QLatin1String("id"))
            label = m_ui->idProblemLabel;
        else if (p == QLatin1String("name"))
            label = m_ui->nameProblemLabel;
        else if (p.startsWith(QLatin1String("paths")) || p.startsWith(QLatin1String("uri")))
            label = m_ui->pathsProblemLabel;
        else if (p.startsWith(QLatin1String("methods")))
            label = m_ui->methodsProblemLabel;
        else if (p == QLatin1String("service_id"))
            label = m_ui->serviceIdProblemLabel;
        else if (multi && m_selected >= 0 && p == instancePrefix + QStringLiteral(".name"))
            label = m_ui->instanceNameProblemLabel;
        else if (multi && m_selected >= 0 &&
                 (p == instancePrefix + QStringLiteral(".priority") ||
                  p == instancePrefix + QStringLiteral(".weight")))
            label = m_ui->instancePriorityProblemLabel;
        else if (multi && p.startsWith(plugin + QStringLiteral(".instances")))
            label = m_ui->instancesProblemLabel;
        else if (p.startsWith(plugin + QStringLiteral(".fallback")) ||
                 p.startsWith(plugin + QStringLiteral(".max_retries")) ||
                 p.startsWith(plugin + QStringLiteral(".retry_on")))
            label = m_ui->fallbackProblemLabel;
        else if (p.startsWith(plugin + QStringLiteral(".balancer")))
            label = m_ui->balancerProblemLabel;
        else if (p == plugin + QStringLiteral(".timeout"))
            label = m_ui->timeoutProblemLabel;
        else if (p.startsWith(plugin))
            label = m_ui->pluginProblemLabel;
        else
            label = m_ui->generalProblemLabel;
        placed[label] << d;
    }

    const QList<QLabel *> labels = {m_ui->idProblemLabel,
                                    m_ui->nameProblemLabel,
                                    m_ui->pathsProblemLabel,
                                    m_ui->methodsProblemLabel,
                                    m_ui->serviceIdProblemLabel,
                                    m_ui->instanceNameProblemLabel,
                                    m_ui->instancePriorityProblemLabel,
                                    m_ui->instancesProblemLabel,
                                    m_ui->fallbackProblemLabel,
                                    m_ui->balancerProblemLabel,
                                    m_ui->timeoutProblemLabel,
                                    m_ui->pluginProblemLabel,
                                    m_ui->generalProblemLabel};
    for (QLabel *label : labels) {
        QStringList lines;
        for (const Diagnostic &d : placed.value(label)) {
            QString line = prefixed(d);
            // In the instance list, say which instance a problem belongs to.
            if (label == m_ui->instancesProblemLabel || label == m_ui->pluginProblemLabel ||
                label == m_ui->generalProblemLabel) {
                const QString where = d.path.section(QLatin1Char('.'), 2);
                const qsizetype open = d.path.indexOf(QStringLiteral(".instances["));
                if (open >= 0) {
                    const int i = d.path.mid(open + 11).section(QLatin1Char(']'), 0, 0).toInt();
                    const QString name = i < list.size()
                                             ? list[i].value(QStringLiteral("name")).toString()
                                             : QString();
                    line = (d.severity == Diagnostic::Severity::Error ? QStringLiteral("✖ ")
                                                                      : QStringLiteral("⚠ ")) +
                           tr("%1: %2").arg(name.isEmpty() ? tr("instance %1").arg(i + 1) : name,
                                            d.message);
                } else if (!d.path.isEmpty() && label == m_ui->generalProblemLabel) {
                    line = prefixed({d.severity, {}, tr("%1: %2").arg(d.path, d.message), d.code});
                } else if (!where.isEmpty() && label == m_ui->pluginProblemLabel) {
                    line = prefixed({d.severity, {}, tr("%1: %2").arg(where, d.message), d.code});
                }
            }
            lines << line;
        }
        Theme::setMessage(label, lines.join(QLatin1Char('\n')),
                          hasError(placed.value(label)) ? Theme::Tone::Error
                                                        : Theme::Tone::Warning);
    }

    m_ui->orderWarningFrame->setVisible(!order.isEmpty());
    if (!order.isEmpty())
        Theme::setMessage(m_ui->orderWarningLabel, prefixed(order.first()), Theme::Tone::Warning);
}

void RouteEditor::focusFirstProblem(const Diagnostics &errors)
{
    if (errors.isEmpty())
        return;
    const QString p = errors.first().path;
    m_ui->editorTabWidget->setCurrentWidget(m_ui->formTab);
    QWidget *target = nullptr;
    if (p == QLatin1String("id"))
        target = m_ui->idLineEdit;
    else if (p.startsWith(QLatin1String("paths")) || p.startsWith(QLatin1String("uri")))
        target = m_ui->pathsListWidget;
    else if (p.startsWith(QLatin1String("methods")))
        target = m_ui->postCheckBox;
    else if (p == QLatin1String("name"))
        target = m_ui->nameLineEdit;
    else if (pluginName() == kMulti && p.contains(QStringLiteral(".instances["))) {
        const int i = p.mid(p.indexOf(QStringLiteral(".instances[")) + 11)
                          .section(QLatin1Char(']'), 0, 0)
                          .toInt();
        selectInstance(i);
        target = m_ui->instanceGroupBox;
    } else if (pluginName() == kMulti) {
        target = m_ui->fallbackGroupBox;
    } else {
        target = m_ui->singleProviderFields;
    }
    m_ui->formScrollArea->ensureWidgetVisible(target);
    target->setFocus();
}

// --- Instances ---

int RouteEditor::selectedInstance() const
{
    return m_selected;
}

void RouteEditor::selectInstance(int row)
{
    m_selected = row;
    m_loading = true;
    if (row >= 0)
        m_ui->instancesTableView->selectRow(row);
    m_loading = false;
    loadInstanceDetails();
    showDiagnostics(m_errors + m_warnings);
}

void RouteEditor::addInstance()
{
    QList<QJsonObject> list = instances();
    const QJsonObject instance{
        {QStringLiteral("name"), uniqueInstanceName(list, QStringLiteral("instance"))},
        {QStringLiteral("provider"), QStringLiteral("openai")},
        {QStringLiteral("auth"), QJsonObject()},
        {QStringLiteral("options"),
         QJsonObject{{QStringLiteral("model"), QStringLiteral("gpt-4o-mini")}}},
        {QStringLiteral("weight"), 1},
        {QStringLiteral("priority"), 0}};
    list << instance;
    setInstances(list);
    m_selected = int(list.size()) - 1;
    loadForm();
    refreshDerived(true);
    m_ui->formScrollArea->ensureWidgetVisible(m_ui->instanceGroupBox);
    m_ui->instanceNameLineEdit->setFocus();
    m_ui->instanceNameLineEdit->selectAll();
}

void RouteEditor::duplicateInstance()
{
    QList<QJsonObject> list = instances();
    if (m_selected < 0 || m_selected >= list.size())
        return;
    QJsonObject copy = list[m_selected];
    copy.insert(QStringLiteral("name"),
                uniqueInstanceName(list, copy.value(QStringLiteral("name")).toString() +
                                             QStringLiteral("-copy")));
    list.insert(m_selected + 1, copy);
    setInstances(list);
    ++m_selected;
    loadForm();
    refreshDerived(true);
}

void RouteEditor::removeInstance()
{
    QList<QJsonObject> list = instances();
    if (m_selected < 0 || m_selected >= list.size())
        return;
    list.removeAt(m_selected);
    setInstances(list);
    m_selected = qMin(m_selected, int(list.size()) - 1);
    loadForm();
    refreshDerived(true);
}

void RouteEditor::moveInstance(int delta)
{
    QList<QJsonObject> list = instances();
    const int to = m_selected + delta;
    if (m_selected < 0 || to < 0 || to >= list.size())
        return;
    list.swapItemsAt(m_selected, to);
    setInstances(list);
    m_selected = to;
    loadForm();
    refreshDerived(true);
}

void RouteEditor::swapPriorities()
{
    const RouteSchema::Result parsed = RouteSchema::parse(m_draft);
    const auto [f, p] = RouteLinter::invertedPair(parsed.spec);
    if (f < 0)
        return;
    QList<QJsonObject> list = instances();
    const int fallbackPriority = list[f].value(QStringLiteral("priority")).toInt(0);
    const int primaryPriority = list[p].value(QStringLiteral("priority")).toInt(0);
    list[f].insert(QStringLiteral("priority"), primaryPriority);
    list[p].insert(QStringLiteral("priority"), fallbackPriority);
    setInstances(list);
    loadForm();
    refreshDerived(true);
    Theme::setMessage(m_ui->statusLabel,
                      tr("Swapped: “%1” now has priority %2 and is tried first. Save to keep it.")
                          .arg(list[p].value(QStringLiteral("name")).toString())
                          .arg(fallbackPriority),
                      Theme::Tone::Plain);
}

// --- Paths ---

void RouteEditor::addPath()
{
    auto *item = new QListWidgetItem(QStringLiteral("/v1/*"), m_ui->pathsListWidget);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_ui->pathsListWidget->setCurrentItem(item);
    m_ui->pathsListWidget->editItem(item);
    formEdited();
}

void RouteEditor::removePath()
{
    delete m_ui->pathsListWidget->currentItem();
    formEdited();
}

// --- JSON tab ---

void RouteEditor::writeJsonText()
{
    m_settingJson = true;
    const int scroll = m_ui->jsonPlainTextEdit->verticalScrollBar()->value();
    m_ui->jsonPlainTextEdit->setPlainText(indentedJson(m_draft));
    m_ui->jsonPlainTextEdit->verticalScrollBar()->setValue(scroll);
    m_settingJson = false;
    m_jsonDirty = false;
    m_jsonValid = true;
    showJsonProblems(m_errors + m_warnings);
}

void RouteEditor::jsonEdited()
{
    if (m_settingJson)
        return;
    m_jsonTimer.start();
}

void RouteEditor::applyJsonText()
{
    const QString text = m_ui->jsonPlainTextEdit->toPlainText();
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        m_jsonValid = false;
        int line = 1;
        QString message;
        if (error.error != QJsonParseError::NoError) {
            const auto [l, column] = JsonLocator::lineAndColumnOfUtf8Offset(text, error.offset);
            line = l;
            message =
                tr("Line %1, column %2: %3. The form keeps the last version that read correctly.")
                    .arg(l)
                    .arg(column)
                    .arg(error.errorString());
        } else {
            message = tr("Line 1: a route is a JSON object, { … }.");
        }
        Theme::setMessage(m_ui->jsonProblemLabel, QStringLiteral("✖ ") + message,
                          Theme::Tone::Error);
        QTextEdit::ExtraSelection selection;
        selection.format.setBackground(Theme::errorColor().lighter(Theme::isDark() ? 60 : 180));
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.cursor =
            QTextCursor(m_ui->jsonPlainTextEdit->document()->findBlockByNumber(line - 1));
        m_ui->jsonPlainTextEdit->setExtraSelections({selection});
        refreshDerived(false);
        m_ui->modifiedLabel->setVisible(true);
        return;
    }
    m_jsonValid = true;
    m_draft = doc.object();
    loadForm();
    refreshDerived(false);
}

void RouteEditor::showJsonProblems(const Diagnostics &all)
{
    if (!m_jsonValid)
        return;
    const QString text = m_ui->jsonPlainTextEdit->toPlainText();
    const JsonLocator locator(text);
    QStringList lines;
    QList<QTextEdit::ExtraSelection> selections;
    for (const Diagnostic &d : all) {
        const int line = locator.lineOf(d.path);
        lines << (d.severity == Diagnostic::Severity::Error ? QStringLiteral("✖ ")
                                                            : QStringLiteral("⚠ ")) +
                     tr("Line %1: %2").arg(line).arg(d.toString());
        QTextEdit::ExtraSelection selection;
        const QColor color =
            d.severity == Diagnostic::Severity::Error ? Theme::errorColor() : Theme::warningColor();
        selection.format.setBackground(Theme::isDark() ? color.darker(250) : color.lighter(190));
        selection.format.setProperty(QTextFormat::FullWidthSelection, true);
        selection.format.setToolTip(d.message);
        selection.cursor =
            QTextCursor(m_ui->jsonPlainTextEdit->document()->findBlockByNumber(qMax(0, line - 1)));
        selections << selection;
    }
    m_ui->jsonPlainTextEdit->setExtraSelections(selections);
    Theme::setMessage(m_ui->jsonProblemLabel, lines.join(QLatin1Char('\n')),
                      hasError(all) ? Theme::Tone::Error : Theme::Tone::Warning);
}

// --- Save, revert, leave ---

bool RouteEditor::isModified() const
{
    return !m_jsonValid || m_draft != m_original;
}

QString RouteEditor::orderPreview() const
{
    return m_ui->orderPreviewLabel->text();
}

bool RouteEditor::save()
{
    if (!m_engine)
        return false;
    if (!m_jsonValid) {
        m_ui->editorTabWidget->setCurrentWidget(m_ui->jsonTab);
        Theme::setMessage(
            m_ui->statusLabel,
            tr("Not saved: the JSON tab does not read as JSON. Fix the line it points at."),
            Theme::Tone::Error);
        return false;
    }
    refreshDerived(false);
    if (!m_errors.isEmpty()) {
        Theme::setMessage(
            m_ui->statusLabel,
            tr("Not saved: fix the %n problem(s) marked in red.", nullptr, int(m_errors.size())),
            Theme::Tone::Error);
        focusFirstProblem(m_errors);
        return false;
    }
    const QString id = RouteSchema::routeId(m_draft);
    const ConfigStore::ChangeResult result = m_engine->config().putRoute(m_draft);
    if (!result.ok) {
        m_errors = result.errors;
        showDiagnostics(m_errors + m_warnings);
        Theme::setMessage(m_ui->statusLabel,
                          tr("Not saved: %1").arg(joinDiagnostics(result.errors)),
                          Theme::Tone::Error);
        focusFirstProblem(m_errors);
        return false;
    }
    // A new id is a rename: the old route goes once the new one is safely stored.
    if (!m_originalId.isEmpty() && m_originalId != id)
        m_engine->config().removeRoute(m_originalId);
    qCInfo(lcGui).noquote() << "saved route" << id;
    QStringList notes;
    for (const Diagnostic &d : result.warnings) {
        if (d.code == QLatin1String("key-in-memory") || d.code == QLatin1String("key-not-stored"))
            notes << d.message;
    }
    start(result.route, id);
    Theme::setMessage(m_ui->statusLabel,
                      notes.isEmpty()
                          ? tr("Saved. The proxy uses it from the next request.")
                          : tr("Saved, with a note: %1").arg(notes.join(QLatin1Char(' '))),
                      notes.isEmpty() ? Theme::Tone::Ok : Theme::Tone::Warning);
    emit saved(id);
    return true;
}

void RouteEditor::revert()
{
    if (m_original.isEmpty()) {
        newRoute();
        return;
    }
    const int selected = m_selected;
    start(m_original, m_originalId);
    if (selected >= 0 && selected < instances().size())
        selectInstance(selected);
    Theme::setMessage(m_ui->statusLabel, tr("Reverted to the saved version."), Theme::Tone::Plain);
}

bool RouteEditor::confirmLeave()
{
    if (!isModified())
        return true;
    const QString name = RouteSchema::routeId(m_draft);
    const QMessageBox::StandardButton answer = MessageBox::question(
        this, tr("Unsaved changes"),
        tr("The route “%1” has changes that are not saved. Save them?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    if (answer == QMessageBox::Discard) {
        if (!m_original.isEmpty())
            start(m_original, m_originalId);
        return true;
    }
    return false;
}

void RouteEditor::openCredentialDialog(ProviderFieldsWidget *target, const QString &provider)
{
    if (!m_engine)
        return;
    auto *dialog = new CredentialDialog(m_engine->credentials(), provider, this);
    connect(dialog, &CredentialDialog::stored, target,
            [target](const QString &name) { target->selectCredential(name); });
    dialog->open();
}

} // namespace gatehouse
