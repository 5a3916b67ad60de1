// Benchmark of the usage ledger (docs/BENCHMARKS.md, "Usage ledger"):
//  (a) fills a ledger with N rows spread over 30 days and times what the Usage and Logs pages
//      and the budget start-up ask for;
//  (b) pushes R records/s through record() from two threads (as the proxy's workers would) for
//      S seconds and reports the cost of one call and whether the writer keeps up (queue length).
#include "BudgetTracker.h"
#include "PriceTable.h"
#include "UsageLedger.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <functional>
#include <vector>

using namespace gatehouse;

namespace {

const char *const kProviders[] = {"deepseek", "openai", "anthropic"};
const char *const kModels[] = {"deepseek-chat", "deepseek-reasoner", "gpt-4o",
                               "gpt-4o-mini",   "claude-sonnet-4",   "gpt-4.1"};

RequestRecord sample(QRandomGenerator &rng, qint64 at)
{
    RequestRecord r;
    const int m = int(rng.bounded(6));
    r.startedAtMs = at;
    r.client = QStringLiteral("127.0.0.1");
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/v1/chat/completions");
    r.routeId = QStringLiteral("route-%1").arg(rng.bounded(5));
    r.instance = QStringLiteral("instance-%1").arg(rng.bounded(10));
    r.provider = QString::fromLatin1(kProviders[m / 2]);
    r.clientModel = r.upstreamModel = QString::fromLatin1(kModels[m]);
    r.status = rng.bounded(20) == 0 ? 429 : 200;
    r.stream = rng.bounded(2) == 0;
    r.latencyMs = 200 + rng.bounded(3000);
    r.ttftMs = 50 + rng.bounded(500);
    r.usage.promptTokens = 100 + rng.bounded(4000);
    r.usage.completionTokens = 10 + rng.bounded(1000);
    r.usage.cachedTokens = rng.bounded(2) ? r.usage.promptTokens / 2 : 0;
    r.usage.totalTokens = r.usage.promptTokens + r.usage.completionTokens;
    r.requestBytes = 800;
    r.responseBytes = 2400;
    r.attempts = {{r.instance, r.status, {}, r.latencyMs}};
    return r;
}

// Median of `runs` timings of `f` in ms, plus the first (cold) one.
QPair<double, double> timeIt(const std::function<void()> &f, int runs = 5)
{
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        f();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    const double first = ms.front();
    std::sort(ms.begin(), ms.end());
    return {first, ms[ms.size() / 2]};
}

void row(const char *what, QPair<double, double> t, const qint64 &items)
{
    std::printf("| %-52s | %9.1f | %9.1f | %8lld |\n", what, t.first, t.second,
                static_cast<long long>(items));
}

void fill(const QString &dir, qint64 rows, qint64 now)
{
    PriceTable prices;
    UsageLedger ledger(&prices);
    ledger.setBatching(250, 20000);
    ledger.setQueueCapacity(1 << 30);
    ledger.open(dir);
    QRandomGenerator rng(42);
    const qint64 span = 30LL * 86400000;
    QElapsedTimer t;
    t.start();
    for (qint64 i = 0; i < rows; ++i) {
        ledger.record(sample(rng, now - span + span * i / rows));
        if (i % 50000 == 0)
            ledger.flush(600000); // keep memory bounded while filling
    }
    ledger.flush(600000);
    const double s = double(t.elapsed()) / 1000;
    std::printf("filled %lld rows in %.1f s (%.0f rows/s written, %lld transactions)\n\n",
                static_cast<long long>(rows), s, double(rows) / s,
                static_cast<long long>(ledger.stats().flushes));
}

void queries(const QString &dir, qint64 now)
{
    PriceTable prices;
    UsageLedger ledger(&prices);
    QElapsedTimer open;
    open.start();
    ledger.open(dir);
    std::printf("open (schema check, WAL): %.1f ms\n\n", double(open.nsecsElapsed()) / 1e6);
    const QDateTime nowDt = QDateTime::fromMSecsSinceEpoch(now);
    const UsageRange month = UsageRange::lastDays(30, nowDt);
    const UsageRange week = UsageRange::lastDays(7, nowDt);
    std::printf("| query (%lld rows in the ledger) | first ms | median ms | results |\n",
                static_cast<long long>(ledger.count()));
    std::printf("|---|---:|---:|---:|\n");
    qint64 n = 0;
    {
        const auto t = timeIt(
            [&] { n = ledger.buckets(month, UsageBucketSize::Day, UsageDimension::Model).size(); });
        row("chart: 30 days by day, per model", t, n);
    }
    {
        const auto t = timeIt(
            [&] { n = ledger.buckets(week, UsageBucketSize::Hour, UsageDimension::Route).size(); });
        row("chart: 7 days by hour, per route", t, n);
    }
    {
        const auto t = timeIt([&] {
            n = ledger.buckets(month, UsageBucketSize::Hour, UsageDimension::Instance).size();
        });
        row("chart: 30 days by hour, per instance", t, n);
    }
    {
        const auto t = timeIt([&] { n = ledger.totals(month, UsageDimension::Provider).size(); });
        row("totals: 30 days per provider", t, n);
    }
    {
        const auto t = timeIt([&] { n = ledger.totals(month, UsageDimension::Model).size(); });
        row("totals: 30 days per model", t, n);
    }
    {
        const auto t = timeIt([&] { n = ledger.sums(month).requests; });
        row("sums: 30 days (headline numbers)", t, n);
    }
    {
        const auto t = timeIt([&] {
            n = ledger.buckets(month, UsageBucketSize::Day, UsageDimension::Model).size() +
                ledger.buckets(week, UsageBucketSize::Hour, UsageDimension::Route).size() +
                ledger.totals(month, UsageDimension::Route).size() + ledger.sums(month).requests;
        });
        row("usage page total (2 charts + totals + sums)", t, n);
    }
    {
        const auto t = timeIt([&] { n = ledger.recent({}, {0, 0, 200}).size(); });
        row("log: newest 200 rows", t, n);
    }
    qint64 before = 0;
    {
        const auto t = timeIt([&] {
            before = ledger.recent({}, {0, 0, 1}).first().id - 200;
            n = ledger.recent({}, {before, 0, 200}).size();
        });
        row("log: next page (before id)", t, n);
    }
    UsageFilter errors;
    errors.status = UsageFilter::StatusClass::Error;
    errors.route = QStringLiteral("route-3");
    {
        const auto t = timeIt([&] { n = ledger.recent(errors, {0, 0, 200}).size(); });
        row("log: 200 errors of one route", t, n);
    }
    UsageFilter text;
    text.text = QStringLiteral("reasoner");
    {
        const auto t = timeIt([&] { n = ledger.recent(text, {0, 0, 200}).size(); });
        row("log: text search for a model name, 200 rows", t, n);
    }
    {
        const auto t = timeIt([&] { n = ledger.count(); }, 3);
        row("log: count of all rows", t, n);
    }
    {
        const auto t = timeIt([&] {
            n = ledger
                    .sumsByRouteSince(QDate(nowDt.date().year(), nowDt.date().month(), 1)
                                          .startOfDay()
                                          .toMSecsSinceEpoch())
                    .size();
        });
        row("budgets at start: this month's sums per route", t, n);
    }
    {
        const auto t = timeIt(
            [&] { n = ledger.sumsSince(now - 3600000, QStringLiteral("route-1")).requests; });
        row("budgets at start: one route, last hour, exact", t, n);
    }
    std::printf("\n");
}

void load(const QString &dir, int rate, int seconds)
{
    PriceTable prices;
    UsageLedger ledger(&prices);
    BudgetTracker tracker(&prices);
    ledger.open(dir);
    constexpr int kThreads = 2;
    std::atomic<qint64> callNs{0}, calls{0}, maxCallNs{0};
    std::atomic<bool> done{false};
    std::vector<QThread *> threads;
    QElapsedTimer wall;
    wall.start();
    for (int t = 0; t < kThreads; ++t) {
        threads.push_back(QThread::create([&, t] {
            QRandomGenerator rng(quint32(t + 1));
            const qint64 total = qint64(rate) * seconds / kThreads;
            QElapsedTimer clock;
            clock.start();
            for (qint64 i = 0; i < total; ++i) {
                // Paced: record i is due at i / (rate / threads) seconds.
                const qint64 dueNs = i * 1000000000LL * kThreads / rate;
                while (clock.nsecsElapsed() < dueNs)
                    QThread::usleep(200);
                const RequestRecord r = sample(rng, QDateTime::currentMSecsSinceEpoch());
                QElapsedTimer c;
                c.start();
                ledger.record(r);
                tracker.record(r);
                const qint64 ns = c.nsecsElapsed();
                callNs += ns;
                calls += 1;
                qint64 prev = maxCallNs.load();
                while (ns > prev && !maxCallNs.compare_exchange_weak(prev, ns)) {
                }
            }
        }));
        threads.back()->start();
    }
    std::vector<qint64> queueSamples;
    QThread *sampler = QThread::create([&] {
        while (!done) {
            queueSamples.push_back(ledger.stats().queued);
            QThread::msleep(50);
        }
    });
    sampler->start();
    for (QThread *t : threads) {
        t->wait();
        delete t;
    }
    const double pushSeconds = double(wall.elapsed()) / 1000;
    done = true;
    sampler->wait();
    delete sampler;
    QElapsedTimer drain;
    drain.start();
    ledger.flush(60000);
    const LedgerStats s = ledger.stats();
    std::sort(queueSamples.begin(), queueSamples.end());
    const qint64 p50 = queueSamples.empty() ? 0 : queueSamples[queueSamples.size() / 2];
    std::printf("| %d records/s for %d s from %d threads | |\n|---|---:|\n", rate, seconds,
                kThreads);
    std::printf("| records pushed in | %.2f s |\n", pushSeconds);
    std::printf("| record() + budget record(), mean per call | %.2f us |\n",
                double(callNs) / double(qMax<qint64>(1, calls)) / 1000);
    std::printf("| slowest single call | %.1f us |\n", double(maxCallNs) / 1000);
    std::printf("| queue length, median of 50 ms samples | %lld |\n", static_cast<long long>(p50));
    std::printf("| queue length, longest | %lld |\n", static_cast<long long>(s.maxQueued));
    std::printf("| rows written / dropped | %lld / %lld |\n", static_cast<long long>(s.written),
                static_cast<long long>(s.dropped));
    std::printf("| transactions, last one took | %lld, %.1f ms |\n",
                static_cast<long long>(s.flushes), s.lastFlushMs);
    std::printf("| left to write after the last push | %.1f ms |\n\n",
                double(drain.nsecsElapsed()) / 1e6);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Usage ledger benchmark"));
    p.addHelpOption();
    p.addOption({QStringLiteral("rows"), QStringLiteral("Rows to fill (default 1000000)."),
                 QStringLiteral("n"), QStringLiteral("1000000")});
    p.addOption({QStringLiteral("rate"),
                 QStringLiteral("Records per second in the load part (5000)."), QStringLiteral("n"),
                 QStringLiteral("5000")});
    p.addOption({QStringLiteral("seconds"), QStringLiteral("Length of the load part (10)."),
                 QStringLiteral("n"), QStringLiteral("10")});
    p.addOption({QStringLiteral("dir"),
                 QStringLiteral("Keep the ledger in this folder (default: temporary)."),
                 QStringLiteral("dir")});
    p.process(app);
    QTemporaryDir tmp;
    const QString dir =
        p.isSet(QStringLiteral("dir")) ? p.value(QStringLiteral("dir")) : tmp.path();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 rows = p.value(QStringLiteral("rows")).toLongLong();
    if (rows > 0)
        fill(dir, rows, now);
    queries(dir, now);
    load(dir, p.value(QStringLiteral("rate")).toInt(), p.value(QStringLiteral("seconds")).toInt());
    return 0;
}
