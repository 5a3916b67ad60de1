#include "CredentialManager.h"
#include "KeychainSecretStore.h"
#include "LogCapture.h"
#include "MemorySecretStore.h"

#include <QCoreApplication>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDBusReply>
#include <QDBusVariant>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <qt6keychain/keychain.h>

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace gatehouse;

// The keychain store against a real gnome-keyring over a private D-Bus session (scripts/test.sh
// runs the suite inside one). Two cases need a session of their own, so the test runs itself
// again as a child process:
//  - no Secret Service: the child gets a bus address whose socket does not exist, no bus address
//    at all, or a private bus without any Secret Service;
//  - a locked keyring: the child runs in its own `dbus-run-session` with a fresh HOME and an
//    unlocked gnome-keyring, stores a key, locks the login collection through the Secret Service
//    D-Bus API (Service.Lock needs no prompt), checks what a locked keyring looks like, then
//    unlocks it headless with `gnome-keyring-daemon --replace --unlock` (password on stdin) to
//    prove the key was never lost. DISPLAY is removed so gnome-keyring's unlock prompt fails at
//    once instead of opening a window.
// Test keys go under the service "Gatehouse-test", never the real "Gatehouse" entries.

namespace {

const QString kService = QStringLiteral("Gatehouse-test");
const QString kKey1 = QStringLiteral("test-key-0001");
const QString kKey2 = QStringLiteral("test-key-0002");
const QString kKey3 = QStringLiteral("test-key-0003");
const QString kPassword = QStringLiteral("gatehouse-test");
const char kChildVar[] = "GATEHOUSE_KEYCHAIN_TEST_CHILD";
const char kExpectVar[] = "GATEHOUSE_KEYCHAIN_TEST_EXPECT";
const QString kSecretsService = QStringLiteral("org.freedesktop.secrets");
const QString kSecretsPath = QStringLiteral("/org/freedesktop/secrets");

bool isChild()
{
    return qEnvironmentVariableIsSet(kChildVar);
}

SecretResult run(SecretJob *job)
{
    return SecretJob::wait(job, 20000);
}

struct RawAnswer
{
    int error = -1;
    QString message;
};

// What QtKeychain itself says, to pin down the quirks the store works around.
RawAnswer rawRun(QKeychain::Job *job)
{
    RawAnswer answer;
    QEventLoop loop;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *j) {
        answer.error = int(j->error());
        answer.message = j->errorString();
        loop.quit();
    });
    job->setAutoDelete(true);
    job->start();
    loop.exec();
    return answer;
}

// `key` as stored: SecretStore::keyFor(name) for a credential.
RawAnswer rawRead(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(kService);
    job->setKey(key);
    return rawRun(job);
}

RawAnswer rawWrite(const QString &key, const QString &value)
{
    auto *job = new QKeychain::WritePasswordJob(kService);
    job->setKey(key);
    job->setTextData(value);
    return rawRun(job);
}

struct ChildRun
{
    int exitCode = -1;
    QString output;
};

// Runs one test function of this binary in a child process, optionally behind `wrapper`
// (e.g. dbus-run-session ...), and returns its exit code and everything it printed.
ChildRun runChild(const QStringList &wrapper, const QString &function, QProcessEnvironment env)
{
    env.insert(QString::fromLatin1(kChildVar), QStringLiteral("1"));
    QStringList command = wrapper;
    command << QCoreApplication::applicationFilePath() << function;
    QProcess process;
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(command.takeFirst(), command);
    ChildRun result;
    if (!process.waitForStarted(10000)) {
        result.output = QStringLiteral("could not start: ") + process.errorString();
        return result;
    }
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished(5000);
        result.output = QStringLiteral("timed out\n");
    }
    result.output += QString::fromLocal8Bit(process.readAll());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

// QTest cuts long failure messages, so a failed child's whole output goes to stderr.
bool childPassed(const ChildRun &child, const QString &function)
{
    const bool passed = child.exitCode == 0 &&
                        child.output.contains(QStringLiteral("PASS   : TestKeychainSecretStore::") +
                                              function + QStringLiteral("()"));
    if (!passed)
        fprintf(stderr, "----- child %s exited with %d -----\n%s\n----- end of child -----\n",
                qPrintable(function), child.exitCode, qPrintable(child.output));
    return passed;
}

