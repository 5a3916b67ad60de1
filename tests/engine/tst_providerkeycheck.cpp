#include "MockProvider.h"
#include "ProviderKeyCheck.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace gatehouse;

// The "test key" action against the project's mock provider: a real GET of the models list.
class TestProviderKeyCheck : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_mock.listen()); }

    void outcomes_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("outcome");
        QTest::addColumn<int>("status");
        QTest::newRow("valid") << "" << int(ProviderKeyCheck::Outcome::Valid) << 200;
        QTest::newRow("rejected") << "/status/401" << int(ProviderKeyCheck::Outcome::Rejected) << 401;
        QTest::newRow("forbidden") << "/status/403" << int(ProviderKeyCheck::Outcome::Rejected) << 403;
        QTest::newRow("provider error") << "/status/500" << int(ProviderKeyCheck::Outcome::Unexpected) << 500;
    }
    void outcomes()
    {
        QFETCH(QString, prefix);
        QFETCH(int, outcome);
        QFETCH(int, status);
        m_mock.clearRequests();
        ProviderKeyCheck check(QStringLiteral("openai"), QStringLiteral("test-key-0001"), QUrl(m_mock.baseUrl() + prefix));
        QSignalSpy finished(&check, &ProviderKeyCheck::finished);
        check.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(int(check.result().outcome), outcome);
        QCOMPARE(check.result().status, status);
        QVERIFY(!check.result().message.contains(QStringLiteral("test-key-0001")));
        const MockRequest request = m_mock.lastRequest();
        QCOMPARE(request.method, QByteArray("GET"));
        QVERIFY2(request.path.endsWith("/v1/models"), request.path.constData());
        QCOMPARE(request.header("authorization"), QByteArray("Bearer test-key-0001"));
    }

    void keyShapeFollowsTheProvider()
    {
        ProviderKeyCheck check(QStringLiteral("anthropic"), QStringLiteral("test-key-0002"), QUrl(m_mock.baseUrl()));
        QSignalSpy finished(&check, &ProviderKeyCheck::finished);
        check.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(m_mock.lastRequest().header("x-api-key"), QByteArray("test-key-0002"));
        QVERIFY(!m_mock.lastRequest().hasHeader("authorization"));
    }

    void unreachable()
    {
        QTcpServer closed; // take a free port, then close it: nothing listens there
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        ProviderKeyCheck check(QStringLiteral("deepseek"), QStringLiteral("test-key-0003"),
                               QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QSignalSpy finished(&check, &ProviderKeyCheck::finished);
        check.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(check.result().outcome, ProviderKeyCheck::Outcome::Unreachable);
    }

    void timeout()
    {
        ProviderKeyCheck check(QStringLiteral("deepseek"), QStringLiteral("test-key-0004"),
                               QUrl(m_mock.baseUrl() + QStringLiteral("/hang")), 300);
        QSignalSpy finished(&check, &ProviderKeyCheck::finished);
        check.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QCOMPARE(check.result().outcome, ProviderKeyCheck::Outcome::Unreachable);
        QVERIFY(check.result().message.contains(QStringLiteral("did not answer")));
    }

private:
    MockProvider m_mock;
};

QTEST_GUILESS_MAIN(TestProviderKeyCheck)
#include "tst_providerkeycheck.moc"
