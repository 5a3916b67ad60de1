#include "tst_seedguide.h"

#include "MockProvider.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <memory>

using namespace gatehouse;

namespace {

// The guide's commands, verbatim (route-traffic-to-deepseek.txt); only the ports change.
const char *kGuideRoute =
    R"(curl "http://127.0.0.1:7080/apisix/admin/routes?gateway_group_id=default" -X PUT \
-H "X-API-KEY: $ADMIN_API_KEY" \
-d '{
"id": "deepseek-route",
"service_id": "$SERVICE_ID",
"paths": ["/deepseek"],
"plugins": {
"ai-proxy": {
"provider": "deepseek",
"auth": {
"header": {
"Authorization": "Bearer '"$DEEPSEEK_API_KEY"'"
}
},
"options": {
"model": "deepseek-chat"
}
}
}
}')";

const char *kGuideMultiRoute =
    R"(curl "http://127.0.0.1:7080/apisix/admin/routes?gateway_group_id=default" -X PUT \
-H "X-API-KEY: $ADMIN_API_KEY" \
-d '{
"id": "deepseek-multi-route",
"service_id": "$SERVICE_ID",
"paths": ["/deepseek"],
"plugins": {
"ai-proxy-multi": {
"fallback_strategy": ["http_429", "http_5xx"],
"instances": [
{
"name": "deepseek-primary",
"provider": "deepseek",
"auth": { "header": { "Authorization": "Bearer '"$DEEPSEEK_API_KEY"'" } },
"options": { "model": "deepseek-chat" },
"weight": 1,
"priority": 1
},
{
"name": "openai-fallback",
"provider": "openai",
"auth": { "header": { "Authorization": "Bearer '"$OPENAI_API_KEY"'" } },
"options": { "model": "gpt-4o-mini" },
"weight": 1,
"priority": 2
}
]
}
}
}')";

const char *kGuideValidation = R"(curl "http://127.0.0.1:9080/deepseek" -X POST \
-H "Content-Type: application/json" \
-d '{
"messages": [
{ "role": "user", "content": "What is the Fibonacci sequence?" }
]
}')";

const QString kAdminKey = QStringLiteral("seedguide-admin-key-5b2d");
const QString kDeepSeekKey = QStringLiteral("sk-seedguide-deepseek-4f1c2a9b7e");
const QString kOpenAiKey = QStringLiteral("sk-seedguide-openai-8d3e6b1f0a");

quint16 unusedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return probe.serverPort();
}

// The shell's environment for the guide: its exports.
QHash<QString, QString> guideEnvironment()
{
    return {{"ADMIN_API_KEY", kAdminKey},
            {"SERVICE_ID", "your-service-id"},
            {"DEEPSEEK_API_KEY", kDeepSeekKey},
            {"OPENAI_API_KEY", kOpenAiKey}};
}

// One of the guide's commands as the argument list sh would hand curl: the URL, -X, -H with
// "$ADMIN_API_KEY" filled in (double quotes), and -d with the single-quoted JSON whose
// '"$VAR"' splices are replaced by the variable's value, as the shell does.
QStringList curlArguments(const QString &command, quint16 adminPort, quint16 proxyPort)
{
    QString text = command;
    text.replace(QStringLiteral("127.0.0.1:7080"), QStringLiteral("127.0.0.1:%1").arg(adminPort));
    text.replace(QStringLiteral("127.0.0.1:9080"), QStringLiteral("127.0.0.1:%1").arg(proxyPort));
    const QHash<QString, QString> env = guideEnvironment();
    const qsizetype urlStart = text.indexOf(QLatin1Char('"')) + 1;
    const QString url = text.mid(urlStart, text.indexOf(QLatin1Char('"'), urlStart) - urlStart);
    const QString method = text.section(QStringLiteral("-X "), 1).section(QLatin1Char(' '), 0, 0);
    const qsizetype headerStart = text.indexOf(QStringLiteral("-H \"")) + 4;
    QString header =
        text.mid(headerStart, text.indexOf(QLatin1Char('"'), headerStart) - headerStart);
    header.replace(QStringLiteral("$ADMIN_API_KEY"), env.value("ADMIN_API_KEY"));
    const qsizetype bodyStart = text.indexOf(QStringLiteral("-d '")) + 4;
    QString body = text.mid(bodyStart, text.lastIndexOf(QLatin1Char('\'')) - bodyStart);
    for (auto it = env.begin(); it != env.end(); ++it)
        body.replace(QStringLiteral("'\"$") + it.key() + QStringLiteral("\"'"), it.value());
    return {url,    QStringLiteral("-X"), method, QStringLiteral("-H"),
            header, QStringLiteral("-d"), body};
}

