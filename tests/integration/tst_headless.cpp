#include "tst_headless.h"

#include "Fixtures.h"
#include "ProxyHarness.h"

#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse;
using namespace gatehouse::integration;

namespace {

// The seed guide's validation request body, with its line breaks.
const QString kGuideBody = QStringLiteral(R"({
"messages": [
{ "role": "user", "content": "What is the Fibonacci sequence?" }
]
})");

// `gatehouse --headless` over a data folder holding the given routes.
class Gatehouse
{
public:
    Gatehouse(const QString &binary, const QList<QJsonObject> &routes, const QStringList &extra)
    {
        QJsonArray list;
        for (const QJsonObject &r : routes)
            list.append(r);
        QFile config(dataDir.filePath(QStringLiteral("config.json")));
        if (config.open(QIODevice::WriteOnly))
            config.write(QJsonDocument(QJsonObject{{QStringLiteral("schema_version"), 1},
                                                   {QStringLiteral("routes"), list}})
                             .toJson());
        config.close();
        port = unusedPort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), dataDir.path()); // nothing of the user's is touched
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("QT_QPA_PLATFORM"));
        process.setProcessEnvironment(env);
        process.start(binary,
                      QStringList{QStringLiteral("--headless"), QStringLiteral("--data-dir"),
                                  dataDir.path(), QStringLiteral("--listen"),
                                  QStringLiteral("127.0.0.1:%1").arg(port),
                                  QStringLiteral("--admin-listen"),
                                  QStringLiteral("127.0.0.1:%1").arg(unusedPort())} +
                          extra);
    }

    ~Gatehouse()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(10000))
                process.kill();
            process.waitForFinished();
        }
    }

    // Waits until the proxy accepts connections (false if the process ended first).
    bool waitUntilListening(int timeoutMs = 15000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            if (process.state() == QProcess::NotRunning)
                return false;
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            if (QTest::qWaitFor(
                    [&] {
                        return probe.state() != QAbstractSocket::ConnectingState &&
                               probe.state() != QAbstractSocket::HostLookupState;
                    },
                    2000) &&
                probe.state() == QAbstractSocket::ConnectedState)
                return true;
            QTest::qWait(50); // the process is still starting; poll again
        }
        return false;
    }

    QTemporaryDir dataDir;
    QProcess process;
    quint16 port = 0;
};

struct Run
{
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
};

