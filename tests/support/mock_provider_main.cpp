// gatehouse-mock-provider: the mock LLM provider as a process, for the benchmark and for tests
// that drive the real `gatehouse` binary with curl or the openai npm package.
//
// It prints "listening on 127.0.0.1:PORT" as the first line of stdout once it accepts
// connections. Flags set the default answer; a request's path can change it per request (see
// the --help text and MockProvider.h), so one process serves every case of a test run.

#include "MockProvider.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <cstdlib>

using gatehouse::Behavior;
using gatehouse::MockProvider;

namespace {

const char *const kPathHelp = R"(
Path conventions (leading segments, combinable, consumed while recognised; the rest is the
provider path a proxy appends, e.g. /status/429/retry-after/3/v1/chat/completions):
  /json /sse               answer JSON / stream SSE regardless of "stream" in the request
  /status/CODE             error answer with that status, OpenAI error body (Anthropic on /messages)
  /hang                    read the request, never answer
  /hang-after-headers      send the response headers, then nothing
  /cut/N                   stream N events, then close the connection without ending the body
  /garbage                 send bytes that are not HTTP, then close
  /close                   close the connection without answering
  /delay/MS /pace/MS       wait before the headers / between SSE events
  /events/N                number of content events (tokens)
  /retry-after/S           add "Retry-After: S"
  /model/NAME              answer with this model instead of echoing the request's
  /openai /deepseek /anthropic                      dialect (default: Anthropic on */messages)
  /usage-always /usage-never /usage-requested       usage chunk in streams
  /chunked                 JSON body with chunked transfer-encoding
  /conn-close              answer with "Connection: close" and close
Without a kind segment the answer is SSE when the request has "stream": true, else JSON;
GET .../models lists one model.
)";

int intOption(const QCommandLineParser &parser, const QString &name, int fallback)
{
    if (!parser.isSet(name))
        return fallback;
    bool ok = false;
    const int v = parser.value(name).toInt(&ok);
    if (!ok || v < 0) {
        std::fprintf(stderr, "gatehouse-mock-provider: --%s needs a whole number >= 0\n",
                     qPrintable(name));
        std::exit(2);
    }
    return v;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("gatehouse-mock-provider"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("A scripted mock LLM provider (OpenAI, DeepSeek, Anthropic shapes) on "
                       "127.0.0.1, for tests and benchmarks.") +
        QString::fromLatin1(kPathHelp));
    parser.addHelpOption();
    const auto opt = [&](const char *name, const char *help, const char *valueName) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(name), QString::fromLatin1(help),
                                            QString::fromLatin1(valueName)));
    };
    opt("port", "Port to listen on; 0 picks a free one (default 0).", "N");
    opt("mode", "Default answer: auto (SSE if the request streams), json or sse.", "MODE");
    opt("events", "Content events (tokens) per answer (default: one per word).", "N");
    opt("pace-ms", "Milliseconds between SSE events (default 0).", "N");
    opt("delay-ms", "Milliseconds before the response headers (default 0).", "N");
    opt("status", "Status of every answer; 400 and up answer with an error body.", "N");
    opt("threads", "Worker threads, each with its own event loop (default 1).", "N");
    opt("dialect", "auto, openai, deepseek or anthropic (default auto).", "NAME");
    opt("content", "Text of the answer.", "TEXT");
    opt("model", "Model to answer with (default: echo the request's).", "NAME");
    parser.addOption(QCommandLineOption(QStringLiteral("log"),
                                        QStringLiteral("Print each request line to stderr.")));
    parser.process(app);

    Behavior b;
    const QString mode = parser.value(QStringLiteral("mode"));
    if (mode == QLatin1String("json")) {
        b.kind = Behavior::Kind::Json;
    } else if (mode == QLatin1String("sse")) {
        b.kind = Behavior::Kind::Sse;
    } else if (!mode.isEmpty() && mode != QLatin1String("auto")) {
        std::fprintf(stderr, "gatehouse-mock-provider: --mode is auto, json or sse\n");
        return 2;
    }
    b.events = intOption(parser, QStringLiteral("events"), -1);
    b.paceMs = intOption(parser, QStringLiteral("pace-ms"), 0);
    b.delayMs = intOption(parser, QStringLiteral("delay-ms"), 0);
    b.status = intOption(parser, QStringLiteral("status"), 200);
    if (b.status >= 400)
        b.kind = Behavior::Kind::Status;
    const QString dialect = parser.value(QStringLiteral("dialect"));
    if (dialect == QLatin1String("openai")) {
        b.dialect = Behavior::Dialect::OpenAI;
    } else if (dialect == QLatin1String("deepseek")) {
        b.dialect = Behavior::Dialect::DeepSeek;
    } else if (dialect == QLatin1String("anthropic")) {
        b.dialect = Behavior::Dialect::Anthropic;
    } else if (!dialect.isEmpty() && dialect != QLatin1String("auto")) {
        std::fprintf(stderr, "gatehouse-mock-provider: --dialect is auto, openai, deepseek or "
                             "anthropic\n");
        return 2;
    }
    if (parser.isSet(QStringLiteral("content")))
        b.content = parser.value(QStringLiteral("content"));
    b.model = parser.value(QStringLiteral("model"));

    MockProvider provider;
    provider.setDefault(b);
    provider.setWorkerThreads(intOption(parser, QStringLiteral("threads"), 1));
    const bool log = parser.isSet(QStringLiteral("log"));
    // A benchmark sends millions of requests: keep none unless asked to print them (debugging).
    provider.setRecordRequests(log);
    if (log) {
        QObject::connect(&provider, &MockProvider::requestReceived, &provider, [&](int index) {
            const gatehouse::MockRequest r = provider.request(index);
            std::fprintf(stderr, "#%d conn %d %s %s (%lld bytes)\n", index, r.connectionId,
                         r.method.constData(), r.path.constData(), qlonglong(r.body.size()));
        });
    }

    const int port = intOption(parser, QStringLiteral("port"), 0);
    if (port > 65535 || !provider.listen(quint16(port))) {
        std::fprintf(stderr, "gatehouse-mock-provider: cannot listen on 127.0.0.1:%d\n", port);
        return 1;
    }
    std::printf("listening on 127.0.0.1:%u\n", unsigned(provider.port()));
    std::fflush(stdout);
    return app.exec();
}
