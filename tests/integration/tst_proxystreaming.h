#pragma once

#include <QObject>

#include <memory>

namespace gatehouse::integration {
class ProxyHarness;
}

// Streaming through the proxy on real sockets: SSE relayed event by event the moment it arrives
// (split and merged reads), usage counted in JSON and stream answers with and without the
// client asking for it, DeepSeek's cache fields, a stream that breaks, a client that leaves,
// timeouts, and many streams at once.
class TestProxyStreaming : public QObject
{
    Q_OBJECT

public:
    TestProxyStreaming();
    ~TestProxyStreaming() override;

private slots:
    void init();
    void cleanup();

    void streamShape();
    void eventsMergedInOneRead();
    void eventsSplitAcrossReads_data();
    void eventsSplitAcrossReads();
    void eventsArriveIncrementally();
    void pacedEventsArriveSeparately();
    void usageInJsonAnswer();
    void usageInStream_data();
    void usageInStream();
    void deepSeekCacheAndReasoning_data();
    void deepSeekCacheAndReasoning();
    void anthropicMessagesStream();
    void midStreamBreak();
    void midStreamBreakWithReset();
    void clientDisconnectMidStream();
    void clientDisconnectWhileUpstreamHangs();
    void timeoutBeforeHeaders();
    void timeoutAfterHeadersBeforeBody_data();
    void timeoutAfterHeadersBeforeBody();
    void idleTimeoutAfterFirstEvent();
    void maxStreamDuration();
    void streamOverMaxResponseBytes();
    void streamDelimitedByClose();
    void serverStopWhileStreaming();
    void concurrentStreams();

private:
    std::unique_ptr<gatehouse::integration::ProxyHarness> h;
};
