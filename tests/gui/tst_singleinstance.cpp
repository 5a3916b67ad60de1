#include "SingleInstance.h"

#include <QCoreApplication>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace gatehouse;

// One Gatehouse per data folder: a second start finds the first and asks it to show itself.
class TestSingleInstance : public QObject
{
    Q_OBJECT

private slots:
    void secondLaunchActivatesTheFirst()
    {
        const QString key =
            QStringLiteral("gatehouse-test-") + QUuid::createUuid().toString(QUuid::Id128);
        SingleInstance first(key);
        QVERIFY(!first.activateRunningInstance(200)); // nobody there yet
        QVERIFY(first.listen());
        QSignalSpy activated(&first, &SingleInstance::activationRequested);
        SingleInstance second(key);
        QVERIFY(second.activateRunningInstance(200));
        QTRY_COMPARE(activated.count(), 1);
    }

    void keysDifferPerDataFolder()
    {
        QVERIFY(SingleInstance::keyFor(QStringLiteral("/a")) !=
                SingleInstance::keyFor(QStringLiteral("/b")));
        QCOMPARE(SingleInstance::keyFor(QStringLiteral("/a")),
                 SingleInstance::keyFor(QStringLiteral("/a")));
    }

    void staleSocketIsTakenOver()
    {
        const QString key =
            QStringLiteral("gatehouse-test-") + QUuid::createUuid().toString(QUuid::Id128);
        {
            SingleInstance crashed(key);
            QVERIFY(crashed.listen());
        } // a clean exit removes the socket; a crash would leave it, which listen() handles
        SingleInstance next(key);
        QVERIFY(next.listen());
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
