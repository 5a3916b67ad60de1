#pragma once

#include "UsageTypes.h"

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class OverviewPage;
}

namespace gatehouse {

class Engine;

// Where to point a tool (base URLs, snippets for curl and the OpenAI SDKs, environment
// variables), whether the proxy is up, today's requests and tokens, and recent errors.
class OverviewPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewPage)

public:
    explicit OverviewPage(Engine &engine, QWidget *parent = nullptr);
    ~OverviewPage() override;

signals:
    void addProviderRequested();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refresh();
    void refreshRequests();

    QScopedPointer<Ui::OverviewPage> m_ui;
    Engine &m_engine;
    bool m_requestsStale = true;
    // Today's sums from the ledger, read when it last wrote (see refreshRequests).
    UsageSums m_daySums;
    qint64 m_daySumsFrom = 0; // local midnight they count from
    bool m_daySumsStale = true;
};

} // namespace gatehouse
