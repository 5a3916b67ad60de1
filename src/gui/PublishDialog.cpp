#include "PublishDialog.h"

#include "Engine.h"
#include "SecretStore.h"
#include "Theme.h"
#include "ui_PublishDialog.h"

#include <QCryptographicHash>
#include <QPushButton>

namespace gatehouse {

PublishDialog::PublishDialog(Engine &engine, const QStringList &selected, QWidget *parent)
    : QDialog(parent), m_ui(new Ui::PublishDialog), m_engine(engine),
      m_publisher(new ApisixPublisher({}, this))
{
    m_ui->setupUi(this);
    const AppSettings settings = engine.settings();
    m_ui->urlLineEdit->setText(settings.publishAdminUrl);
    m_ui->groupLineEdit->setText(settings.publishGatewayGroup);
    for (const QJsonObject &route : engine.config().routes()) {
        const QString id = route.value(QStringLiteral("id")).toString();
        const QString name = route.value(QStringLiteral("name")).toString();
        auto *item = new QListWidgetItem(name.isEmpty() || name == id
                                             ? id
                                             : tr("%1 (%2)").arg(id, name),
                                         m_ui->routesListWidget);
        item->setData(Qt::UserRole, id);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(selected.isEmpty() || selected.contains(id) ? Qt::Checked
                                                                         : Qt::Unchecked);
    }

    connect(m_ui->previewPushButton, &QPushButton::clicked, this, &PublishDialog::startPreview);
    connect(m_ui->publishPushButton, &QPushButton::clicked, this, &PublishDialog::startPublish);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // A preview only stands for the form it was made from.
    connect(m_ui->urlLineEdit, &QLineEdit::textEdited, this, &PublishDialog::formChanged);
    connect(m_ui->urlLineEdit, &QLineEdit::editingFinished, this, &PublishDialog::readStoredKey);
    connect(m_ui->keyLineEdit, &QLineEdit::textEdited, this, &PublishDialog::formChanged);
    connect(m_ui->groupLineEdit, &QLineEdit::textEdited, this, &PublishDialog::formChanged);
    connect(m_ui->routesListWidget, &QListWidget::itemChanged, this, &PublishDialog::formChanged);
    connect(m_publisher, &ApisixPublisher::previewFinished, this, &PublishDialog::showPreview);
    connect(m_publisher, &ApisixPublisher::publishFinished, this, &PublishDialog::showPublished);
    readStoredKey();
}

PublishDialog::~PublishDialog() = default;

QString PublishDialog::resultText() const
{
    return m_ui->resultPlainTextEdit->toPlainText();
}

QString PublishDialog::keyName(const QString &url)
{
    // A keychain name holds letters, digits, '.', '_' and '-' (at most 64): "cluster-" and the
    // address with everything else turned into '-', or a hash of it when that is too long.
    const QUrl u(url.trimmed());
    QString name = QStringLiteral("cluster-") + u.host() + QLatin1Char('-') +
                   QString::number(u.port(u.scheme() == QLatin1String("https") ? 443 : 80)) +
                   u.path();
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() || c.unicode() > 127)
            c = c == QLatin1Char('.') || c == QLatin1Char('_') ? c : QLatin1Char('-');
    }
    while (name.endsWith(QLatin1Char('-')))
        name.chop(1);
    if (name.size() > 64)
        name = QStringLiteral("cluster-") +
               QString::fromLatin1(QCryptographicHash::hash(u.toString().toUtf8(),
                                                            QCryptographicHash::Sha256)
                                       .toHex()
                                       .left(32));
    return name;
}

void PublishDialog::readStoredKey()
{
    const QString url = m_ui->urlLineEdit->text().trimmed();
    if (url.isEmpty() || !m_ui->keyLineEdit->text().isEmpty())
        return;
    SecretJob *job = m_engine.clusterKeyStore().read(keyName(url));
    connect(job, &SecretJob::finished, this, [this, url](const SecretResult &result) {
        // Only when the person has not typed a key or moved to another cluster meanwhile.
        if (result.ok() && m_ui->keyLineEdit->text().isEmpty() &&
            m_ui->urlLineEdit->text().trimmed() == url)
            m_ui->keyLineEdit->setText(result.value);
    });
}

void PublishDialog::rememberCluster()
{
    AppSettings settings = m_engine.settings();
    const QString url = m_ui->urlLineEdit->text().trimmed();
    const QString group = m_ui->groupLineEdit->text().trimmed();
    if (settings.publishAdminUrl != url || settings.publishGatewayGroup != group) {
        settings.publishAdminUrl = url;
        settings.publishGatewayGroup = group;
        QString error;
        if (!m_engine.applySettings(settings, &error))
            setStatus(tr("The cluster address could not be remembered: %1").arg(error), true);
    }
    SecretJob *job = m_engine.clusterKeyStore().write(keyName(url), m_ui->keyLineEdit->text());
    connect(job, &SecretJob::finished, this, [this](const SecretResult &result) {
        if (!result.ok())
            setStatus(tr("The admin key is used for now but could not be kept in the keychain: %1")
                          .arg(result.message),
                      true);
    });
}

QStringList PublishDialog::checkedIds() const
{
    QStringList ids;
    for (int i = 0; i < m_ui->routesListWidget->count(); ++i) {
        const QListWidgetItem *item = m_ui->routesListWidget->item(i);
        if (item->checkState() == Qt::Checked)
            ids << item->data(Qt::UserRole).toString();
    }
    return ids;
}

ApisixPublisher::Remote PublishDialog::remote() const
{
    ApisixPublisher::Remote r;
    r.adminUrl = QUrl(m_ui->urlLineEdit->text().trimmed());
    r.adminKey = m_ui->keyLineEdit->text();
    r.gatewayGroup = m_ui->groupLineEdit->text().trimmed();
    r.target = r.gatewayGroup.isEmpty() ? RouteExchange::Target::Apisix
                                        : RouteExchange::Target::Api7;
    return r;
}

