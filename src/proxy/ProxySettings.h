#pragma once

#include "CommandLine.h"

#include <QMap>
#include <QNetworkProxy>
#include <QStringList>
#include <QUrl>

namespace gatehouse {

// Passive health of the instances (InstanceHealth): how many failures open a cooldown, and how
// long it lasts. Defaults: 3 failures within 30 s cool an instance down for 30 s, doubling up
// to 5 minutes while its probe keeps failing.
struct HealthPolicy
{
    bool breaker = true; // false: outcomes are still recorded, but nothing ever cools down
    int failureThreshold = 3;
    int failureWindowMs = 30000;
    int cooldownMs = 30000;
    int maxCooldownMs = 300000;
    int maxRetryAfterMs = 3600000; // an upstream Retry-After longer than this is capped
    int probeLeaseMs = 30000;      // a half-open probe that never reports frees its slot after this
};

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
    HealthPolicy health;
};

} // namespace gatehouse
