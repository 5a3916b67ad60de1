#pragma once

#include <QObject>

#include <atomic>
#include <memory>

namespace gatehouse::integration {
class ProxyHarness;
}

// ai-proxy-multi's selection, fallback and health on real sockets, with several instances on the
// mock (told apart by their endpoint paths): weights across both worker threads, priority groups,
// every kind of failure before the first byte, retry limits, the passive breaker (cooldown,
// Retry-After, half-open probe) on a clock the test steps, active checks, routing by model,
// consistent hashing, the stale pooled connection's retry, and what a failover costs.
class TestProxyBalancing : public QObject
{
    Q_OBJECT

public:
    TestProxyBalancing();
    ~TestProxyBalancing() override;

private slots:
    void init();
    void cleanup();

    void weightsFourToOneOnBothWorkers();
    void priorityGroupsFallThroughInOrder();
    void lowerGroupWhileHigherAreCooling();
    void fallbackOnGarbage();
    void fallbackOnTimeoutBeforeFirstByte_data();
    void fallbackOnTimeoutBeforeFirstByte();
    void singleInstanceNeverRetried();
    void maxRetries_data();
    void maxRetries();
    void retryOnFailureWithinMs();
    void allFailedIs502WithEveryAttempt();
    void streamServedByTheNextWhenTheFirstFailsBeforeAnyByte_data();
    void streamServedByTheNextWhenTheFirstFailsBeforeAnyByte();
    void cooldownOpensAfterFailures();
    void halfOpenProbeClosesIt();
    void retryAfterSetsTheCooldown_data();
    void retryAfterSetsTheCooldown();
    void coolingInstanceIsTheLastResort();
    void everyInstanceCoolingIs503WithRetryAfter();
    void clientLeavingFreesTheProbe();
    void activeCheckMarksUnhealthyAndCarriesAuth();
    void activeTcpCheck();
    void modelPreference_data();
    void modelPreference();
    void modelPreferenceFallsBackToOtherModels();
    void strictModelRouting();
    void chashOnHeaderIsSticky();
    void staleConnectionRetryThenFallback();
    void healthSnapshotAndSignal();
    void failoverCost();

private:
    std::unique_ptr<gatehouse::integration::ProxyHarness> h;
    std::atomic<qint64> m_now{1000000};
};
