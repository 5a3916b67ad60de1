#pragma once

#include <QObject>

// Budgets on routes: parsing (labels and APISIX's ai-rate-limiting), enforcement, reset at local
// midnight / the first of the month / the end of a time_window, per-instance limits, loading from
// the ledger. Declared apart from the bodies so moc never reads the raw JSON in the .cpp.
class TestBudgetTracker : public QObject
{
    Q_OBJECT

private slots:
    void parsesBudgetLabels();
    void rejectsBadBudgetLabels_data();
    void rejectsBadBudgetLabels();
    void parsesAiRateLimiting();
    void rejectsBadAiRateLimiting_data();
    void rejectsBadAiRateLimiting();
    void dailyTokenBudgetResetsAtMidnight();
    void monthlyCostBudgetResetsOnTheFirst();
    void aiRateLimitingWindowAndInstances();
    void routesWithoutBudgetsAreNeverLimited();
    void loadsRunningTotalsFromLedger();
    void statusesForGuiAndAdmin();
};
