#include "ConfigStore.h"
#include "CredentialManager.h"
#include "LogCapture.h"
#include "MemorySecretStore.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace gatehouse;

// CredentialManager over a MemorySecretStore standing in for the keychain, so every keychain
// state (missing, locked, late) can be staged. tst_keychainsecretstore runs it on the real one.

namespace {

const QString kKey1 = QStringLiteral("test-key-0001");
const QString kKey2 = QStringLiteral("test-key-0002");
const QString kKey3 = QStringLiteral("test-key-0003");

SecretResult run(SecretJob *job)
{
    return SecretJob::wait(job, 5000);
}

CredentialInfo info(const QString &name, const QString &provider = QStringLiteral("deepseek"))
{
    CredentialInfo i;
    i.name = name;
    i.provider = provider;
    return i;
}

QString resolveError(const CredentialManager &manager, const QString &reference)
{
    QString error;
    const std::optional<QString> value = manager.resolve(reference, &error);
    return value ? QStringLiteral("<resolved>") : error;
}

} // namespace

class TestCredentialManager final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void storeResolveReplaceRemove();
    void indexRoundTripsThroughJson();
    void loadReadsIndexedKeys();
    void resolveExplainsFailures();
    void resolvesEnvironmentReferences();
    void moveLiteralToKeychain();
    void moveLiteralFallsBackToMemory();
    void moveLiteralLateFailureWarns();
    void storeFallbackAndRefusal();
    void startupRetryFindsLateKeychain();
    void noRetryWhenHealthy();
    void lockedIsToldApartFromMissing();
    void memoryOnlyFromAnEarlierRun();
    void removeKeepsTheKeyWhileLocked();
    void updateInfoAndMarkUsed();
    void uniqueNames();
    void mask_data();
    void mask();
    void indexInConfigHoldsNoSecret();

private:
    std::unique_ptr<LogCapture> m_log;
};

void TestCredentialManager::initTestCase()
{
    m_log = std::make_unique<LogCapture>();
}

void TestCredentialManager::cleanupTestCase()
{
    // Every test above handled test keys with debug logging on: none may reach a log line.
    const QString log = LogCapture::text();
    QVERIFY(!log.isEmpty());
    for (const QString &key : {kKey1, kKey2, kKey3})
        QVERIFY2(!log.contains(key), qPrintable(QStringLiteral("%1 leaked into the log").arg(key)));
    m_log.reset();
}

void TestCredentialManager::storeResolveReplaceRemove()
{
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    QSignalSpy indexSpy(&manager, &CredentialManager::indexChanged);
    QSignalSpy secretsSpy(&manager, &CredentialManager::secretsChanged);

    SecretResult r = run(manager.store(info(QStringLiteral("deepseek")), kKey1));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QVERIFY(r.warning.isEmpty());
    QVERIFY(keychain->contains(QStringLiteral("deepseek")));
    QVERIFY(!manager.memoryStore()->contains(QStringLiteral("deepseek")));
    QVERIFY(indexSpy.count() >= 1);
    QVERIFY(secretsSpy.count() >= 1);

    QString error;
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(kKey1));
    const CredentialInfo stored = *manager.credential(QStringLiteral("deepseek"));
    QVERIFY(stored.created.isValid());
    QCOMPARE(stored.provider, QStringLiteral("deepseek"));
    QVERIFY(!stored.memoryOnly);
    QVERIFY(manager.status(QStringLiteral("deepseek")).ok());
    QVERIFY(manager.status(QStringLiteral("deepseek")).value.isEmpty()); // status never carries it

    // Replace: new key, same created.
    CredentialInfo changed = info(QStringLiteral("deepseek"), QStringLiteral("deepseek-cn"));
    r = run(manager.store(changed, kKey2));
    QVERIFY(r.ok());
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(kKey2));
    QCOMPARE(manager.credential(QStringLiteral("deepseek"))->created, stored.created);
    QCOMPARE(manager.credential(QStringLiteral("deepseek"))->provider,
             QStringLiteral("deepseek-cn"));
    QCOMPARE(manager.credentials().size(), 1);
    QCOMPARE(manager.reveal(QStringLiteral("deepseek")), std::optional<QString>(kKey2));
    QCOMPARE(manager.masked(QStringLiteral("deepseek")),
             QStringLiteral("test-key-…")); // too short for a tail

    // Remove.
    r = run(manager.remove(QStringLiteral("deepseek")));
    QVERIFY(r.ok());
    QVERIFY(!manager.contains(QStringLiteral("deepseek")));
    QVERIFY(!keychain->contains(QStringLiteral("deepseek")));
    QVERIFY(resolveError(manager, QStringLiteral("$secret://keychain/deepseek"))
                .contains(QStringLiteral("No credential named \"deepseek\" exists")));
    QCOMPARE(run(manager.remove(QStringLiteral("deepseek"))).status, SecretStatus::NotFound);

    // Refused before reaching the store.
    QCOMPARE(run(manager.store(info(QStringLiteral("bad name")), kKey1)).status,
             SecretStatus::Invalid);
    QCOMPARE(run(manager.store(info(QStringLiteral("empty")), QString())).status,
             SecretStatus::Invalid);
    QCOMPARE(run(manager.store(info(QStringLiteral("ref")), QStringLiteral("$env://X"))).status,
             SecretStatus::Invalid);
    QVERIFY(manager.credentials().isEmpty());
}

