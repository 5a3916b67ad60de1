#include "MemorySecretStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace gatehouse;

namespace {

SecretResult run(SecretJob *job)
{
    return SecretJob::wait(job, 5000);
}

} // namespace

class TestMemorySecretStore final : public QObject
{
    Q_OBJECT

private slots:
    void storeReadReplaceRemove();
    void answersAsynchronously();
    void missingName();
    void invalidName();
    void simulatedFailures_data();
    void simulatedFailures();
};

void TestMemorySecretStore::storeReadReplaceRemove()
{
    MemorySecretStore store;
    QCOMPARE(store.backendName(), QStringLiteral("memory"));
    QVERIFY(store.isWritable());
    QVERIFY(run(store.write(QStringLiteral("deepseek"), QStringLiteral("test-key-0001"))).ok());
    QVERIFY(store.contains(QStringLiteral("deepseek")));

    SecretResult r = run(store.read(QStringLiteral("deepseek")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.value, QStringLiteral("test-key-0001"));

    QVERIFY(run(store.write(QStringLiteral("deepseek"), QStringLiteral("test-key-0002"))).ok());
    QCOMPARE(run(store.read(QStringLiteral("deepseek"))).value, QStringLiteral("test-key-0002"));
    QCOMPARE(store.names(), QStringList{QStringLiteral("deepseek")});

    QVERIFY(run(store.remove(QStringLiteral("deepseek"))).ok());
    QVERIFY(!store.contains(QStringLiteral("deepseek")));
    QCOMPARE(run(store.read(QStringLiteral("deepseek"))).status, SecretStatus::NotFound);
    // Removing what is not there succeeds.
    QVERIFY(run(store.remove(QStringLiteral("deepseek"))).ok());
    QVERIFY(run(store.probe()).ok());
}

void TestMemorySecretStore::answersAsynchronously()
{
    MemorySecretStore store;
    SecretJob *job = store.write(QStringLiteral("a"), QStringLiteral("test-key-0001"));
    QSignalSpy spy(job, &SecretJob::finished);
    QCOMPARE(spy.count(), 0); // never inside the call
    QVERIFY(spy.wait(2000));
    QVERIFY(spy.at(0).at(0).value<SecretResult>().ok());
}

void TestMemorySecretStore::missingName()
{
    MemorySecretStore store;
    const SecretResult r = run(store.read(QStringLiteral("nothing")));
    QCOMPARE(r.status, SecretStatus::NotFound);
    QVERIFY(r.message.contains(QStringLiteral("\"nothing\"")));
    QVERIFY(r.value.isEmpty());
}

void TestMemorySecretStore::invalidName()
{
    MemorySecretStore store;
    const SecretResult r = run(store.write(QStringLiteral("a b"), QStringLiteral("test-key-0001")));
    QCOMPARE(r.status, SecretStatus::Invalid);
    QVERIFY(r.message.contains(QStringLiteral("only letters")));
    QVERIFY(store.names().isEmpty());
}

void TestMemorySecretStore::simulatedFailures_data()
{
    QTest::addColumn<SecretStatus>("status");
    QTest::newRow("locked") << SecretStatus::Locked;
    QTest::newRow("no backend") << SecretStatus::NoBackend;
    QTest::newRow("access denied") << SecretStatus::AccessDenied;
}

void TestMemorySecretStore::simulatedFailures()
{
    QFETCH(SecretStatus, status);
    MemorySecretStore store;
    QVERIFY(run(store.write(QStringLiteral("a"), QStringLiteral("test-key-0001"))).ok());
    store.simulateFailure(status, QStringLiteral("simulated"));
    const int before = store.operationCount();
    QCOMPARE(run(store.read(QStringLiteral("a"))).status, status);
    QCOMPARE(run(store.write(QStringLiteral("a"), QStringLiteral("test-key-0002"))).status, status);
    QCOMPARE(run(store.remove(QStringLiteral("a"))).status, status);
    QCOMPARE(run(store.probe()).status, status);
    QCOMPARE(store.operationCount(), before + 4);

    store.simulateFailure(SecretStatus::Ok);
    const SecretResult r = run(store.read(QStringLiteral("a")));
    QCOMPARE(r.value, QStringLiteral("test-key-0001")); // nothing changed while failing
}

QTEST_GUILESS_MAIN(TestMemorySecretStore)
#include "tst_memorysecretstore.moc"
