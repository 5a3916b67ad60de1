#pragma once

#include <QObject>

#include <memory>

namespace gatehouse::integration {
class ProxyHarness;
}

// The proxy's HTTP/1.1 server side on real sockets: every bad input gets its clear answer (and
// the server keeps serving: each case ends with a good request), limits, timeouts, keep-alive,
// pipelining, HTTP/1.0, chunked and 100-continue request bodies, Host and Origin checks.
class TestProxyHttp : public QObject
{
    Q_OBJECT

public:
    TestProxyHttp();
    ~TestProxyHttp() override;

private slots:
    void init();
    void cleanup();

    void wrongContentType_data();
    void wrongContentType();
    void curlDefaultFormTypeWithJsonBody();
    void emptyBody();
    void invalidJson_data();
    void invalidJson();
    void noMatchingProtocol();
    void noRoute();
    void methodNotAllowed();
    void headerBlockTooLarge();
    void tooManyHeaders();
    void bodyTooLargeAnsweredBeforeTheBody();
    void bodyTooLargeWithExpectContinue();
    void chunkedBodyOverTheLimit();
    void malformedRequestLine_data();
    void malformedRequestLine();
    void headerTimeout();
    void headerTimeoutIsNotResetByDrippedBytes();
    void stalledBodyTimesOut();
    void idleKeepAliveConnectionIsClosed();
    void tooManyConnections();
    void pipelinedRequestsAnsweredInOrder();
    void pipelinedRequestAfterMalformedOne();
    void connectionCloseHonoured();
    void http10();
    void chunkedRequestBody();
    void requestSplitAcrossWrites();
    void expectContinue();
    void expectContinueWhilePipelining();
    void hostRejection_data();
    void hostRejection();
    void originRejection();
    void corsForAllowedOrigin();

private:
    std::unique_ptr<gatehouse::integration::ProxyHarness> h;
};