void TestCredentialManager::indexRoundTripsThroughJson()
{
    CredentialInfo a = info(QStringLiteral("a"));
    a.note = QStringLiteral("team key");
    a.created = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    a.lastUsed = QDateTime(QDate(2025, 2, 3), QTime(4, 5, 6), Qt::UTC);
    CredentialInfo b = info(QStringLiteral("b"), {});
    b.memoryOnly = true;
    const QJsonArray json = CredentialInfo::listToJson({a, b});
    QCOMPARE(json.at(0).toObject().value(QStringLiteral("created")).toString(),
             QStringLiteral("2025-01-02T03:04:05Z"));
    QVERIFY(!json.at(1).toObject().contains(QStringLiteral("provider")));
    QCOMPARE(CredentialInfo::listFromJson(json), (QList<CredentialInfo>{a, b}));

    QJsonArray broken = json;
    broken.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("a")}});
    broken.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("no spaces allowed")}});
    broken.append(QStringLiteral("not an object"));
    QStringList problems;
    QCOMPARE(CredentialInfo::listFromJson(broken, &problems).size(), 2);
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.at(0).contains(QStringLiteral("appears twice")));
}

void TestCredentialManager::loadReadsIndexedKeys()
{
    // A restart: the index comes from the config, the keys from the keychain.
    auto *keychain = new MemorySecretStore;
    QVERIFY(run(keychain->write(QStringLiteral("deepseek"), kKey1)).ok());
    QVERIFY(run(keychain->write(QStringLiteral("openai"), kKey2)).ok());
    CredentialManager manager(keychain);
    manager.setIndex({info(QStringLiteral("deepseek")), info(QStringLiteral("openai"), {})});
    QVERIFY(resolveError(manager, QStringLiteral("$secret://keychain/deepseek"))
                .contains(QStringLiteral("has not been read from the keychain yet")));
    QVERIFY(!manager.waitForLoad(10)); // not started

    QSignalSpy loaded(&manager, &CredentialManager::loadFinished);
    QSignalSpy secrets(&manager, &CredentialManager::secretsChanged);
    manager.load();
    QVERIFY(!manager.isLoaded()); // asynchronous
    QVERIFY(manager.waitForLoad(5000));
    QCOMPARE(loaded.count(), 1);
    QVERIFY(secrets.count() >= 1);
    QString error;
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(kKey1));
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/openai"), &error),
             std::optional<QString>(kKey2));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Ok));

    // A name added to the index later is read at once.
    QVERIFY(run(keychain->write(QStringLiteral("later"), kKey3)).ok());
    manager.setIndex(manager.credentials() << info(QStringLiteral("later")));
    QTRY_COMPARE(manager.resolve(QStringLiteral("$secret://keychain/later"), &error),
                 std::optional<QString>(kKey3));
}