void PublishDialog::formChanged()
{
    if (m_token.isEmpty())
        return;
    m_token.clear();
    m_sendIds.clear();
    m_ui->publishPushButton->setEnabled(false);
    setStatus(tr("The form changed: preview again before publishing."), false);
}

void PublishDialog::startPreview()
{
    const ApisixPublisher::Remote r = remote();
    const QStringList ids = checkedIds();
    QString problem;
    if (!r.adminUrl.isValid() || !r.adminUrl.scheme().startsWith(QLatin1String("http")) ||
        r.adminUrl.host().isEmpty())
        problem = tr("Enter the cluster's Admin API address, e.g. http://127.0.0.1:9180.");
    else if (r.adminKey.isEmpty())
        problem = tr("Enter the cluster's admin key (APISIX: deployment.admin.admin_key in "
                     "config.yaml).");
    else if (ids.isEmpty())
        problem = tr("Tick at least one route to publish.");
    if (!problem.isEmpty()) {
        setStatus(problem, true);
        return;
    }
    QList<QJsonObject> routes;
    for (const QJsonObject &route : m_engine.config().routes()) {
        if (ids.contains(route.value(QStringLiteral("id")).toString()))
            routes << route;
    }
    m_publisher->setRemote(r);
    m_token.clear();
    m_ui->publishPushButton->setEnabled(false);
    QString error;
    if (!m_publisher->preview(routes, &error)) {
        setStatus(error, true);
        return;
    }
    rememberCluster();
    m_ui->previewPushButton->setEnabled(false);
    m_ui->resultPlainTextEdit->clear();
    setStatus(tr("Reading %n route(s) from the cluster…", nullptr, int(routes.size())), false);
}

void PublishDialog::showPreview(const ApisixPublisher::Preview &preview)
{
    m_ui->previewPushButton->setEnabled(true);
    QStringList lines;
    for (const ApisixPublisher::RouteDiff &d : preview.routes)
        lines << d.toString();
    if (!preview.environment.isEmpty()) {
        lines << QString() << tr("The cluster must set these environment variables:");
        for (const RouteExchange::EnvVariable &v : preview.environment)
            lines << QStringLiteral("  %1  (%2; used by %3)")
                         .arg(v.name, v.replaces, v.usedBy.join(QLatin1String(", ")));
    }
    for (const ExchangeProblem &w : preview.warnings)
        lines << tr("warning: %1").arg(w.message);
    m_ui->resultPlainTextEdit->setPlainText(lines.join(QLatin1Char('\n')));

    m_sendIds.clear();
    for (const ApisixPublisher::RouteDiff &d : preview.routes) {
        if (d.change == ApisixPublisher::Change::New ||
            d.change == ApisixPublisher::Change::Changed)
            m_sendIds << d.id;
    }
    const int fresh = preview.count(ApisixPublisher::Change::New);
    const int changed = preview.count(ApisixPublisher::Change::Changed);
    const int same = preview.count(ApisixPublisher::Change::Unchanged);
    const int unread = preview.count(ApisixPublisher::Change::Unknown);
    QString summary = tr("%1 new, %2 changed, %3 unchanged.").arg(fresh).arg(changed).arg(same);
    if (unread > 0)
        summary += QLatin1Char(' ') +
                   tr("%n route(s) could not be read from the cluster; see above.", nullptr, unread);
    if (!m_sendIds.isEmpty()) {
        m_token = preview.token;
        summary += QLatin1Char(' ') + tr("Publish sends the %n new or changed route(s).", nullptr,
                                         int(m_sendIds.size()));
    } else {
        summary += QLatin1Char(' ') + tr("Nothing to send.");
    }
    m_ui->publishPushButton->setEnabled(!m_token.isEmpty());
    setStatus(summary, unread > 0);
    emit previewShown(preview);
}

void PublishDialog::startPublish()
{
    QString error;
    if (m_token.isEmpty() || !m_publisher->publish(m_token, m_sendIds, &error)) {
        setStatus(error.isEmpty() ? tr("Preview first.") : error, true);
        return;
    }
    m_token.clear();
    m_ui->publishPushButton->setEnabled(false);
    m_ui->previewPushButton->setEnabled(false);
    setStatus(tr("Publishing %n route(s)…", nullptr, int(m_sendIds.size())), false);
}

void PublishDialog::showPublished(const ApisixPublisher::PublishResult &result)
{
    m_ui->previewPushButton->setEnabled(true);
    QStringList lines{QString(), tr("Published:")};
    int ok = 0;
    for (const ApisixPublisher::RouteOutcome &o : result.routes) {
        ok += o.ok ? 1 : 0;
        const QString status = o.status ? QString::number(o.status) : tr("not sent");
        lines << QStringLiteral("  %1: %2 %3").arg(o.id, status, o.ok ? tr("ok") : o.message);
    }
    m_ui->resultPlainTextEdit->appendPlainText(lines.join(QLatin1Char('\n')));
    const int failed = int(result.routes.size()) - ok;
    setStatus(failed == 0 ? tr("The cluster holds %n route(s) as previewed.", nullptr, ok)
                          : tr("%1 of %2 route(s) were not published; see above.")
                                .arg(failed)
                                .arg(result.routes.size()),
              failed > 0);
    emit publishShown(result);
}

void PublishDialog::setStatus(const QString &text, bool error)
{
    Theme::setMessage(m_ui->statusLabel, text, error ? Theme::Tone::Error : Theme::Tone::Plain);
}

} // namespace gatehouse
