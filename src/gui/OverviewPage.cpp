#include "OverviewPage.h"

#include "Engine.h"
#include "ui_OverviewPage.h"

#include <QClipboard>
#include <QGuiApplication>

namespace gatehouse {

OverviewPage::OverviewPage(Engine &engine, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::OverviewPage), m_engine(engine)
{
    m_ui->setupUi(this);
    connect(m_ui->copyBaseUrlPushButton, &QPushButton::clicked, this,
            [this] { QGuiApplication::clipboard()->setText(m_ui->baseUrlLineEdit->text()); });
    connect(&m_engine.proxy(), &ProxyServer::stateChanged, this, &OverviewPage::refresh);
    connect(&m_engine.config(), &ConfigStore::routesChanged, this, &OverviewPage::refresh);
    refresh();
}

OverviewPage::~OverviewPage() = default;

void OverviewPage::refresh()
{
    ProxyServer &proxy = m_engine.proxy();
    const QString address = proxy.isListening() ? proxy.address() : m_engine.options().listen.toString();
    m_ui->proxyStateLabel->setText(proxy.isListening()
                                       ? tr("The local proxy is listening on %1.").arg(address)
                                       : tr("The local proxy is stopped: %1").arg(proxy.errorString()));
    const QString base = QStringLiteral("http://%1/v1").arg(address);
    m_ui->baseUrlLineEdit->setText(base);

    const QList<QJsonObject> routes = m_engine.config().routes();
    QString path = QStringLiteral("/v1/chat/completions");
    for (const RouteSpec &spec : m_engine.config().routeSpecs()) {
        if (!spec.paths.isEmpty()) {
            path = spec.paths.first();
            path.replace(QLatin1Char('*'), QStringLiteral("chat/completions"));
            break;
        }
    }
    m_ui->snippetPlainTextEdit->setPlainText(
        QStringLiteral("curl http://%1%2 \\\n  -H \"Content-Type: application/json\" \\\n"
                       "  -d '{\"messages\": [{\"role\": \"user\", \"content\": \"Hello\"}]}'")
            .arg(address, path));
    m_ui->routesSummaryLabel->setText(routes.isEmpty() ? tr("No routes yet: add one on the Routes page.")
                                                       : tr("%n route(s) configured.", nullptr, int(routes.size())));
    const QString problem = m_engine.config().loadReport().message;
    m_ui->configProblemLabel->setVisible(!problem.isEmpty());
    m_ui->configProblemLabel->setText(problem);
}

} // namespace gatehouse
