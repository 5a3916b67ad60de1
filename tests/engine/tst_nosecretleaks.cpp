#include "tst_nosecretleaks.h"

#include "Engine.h"
#include "Fixtures.h"
#include "MockProvider.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

// The whole way a key travels, end to end in one process: it arrives as a literal in the seed
// guide's PUT, is moved into the (real, private) keychain, is used for requests, and must not
// appear in any log line, request record, API answer or file under the data folder.
namespace {

const QByteArray kDeepSeekKey = "test-deepseek-key-7f3a";
const QByteArray kOpenAiKey = "test-openai-key-91bc";

QMutex g_logMutex;
QByteArrayList g_log;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log << message.toUtf8();
    }
    g_previous(type, context, message);
}

QByteArray call(QNetworkAccessManager &nam, const QByteArray &verb, const QString &url, const QByteArray &body = {},
                const QByteArray &adminKey = {})
{
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!adminKey.isEmpty())
        request.setRawHeader("X-API-KEY", adminKey);
    QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000))
        qFatal("request to %s did not finish", qPrintable(url));
    const QByteArray out = reply->readAll();
    reply->deleteLater();
    return out;
}

} // namespace

void TestNoSecretLeaks::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("gatehouse.*.debug=true"));
    g_previous = qInstallMessageHandler(capture);
}

void TestNoSecretLeaks::keysNeverLeaveTheKeychain()
{
    MockProvider mock;
    QVERIFY(mock.listen());
    QTemporaryDir dir;
    LaunchOptions options;
    options.headless = true;
    options.dataDir = dir.path();
    options.listen = {QStringLiteral("127.0.0.1"), 0};
    options.adminListen = {QStringLiteral("127.0.0.1"), 0};
    options.adminKey = QStringLiteral("test-admin-key");
    options.providerEndpoints.insert(QStringLiteral("deepseek"), QUrl(mock.baseUrl()));
    options.providerEndpoints.insert(QStringLiteral("openai"), QUrl(mock.baseUrl() + QStringLiteral("/status/429")));
    Engine engine(options);
    QString error;
    QVERIFY(engine.start(&error));
    QVERIFY2(engine.credentials().keychainStatus() == SecretStatus::Ok,
             "the test needs the private keyring session that scripts/test.sh starts");
    const QString admin = QStringLiteral("http://127.0.0.1:%1").arg(engine.adminService().port());
    const QString proxy = QStringLiteral("http://%1").arg(engine.proxy().address());
    QNetworkAccessManager nam;

    QByteArrayList answers;
    QByteArray single = fixtures::bytes(QStringLiteral("seed/deepseek-route.json"));
    single.replace("test-deepseek-key", kDeepSeekKey);
    QByteArray multi = fixtures::bytes(QStringLiteral("seed/deepseek-multi-route.json"));
    multi.replace("test-deepseek-key", kDeepSeekKey).replace("test-openai-key", kOpenAiKey);
    multi.replace("\"/deepseek\"", "\"/multi\"");
    answers << call(nam, "PUT", admin + QStringLiteral("/apisix/admin/routes?gateway_group_id=default"), single, "test-admin-key");
    answers << call(nam, "PUT", admin + QStringLiteral("/apisix/admin/routes?gateway_group_id=default"), multi, "test-admin-key");
    QVERIFY2(answers[0].contains("$secret://keychain/"), answers[0].constData());

    // Requests: a plain one, a stream, and one that falls back (openai-fallback answers 429).
    const QByteArray chat = R"({"messages": [{"role": "user", "content": "What is the Fibonacci sequence?"}]})";
    answers << call(nam, "POST", proxy + QStringLiteral("/deepseek"), chat);
    answers << call(nam, "POST", proxy + QStringLiteral("/deepseek"),
                    R"({"stream": true, "messages": [{"role": "user", "content": "hi"}]})");
    answers << call(nam, "POST", proxy + QStringLiteral("/multi"), chat);
    QVERIFY2(answers[2].contains("chat.completion"), answers[2].constData());
    QVERIFY2(answers[4].contains("chat.completion"), answers[4].constData());
    QTRY_COMPARE(engine.recentRequests().newest(10).size(), 3);

    // The provider did get the key: it works, it just never shows.
    bool sawKey = false;
    for (const MockRequest &r : mock.requests())
        sawKey = sawKey || r.header("authorization") == "Bearer " + kDeepSeekKey;
    QVERIFY(sawKey);

    answers << call(nam, "GET", admin + QStringLiteral("/apisix/admin/routes"), {}, "test-admin-key");
    answers << call(nam, "GET", admin + QStringLiteral("/gatehouse/requests"), {}, "test-admin-key");
    answers << call(nam, "GET", admin + QStringLiteral("/metrics"), {}, "test-admin-key");
    for (const RequestRecord &r : engine.recentRequests().newest(10)) {
        answers << QJsonDocument(RecentRequests::toJson(r)).toJson();
        answers << r.logLine().toUtf8();
    }

    for (const QByteArray &key : {kDeepSeekKey, kOpenAiKey}) {
        for (const QByteArray &a : answers)
            QVERIFY2(!a.contains(key), a.constData());
        QMutexLocker lock(&g_logMutex);
        QVERIFY(g_log.size() > 5); // the log did record the run
        for (const QByteArray &line : g_log)
            QVERIFY2(!line.contains(key), line.constData());
        lock.unlock();
        QDirIterator files(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (files.hasNext()) {
            QFile f(files.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains(key), qPrintable(f.fileName()));
        }
    }
}

QTEST_GUILESS_MAIN(TestNoSecretLeaks)
