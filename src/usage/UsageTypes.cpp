#include "UsageTypes.h"

namespace gatehouse {

void UsageSums::add(const UsageSums &other)
{
    requests += other.requests;
    errors += other.errors;
    promptTokens += other.promptTokens;
    completionTokens += other.completionTokens;
    cachedTokens += other.cachedTokens;
    costUsd += other.costUsd;
}

UsageRange UsageRange::lastDays(int days, const QDateTime &now)
{
    // From local midnight `days - 1` days ago up to now: "the last 7 days" includes today.
    const QDateTime start = now.date().addDays(1 - qMax(1, days)).startOfDay();
    return {start.toMSecsSinceEpoch(), now.toMSecsSinceEpoch() + 1};
}

} // namespace gatehouse