struct CurlRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs a program without blocking the event loop (the mocks answer on it too).
CurlRun run(const QString &program, const QStringList &args, const QProcessEnvironment &env = {})
{
    QProcess p;
    if (!env.isEmpty())
        p.setProcessEnvironment(env);
    p.start(program, args);
    CurlRun r;
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, 60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

CurlRun curl(const QStringList &args)
{
    return run(QStringLiteral("/usr/bin/curl"), args);
}

// `gatehouse --headless` with its providers pointed at the mocks.
class Gatehouse
{
public:
    Gatehouse(const QString &binary, const QString &deepseekUrl, const QString &openaiUrl,
              const QHash<QString, QString> &extraEnv = {})
    {
        proxyPort = unusedPort();
        adminPort = unusedPort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path()); // nothing of the user's is touched
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.remove(QStringLiteral("GATEHOUSE_ADMIN_KEY"));
        for (auto it = extraEnv.begin(); it != extraEnv.end(); ++it)
            env.insert(it.key(), it.value());
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(&process, &QProcess::readyReadStandardOutput,
                         [this] { log += process.readAllStandardOutput(); });
        process.start(
            binary,
            {QStringLiteral("--headless"), QStringLiteral("--data-dir"), dataDir.path(),
             QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(proxyPort),
             QStringLiteral("--admin-listen"), QStringLiteral("127.0.0.1:%1").arg(adminPort),
             QStringLiteral("--admin-key"), kAdminKey, QStringLiteral("--provider-endpoint"),
             QStringLiteral("deepseek=") + deepseekUrl, QStringLiteral("--provider-endpoint"),
             QStringLiteral("openai=") + openaiUrl});
    }

    ~Gatehouse() { stop(); }

    void stop()
    {
        if (process.state() != QProcess::NotRunning) {
            process.terminate();
            if (!process.waitForFinished(10000))
                process.kill();
            process.waitForFinished();
        }
        log += process.readAllStandardOutput();
    }

    static bool accepts(quint16 port)
    {
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, port);
        return probe.waitForConnected(1000);
    }

    bool waitUntilListening()
    {
        return QTest::qWaitFor(
                   [&] {
                       return process.state() == QProcess::NotRunning ||
                              (accepts(proxyPort) && accepts(adminPort));
                   },
                   20000) &&
               process.state() == QProcess::Running;
    }

    QString adminUrl(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(adminPort).arg(path);
    }
    QString proxyUrl(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(proxyPort).arg(path);
    }

    QTemporaryDir dataDir;
    QTemporaryDir home;
    QProcess process;
    QByteArray log; // what it printed, stdout and stderr
    quint16 proxyPort = 0;
    quint16 adminPort = 0;
};

QJsonObject object(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

QStringList warningCodes(const QJsonObject &answer)
{
    QStringList codes;
    for (const QJsonValue &w : answer.value(u"warnings").toArray())
        codes << w[u"code"].toString();
    return codes;
}

// Every file under `dir` that holds one of `secrets`.
QStringList filesHolding(const QString &dir, const QList<QByteArray> &secrets)
{
    QStringList found;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile f(it.next());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QByteArray content = f.readAll();
        for (const QByteArray &s : secrets) {
            if (content.contains(s))
                found << f.fileName();
        }
    }
    return found;
}

// The documented answer of the validation request.
void checkDocumentedShape(const QJsonObject &body, const QString &model)
{
    QVERIFY(body.value(u"id").isString());
    QCOMPARE(body.value(u"object").toString(), QStringLiteral("chat.completion"));
    QCOMPARE(body.value(u"model").toString(), model);
    const QJsonObject choice = body.value(u"choices").toArray().first().toObject();
    QCOMPARE(choice.value(u"index").toInt(-1), 0);
    QCOMPARE(choice.value(u"message")[u"role"].toString(), QStringLiteral("assistant"));
    QVERIFY(!choice.value(u"message")[u"content"].toString().isEmpty());
    QCOMPARE(choice.value(u"finish_reason").toString(), QStringLiteral("stop"));
    const QJsonObject usage = body.value(u"usage").toObject();
    QVERIFY(usage.value(u"prompt_tokens").toInt() > 0);
    QVERIFY(usage.value(u"completion_tokens").toInt() > 0);
    QCOMPARE(usage.value(u"total_tokens").toInt(),
             usage.value(u"prompt_tokens").toInt() + usage.value(u"completion_tokens").toInt());
}