Run runGatehouse(const QString &binary, const QStringList &args)
{
    QProcess p;
    p.start(binary, args);
    Run run;
    if (!p.waitForFinished(20000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitCode();
    run.status = p.exitStatus();
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace

void TestHeadless::initTestCase()
{
    const QString dir = qEnvironmentVariable("GATEHOUSE_BIN_DIR");
    if (dir.isEmpty())
        QSKIP("GATEHOUSE_BIN_DIR is not set (run through ctest)");
    m_binary = dir + QStringLiteral("/gatehouse");
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
}

void TestHeadless::seedValidationRequest()
{
    MockProvider mock;
    mock.setWorkerThreads(2);
    QVERIFY(mock.listen());
    Gatehouse g(
        m_binary, {fixtures::object(QStringLiteral("seed/deepseek-route.json"))},
        {QStringLiteral("--provider-endpoint"), QStringLiteral("deepseek=") + mock.baseUrl()});
    QVERIFY2(g.waitUntilListening(), g.process.readAllStandardError().constData());

    // Exactly as the guide writes it.
    const QString url = QStringLiteral("http://127.0.0.1:%1/deepseek").arg(g.port);
    CurlResult curl = runCurl(
        {url, QStringLiteral("-X"), QStringLiteral("POST"), QStringLiteral("-H"),
         QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"), kGuideBody});
    QCOMPARE(curl.exitCode, 0);
    const QJsonObject body = QJsonDocument::fromJson(curl.out).object();
    QVERIFY2(!body.isEmpty(), curl.out.constData());
    QVERIFY(body.value(u"id").isString());
    QCOMPARE(body.value(u"object").toString(), QStringLiteral("chat.completion"));
    QCOMPARE(body.value(u"model").toString(), QStringLiteral("deepseek-chat"));
    const QJsonObject choice = body.value(u"choices").toArray().first().toObject();
    QCOMPARE(choice.value(u"index").toInt(-1), 0);
    QCOMPARE(choice.value(u"message")[u"role"].toString(), QStringLiteral("assistant"));
    QVERIFY(choice.value(u"message")[u"content"].isString());
    QCOMPARE(choice.value(u"finish_reason").toString(), QStringLiteral("stop"));
    const QJsonObject usage = body.value(u"usage").toObject();
    QVERIFY(usage.value(u"prompt_tokens").toInt() > 0);
    QVERIFY(usage.value(u"completion_tokens").toInt() > 0);
    QCOMPARE(usage.value(u"total_tokens").toInt(),
             usage.value(u"prompt_tokens").toInt() + usage.value(u"completion_tokens").toInt());

    // What reached the provider: the route's key and model, the guide's messages.
    const MockRequest up = mock.lastRequest();
    QCOMPARE(up.path, QByteArray("/chat/completions"));
    QCOMPARE(up.header("Authorization"), QByteArray("Bearer test-deepseek-key"));
    QCOMPARE(up.json().value(u"model").toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(up.json().value(u"messages"),
             QJsonDocument::fromJson(kGuideBody.toUtf8()).object().value(u"messages"));

    // The gateway's headers, and streaming with "stream": true as the guide says.
    curl = runCurl({QStringLiteral("-i"), url, QStringLiteral("-X"), QStringLiteral("POST"),
                    QStringLiteral("-H"), QStringLiteral("Content-Type: application/json"),
                    QStringLiteral("-d"), QString::fromUtf8(kStreamBody)});
    QCOMPARE(curl.exitCode, 0);
    const HttpResponse r = parseCurlInclude(curl.out);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("X-Gatehouse-Route"), QByteArray("deepseek-route"));
    QCOMPARE(r.header("X-Gatehouse-Instance"), QByteArray("ai-proxy-deepseek"));
    QCOMPARE(r.header("X-Gatehouse-Attempts"), QByteArray("ai-proxy-deepseek=200"));
    QVERIFY(r.body.endsWith("data: [DONE]\n\n"));

    // SIGTERM ends it cleanly.
    g.process.terminate();
    QVERIFY(g.process.waitForFinished(10000));
    QCOMPARE(g.process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(g.process.exitCode(), 0);
}

void TestHeadless::noGuiLibrariesMapped()
{
    MockProvider mock;
    QVERIFY(mock.listen());
    Gatehouse g(
        m_binary, {fixtures::object(QStringLiteral("seed/deepseek-route.json"))},
        {QStringLiteral("--provider-endpoint"), QStringLiteral("deepseek=") + mock.baseUrl()});
    QVERIFY2(g.waitUntilListening(), g.process.readAllStandardError().constData());
    // Serve one request first, so everything a request needs is loaded.
    const CurlResult curl = runCurl({QStringLiteral("http://127.0.0.1:%1/deepseek").arg(g.port),
                                     QStringLiteral("-d"), kGuideBody});
    QCOMPARE(curl.exitCode, 0);

    QFile maps(QStringLiteral("/proc/%1/maps").arg(g.process.processId()));
    QVERIFY(maps.open(QIODevice::ReadOnly));
    const QByteArray text = maps.readAll();
    QVERIFY(text.contains("libQt6Core"));    // the file is what we think it is
    QVERIFY(text.contains("libQt6Network")); // the proxy is loaded
    for (const char *library :
         {"libQt6Gui", "libQt6Widgets", "libX11", "libxcb", "libEGL", "libGL"})
        QVERIFY2(!text.contains(library), library);
}

void TestHeadless::portTakenExitsOne()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    QTemporaryDir dataDir;
    const QString address = QStringLiteral("127.0.0.1:%1").arg(taken.serverPort());
    const Run run = runGatehouse(
        m_binary, {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir.path(),
                   QStringLiteral("--listen"), address, QStringLiteral("--admin-listen"),
                   QStringLiteral("127.0.0.1:%1").arg(unusedPort())});
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 1);
    // One line that says what went wrong (the log may say more, on lines of its own).
    QList<QByteArray> errorLines;
    for (const QByteArray &line : run.err.split('\n')) {
        if (line.startsWith("gatehouse: "))
            errorLines << line;
    }
    QCOMPARE(errorLines.size(), 1);
    QVERIFY2(errorLines.first().contains(address.toUtf8()), errorLines.first().constData());
    QVERIFY(run.out.isEmpty());
}

void TestHeadless::badFlagsExitTwo_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--headless"),
                                                 QStringLiteral("--bogus")};
    QTest::newRow("bad listen") << QStringList{
        QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("nonsense")};
    QTest::newRow("listen without value") << QStringList{QStringLiteral("--listen")};
    QTest::newRow("bad port") << QStringList{QStringLiteral("--listen"),
                                             QStringLiteral("127.0.0.1:99999")};
    QTest::newRow("endpoint without url")
        << QStringList{QStringLiteral("--provider-endpoint"), QStringLiteral("deepseek")};
    QTest::newRow("endpoint unknown provider") << QStringList{
        QStringLiteral("--provider-endpoint"), QStringLiteral("nope=http://127.0.0.1:1")};
}

void TestHeadless::badFlagsExitTwo()
{
    QFETCH(QStringList, args);
    const Run run = runGatehouse(m_binary, args);
    QCOMPARE(run.status, QProcess::NormalExit);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    // Exactly one line on stderr, naming the problem.
    QVERIFY2(run.err.startsWith("gatehouse: "), run.err.constData());
    QCOMPARE(run.err.count('\n'), 1);
    QVERIFY(run.err.endsWith('\n'));
}

QTEST_GUILESS_MAIN(TestHeadless)
