#pragma once

#include <QObject>

#include <memory>

namespace gatehouse::integration {
class ProxyHarness;
}

// ai-proxy-multi's fallback on the seed guide's multi route, on real sockets: the higher
// priority instance (openai-fallback, 2) is tried first; 429, 5xx and a refused connection fall
// back to deepseek-primary; 401 is passed through unless listed; no strategy means no fallback;
// all failed is a 502 with the attempts; a stream that broke after its first byte never falls back.
class TestProxyFallback : public QObject
{
    Q_OBJECT

public:
    TestProxyFallback();
    ~TestProxyFallback() override;

private slots:
    void init();
    void cleanup();

    void fallbackOnStatus_data();
    void fallbackOnStatus();
    void fallbackOnRefusedConnection();
    void fallbackServesAStream();
    void unauthorizedPassedThrough();
    void unauthorizedFallsBackWhenListed();
    void noStrategyNoFallback();
    void noStrategyRefusedIsNotRetried();
    void allInstancesFailed();
    void allInstancesRefused();
    void streamBrokenAfterFirstByteDoesNotFallBack();

private:
    std::unique_ptr<gatehouse::integration::ProxyHarness> h;
};