void TestCredentialManager::resolveExplainsFailures()
{
    CredentialManager manager(new MemorySecretStore);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    QVERIFY(resolveError(manager, QStringLiteral("$secret://keychain/nobody"))
                .contains(QStringLiteral("No credential named \"nobody\" exists. Add it under "
                                         "Credentials")));
    QVERIFY(resolveError(manager, QStringLiteral("$secret://vault/x"))
                .contains(QStringLiteral("$secret://keychain/NAME")));
    const QString literal = resolveError(manager, kKey1);
    QVERIFY(literal.contains(QStringLiteral("not a secret reference")));
    QVERIFY(!literal.contains(kKey1));
}

void TestCredentialManager::resolvesEnvironmentReferences()
{
    CredentialManager manager(new MemorySecretStore);
    qputenv("GATEHOUSE_TEST_CM_KEY", kKey3.toUtf8());
    QString error;
    QCOMPARE(manager.resolve(QStringLiteral("$env://GATEHOUSE_TEST_CM_KEY"), &error),
             std::optional<QString>(kKey3));
    qunsetenv("GATEHOUSE_TEST_CM_KEY");
    QVERIFY(resolveError(manager, QStringLiteral("$env://GATEHOUSE_TEST_CM_KEY"))
                .contains(QStringLiteral("is not set")));
}

void TestCredentialManager::moveLiteralToKeychain()
{
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));

    const QString literal = QStringLiteral("Bearer ") + kKey1;
    CredentialManager::MoveResult move = manager.moveLiteralToKeychain(
        literal, QStringLiteral("DeepSeek route"), QStringLiteral("deepseek"));
    QVERIFY2(move.ok, qPrintable(move.error));
    QCOMPARE(move.name, QStringLiteral("deepseek-route"));
    QCOMPARE(move.reference, QStringLiteral("$secret://keychain/deepseek-route"));
    QVERIFY(move.warning.isEmpty());
    // Resolves at once, before the keychain write has answered.
    QString error;
    QCOMPARE(manager.resolve(move.reference, &error), std::optional<QString>(literal));
    QVERIFY(move.job);
    QVERIFY(run(move.job).ok());
    QVERIFY(keychain->contains(QStringLiteral("deepseek-route")));
    const CredentialInfo stored = *manager.credential(QStringLiteral("deepseek-route"));
    QCOMPARE(stored.provider, QStringLiteral("deepseek"));
    QVERIFY(!stored.memoryOnly);
    QVERIFY(!stored.note.isEmpty());

    // The same key again reuses its credential; another key gets a new name.
    move = manager.moveLiteralToKeychain(literal, QStringLiteral("DeepSeek route"));
    QCOMPARE(move.name, QStringLiteral("deepseek-route"));
    QVERIFY(!move.job);
    move = manager.moveLiteralToKeychain(QStringLiteral("Bearer ") + kKey2,
                                         QStringLiteral("DeepSeek route"));
    QCOMPARE(move.name, QStringLiteral("deepseek-route-2"));
    QVERIFY(run(move.job).ok());
    QCOMPARE(manager.credentials().size(), 2);

    // A reference stays as it is; nothing is empty-stored.
    move =
        manager.moveLiteralToKeychain(QStringLiteral("$env://OPENAI_API_KEY"), QStringLiteral("x"));
    QVERIFY(move.ok);
    QCOMPARE(move.reference, QStringLiteral("$env://OPENAI_API_KEY"));
    move = manager.moveLiteralToKeychain(QString(), QStringLiteral("x"));
    QVERIFY(!move.ok);
    QVERIFY(!move.error.isEmpty());
    QCOMPARE(manager.credentials().size(), 2);
}

