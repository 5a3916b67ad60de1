#pragma once

#include "CommandLine.h"

#include <QMap>
#include <QNetworkProxy>
#include <QStringList>
#include <QUrl>

namespace gatehouse {

// How the local proxy listens and behaves. Defaults are the safe ones for a desktop.
struct ProxySettings
{
    ListenAddress listen{QStringLiteral("127.0.0.1"), 9080};
    int workerThreads = 0;       // 0: one per core
    int maxConnections = 4096;   // more get 503
    int headerTimeoutMs = 10000; // a request's head (or a stalled body) within this, or 408
    int idleTimeoutMs = 60000;   // keep-alive connections idle longer are closed
    QStringList allowedOrigins;  // browser origins that may call the proxy (CORS); none by default
    QStringList allowedHosts;    // extra Host names accepted besides loopback and IP literals
    QMap<QString, QUrl> providerEndpoints; // --provider-endpoint NAME=URL
    QNetworkProxy upstreamProxy = QNetworkProxy(QNetworkProxy::NoProxy);
};

} // namespace gatehouse