QDBusMessage secretsCall(const QString &path, const QString &interface, const QString &method,
                         const QVariantList &arguments)
{
    QDBusMessage call = QDBusMessage::createMethodCall(kSecretsService, path, interface, method);
    call.setArguments(arguments);
    return QDBusConnection::sessionBus().call(call, QDBus::Block, 10000);
}

QString defaultCollection()
{
    const QDBusReply<QDBusObjectPath> reply =
        secretsCall(kSecretsPath, QStringLiteral("org.freedesktop.Secret.Service"),
                    QStringLiteral("ReadAlias"), {QStringLiteral("default")});
    return reply.isValid() ? reply.value().path() : QString();
}

std::optional<bool> collectionLocked(const QString &collection)
{
    const QDBusReply<QDBusVariant> reply = secretsCall(
        collection, QStringLiteral("org.freedesktop.DBus.Properties"), QStringLiteral("Get"),
        {QStringLiteral("org.freedesktop.Secret.Collection"), QStringLiteral("Locked")});
    if (!reply.isValid())
        return std::nullopt;
    return reply.value().variant().toBool();
}

} // namespace

class TestKeychainSecretStore final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void classify_data();
    void classify();
    void storeReadReplaceRemove();
    void missingEntryIsNotFound();
    void restartReadsKeysBack();
    void credentialIndexOnRealKeychain();
    void literalMovedIntoKeychain();
    void noSecretService_data();
    void noSecretService();
    void lockedKeyring();

    // Run only as child processes of the two tests above.
    void noSecretServiceChild();
    void lockedKeyringChild();

private:
    std::unique_ptr<LogCapture> m_log;
};

void TestKeychainSecretStore::initTestCase()
{
    m_log = std::make_unique<LogCapture>();
    if (isChild())
        return;
    KeychainSecretStore store(kService);
    const SecretResult probe = run(store.probe());
    if (!probe.ok())
        QFAIL(qPrintable(
            QStringLiteral("No unlocked Secret Service on the session bus (%1). Run the suite "
                           "through scripts/test.sh, or: HOME=$(mktemp -d) dbus-run-session -- sh "
                           "-c 'printf pw | gnome-keyring-daemon --unlock --components=secrets "
                           ">/dev/null; exec \"$@\"' sh ctest -L secrets")
                .arg(probe.describe())));
}

void TestKeychainSecretStore::cleanupTestCase()
{
    const QString log = LogCapture::text();
    for (const QString &key : {kKey1, kKey2, kKey3})
        QVERIFY2(!log.contains(key), qPrintable(QStringLiteral("%1 leaked into the log").arg(key)));
    m_log.reset();
}

void TestKeychainSecretStore::classify_data()
{
    QTest::addColumn<int>("error");
    QTest::addColumn<QString>("message");
    QTest::addColumn<SecretStatus>("expected");

    // Messages as QtKeychain 0.13.2 + libsecret + gnome-keyring 42 report them here.
    QTest::newRow("ok") << int(QKeychain::NoError) << QString() << SecretStatus::Ok;
    QTest::newRow("missing, or locked on read")
        << int(QKeychain::EntryNotFound) << QStringLiteral("Entry not found")
        << SecretStatus::NotFound;
    QTest::newRow("locked on write")
        << int(QKeychain::AccessDenied)
        << QStringLiteral("Cannot create an item in a locked collection") << SecretStatus::Locked;
    QTest::newRow("kwallet refused")
        << int(QKeychain::AccessDenied) << QStringLiteral("Access to keychain denied")
        << SecretStatus::AccessDenied;
    QTest::newRow("refused by user")
        << int(QKeychain::AccessDeniedByUser) << QStringLiteral("User canceled the operation")
        << SecretStatus::AccessDenied;
    QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable)
                                << QStringLiteral("No keychain service available")
                                << SecretStatus::NoBackend;
    QTest::newRow("not implemented")
        << int(QKeychain::NotImplemented) << QString() << SecretStatus::NoBackend;
    QTest::newRow("bus socket missing")
        << int(QKeychain::OtherError)
        << QStringLiteral("Could not connect: No such file or directory")
        << SecretStatus::NoBackend;
    QTest::newRow("no bus address")
        << int(QKeychain::OtherError)
        << QStringLiteral("Cannot autolaunch D-Bus without X11 $DISPLAY")
        << SecretStatus::NoBackend;
    QTest::newRow("bus without secret service")
        << int(QKeychain::OtherError)
        << QStringLiteral("The name org.freedesktop.secrets was not provided by any .service files")
        << SecretStatus::NoBackend;
    QTest::newRow("no default keyring")
        << int(QKeychain::OtherError)
        << QStringLiteral("Object does not exist at path \u201c/org/freedesktop/secrets/collection/"
                          "login\u201d")
        << SecretStatus::Locked;
    QTest::newRow("unknown") << int(QKeychain::OtherError) << QStringLiteral("Unknown error")
                             << SecretStatus::Other;
    QTest::newRow("could not delete") << int(QKeychain::CouldNotDeleteEntry)
                                      << QStringLiteral("Could not delete") << SecretStatus::Other;
}