void TestCredentialManager::moveLiteralFallsBackToMemory()
{
    auto *keychain = new MemorySecretStore;
    keychain->simulateFailure(SecretStatus::NoBackend,
                              QStringLiteral("Could not connect: No such file or directory"));
    CredentialManager manager(keychain);
    manager.setStartupRetryDelay(-1);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::NoBackend));
    QVERIFY2(manager.keychainMessage().contains(QStringLiteral("no keyring service is running")),
             qPrintable(manager.keychainMessage()));

    QSignalSpy warnings(&manager, &CredentialManager::warning);
    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(kKey1, QStringLiteral("openai"));
    QVERIFY(move.ok);
    QCOMPARE(move.reference, QStringLiteral("$secret://keychain/openai"));
    QVERIFY2(move.warning.contains(QStringLiteral("held in memory for this run only")),
             qPrintable(move.warning));
    QVERIFY2(move.warning.contains(QStringLiteral("no keyring service is running (Secret Service "
                                                  "over D-Bus)")),
             qPrintable(move.warning));
    QVERIFY(!move.warning.contains(kKey1));
    QVERIFY(!move.job);
    QVERIFY(manager.credential(QStringLiteral("openai"))->memoryOnly);
    QVERIFY(!keychain->contains(QStringLiteral("openai")));
    QTRY_VERIFY(manager.memoryStore()->contains(QStringLiteral("openai")));
    QString error;
    QCOMPARE(manager.resolve(move.reference, &error), std::optional<QString>(kKey1));
    QCOMPARE(warnings.count(), 0); // the answer carried it
}

void TestCredentialManager::moveLiteralLateFailureWarns()
{
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Ok));

    // Locked after start-up: the answer cannot know yet; the warning follows.
    keychain->simulateFailure(SecretStatus::Locked);
    QSignalSpy warnings(&manager, &CredentialManager::warning);
    QSignalSpy health(&manager, &CredentialManager::keychainStatusChanged);
    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(kKey2, QStringLiteral("late"));
    QVERIFY(move.ok);
    QVERIFY(move.warning.isEmpty());
    QTRY_COMPARE(warnings.count(), 1);
    QVERIFY(warnings.at(0).at(0).toString().contains(QStringLiteral("the keyring is locked")));
    QVERIFY(manager.credential(QStringLiteral("late"))->memoryOnly);
    QCOMPARE(health.count(), 1);
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Locked));
    QString error;
    QCOMPARE(manager.resolve(move.reference, &error), std::optional<QString>(kKey2));
}

void TestCredentialManager::storeFallbackAndRefusal()
{
    auto *keychain = new MemorySecretStore;
    keychain->simulateFailure(SecretStatus::NoBackend);
    CredentialManager manager(keychain);

    SecretResult r = run(manager.store(info(QStringLiteral("held")), kKey1));
    QVERIFY(r.ok());
    QVERIFY(r.warning.contains(QStringLiteral("held in memory for this run only")));
    QVERIFY(manager.credential(QStringLiteral("held"))->memoryOnly);

    r = run(manager.store(info(QStringLiteral("refused")), kKey2,
                          CredentialManager::MemoryFallback::Refuse));
    QCOMPARE(r.status, SecretStatus::NoBackend);
    QVERIFY(r.message.contains(QStringLiteral("Start gnome-keyring or KWallet")));
    QVERIFY(!manager.contains(QStringLiteral("refused")));
    QVERIFY(!manager.memoryStore()->contains(QStringLiteral("refused")));
}

void TestCredentialManager::startupRetryFindsLateKeychain()
{
    auto *keychain = new MemorySecretStore;
    QVERIFY(run(keychain->write(QStringLiteral("deepseek"), kKey1)).ok());
    keychain->simulateFailure(SecretStatus::NoBackend);
    CredentialManager manager(keychain);
    manager.setStartupRetryDelay(100);
    manager.setIndex({info(QStringLiteral("deepseek"))});
    QSignalSpy loaded(&manager, &CredentialManager::loadFinished);
    QSignalSpy warnings(&manager, &CredentialManager::warning);
    manager.load();

    QTRY_COMPARE(loaded.count(), 1);
    QVERIFY(manager.isLoaded());
    QVERIFY(!manager.isSettled()); // a retry is pending
    QCOMPARE(manager.status(QStringLiteral("deepseek")).status, SecretStatus::NoBackend);
    QCOMPARE(warnings.count(), 0); // not before the retry has had its chance

    // A key that arrives meanwhile is held in memory, then moved once the keychain is there.
    const CredentialManager::MoveResult move =
        manager.moveLiteralToKeychain(kKey2, QStringLiteral("meanwhile"));
    QVERIFY(!move.warning.isEmpty());
    QVERIFY(!keychain->contains(QStringLiteral("meanwhile")));

    keychain->simulateFailure(SecretStatus::Ok); // the daemon came up
    const int before = keychain->operationCount();
    QVERIFY(manager.waitForLoad(5000));
    QVERIFY(keychain->operationCount() > before);
    QCOMPARE(loaded.count(), 2);
    QString error;
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(kKey1));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Ok));
    QTRY_VERIFY(!manager.credential(QStringLiteral("meanwhile"))->memoryOnly);
    QVERIFY(keychain->contains(QStringLiteral("meanwhile")));
    QTRY_VERIFY(!manager.memoryStore()->contains(QStringLiteral("meanwhile")));
    QCOMPARE(warnings.count(), 0);
}

