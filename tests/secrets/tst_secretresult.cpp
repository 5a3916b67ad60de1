#include "SecretJob.h"
#include "SecretResult.h"

#include <QPointer>
#include <QSignalSpy>
#include <QTest>

using namespace gatehouse;

class TestSecretResult final : public QObject
{
    Q_OBJECT

private slots:
    void sentences_data();
    void sentences();
    void invalidNeverRepeatsTheName();
    void describeNeverShowsTheValue();
    void jobAnswersFromTheEventLoop();
    void waitReturnsTheResult();
    void waitTimesOut();
};

void TestSecretResult::sentences_data()
{
    QTest::addColumn<SecretStatus>("status");
    QTest::addColumn<QString>("statusName");
    QTest::addColumn<QString>("mustContain");

    QTest::newRow("not found") << SecretStatus::NotFound << QStringLiteral("not_found")
                               << QStringLiteral("No key named \"deepseek\" is stored");
    QTest::newRow("locked") << SecretStatus::Locked << QStringLiteral("locked")
                            << QStringLiteral("the keyring is locked");
    QTest::newRow("no backend")
        << SecretStatus::NoBackend << QStringLiteral("no_backend")
        << QStringLiteral("no keyring service is running (Secret Service over D-Bus). Start "
                          "gnome-keyring or KWallet, or use $env:// references.");
    QTest::newRow("access denied") << SecretStatus::AccessDenied << QStringLiteral("access_denied")
                                   << QStringLiteral("access to the keychain was refused");
    QTest::newRow("read only") << SecretStatus::ReadOnly << QStringLiteral("read_only")
                               << QStringLiteral("read-only");
    QTest::newRow("other") << SecretStatus::Other << QStringLiteral("other")
                           << QStringLiteral("the keychain said \"backend words\"");
}

void TestSecretResult::sentences()
{
    QFETCH(SecretStatus, status);
    QFETCH(QString, statusName);
    QFETCH(QString, mustContain);

    const SecretResult r =
        SecretResult::failure(status, QStringLiteral("deepseek"), QStringLiteral("read"),
                              QStringLiteral("backend words"));
    QVERIFY(!r.ok());
    QCOMPARE(r.status, status);
    QCOMPARE(secretStatusName(status), statusName);
    QVERIFY2(r.message.contains(mustContain), qPrintable(r.message));
    QVERIFY2(r.message.endsWith(QLatin1Char('.')), qPrintable(r.message));
    QCOMPARE(r.detail, QStringLiteral("backend words"));
    if (status != SecretStatus::NotFound)
        QVERIFY(r.message.startsWith(QStringLiteral("Could not read the key \"deepseek\": ")));
}

void TestSecretResult::invalidNeverRepeatsTheName()
{
    const QString pasted = QStringLiteral("test-key-0001 pasted as a name");
    const SecretResult r =
        SecretResult::failure(SecretStatus::Invalid, pasted, QStringLiteral("save"),
                              QStringLiteral("a credential name may hold only "
                                             "letters."));
    QVERIFY(!r.message.contains(pasted));
    QCOMPARE(r.message,
             QStringLiteral("Could not save the key: a credential name may hold only letters."));
}

void TestSecretResult::describeNeverShowsTheValue()
{
    SecretResult r = SecretResult::success(QStringLiteral("test-key-0001"));
    r.warning = QStringLiteral("held in memory");
    QVERIFY(r.ok());
    QVERIFY(!r.describe().contains(QStringLiteral("test-key-0001")));
    QVERIFY(r.describe().contains(QStringLiteral("held in memory")));
}

void TestSecretResult::jobAnswersFromTheEventLoop()
{
    QPointer<SecretJob> job = new SecretJob(SecretJob::Operation::Read, QStringLiteral("a"));
    job->finish(SecretResult::success(QStringLiteral("test-key-0001")));
    QVERIFY(job->isFinished());
    // Connected after finish(): still heard, because the signal comes from the event loop.
    QSignalSpy spy(job.data(), &SecretJob::finished);
    QCOMPARE(spy.count(), 0);
    QVERIFY(spy.wait(2000));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).value<SecretResult>().value, QStringLiteral("test-key-0001"));
    if (job) // a second answer is ignored
        job->finish(SecretResult::failure(SecretStatus::Other, {}, QStringLiteral("read")));
    QTRY_VERIFY(job.isNull()); // deletes itself once it has answered
    QCOMPARE(spy.count(), 1);
}

void TestSecretResult::waitReturnsTheResult()
{
    auto *job = new SecretJob(SecretJob::Operation::Write, QStringLiteral("a"));
    job->finish(
        SecretResult::failure(SecretStatus::Locked, QStringLiteral("a"), QStringLiteral("save")));
    const SecretResult r = SecretJob::wait(job, 2000);
    QCOMPARE(r.status, SecretStatus::Locked);
}

void TestSecretResult::waitTimesOut()
{
    SecretJob job(SecretJob::Operation::Read, QStringLiteral("slow"));
    const SecretResult r = SecretJob::wait(&job, 50);
    QCOMPARE(r.status, SecretStatus::Other);
    QVERIFY2(r.message.contains(QStringLiteral("did not answer within")), qPrintable(r.message));
    QVERIFY(r.message.startsWith(QStringLiteral("Could not read the key \"slow\"")));
    QVERIFY(!job.isFinished());
}

QTEST_GUILESS_MAIN(TestSecretResult)
#include "tst_secretresult.moc"
