#include "EnvSecretStore.h"

#include <QTest>

using namespace gatehouse;

namespace {

SecretResult run(SecretJob *job)
{
    return SecretJob::wait(job, 5000);
}

} // namespace

class TestEnvSecretStore final : public QObject
{
    Q_OBJECT

private slots:
    void readsTheProcessEnvironment();
    void unsetAndEmpty();
    void readOnly();
    void invalidName();
    void injectedEnvironment();
};

void TestEnvSecretStore::readsTheProcessEnvironment()
{
    EnvSecretStore store;
    QVERIFY(!store.isWritable());
    QCOMPARE(store.backendName(), QStringLiteral("environment"));
    qputenv("GATEHOUSE_TEST_ENV_KEY", "test-key-0001");
    const SecretResult r = run(store.read(QStringLiteral("GATEHOUSE_TEST_ENV_KEY")));
    QVERIFY2(r.ok(), qPrintable(r.describe()));
    QCOMPARE(r.value, QStringLiteral("test-key-0001"));
    // Live: a change after start-up is seen.
    qputenv("GATEHOUSE_TEST_ENV_KEY", "test-key-0002");
    QCOMPARE(store.lookup(QStringLiteral("GATEHOUSE_TEST_ENV_KEY")).value,
             QStringLiteral("test-key-0002"));
    qunsetenv("GATEHOUSE_TEST_ENV_KEY");
}

void TestEnvSecretStore::unsetAndEmpty()
{
    EnvSecretStore store;
    qunsetenv("GATEHOUSE_TEST_UNSET");
    SecretResult r = run(store.read(QStringLiteral("GATEHOUSE_TEST_UNSET")));
    QCOMPARE(r.status, SecretStatus::NotFound);
    QVERIFY2(r.message.contains(QStringLiteral("GATEHOUSE_TEST_UNSET is not set")),
             qPrintable(r.message));

    qputenv("GATEHOUSE_TEST_EMPTY", "");
    r = store.lookup(QStringLiteral("GATEHOUSE_TEST_EMPTY"));
    QCOMPARE(r.status, SecretStatus::NotFound);
    QVERIFY2(r.message.contains(QStringLiteral("is empty")), qPrintable(r.message));
    qunsetenv("GATEHOUSE_TEST_EMPTY");
}

void TestEnvSecretStore::readOnly()
{
    EnvSecretStore store;
    const SecretResult w = run(store.write(QStringLiteral("X"), QStringLiteral("test-key-0001")));
    QCOMPARE(w.status, SecretStatus::ReadOnly);
    QVERIFY(!w.message.contains(QStringLiteral("test-key-0001")));
    QVERIFY(!qEnvironmentVariableIsSet("X"));
    QCOMPARE(run(store.remove(QStringLiteral("PATH"))).status, SecretStatus::ReadOnly);
    QVERIFY(qEnvironmentVariableIsSet("PATH"));
}

void TestEnvSecretStore::invalidName()
{
    EnvSecretStore store;
    QCOMPARE(store.lookup(QStringLiteral("MY-KEY")).status, SecretStatus::Invalid);
    QCOMPARE(store.lookup(QString()).status, SecretStatus::Invalid);
}

void TestEnvSecretStore::injectedEnvironment()
{
    EnvSecretStore store;
    QProcessEnvironment env;
    env.insert(QStringLiteral("ONLY_HERE"), QStringLiteral("test-key-0003"));
    store.setEnvironment(env);
    QCOMPARE(store.lookup(QStringLiteral("ONLY_HERE")).value, QStringLiteral("test-key-0003"));
    QCOMPARE(store.lookup(QStringLiteral("PATH")).status, SecretStatus::NotFound);
    store.useProcessEnvironment();
    QCOMPARE(store.lookup(QStringLiteral("ONLY_HERE")).status, SecretStatus::NotFound);
}

QTEST_GUILESS_MAIN(TestEnvSecretStore)
#include "tst_envsecretstore.moc"