QJsonArray guideMessages()
{
    const QString text = QString::fromUtf8(kGuideValidation);
    const qsizetype start = text.indexOf(QStringLiteral("-d '")) + 4;
    return object(text.mid(start, text.lastIndexOf(QLatin1Char('\'')) - start).toUtf8())
        .value(u"messages")
        .toArray();
}

} // namespace

void TestSeedGuide::initTestCase()
{
    const QString dir = qEnvironmentVariable("GATEHOUSE_BIN_DIR");
    if (dir.isEmpty())
        QSKIP("GATEHOUSE_BIN_DIR is not set (run through ctest)");
    m_binary = dir + QStringLiteral("/gatehouse");
    QVERIFY2(QFile::exists(m_binary), qPrintable(m_binary));
    QVERIFY(QFile::exists(QStringLiteral("/usr/bin/curl")));
}

void TestSeedGuide::seedGuideWordForWord()
{
    MockProvider deepseek;
    MockProvider openai;
    deepseek.setWorkerThreads(2);
    openai.setWorkerThreads(2);
    QVERIFY(deepseek.listen());
    QVERIFY(openai.listen());
    Gatehouse g(m_binary, deepseek.baseUrl(), openai.baseUrl());
    QVERIFY2(g.waitUntilListening(), g.log.constData());
    QList<QByteArray> answers; // everything the API and the proxy said

    // 1. The first route, as the guide PUTs it.
    CurlRun r = curl(curlArguments(QString::fromUtf8(kGuideRoute), g.adminPort, g.proxyPort));
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    QJsonObject answer = object(r.out);
    QVERIFY2(!answer.contains(u"error_msg"), r.out.constData());
    QCOMPARE(answer.value(u"key").toString(), QStringLiteral("/apisix/routes/deepseek-route"));
    // The key went to the keychain; the route holds a reference.
    QVERIFY(answer[u"value"][u"plugins"][u"ai-proxy"][u"auth"][u"header"][u"Authorization"]
                .toString()
                .startsWith(QLatin1String("$secret://keychain/")));
    // The guide sends the literal text "$SERVICE_ID" (inside single quotes): accepted, with a
    // warning.
    QCOMPARE(answer[u"value"][u"service_id"].toString(), QStringLiteral("$SERVICE_ID"));
    QVERIFY2(warningCodes(answer).contains(QStringLiteral("missing-service")), r.out.constData());

    // 2. Its validation request, with only this route on /deepseek: DeepSeek answers.
    r = curl(curlArguments(QString::fromUtf8(kGuideValidation), g.adminPort, g.proxyPort));
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    checkDocumentedShape(object(r.out), QStringLiteral("deepseek-chat"));
    QCOMPARE(deepseek.requestCount(), 1);
    MockRequest up = deepseek.lastRequest();
    QCOMPARE(up.path, QByteArray("/chat/completions"));
    QCOMPARE(up.header("Authorization"), ("Bearer " + kDeepSeekKey).toUtf8());
    QCOMPARE(up.json().value(u"model").toString(), QStringLiteral("deepseek-chat"));
    QCOMPARE(up.json().value(u"messages").toArray(), guideMessages());

    // 3. The multi route, as the guide PUTs it; the linter points at the inverted priorities.
    r = curl(curlArguments(QString::fromUtf8(kGuideMultiRoute), g.adminPort, g.proxyPort));
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    answer = object(r.out);
    QCOMPARE(answer.value(u"key").toString(),
             QStringLiteral("/apisix/routes/deepseek-multi-route"));
    QVERIFY2(warningCodes(answer).contains(QStringLiteral("fallback-outranks-primary")),
             r.out.constData());

    // 4. The validation request again. Both routes now sit on /deepseek with the same route
    // priority, so the one changed last, the multi route, serves it. Inside it APISIX's rule
    // holds: the higher instance priority is tried first, and the guide gave openai-fallback 2
    // and deepseek-primary 1. So, although the guide calls DeepSeek the primary, OpenAI answers
    // while it is healthy, with the OpenAI key and gpt-4o-mini.
    r = curl(curlArguments(QString::fromUtf8(kGuideValidation), g.adminPort, g.proxyPort));
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    checkDocumentedShape(object(r.out), QStringLiteral("gpt-4o-mini"));
    QCOMPARE(openai.requestCount(), 1);
    QCOMPARE(deepseek.requestCount(), 1);
    up = openai.lastRequest();
    QCOMPARE(up.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(up.header("Authorization"), ("Bearer " + kOpenAiKey).toUtf8());

    // 5. When OpenAI is rate limited, the guide's fallback_strategy ("http_429") moves on to
    // DeepSeek, and the documented answer comes back: deepseek-chat, with the DeepSeek key.
    openai.setDefault(Behavior::error(429));
    r = curl(QStringList{QStringLiteral("-i")} +
             curlArguments(QString::fromUtf8(kGuideValidation), g.adminPort, g.proxyPort));
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    const qsizetype split = r.out.indexOf("\r\n\r\n");
    const QByteArray head = r.out.left(split);
    QVERIFY2(head.startsWith("HTTP/1.1 200"), head.constData());
    QVERIFY2(head.contains("X-Gatehouse-Route: deepseek-multi-route\r\n"), head.constData());
    QVERIFY2(head.contains("X-Gatehouse-Instance: deepseek-primary\r\n"), head.constData());
    QVERIFY2(head.contains("X-Gatehouse-Attempts: openai-fallback=429,deepseek-primary=200"),
             head.constData());
    checkDocumentedShape(object(r.out.mid(split + 4)), QStringLiteral("deepseek-chat"));
    QCOMPARE(deepseek.requestCount(), 2);
    QCOMPARE(deepseek.lastRequest().header("Authorization"), ("Bearer " + kDeepSeekKey).toUtf8());
    // The Admin API shows what the proxy learnt: OpenAI's instance failed once with a 429, the
    // DeepSeek instance answered.
    r = curl({QStringLiteral("-sS"), g.adminUrl(QStringLiteral("/gatehouse/health")),
              QStringLiteral("-H"), QStringLiteral("X-API-KEY: ") + kAdminKey});
    QCOMPARE(r.exitCode, 0);
    answers << r.out;
    QJsonObject openaiHealth, deepseekHealth;
    for (const QJsonValue &v : object(r.out).value(u"instances").toArray()) {
        const QJsonObject o = v.toObject();
        if (o.value(u"route").toString() != QStringLiteral("deepseek-multi-route"))
            continue; // the single route's instance is listed too
        (o.value(u"instance").toString() == QStringLiteral("openai-fallback") ? openaiHealth
                                                                              : deepseekHealth) = o;
    }
    QVERIFY2(openaiHealth.value(u"failures").toInt() >= 1, r.out.constData());
    QCOMPARE(openaiHealth.value(u"last_status").toInt(), 429);
    QCOMPARE(deepseekHealth.value(u"instance").toString(), QStringLiteral("deepseek-primary"));
    QCOMPARE(deepseekHealth.value(u"last_status").toInt(), 200);
    QCOMPARE(deepseekHealth.value(u"state").toString(), QStringLiteral("healthy"));

    // 6. No API answer holds a key: the routes, the list, the request log, the metrics.
    for (const QString &path :
         {QStringLiteral("/apisix/admin/routes"),
          QStringLiteral("/apisix/admin/routes/deepseek-route"),
          QStringLiteral("/apisix/admin/routes/deepseek-multi-route"),
          QStringLiteral("/gatehouse/requests"), QStringLiteral("/metrics")}) {
        r = curl({QStringLiteral("-sS"), QStringLiteral("-i"), g.adminUrl(path),
                  QStringLiteral("-H"), QStringLiteral("X-API-KEY: ") + kAdminKey});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("HTTP/1.1 200"), r.out.constData());
        answers << r.out;
    }
    const QJsonObject list = object(
        answers[answers.size() - 5].mid(answers[answers.size() - 5].indexOf("\r\n\r\n") + 4));
    QCOMPARE(list.value(u"total").toInt(), 2);
    for (const QByteArray &a : std::as_const(answers)) {
        QVERIFY2(!a.contains(kDeepSeekKey.toUtf8()), a.constData());
        QVERIFY2(!a.contains(kOpenAiKey.toUtf8()), a.constData());
    }

    // 7. No file Gatehouse wrote holds a key (stopped first, so everything is flushed), nor its
    // log.
    g.stop();
    QCOMPARE(g.process.exitCode(), 0);
    const QByteArray &log = g.log;
    QVERIFY(!log.contains(kDeepSeekKey.toUtf8()));
    QVERIFY(!log.contains(kOpenAiKey.toUtf8()));
    // Inside the test session's gnome-keyring the keys really went there; without a keyring
    // Gatehouse holds them in memory for the run, and says so.
    if (log.contains("the keychain is available"))
        QVERIFY2(log.contains("stored the key deepseek-route in the keychain"), log.constData());
    else
        qWarning("no keychain in this session: the keys were held in memory (run through "
                 "scripts/test.sh)");
    const QList<QByteArray> secrets{kDeepSeekKey.toUtf8(), kOpenAiKey.toUtf8()};
    QVERIFY(QFile::exists(g.dataDir.filePath(QStringLiteral("config.json"))));
    QCOMPARE(filesHolding(g.dataDir.path(), secrets), QStringList());
    QCOMPARE(filesHolding(g.home.path(), secrets), QStringList());
}