void TestCredentialManager::noRetryWhenHealthy()
{
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    manager.setStartupRetryDelay(0);
    manager.setIndex({info(QStringLiteral("missing"))});
    QSignalSpy loaded(&manager, &CredentialManager::loadFinished);
    QSignalSpy warnings(&manager, &CredentialManager::warning);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    QCOMPARE(loaded.count(), 1);
    // A key that is simply missing is reported once, and is not a reason to retry.
    QCOMPARE(manager.status(QStringLiteral("missing")).status, SecretStatus::NotFound);
    QCOMPARE(warnings.count(), 1);
    QVERIFY(warnings.at(0).at(0).toString().contains(QStringLiteral("(missing)")));
    QVERIFY(manager.isSettled()); // settled after one pass: no retry was scheduled
}

void TestCredentialManager::lockedIsToldApartFromMissing()
{
    auto *keychain = new MemorySecretStore;
    QVERIFY(run(keychain->write(QStringLiteral("deepseek"), kKey1)).ok());
    keychain->simulateFailure(SecretStatus::Locked,
                              QStringLiteral("Cannot create an item in a locked collection"));
    CredentialManager manager(keychain);
    manager.setStartupRetryDelay(10);
    manager.setIndex({info(QStringLiteral("deepseek"))});
    QSignalSpy warnings(&manager, &CredentialManager::warning);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));

    const SecretResult status = manager.status(QStringLiteral("deepseek"));
    QCOMPARE(status.status, SecretStatus::Locked);
    const QString error = resolveError(manager, QStringLiteral("$secret://keychain/deepseek"));
    QVERIFY2(error.contains(QStringLiteral("the keyring is locked")), qPrintable(error));
    QVERIFY(!error.contains(QStringLiteral("No key named")));
    QCOMPARE(manager.keychainStatus(), std::optional<SecretStatus>(SecretStatus::Locked));
    QCOMPARE(warnings.count(), 1);
    QVERIFY(warnings.at(0).at(0).toString().contains(QStringLiteral("locked")));

    // Unlocked later: "Try again" reads it.
    keychain->simulateFailure(SecretStatus::Ok);
    manager.retry();
    QString e;
    QTRY_COMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &e),
                 std::optional<QString>(kKey1));
}

void TestCredentialManager::memoryOnlyFromAnEarlierRun()
{
    CredentialInfo earlier = info(QStringLiteral("gone"));
    earlier.memoryOnly = true;
    CredentialManager manager(new MemorySecretStore);
    manager.setIndex({earlier});
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    const SecretResult status = manager.status(QStringLiteral("gone"));
    QCOMPARE(status.status, SecretStatus::NotFound);
    QVERIFY2(status.message.contains(QStringLiteral("held in memory only in an earlier run")),
             qPrintable(status.message));
}

void TestCredentialManager::removeKeepsTheKeyWhileLocked()
{
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    QVERIFY(run(manager.store(info(QStringLiteral("deepseek")), kKey1)).ok());
    keychain->simulateFailure(SecretStatus::Locked);
    const SecretResult r = run(manager.remove(QStringLiteral("deepseek")));
    QCOMPARE(r.status, SecretStatus::Locked);
    QVERIFY(r.message.contains(QStringLiteral("Could not remove the key \"deepseek\"")));
    QVERIFY(manager.contains(QStringLiteral("deepseek")));
    QString error;
    QCOMPARE(manager.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(kKey1));

    // A key only held in memory goes even while the keychain is away.
    QVERIFY(run(manager.store(info(QStringLiteral("held")), kKey2)).ok());
    QVERIFY(manager.credential(QStringLiteral("held"))->memoryOnly);
    QVERIFY(run(manager.remove(QStringLiteral("held"))).ok());
    QVERIFY(!manager.contains(QStringLiteral("held")));
    QVERIFY(!manager.memoryStore()->contains(QStringLiteral("held")));
}

