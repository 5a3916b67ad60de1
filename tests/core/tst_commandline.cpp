#include "CommandLine.h"

#include <QTest>

using namespace gatehouse;

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void defaults()
    {
        QString error;
        const auto o = CommandLine::parse({QStringLiteral("gatehouse")}, &error);
        QVERIFY(o);
        QVERIFY(!o->headless);
        QCOMPARE(o->listen.toString(), QStringLiteral("127.0.0.1:9080"));
        QCOMPARE(o->adminListen.toString(), QStringLiteral("127.0.0.1:7080"));
        QVERIFY(o->adminKey.isEmpty());
        QVERIFY(o->providerEndpoints.isEmpty());
    }

    void everyFlag()
    {
        QString error;
        const auto o = CommandLine::parse(
            {QStringLiteral("gatehouse"), QStringLiteral("--headless"), QStringLiteral("--data-dir"), QStringLiteral("/tmp/gh"),
             QStringLiteral("--listen=[::1]:9999"), QStringLiteral("--admin-listen"), QStringLiteral("localhost:7777"),
             QStringLiteral("--admin-key"), QStringLiteral("admin-test"), QStringLiteral("--provider-endpoint"),
             QStringLiteral("deepseek=http://127.0.0.1:8000"), QStringLiteral("--provider-endpoint=openai=https://mirror.test/v1")},
            &error, QStringLiteral("from-env"));
        QVERIFY2(o, qPrintable(error));
        QVERIFY(o->headless);
        QCOMPARE(o->dataDir, QStringLiteral("/tmp/gh"));
        QCOMPARE(o->listen.host, QStringLiteral("::1"));
        QCOMPARE(o->listen.port, 9999);
        QCOMPARE(o->listen.toString(), QStringLiteral("[::1]:9999"));
        QCOMPARE(o->adminListen.toString(), QStringLiteral("localhost:7777"));
        QCOMPARE(o->adminKey, QStringLiteral("admin-test")); // the flag beats the environment
        QCOMPARE(o->providerEndpoints.value(QStringLiteral("deepseek")), QUrl(QStringLiteral("http://127.0.0.1:8000")));
        QCOMPARE(o->providerEndpoints.value(QStringLiteral("openai")), QUrl(QStringLiteral("https://mirror.test/v1")));
    }

    void adminKeyFromEnvironment()
    {
        QString error;
        const auto o = CommandLine::parse({QStringLiteral("gatehouse")}, &error, QStringLiteral("from-env"));
        QCOMPARE(o->adminKey, QStringLiteral("from-env"));
    }

    void helpAndVersion()
    {
        QString error;
        QVERIFY(CommandLine::parse({QStringLiteral("gatehouse"), QStringLiteral("--help")}, &error)->showHelp);
        QVERIFY(CommandLine::parse({QStringLiteral("gatehouse"), QStringLiteral("--version")}, &error)->showVersion);
        for (const char *flag : {"--headless", "--data-dir", "--listen", "--admin-listen", "--admin-key",
                                 "--provider-endpoint", "--help", "--version"})
            QVERIFY2(CommandLine::helpText().contains(QLatin1String(flag)), flag);
    }

    void badInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown flag") << QStringList{"--bogus"} << "unknown option --bogus";
        QTest::newRow("stray argument") << QStringList{"extra"} << "unexpected argument \"extra\"";
        QTest::newRow("listen without value") << QStringList{"--listen"} << "--listen needs HOST:PORT";
        QTest::newRow("listen without port") << QStringList{"--listen", "127.0.0.1"} << "--listen: \"127.0.0.1\" is not HOST:PORT";
        QTest::newRow("port zero") << QStringList{"--listen", "127.0.0.1:0"} << "is not HOST:PORT";
        QTest::newRow("port too big") << QStringList{"--admin-listen", "127.0.0.1:70000"} << "--admin-listen:";
        QTest::newRow("empty data dir") << QStringList{"--data-dir="} << "--data-dir needs a folder";
        QTest::newRow("admin key missing") << QStringList{"--admin-key"} << "--admin-key needs a value";
        QTest::newRow("endpoint without =") << QStringList{"--provider-endpoint", "deepseek"} << "is not NAME=URL";
        QTest::newRow("endpoint unknown provider") << QStringList{"--provider-endpoint", "nobody=http://x"}
                                                   << "unknown provider \"nobody\"";
        QTest::newRow("endpoint bad url") << QStringList{"--provider-endpoint", "openai=ftp://x"} << "is not an http(s) URL";
        QTest::newRow("value on a switch") << QStringList{"--headless=yes"} << "unknown option --headless=yes";
    }
    void badInput()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QString error;
        args.prepend(QStringLiteral("gatehouse"));
        QVERIFY(!CommandLine::parse(args, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
