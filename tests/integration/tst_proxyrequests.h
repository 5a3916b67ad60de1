#pragma once

#include <QObject>

#include <memory>

namespace gatehouse::integration {
class ProxyHarness;
}

// What the proxy sends to a provider and what the client gets back, for the seed guide's routes
// and the request-building rules of ai-proxy. Declared apart from the bodies so moc never reads
// the raw JSON strings in the .cpp.
class TestProxyRequests : public QObject
{
    Q_OBJECT

public:
    TestProxyRequests();
    ~TestProxyRequests() override;

private slots:
    void init();
    void cleanup();

    void seedRouteRequestAndResponse();
    void seedMultiRouteRequestAndResponse();
    void clientCredentialsNeverReachTheProvider();
    void modelOverrideKeepsClientModelInRecord();
    void unchangedBodyIsSentAsIs();
    void authByQuery();
    void endpointOverrideWithPath();
    void endpointOverrideWithoutPath();
    void endpointOverrideBeatsProviderEndpoint();
    void openAiMaxTokensBecomesMaxCompletionTokens();
    void llmOptionsMaxTokensIsForced_data();
    void llmOptionsMaxTokensIsForced();
    void azureDropsModel();
    void upstreamErrorsPassThrough_data();
    void upstreamErrorsPassThrough();
    void chunkedUpstreamAnswer();
    void upstreamBodyDelimitedByClose();
    void upstreamConnectionCloseIsNotForwarded();
    void largeJsonAnswer();
    void jsonAnswerOverMaxResponseBytes();
    void jsonBodyCutMidway();
    void unresolvedSecretIsNotSentWithoutKey();
    void reloadKeepsRequestsInFlight();
    void modelsList();
    void upstreamKeepAliveReuse();
    void stalePooledConnectionIsRetried();
    void pooledConnectionClosedUnderTheRequestIsRetried_data();
    void pooledConnectionClosedUnderTheRequestIsRetried();

private:
    std::unique_ptr<gatehouse::integration::ProxyHarness> h;
};