void TestSeedGuide::guideTextThroughTheShell()
{
    // The same commands as text, run by /bin/sh with the guide's exports: the shell does the
    // '"$VAR"' splicing itself.
    MockProvider deepseek;
    MockProvider openai;
    deepseek.setWorkerThreads(2);
    openai.setWorkerThreads(2);
    QVERIFY(deepseek.listen());
    QVERIFY(openai.listen());
    openai.setDefault(Behavior::error(503)); // DeepSeek answers, as the guide expects
    Gatehouse g(m_binary, deepseek.baseUrl(), openai.baseUrl());
    QVERIFY2(g.waitUntilListening(), g.log.constData());

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QHash<QString, QString> exports = guideEnvironment();
    for (auto it = exports.begin(); it != exports.end(); ++it)
        env.insert(it.key(), it.value());
    QList<QByteArray> outputs;
    for (const char *command : {kGuideRoute, kGuideMultiRoute, kGuideValidation}) {
        QString text = QString::fromUtf8(command);
        text.replace(QStringLiteral("127.0.0.1:7080"),
                     QStringLiteral("127.0.0.1:%1").arg(g.adminPort));
        text.replace(QStringLiteral("127.0.0.1:9080"),
                     QStringLiteral("127.0.0.1:%1").arg(g.proxyPort));
        const CurlRun r = run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), text}, env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        outputs << r.out;
    }
    QCOMPARE(object(outputs[0]).value(u"key").toString(),
             QStringLiteral("/apisix/routes/deepseek-route"));
    QCOMPARE(object(outputs[1]).value(u"key").toString(),
             QStringLiteral("/apisix/routes/deepseek-multi-route"));
    checkDocumentedShape(object(outputs[2]), QStringLiteral("deepseek-chat"));
    // OpenAI (tried first) failed with 503, so http_5xx fell back to DeepSeek with its key.
    QCOMPARE(openai.requestCount(), 1);
    QCOMPARE(deepseek.requestCount(), 1);
    QCOMPARE(deepseek.lastRequest().header("Authorization"), ("Bearer " + kDeepSeekKey).toUtf8());
    for (const QByteArray &o : std::as_const(outputs)) {
        QVERIFY(!o.contains(kDeepSeekKey.toUtf8()));
        QVERIFY(!o.contains(kOpenAiKey.toUtf8()));
    }
}

