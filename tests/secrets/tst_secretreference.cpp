#include "SecretReference.h"

#include <QTest>

using namespace gatehouse;

class TestSecretReference final : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void formatRoundTrips();
    void looksLikeReference_data();
    void looksLikeReference();
    void credentialNames_data();
    void credentialNames();
    void environmentNames_data();
    void environmentNames();
    void suggestCredentialName_data();
    void suggestCredentialName();
};

void TestSecretReference::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("errorContains");

    const int keychain = int(SecretReference::Scheme::Keychain);
    const int env = int(SecretReference::Scheme::Environment);
    QTest::newRow("keychain") << QStringLiteral("$secret://keychain/deepseek") << true << keychain
                              << QStringLiteral("deepseek") << QString();
    QTest::newRow("keychain dotted") << QStringLiteral("$secret://keychain/openai.backup_2") << true
                                     << keychain << QStringLiteral("openai.backup_2") << QString();
    QTest::newRow("env") << QStringLiteral("$env://DEEPSEEK_API_KEY") << true << env
                         << QStringLiteral("DEEPSEEK_API_KEY") << QString();
    QTest::newRow("keychain without name") << QStringLiteral("$secret://keychain/") << false << 0
                                           << QString() << QStringLiteral("names no credential");
    QTest::newRow("keychain nested") << QStringLiteral("$secret://keychain/a/b") << false << 0
                                     << QString() << QStringLiteral("only letters");
    QTest::newRow("keychain starts with dash") << QStringLiteral("$secret://keychain/-x") << false
                                               << 0 << QString() << QStringLiteral("starts with");
    QTest::newRow("keychain too long")
        << QStringLiteral("$secret://keychain/") + QString(65, QLatin1Char('a')) << false << 0
        << QString() << QStringLiteral("at most 64");
    QTest::newRow("vault") << QStringLiteral("$secret://vault/1/openai/key") << false << 0
                           << QString() << QStringLiteral("$secret://keychain/NAME");
    QTest::newRow("env without name") << QStringLiteral("$env://") << false << 0 << QString()
                                      << QStringLiteral("names no environment variable");
    QTest::newRow("env sub-key") << QStringLiteral("$env://JSON_SECRETS/openai") << false << 0
                                 << QString() << QStringLiteral("whole environment variables");
    QTest::newRow("env digit first") << QStringLiteral("$env://1KEY") << false << 0 << QString()
                                     << QStringLiteral("starts with a letter");
    QTest::newRow("literal key") << QStringLiteral("Bearer test-key-0001") << false << 0
                                 << QString() << QStringLiteral("not a secret reference");
    QTest::newRow("empty") << QString() << false << 0 << QString()
                           << QStringLiteral("not a secret reference");
}

void TestSecretReference::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, scheme);
    QFETCH(QString, name);
    QFETCH(QString, errorContains);

    QString error;
    const std::optional<SecretReference> ref = SecretReference::parse(text, &error);
    QCOMPARE(ref.has_value(), valid);
    if (valid) {
        QCOMPARE(int(ref->scheme), scheme);
        QCOMPARE(ref->name, name);
        QVERIFY(error.isEmpty());
    } else {
        QVERIFY2(error.contains(errorContains), qPrintable(error));
        // A value that is not a reference may be a key pasted in the wrong place.
        if (!SecretReference::looksLikeReference(text) && !text.isEmpty())
            QVERIFY2(!error.contains(text), qPrintable(error));
    }
}

void TestSecretReference::formatRoundTrips()
{
    const SecretReference k = SecretReference::keychain(QStringLiteral("deepseek"));
    QCOMPARE(k.toString(), QStringLiteral("$secret://keychain/deepseek"));
    QCOMPARE(SecretReference::parse(k.toString()), std::optional<SecretReference>(k));
    const SecretReference e = SecretReference::environment(QStringLiteral("OPENAI_API_KEY"));
    QCOMPARE(e.toString(), QStringLiteral("$env://OPENAI_API_KEY"));
    QCOMPARE(SecretReference::parse(e.toString()), std::optional<SecretReference>(e));
}

void TestSecretReference::looksLikeReference_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("expected");
    QTest::newRow("keychain") << QStringLiteral("$secret://keychain/x") << true;
    QTest::newRow("other manager") << QStringLiteral("$secret://vault/x") << true;
    QTest::newRow("env") << QStringLiteral("$env://X") << true;
    QTest::newRow("bearer") << QStringLiteral("Bearer test-key-0001") << false;
    QTest::newRow("dollar only") << QStringLiteral("$secret") << false;
    QTest::newRow("embedded") << QStringLiteral("Bearer $env://X") << false;
}

void TestSecretReference::looksLikeReference()
{
    QFETCH(QString, text);
    QFETCH(bool, expected);
    QCOMPARE(SecretReference::looksLikeReference(text), expected);
}

void TestSecretReference::credentialNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("simple") << QStringLiteral("deepseek") << true;
    QTest::newRow("mixed") << QStringLiteral("OpenAI-prod_2.backup") << true;
    QTest::newRow("digit first") << QStringLiteral("1password") << true;
    QTest::newRow("64") << QString(64, QLatin1Char('a')) << true;
    QTest::newRow("65") << QString(65, QLatin1Char('a')) << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("space") << QStringLiteral("deep seek") << false;
    QTest::newRow("slash") << QStringLiteral("a/b") << false;
    QTest::newRow("dot first") << QStringLiteral(".hidden") << false;
    QTest::newRow("non-ascii") << QStringLiteral("cl\u00e9") << false;
}

void TestSecretReference::credentialNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QString error;
    QCOMPARE(SecretReference::isValidCredentialName(name, &error), valid);
    QCOMPARE(error.isEmpty(), valid);
}

void TestSecretReference::environmentNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("upper") << QStringLiteral("OPENAI_API_KEY") << true;
    QTest::newRow("underscore first") << QStringLiteral("_KEY") << true;
    QTest::newRow("lower") << QStringLiteral("key2") << true;
    QTest::newRow("digit first") << QStringLiteral("2KEY") << false;
    QTest::newRow("dash") << QStringLiteral("MY-KEY") << false;
    QTest::newRow("empty") << QString() << false;
}

void TestSecretReference::environmentNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QString error;
    QCOMPARE(SecretReference::isValidEnvironmentName(name, &error), valid);
    QCOMPARE(error.isEmpty(), valid);
}

void TestSecretReference::suggestCredentialName_data()
{
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("deepseek") << QStringLiteral("deepseek");
    QTest::newRow("words") << QStringLiteral("DeepSeek primary")
                           << QStringLiteral("deepseek-primary");
    QTest::newRow("path") << QStringLiteral("routes/openai fallback")
                          << QStringLiteral("routes-openai-fallback");
    QTest::newRow("edges") << QStringLiteral("  --x--  ") << QStringLiteral("x");
    QTest::newRow("keeps dots") << QStringLiteral("v1.2") << QStringLiteral("v1.2");
    QTest::newRow("nothing usable") << QStringLiteral(" /// ") << QStringLiteral("credential");
    QTest::newRow("empty") << QString() << QStringLiteral("credential");
    QTest::newRow("long") << QString(80, QLatin1Char('b')) << QString(64, QLatin1Char('b'));
}

void TestSecretReference::suggestCredentialName()
{
    QFETCH(QString, hint);
    QFETCH(QString, expected);
    const QString name = SecretReference::suggestCredentialName(hint);
    QCOMPARE(name, expected);
    QVERIFY(SecretReference::isValidCredentialName(name));
}

QTEST_GUILESS_MAIN(TestSecretReference)
#include "tst_secretreference.moc"