void TestCredentialManager::updateInfoAndMarkUsed()
{
    CredentialManager manager(new MemorySecretStore);
    QVERIFY(run(manager.store(info(QStringLiteral("a")), kKey1)).ok());
    QSignalSpy indexSpy(&manager, &CredentialManager::indexChanged);

    CredentialInfo changed = info(QStringLiteral("a"), QStringLiteral("openai"));
    changed.note = QStringLiteral("rotated monthly");
    QVERIFY(manager.updateInfo(changed));
    QCOMPARE(manager.credential(QStringLiteral("a"))->note, QStringLiteral("rotated monthly"));
    QString error;
    QVERIFY(!manager.updateInfo(info(QStringLiteral("nobody")), &error));
    QVERIFY(error.contains(QStringLiteral("nobody")));
    QCOMPARE(indexSpy.count(), 1);

    const QDateTime t0(QDate(2025, 5, 1), QTime(12, 0), Qt::UTC);
    manager.markUsed(QStringLiteral("a"), t0);
    QCOMPARE(manager.credential(QStringLiteral("a"))->lastUsed, t0);
    manager.markUsed(QStringLiteral("a"), t0.addSecs(60)); // within the resolution: no write
    QCOMPARE(manager.credential(QStringLiteral("a"))->lastUsed, t0);
    QCOMPARE(indexSpy.count(), 2);
    manager.markUsed(QStringLiteral("a"), t0.addSecs(CredentialManager::LastUsedResolutionSecs));
    QCOMPARE(manager.credential(QStringLiteral("a"))->lastUsed,
             t0.addSecs(CredentialManager::LastUsedResolutionSecs));
    QCOMPARE(indexSpy.count(), 3);
}

void TestCredentialManager::uniqueNames()
{
    CredentialManager manager(new MemorySecretStore);
    QCOMPARE(manager.uniqueName(QStringLiteral("deepseek")), QStringLiteral("deepseek"));
    QVERIFY(run(manager.store(info(QStringLiteral("deepseek")), kKey1)).ok());
    QCOMPARE(manager.uniqueName(QStringLiteral("deepseek")), QStringLiteral("deepseek-2"));
    QVERIFY(run(manager.store(info(QStringLiteral("deepseek-2")), kKey2)).ok());
    QCOMPARE(manager.uniqueName(QStringLiteral("deepseek")), QStringLiteral("deepseek-3"));
    QCOMPARE(manager.uniqueName(QStringLiteral("Not Valid")), QStringLiteral("not-valid"));
    const QString longName(64, QLatin1Char('x'));
    QVERIFY(run(manager.store(info(longName), kKey3)).ok());
    const QString next = manager.uniqueName(longName);
    QCOMPARE(next.size(), 64);
    QVERIFY(next.endsWith(QStringLiteral("-2")));
}

void TestCredentialManager::mask_data()
{
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("masked");
    // U+2026 is the ellipsis.
    QTest::newRow("openai style") << QStringLiteral("sk-abcdef...wxyz")
                                  << QStringLiteral("sk-…wxyz");
    QTest::newRow("project key") << QStringLiteral("sk-proj-0123456789abcd")
                                 << QStringLiteral("sk-proj-…abcd");
    QTest::newRow("underscore vendor")
        << QStringLiteral("gsk_0123456789wxyz") << QStringLiteral("gsk_…wxyz");
    QTest::newRow("bearer") << QStringLiteral("Bearer sk-abcdef...wxyz")
                            << QStringLiteral("Bearer sk-…wxyz");
    QTest::newRow("no vendor") << QStringLiteral("0123456789abcdef") << QStringLiteral("…cdef");
    QTest::newRow("short") << QStringLiteral("sk-short") << QStringLiteral("sk-…");
    QTest::newRow("tiny") << QStringLiteral("abc") << QStringLiteral("…");
    QTest::newRow("empty") << QString() << QString();
}

