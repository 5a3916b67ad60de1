#include "ComingSoonPage.h"

#include "ui_ComingSoonPage.h"

namespace gatehouse {

ComingSoonPage::ComingSoonPage(Kind kind, QWidget *parent)
    : QWidget(parent), m_ui(new Ui::ComingSoonPage)
{
    m_ui->setupUi(this);
    switch (kind) {
    case Kind::Playground:
        setObjectName(QStringLiteral("playgroundPage"));
        m_ui->titleLabel->setText(tr("<h2>Playground</h2>"));
        m_ui->descriptionLabel->setText(tr("Coming in the next release: a chat panel that sends "
                                           "prompts through your routes and shows the answer "
                                           "as it streams, with the instance that answered, time "
                                           "to first token, tokens and cost."));
        m_ui->meanwhileLabel->setText(
            tr("Meanwhile, try a route with the curl snippet on the Overview page."));
        break;
    case Kind::Usage:
        setObjectName(QStringLiteral("usagePage"));
        m_ui->titleLabel->setText(tr("<h2>Usage</h2>"));
        m_ui->descriptionLabel->setText(tr("Coming in the next release: tokens and cost over time "
                                           "per provider, model, route and instance, with "
                                           "prices you can edit and token budgets per route."));
        m_ui->meanwhileLabel->setText(tr("Meanwhile, today's requests and tokens are on the "
                                         "Overview page, and the Admin API serves "
                                         "Prometheus metrics at /metrics."));
        break;
    case Kind::Logs:
        setObjectName(QStringLiteral("logsPage"));
        m_ui->titleLabel->setText(tr("<h2>Logs</h2>"));
        m_ui->descriptionLabel->setText(
            tr("Coming in the next release: a live table of every request (route, instance, "
               "status, latency, "
               "tokens, fallback attempts) with search and a details pane."));
        m_ui->meanwhileLabel->setText(tr("Meanwhile, recent errors are on the Overview page, and "
                                         "the Admin API lists the last requests at "
                                         "/gatehouse/requests."));
        break;
    }
}

ComingSoonPage::~ComingSoonPage() = default;

} // namespace gatehouse
