#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace gatehouse {

// Decides whether a request's Host header names this machine. A web page can make a browser
// send requests to 127.0.0.1 under its own domain name (DNS rebinding); such requests carry that
// name in Host, so only loopback names, IP literals, the configured listen host and names the
// user allowed are accepted.
class HostGuard
{
public:
    static bool allowed(QByteArrayView host, const QString &listenHost, const QStringList &allowedHosts);
    static QByteArrayView withoutPort(QByteArrayView host);
    static bool isIpLiteral(QByteArrayView host);
};

} // namespace gatehouse