void TestCredentialManager::mask()
{
    QFETCH(QString, secret);
    QFETCH(QString, masked);
    QCOMPARE(CredentialManager::mask(secret), masked);
}

void TestCredentialManager::indexInConfigHoldsNoSecret()
{
    // The seam the engine wires: the index goes to the config's "credentials" section, and a
    // literal key arriving in a route is swapped for a reference by the incoming-route filter.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ConfigStore config(dir.path());
    config.load();
    auto *keychain = new MemorySecretStore;
    CredentialManager manager(keychain);
    manager.load();
    QVERIFY(manager.waitForLoad(5000));
    connect(&manager, &CredentialManager::indexChanged, &config, [&] {
        config.setSection(QStringLiteral("credentials"),
                          CredentialInfo::listToJson(manager.credentials()));
    });
    config.setSecretResolver(&manager);
    config.setIncomingRouteFilter([&](const QJsonObject &route, Diagnostics &warnings) {
        QJsonObject out = route;
        QJsonObject plugins = out.value(QStringLiteral("plugins")).toObject();
        QJsonObject proxy = plugins.value(QStringLiteral("ai-proxy")).toObject();
        QJsonObject auth = proxy.value(QStringLiteral("auth")).toObject();
        QJsonObject header = auth.value(QStringLiteral("header")).toObject();
        for (auto it = header.begin(); it != header.end(); ++it) {
            const auto move = manager.moveLiteralToKeychain(
                it.value().toString(), proxy.value(QStringLiteral("provider")).toString(),
                proxy.value(QStringLiteral("provider")).toString());
            if (!move.warning.isEmpty())
                warnings.append({Diagnostic::Severity::Warning, {}, move.warning, {}});
            it.value() = move.reference;
        }
        auth.insert(QStringLiteral("header"), header);
        proxy.insert(QStringLiteral("auth"), auth);
        plugins.insert(QStringLiteral("ai-proxy"), proxy);
        out.insert(QStringLiteral("plugins"), plugins);
        return out;
    });

    const QJsonObject route = QJsonDocument::fromJson(QStringLiteral(R"({
        "id": "deepseek-route", "paths": ["/deepseek"],
        "plugins": {"ai-proxy": {"provider": "deepseek",
            "auth": {"header": {"Authorization": "Bearer test-key-0003"}},
            "options": {"model": "deepseek-chat"}}}})")
                                                          .toUtf8())
                                  .object();
    const ConfigStore::ChangeResult put = config.putRoute(route);
    QVERIFY2(put.ok, qPrintable(joinDiagnostics(put.errors)));
    QCOMPARE(put.route.value(QStringLiteral("plugins"))
                 .toObject()
                 .value(QStringLiteral("ai-proxy"))
                 .toObject()
                 .value(QStringLiteral("auth"))
                 .toObject()
                 .value(QStringLiteral("header"))
                 .toObject()
                 .value(QStringLiteral("Authorization"))
                 .toString(),
             QStringLiteral("$secret://keychain/deepseek"));
    QTRY_VERIFY(keychain->contains(QStringLiteral("deepseek")));
    QCOMPARE(config.section(QStringLiteral("credentials")).toArray().size(), 1);

    // Nothing under the data directory holds the key.
    int files = 0;
    QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(kKey3.toUtf8()), qPrintable(file.fileName()));
        ++files;
    }
    QVERIFY(files >= 1);

    // A restart: a new manager reads the index from the config and the key from the keychain.
    auto *sameKeychain = new MemorySecretStore;
    QVERIFY(run(sameKeychain->write(QStringLiteral("deepseek"), QStringLiteral("Bearer ") + kKey3))
                .ok());
    ConfigStore reopened(dir.path());
    reopened.load();
    CredentialManager restarted(sameKeychain);
    restarted.setIndex(
        CredentialInfo::listFromJson(reopened.section(QStringLiteral("credentials"))));
    restarted.load();
    QVERIFY(restarted.waitForLoad(5000));
    QString error;
    QCOMPARE(restarted.resolve(QStringLiteral("$secret://keychain/deepseek"), &error),
             std::optional<QString>(QStringLiteral("Bearer ") + kKey3));
}

QTEST_GUILESS_MAIN(TestCredentialManager)
#include "tst_credentialmanager.moc"
