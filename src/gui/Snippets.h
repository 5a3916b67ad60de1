#pragma once

#include <QCoreApplication>
#include <QString>

namespace gatehouse {

// Ready-to-paste code that calls the local proxy: curl, the OpenAI Python and JS SDKs, and the
// environment variables most tools read. Built from the proxy's address and a route's path.
class Snippets
{
    Q_DECLARE_TR_FUNCTIONS(Snippets)

public:
    struct Target
    {
        QString address;   // "127.0.0.1:9080"
        QString routePath; // "/v1/*" or an exact "/deepseek"
        QString model;     // sent in the body; the route may override it
    };

    // "http://127.0.0.1:9080/v1" for "/v1/*"; for an exact path, the URL of that path.
    static QString baseUrl(const Target &target);
    // Where a chat completion goes: base + "/chat/completions" for a prefix route.
    static QString chatUrl(const Target &target);
    // SDKs append "/chat/completions" to a base URL, so they need a prefix route.
    static bool sdkCompatible(const Target &target);

    static QString curl(const Target &target);
    static QString python(const Target &target);
    static QString javascript(const Target &target);
    static QString environment(const Target &target);

private:
    // A comment line (after `comment`, "#" or "//") saying an exact-path route does not suit an
    // SDK, which appends its own paths to the base URL; empty when it does.
    static QString sdkNote(const Target &target, const QString &comment);
};

} // namespace gatehouse
