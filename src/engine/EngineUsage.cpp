// Engine: the usage ledger, prices and budgets (kept apart from the wiring in Engine.cpp).
#include "Engine.h"

#include "Logging.h"
#include "RouteTable.h"

namespace gatehouse {

namespace {

const QString kUsageSection = QStringLiteral("usage");
const QString kPrices = QStringLiteral("prices");

} // namespace

void Engine::startUsage()
{
    // Price overrides live in the config's "usage" section, next to nothing the desktop
    // settings own; defaults stay in code so a new build's prices reach old configs.
    m_prices->setOverrides(PriceTable::overridesFromJson(
        m_config->section(kUsageSection).toObject().value(kPrices).toObject()));
    QString error;
    if (!m_usage->open(m_dataDir, &error))
        qCWarning(lcApp).noquote() << "usage is not recorded:" << error;
    // Budgets count from what the ledger holds for today and this month, so a restart does not
    // hand a used-up route a fresh budget.
    if (m_usage->isOpen())
        m_budgets->load(*m_usage);
    m_budgets->setRoutes(*m_config->routeTable().current());
    connect(m_config.get(), &ConfigStore::routesChanged, this,
            [this] { m_budgets->setRoutes(*m_config->routeTable().current()); });
}

bool Engine::setPriceOverrides(const QHash<QString, ModelPrice> &overrides, QString *error)
{
    PriceTable next;
    next.setOverrides(overrides);
    QJsonObject section = m_config->section(kUsageSection).toObject();
    section.insert(kPrices, next.overridesToJson());
    if (!m_config->setSection(kUsageSection, section, error))
        return false;
    m_prices->setOverrides(overrides);
    return true;
}

QList<BudgetStatus> Engine::budgets() const
{
    return m_budgets->statuses(*m_config->routeTable().current());
}

} // namespace gatehouse
