#include "ProviderKeyCheck.h"

#include "Providers.h"

#include <QTimerEvent>

namespace gatehouse {

ProviderKeyCheck::ProviderKeyCheck(const QString &provider, const QString &secret, const QUrl &baseUrl, int timeoutMs,
                                   QObject *parent)
    : QObject(parent), m_provider(provider), m_secret(secret), m_base(baseUrl), m_timeoutMs(timeoutMs)
{
}

ProviderKeyCheck::~ProviderKeyCheck()
{
    if (m_connection)
        m_connection->abort();
}

void ProviderKeyCheck::start()
{
    const ProviderInfo *info = Providers::find(m_provider);
    if (!info || info->modelsPath.isEmpty()) {
        finish(Outcome::Unexpected, 0, tr("%1 has no models list to test a key against").arg(m_provider));
        return;
    }
    QUrl base = m_base.isEmpty() ? QUrl(info->baseUrl) : m_base;
    if (base.host().isEmpty()) {
        finish(Outcome::Unexpected, 0, tr("%1 needs its endpoint to test a key").arg(info->displayName));
        return;
    }
    QString prefix = base.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);

    // The credential holds the whole header value; a bare key gets the provider's usual shape.
    QByteArray header = "Authorization";
    QString value = m_secret;
    switch (info->authStyle) {
    case AuthStyle::BearerHeader:
        if (!value.startsWith(QLatin1String("Bearer "), Qt::CaseInsensitive))
            value = QStringLiteral("Bearer ") + value;
        break;
    case AuthStyle::ApiKeyHeader: header = "api-key"; break;
    case AuthStyle::XApiKeyHeader: header = "x-api-key"; break;
    case AuthStyle::QueryKey: break;
    }
    if (value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'))) {
        finish(Outcome::Unexpected, 0, tr("the key contains a line break; paste it again"));
        return;
    }
    QByteArray request = "GET " + (prefix + info->modelsPath).toUtf8() + " HTTP/1.1\r\nHost: " +
                         base.host(QUrl::FullyEncoded).toUtf8();
    if (base.port() > 0)
        request += ':' + QByteArray::number(base.port());
    request += "\r\nAccept: application/json\r\nAccept-Encoding: identity\r\nConnection: close\r\n" + header + ": " +
               value.toUtf8() + "\r\n";
    if (info->authStyle == AuthStyle::XApiKeyHeader)
        request += "anthropic-version: 2023-06-01\r\n";
    request += "\r\n";

    UpstreamConnection::Target target{base.scheme(), base.host(),
                                      quint16(base.port(base.scheme() == QLatin1String("https") ? 443 : 80)), true};
    m_connection = new UpstreamConnection(QString(), target, this);
    m_timer.start(m_timeoutMs, this);
    m_connection->send(request, this);
}

void ProviderKeyCheck::upstreamProgress(const HttpResponseParser &parser, bool headReady, bool)
{
    if (!headReady)
        return;
    const int status = parser.head().statusCode;
    if (status >= 200 && status < 300)
        finish(Outcome::Valid, status, tr("The key works."));
    else if (status == 401 || status == 403)
        finish(Outcome::Rejected, status, tr("The provider rejected the key (HTTP %1): check that it is complete and "
                                             "still active.").arg(status));
    else
        finish(Outcome::Unexpected, status, tr("The provider answered HTTP %1; the key could not be confirmed.").arg(status));
}

void ProviderKeyCheck::upstreamFailed(const QString &reason, bool)
{
    finish(Outcome::Unreachable, 0, tr("The provider could not be reached: %1").arg(reason));
}

void ProviderKeyCheck::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_timer.timerId())
        finish(Outcome::Unreachable, 0, tr("The provider did not answer within %1 s.").arg(m_timeoutMs / 1000.0));
}

void ProviderKeyCheck::finish(Outcome outcome, int status, const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    m_timer.stop();
    m_secret.clear();
    if (m_connection) {
        m_connection->abort();
        m_connection->deleteLater();
        m_connection = nullptr;
    }
    m_result = {outcome, status, message};
    emit finished(m_result);
}

} // namespace gatehouse