void TestSeedGuide::reloadUnderLoad()
{
    MockProvider deepseek;
    deepseek.setWorkerThreads(2);
    Behavior answer; // JSON or a paced SSE stream, whichever the request asks for
    answer.paceMs = 2;
    deepseek.setDefault(answer);
    QVERIFY(deepseek.listen());
    Gatehouse g(m_binary, deepseek.baseUrl(), deepseek.baseUrl(),
                {{QStringLiteral("RELOAD_TEST_KEY"), QStringLiteral("Bearer reload-test-key")}});
    QVERIFY2(g.waitUntilListening(), g.log.constData());

    QNetworkAccessManager nam;
    auto routeWithModel = [](const QString &model) {
        return QJsonDocument(
                   QJsonObject{
                       {"id", "reload-route"},
                       {"paths", QJsonArray{"/reload"}},
                       {"plugins",
                        QJsonObject{
                            {"ai-proxy",
                             QJsonObject{
                                 {"provider", "deepseek"},
                                 {"auth",
                                  QJsonObject{{"header", QJsonObject{{"Authorization",
                                                                      "$env://RELOAD_TEST_KEY"}}}}},
                                 {"options", QJsonObject{{"model", model}}},
                             }}}}})
            .toJson(QJsonDocument::Compact);
    };
    auto put = [&](const QString &model) {
        QNetworkRequest request(
            QUrl(g.adminUrl(QStringLiteral("/apisix/admin/routes/reload-route"))));
        request.setRawHeader("X-API-KEY", kAdminKey.toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(nam.put(request, routeWithModel(model)));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 20000))
            return 0;
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    };
    QCOMPARE(put(QStringLiteral("model-a")), 201);

    // Four clients, each sending its next request as soon as the last one finished, alternating
    // plain JSON and SSE streams.
    struct Done
    {
        int startedAfterPut = 0; // how many PUTs had been answered when it was sent
        bool ok = false;
        QString model;
        QString error;
    };
    QList<Done> done;
    int putsAnswered = 0;
    int inFlight = 0;
    int sent = 0;
    bool stopping = false;
    std::function<void()> send = [&] {
        const bool stream = sent++ % 2 == 1;
        QNetworkRequest request(QUrl(g.proxyUrl(QStringLiteral("/reload"))));
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        const QByteArray body =
            QJsonDocument(QJsonObject{{"messages", guideMessages()}, {"stream", stream}})
                .toJson(QJsonDocument::Compact);
        QNetworkReply *reply = nam.post(request, body);
        const int startedAfter = putsAnswered;
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply, stream, startedAfter] {
            reply->deleteLater();
            --inFlight;
            Done d;
            d.startedAfterPut = startedAfter;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray data = reply->readAll();
            QJsonObject first;
            if (stream) {
                const qsizetype at = data.indexOf("data: {");
                first = object(data.mid(at + 6, data.indexOf('\n', at) - at - 6));
                d.ok = status == 200 && data.endsWith("data: [DONE]\n\n");
            } else {
                first = object(data);
                d.ok = status == 200 &&
                       first.value(u"object").toString() == QLatin1String("chat.completion");
            }
            d.model = first.value(u"model").toString();
            if (!d.ok)
                d.error = QStringLiteral("%1 %2: %3")
                              .arg(status)
                              .arg(reply->errorString(), QString::fromUtf8(data.left(300)));
            done << d;
            if (!stopping)
                send();
        });
    };
    for (int i = 0; i < 4; ++i)
        send();

    // 50 changes, alternating the model. After each, the first request sent after the change's
    // answer (and finished before the next change) must run on the new route.
    for (int k = 1; k <= 50; ++k) {
        const QString model = k % 2 == 1 ? QStringLiteral("model-b") : QStringLiteral("model-a");
        QCOMPARE(put(model), 200);
        putsAnswered = k;
        auto firstAfter = [&]() -> const Done * {
            for (const Done &d : std::as_const(done)) {
                if (d.startedAfterPut == k)
                    return &d;
            }
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(firstAfter() != nullptr, 20000);
        QVERIFY2(firstAfter()->ok, qPrintable(firstAfter()->error));
        QCOMPARE(firstAfter()->model, model);
    }
    stopping = true;
    QTRY_COMPARE_WITH_TIMEOUT(inFlight, 0, 20000);

    int failed = 0;
    QString firstError;
    QSet<QString> models;
    int switches = 0;
    for (qsizetype i = 0; i < done.size(); ++i) {
        if (!done[i].ok && failed++ == 0)
            firstError = done[i].error;
        models.insert(done[i].model);
        if (i > 0 && done[i].model != done[i - 1].model)
            ++switches;
    }
    qInfo("%d requests (half of them streams) while the route changed 50 times; the model switched "
          "%d times",
          int(done.size()), switches);
    QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 of %2 failed, first: %3")
                                         .arg(failed)
                                         .arg(done.size())
                                         .arg(firstError)));
    QVERIFY(done.size() > 100);
    QCOMPARE(models, QSet<QString>({QStringLiteral("model-a"), QStringLiteral("model-b")}));
    QVERIFY2(switches >= 49, qPrintable(QString::number(switches)));
    QCOMPARE(deepseek.lastRequest().header("Authorization"), QByteArray("Bearer reload-test-key"));
}

QTEST_GUILESS_MAIN(TestSeedGuide)