void TestKeychainSecretStore::classify()
{
    QFETCH(int, error);
    QFETCH(QString, message);
    QFETCH(SecretStatus, expected);
    QCOMPARE(KeychainSecretStore::classify(error, message), expected);
}

void TestKeychainSecretStore::storeReadReplaceRemove()
{
    KeychainSecretStore store(kService);
    QCOMPARE(store.backendName(), QStringLiteral("keychain"));
    SecretResult r = run(store.write(QStringLiteral("round-trip"), kKey1));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    r = run(store.read(QStringLiteral("round-trip")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.value, kKey1);

    QVERIFY(run(store.write(QStringLiteral("round-trip"), kKey2)).ok());
    QCOMPARE(run(store.read(QStringLiteral("round-trip"))).value, kKey2);

    r = run(store.remove(QStringLiteral("round-trip")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(run(store.read(QStringLiteral("round-trip"))).status, SecretStatus::NotFound);
    QVERIFY(run(store.remove(QStringLiteral("round-trip"))).ok()); // already gone: fine

    QCOMPARE(run(store.write(QStringLiteral("not valid"), kKey1)).status, SecretStatus::Invalid);
}

void TestKeychainSecretStore::missingEntryIsNotFound()
{
    KeychainSecretStore store(kService);
    // QtKeychain says EntryNotFound for a missing entry and for a locked keyring alike; the
    // store's probe write succeeded here, so it may say "not stored".
    QCOMPARE(rawRead(SecretStore::keyFor(QStringLiteral("never-stored"))).error,
             int(QKeychain::EntryNotFound));
    const SecretResult r = run(store.read(QStringLiteral("never-stored")));
    QCOMPARE(r.status, SecretStatus::NotFound);
    QVERIFY2(r.message.contains(QStringLiteral("No key named \"never-stored\" is stored")),
             qPrintable(r.message));
    QVERIFY(r.value.isEmpty());
    // The probe cleans up after itself.
    QCOMPARE(rawRead(QStringLiteral("probe/write-check")).error, int(QKeychain::EntryNotFound));
}

void TestKeychainSecretStore::restartReadsKeysBack()
{
    {
        KeychainSecretStore first(kService);
        QVERIFY(run(first.write(QStringLiteral("survives"), kKey3)).ok());
    }
    KeychainSecretStore second(kService);
    const SecretResult r = run(second.read(QStringLiteral("survives")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.value, kKey3);

    // The same through the manager: the index travels through the config as JSON.
    QJsonArray index;
    {
        CredentialManager manager(new KeychainSecretStore(kService));
        CredentialInfo info;
        info.name = QStringLiteral("restart-me");
        info.provider = QStringLiteral("deepseek");
        QVERIFY(run(manager.store(info, kKey1)).ok());
        index = CredentialInfo::listToJson(manager.credentials());
    }
    QVERIFY(!QJsonDocument(index).toJson().contains(kKey1.toUtf8()));
    CredentialManager restarted(new KeychainSecretStore(kService));
    restarted.setIndex(CredentialInfo::listFromJson(index));
    restarted.load();
    QVERIFY(restarted.waitForLoad(20000));
    QString error;
    QCOMPARE(restarted.resolve(QStringLiteral("$secret://keychain/restart-me"), &error),
             std::optional<QString>(kKey1));
    QCOMPARE(restarted.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Ok));
    QVERIFY(run(restarted.remove(QStringLiteral("restart-me"))).ok());
    QVERIFY(run(second.remove(QStringLiteral("survives"))).ok());
}

void TestKeychainSecretStore::credentialIndexOnRealKeychain()
{
    CredentialManager manager(new KeychainSecretStore(kService));
    manager.load();
    QVERIFY(manager.waitForLoad(20000));
    QSignalSpy indexSpy(&manager, &CredentialManager::indexChanged);
    CredentialInfo a;
    a.name = QStringLiteral("index-a");
    CredentialInfo b;
    b.name = QStringLiteral("index-b");
    QVERIFY(run(manager.store(a, kKey1)).ok());
    QVERIFY(run(manager.store(b, kKey2)).ok());
    QCOMPARE(manager.credentials().size(), 2);
    QVERIFY(run(manager.remove(QStringLiteral("index-a"))).ok());
    QCOMPARE(manager.credentials().size(), 1);
    QCOMPARE(manager.credentials().at(0).name, QStringLiteral("index-b"));
    QCOMPARE(indexSpy.count(), 3);

    KeychainSecretStore fresh(kService);
    QCOMPARE(run(fresh.read(QStringLiteral("index-a"))).status, SecretStatus::NotFound);
    QCOMPARE(run(fresh.read(QStringLiteral("index-b"))).value, kKey2);
    QVERIFY(run(manager.remove(QStringLiteral("index-b"))).ok());
    QCOMPARE(run(fresh.read(QStringLiteral("index-b"))).status, SecretStatus::NotFound);
}

void TestKeychainSecretStore::literalMovedIntoKeychain()
{
    CredentialManager manager(new KeychainSecretStore(kService));
    manager.load();
    QVERIFY(manager.waitForLoad(20000));
    const QString literal = QStringLiteral("Bearer ") + kKey3;
    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(literal, QStringLiteral("moved literal"));
    QVERIFY(move.ok);
    QVERIFY(move.warning.isEmpty());
    QCOMPARE(move.reference, QStringLiteral("$secret://keychain/moved-literal"));
    QVERIFY(run(move.job).ok());
    KeychainSecretStore fresh(kService);
    QCOMPARE(run(fresh.read(QStringLiteral("moved-literal"))).value, literal);
    QVERIFY(run(manager.remove(QStringLiteral("moved-literal"))).ok());
}

void TestKeychainSecretStore::noSecretService_data()
{
    QTest::addColumn<QString>("setup");
    QTest::addColumn<QString>("expectedDetail");
    QTest::newRow("bus socket missing")
        << QStringLiteral("missing-socket") << QStringLiteral("Could not connect");
    QTest::newRow("no bus address") << QStringLiteral("no-address") << QStringLiteral("autolaunch");
    QTest::newRow("bus without secret service")
        << QStringLiteral("empty-bus") << QStringLiteral("not provided by any .service files");
}

void TestKeychainSecretStore::noSecretService()
{
    QFETCH(QString, setup);
    QFETCH(QString, expectedDetail);
    if (isChild())
        QSKIP("parent only");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never fall back to a desktop's real bus through XDG_RUNTIME_DIR/bus or X11 autolaunch.
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), dir.path());
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.insert(QString::fromLatin1(kExpectVar), expectedDetail);
    QStringList wrapper;
    if (setup == QLatin1String("missing-socket")) {
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=") + dir.filePath(QStringLiteral("no-such-bus")));
    } else if (setup == QLatin1String("no-address")) {
        env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    } else {
        if (QStandardPaths::findExecutable(QStringLiteral("dbus-run-session")).isEmpty())
            QSKIP("dbus-run-session is not installed");
        // A session bus that offers no services at all, so nothing can be activated.
        QFile config(dir.filePath(QStringLiteral("bus.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write("<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration "
                     "1.0//EN\" \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
                     "<busconfig><type>session</type><listen>unix:tmpdir=/tmp</listen>"
                     "<policy context=\"default\"><allow send_destination=\"*\" "
                     "eavesdrop=\"true\"/><allow eavesdrop=\"true\"/><allow own=\"*\"/>"
                     "</policy></busconfig>\n");
        config.close();
        wrapper << QStringLiteral("dbus-run-session")
                << QStringLiteral("--config-file=") + config.fileName() << QStringLiteral("--");
    }
    const ChildRun child = runChild(wrapper, QStringLiteral("noSecretServiceChild"), env);
    QVERIFY2(childPassed(child, QStringLiteral("noSecretServiceChild")),
             "the child failed; its output is above");
    QVERIFY2(!child.output.contains(kKey1), "a test key reached the child's output");
}

void TestKeychainSecretStore::noSecretServiceChild()
{
    if (!isChild())
        QSKIP("runs as a child of noSecretService");
    const QString expected = qEnvironmentVariable(kExpectVar);

    // What QtKeychain 0.13 says: OtherError with a D-Bus message, not NoBackendAvailable.
    const RawAnswer raw = rawRead(SecretStore::keyFor(QStringLiteral("anything")));
    QCOMPARE(raw.error, int(QKeychain::OtherError));
    QVERIFY2(raw.message.contains(expected), qPrintable(raw.message));

    KeychainSecretStore store(kService);
    const QString sentence = QStringLiteral("no keyring service is running (Secret Service over "
                                            "D-Bus). Start gnome-keyring or KWallet, or use "
                                            "$env:// references.");
    SecretResult r = run(store.read(QStringLiteral("anything")));
    QCOMPARE(r.status, SecretStatus::NoBackend);
    QVERIFY2(r.message.contains(sentence), qPrintable(r.message));
    QVERIFY2(r.detail.contains(expected), qPrintable(r.detail));
    QCOMPARE(run(store.write(QStringLiteral("anything"), kKey1)).status, SecretStatus::NoBackend);
    QCOMPARE(run(store.remove(QStringLiteral("anything"))).status, SecretStatus::NoBackend);
    QCOMPARE(run(store.probe()).status, SecretStatus::NoBackend);

    // The manager retries once, then holds a literal key in memory and says so.
    CredentialManager manager(new KeychainSecretStore(kService));
    manager.setStartupRetryDelay(50);
    CredentialInfo indexed;
    indexed.name = QStringLiteral("indexed");
    manager.setIndex({indexed});
    QSignalSpy loaded(&manager, &CredentialManager::loadFinished);
    QSignalSpy warnings(&manager, &CredentialManager::warning);
    manager.load();
    QVERIFY(manager.waitForLoad(20000));
    QCOMPARE(loaded.count(), 2); // the first pass and the one retry
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::NoBackend));
    QCOMPARE(manager.status(QStringLiteral("indexed")).status, SecretStatus::NoBackend);
    QCOMPARE(warnings.count(), 1);

    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(QStringLiteral("Bearer ") + kKey1, QStringLiteral("openai"));
    QVERIFY(move.ok);
    QCOMPARE(move.reference, QStringLiteral("$secret://keychain/openai"));
    QVERIFY2(move.warning.contains(QStringLiteral("held in memory for this run only")),
             qPrintable(move.warning));
    QVERIFY2(move.warning.contains(sentence), qPrintable(move.warning));
    QVERIFY(manager.credential(QStringLiteral("openai"))->memoryOnly);
    QTRY_VERIFY(manager.memoryStore()->contains(QStringLiteral("openai")));
    QString error;
    QCOMPARE(manager.resolve(move.reference, &error),
             std::optional<QString>(QStringLiteral("Bearer ") + kKey1));

    const QStringList lines = LogCapture::lines();
    QVERIFY(std::any_of(lines.cbegin(), lines.cend(), [](const QString &line) {
        return line.startsWith(QStringLiteral("gatehouse.secrets: holding the moved key openai in "
                                              "memory"));
    }));
}

void TestKeychainSecretStore::lockedKeyring()
{
    if (isChild())
        QSKIP("parent only");
    for (const char *tool : {"dbus-run-session", "gnome-keyring-daemon"}) {
        if (QStandardPaths::findExecutable(QString::fromLatin1(tool)).isEmpty())
            QSKIP(qPrintable(QStringLiteral("%1 is not installed").arg(QString::fromLatin1(tool))));
    }
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QVERIFY(QDir(home.path()).mkpath(QStringLiteral("run")));
    QFile::setPermissions(home.filePath(QStringLiteral("run")),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.filePath(QStringLiteral("run")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral(".local/share")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral(".config")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.filePath(QStringLiteral(".cache")));
    env.insert(QStringLiteral("GATEHOUSE_KEYRING_PASSWORD"), kPassword);
    env.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    const QStringList wrapper{
        QStringLiteral("dbus-run-session"),
        QStringLiteral("--"),
        QStringLiteral("sh"),
        QStringLiteral("-c"),
        QStringLiteral("printf %s \"$GATEHOUSE_KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock "
                       "--components=secrets >/dev/null && exec \"$@\""),
        QStringLiteral("sh")};
    const ChildRun child = runChild(wrapper, QStringLiteral("lockedKeyringChild"), env);
    QVERIFY2(childPassed(child, QStringLiteral("lockedKeyringChild")),
             "the child failed; its output is above");
    QVERIFY2(!child.output.contains(kKey1) && !child.output.contains(kKey2),
             "a test key reached the child's output");
}

void TestKeychainSecretStore::lockedKeyringChild()
{
    if (!isChild())
        QSKIP("runs as a child of lockedKeyring");

    KeychainSecretStore store(kService);
    QVERIFY(run(store.write(QStringLiteral("locked-a"), kKey1)).ok());
    QCOMPARE(run(store.read(QStringLiteral("never-stored"))).status, SecretStatus::NotFound);

    // Lock the login collection as a screen lock or `seahorse` would.
    const QString collection = defaultCollection();
    QVERIFY2(!collection.isEmpty(), "no default collection");
    const QDBusMessage lock = secretsCall(
        kSecretsPath, QStringLiteral("org.freedesktop.Secret.Service"), QStringLiteral("Lock"),
        {QVariant::fromValue(QList<QDBusObjectPath>{QDBusObjectPath(collection)})});
    QVERIFY2(lock.type() == QDBusMessage::ReplyMessage, qPrintable(lock.errorMessage()));
    QCOMPARE(collectionLocked(collection), std::optional<bool>(true));

    // QtKeychain's view: a locked keyring reads as "not found" and refuses writes.
    QCOMPARE(rawRead(SecretStore::keyFor(QStringLiteral("locked-a"))).error,
             int(QKeychain::EntryNotFound));
    const RawAnswer rawWriteAnswer =
        rawWrite(SecretStore::keyFor(QStringLiteral("locked-b")), kKey2);
    QCOMPARE(rawWriteAnswer.error, int(QKeychain::AccessDenied));
    QVERIFY2(rawWriteAnswer.message.contains(QStringLiteral("locked collection")),
             qPrintable(rawWriteAnswer.message));

    // The store's view: locked, for a stored key and an unknown one alike (no "not set").
    SecretResult r = run(store.read(QStringLiteral("locked-a")));
    QCOMPARE(r.status, SecretStatus::Locked);
    QVERIFY2(r.message.contains(QStringLiteral("the keyring is locked")), qPrintable(r.message));
    QCOMPARE(run(store.read(QStringLiteral("never-stored"))).status, SecretStatus::Locked);
    QCOMPARE(run(store.write(QStringLiteral("locked-b"), kKey2)).status, SecretStatus::Locked);
    // libsecret reports this delete as done but removes nothing; the store says so.
    r = run(store.remove(QStringLiteral("locked-a")));
    QCOMPARE(r.status, SecretStatus::Locked);
    QVERIFY(r.message.contains(QStringLiteral("Could not remove the key \"locked-a\"")));

    // The manager: locked at start-up (after its one retry), not "missing".
    CredentialManager manager(new KeychainSecretStore(kService));
    manager.setStartupRetryDelay(50);
    CredentialInfo info;
    info.name = QStringLiteral("locked-a");
    manager.setIndex({info});
    manager.load();
    QVERIFY(manager.waitForLoad(20000));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Locked));
    QCOMPARE(manager.status(QStringLiteral("locked-a")).status, SecretStatus::Locked);
    QString error;
    QVERIFY(!manager.resolve(QStringLiteral("$secret://keychain/locked-a"), &error));
    QVERIFY2(error.contains(QStringLiteral("the keyring is locked")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("No key named")));
    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(kKey2, QStringLiteral("while-locked"));
    QVERIFY(move.warning.contains(QStringLiteral("held in memory for this run only")));

    // Unlock headless; the key was never lost, and "Try again" picks everything up.
    QProcess unlock;
    unlock.start(QStringLiteral("gnome-keyring-daemon"),
                 {QStringLiteral("--replace"), QStringLiteral("--unlock"),
                  QStringLiteral("--components=secrets")});
    QVERIFY(unlock.waitForStarted(10000));
    unlock.write(kPassword.toUtf8());
    unlock.closeWriteChannel();
    QVERIFY(unlock.waitForFinished(30000));
    QTRY_COMPARE_WITH_TIMEOUT(collectionLocked(collection), std::optional<bool>(false), 20000);

    KeychainSecretStore fresh(kService);
    r = run(fresh.read(QStringLiteral("locked-a")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.value, kKey1);

    manager.retry();
    QTRY_VERIFY_WITH_TIMEOUT(manager.status(QStringLiteral("locked-a")).ok(), 20000);
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Ok));
    QTRY_VERIFY_WITH_TIMEOUT(!manager.credential(QStringLiteral("while-locked"))->memoryOnly,
                             20000);
    QCOMPARE(run(fresh.read(QStringLiteral("while-locked"))).value, kKey2);
}

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
