#pragma once

#include "UpstreamConnection.h"

#include <QBasicTimer>
#include <QObject>
#include <QUrl>

namespace gatehouse {

// Tests a provider key with the cheapest authenticated call the provider has (its models list),
// through the proxy's own upstream connection code, and says whether the key is valid, rejected
// (401/403) or whether the provider could not be reached. The key never appears in a result.
class ProviderKeyCheck final : public QObject, public UpstreamListener
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderKeyCheck)

public:
    enum class Outcome { Valid, Rejected, Unreachable, Unexpected };
    struct Result
    {
        Outcome outcome = Outcome::Unexpected;
        int status = 0;
        QString message; // a sentence for the GUI
    };

    // `baseUrl` overrides the provider's default address (an instance's override.endpoint
    // scheme+host, or a --provider-endpoint mirror); empty uses the provider's own.
    ProviderKeyCheck(const QString &provider, const QString &secret, const QUrl &baseUrl = {}, int timeoutMs = 10000,
                     QObject *parent = nullptr);
    ~ProviderKeyCheck() override;

    void start();
    const Result &result() const { return m_result; }

    void upstreamProgress(const HttpResponseParser &parser, bool headReady, bool complete) override;
    void upstreamFailed(const QString &reason, bool nothingReceived) override;

signals:
    void finished(const gatehouse::ProviderKeyCheck::Result &result);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void finish(Outcome outcome, int status, const QString &message);

    QString m_provider;
    QString m_secret;
    QUrl m_base;
    int m_timeoutMs;
    UpstreamConnection *m_connection = nullptr;
    QBasicTimer m_timer;
    Result m_result;
    bool m_done = false;
};

} // namespace gatehouse
