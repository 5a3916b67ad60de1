#include "HostGuard.h"

namespace gatehouse {

QByteArrayView HostGuard::withoutPort(QByteArrayView host)
{
    if (host.startsWith('[')) {
        const qsizetype end = host.indexOf(']');
        return end < 0 ? host : host.sliced(1, end - 1);
    }
    const qsizetype colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.first(colon);
}

bool HostGuard::isIpLiteral(QByteArrayView host)
{
    if (host.contains(':'))
        return true; // an IPv6 literal (brackets already removed)
    int dots = 0;
    for (char c : host) {
        if (c == '.')
            ++dots;
        else if (c < '0' || c > '9')
            return false;
    }
    return dots == 3;
}

bool HostGuard::allowed(QByteArrayView host, const QString &listenHost, const QStringList &allowedHosts)
{
    const QByteArrayView name = withoutPort(host);
    if (isIpLiteral(name))
        return true; // a rebinding attack needs a DNS name
    if (name.compare("localhost", Qt::CaseInsensitive) == 0 ||
        (name.size() > 10 && name.last(10).compare(".localhost", Qt::CaseInsensitive) == 0))
        return true;
    if (name.compare(listenHost.toUtf8(), Qt::CaseInsensitive) == 0)
        return true;
    for (const QString &allowed : allowedHosts) {
        if (name.compare(allowed.toUtf8(), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace gatehouse
