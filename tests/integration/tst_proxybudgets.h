#pragma once

#include <QObject>

// Budgets through the real proxy: a route's token budget runs out, the client gets 429 in the
// gateway's envelope, and the budget is still used up after a restart (in-process and with the
// real `gatehouse --headless` binary); ai-rate-limiting's per-instance limit moves traffic to the
// other instance. Declared apart from the bodies so moc never reads the raw JSON in the .cpp.
class TestProxyBudgets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void tokenBudgetAnswers429AndSurvivesRestart();
    void instanceLimitMovesTrafficToTheOther();
    void headlessRestartKeepsBudget();

private:
    QString m_binary;
};
