#include "CredentialListModel.h"
#include "CredentialsPage.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "MockProvider.h"

#include <QJsonArray>
#include <QLabel>
#include <QTableView>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// The credentials page against a real keychain (the suite's private gnome-keyring): add, the
// table's columns, test against the mock provider, replace, delete.
class TestCredentialsPage : public QObject
{
    Q_OBJECT

private:
    static QString cell(QTableView *table, int row, int column)
    {
        return table->model()->index(row, column).data().toString();
    }

private slots:
    void addTestReplaceDelete()
    {
        MockProvider mock;
        QVERIFY(mock.listen());
        QTemporaryDir dir;
        auto engine = startEngine(dir.path(), {{QStringLiteral("deepseek"), QUrl(mock.baseUrl())}});
        MainWindow window(*engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.showPage(MainWindow::Credentials));
        CredentialsPage *page = window.credentialsPage();
        auto *table = child<QTableView>(page, QStringLiteral("credentialsTableView"));
        QVERIFY(child<QLabel>(page, QStringLiteral("emptyHintLabel"))->isVisible());
        QVERIFY(!table->isVisible());

        // Add: the dialog checks what it is given before storing.
        child<QPushButton>(page, QStringLiteral("addCredentialPushButton"))->click();
        CredentialDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = openCredentialDialog()) != nullptr);
        child<QLineEdit>(dialog, QStringLiteral("nameLineEdit"))
            ->setText(QStringLiteral("bad name!"));
        child<QLineEdit>(dialog, QStringLiteral("keyLineEdit"))
            ->setText(QStringLiteral("sk-abcdef0123456789"));
        child<QDialogButtonBox>(dialog, QStringLiteral("buttonBox"))
            ->button(QDialogButtonBox::Save)
            ->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(child<QLabel>(dialog, QStringLiteral("errorLabel"))->isVisible());
        QVERIFY(fillCredentialDialog(dialog, QStringLiteral("deepseek"),
                                     QStringLiteral("sk-abcdef0123456789")));

        QTRY_COMPARE(table->model()->rowCount(), 1);
        QVERIFY(table->isVisible());
        QCOMPARE(cell(table, 0, CredentialListModel::Name), QStringLiteral("deepseek"));
        QCOMPARE(cell(table, 0, CredentialListModel::Provider), QStringLiteral("DeepSeek"));
        QCOMPARE(cell(table, 0, CredentialListModel::Key), QStringLiteral("Bearer sk-…6789"));
        QCOMPARE(cell(table, 0, CredentialListModel::StoredIn), QStringLiteral("Keychain"));
        QCOMPARE(cell(table, 0, CredentialListModel::UsedBy), QStringLiteral("No route"));
        QCOMPARE(cell(table, 0, CredentialListModel::LastUsed), QStringLiteral("Never"));

        // A route that uses it shows up in "Used by".
        const QJsonObject route{
            {QStringLiteral("id"), QStringLiteral("r1")},
            {QStringLiteral("paths"), QJsonArray{QStringLiteral("/v1/*")}},
            {QStringLiteral("plugins"),
             QJsonObject{
                 {QStringLiteral("ai-proxy"),
                  QJsonObject{
                      {QStringLiteral("provider"), QStringLiteral("deepseek")},
                      {QStringLiteral("auth"),
                       QJsonObject{
                           {QStringLiteral("header"),
                            QJsonObject{{QStringLiteral("Authorization"),
                                         QStringLiteral("$secret://keychain/deepseek")}}}}}}}}}};
        QVERIFY(engine->config().putRoute(route).ok);
        QCOMPARE(cell(table, 0, CredentialListModel::UsedBy), QStringLiteral("r1"));

        // Test: the provider's models list with this key.
        table->selectRow(0);
        child<QPushButton>(page, QStringLiteral("testCredentialPushButton"))->click();
        auto *result = child<QLabel>(page, QStringLiteral("testResultLabel"));
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("✓")),
                                  qPrintable(result->text()), 10000);
        QCOMPARE(mock.lastRequest().header("Authorization"),
                 QByteArray("Bearer sk-abcdef0123456789"));
        QVERIFY(cell(table, 0, CredentialListModel::LastUsed) != QStringLiteral("Never"));

        // A key the provider refuses says so.
        mock.setBehavior(QStringLiteral("/models"), Behavior::error(401));
        child<QPushButton>(page, QStringLiteral("testCredentialPushButton"))->click();
        QTRY_VERIFY2_WITH_TIMEOUT(result->text().startsWith(QStringLiteral("✖")),
                                  qPrintable(result->text()), 10000);

        // Replace: same name, new key.
        table->selectRow(0);
        child<QPushButton>(page, QStringLiteral("replaceCredentialPushButton"))->click();
        QTRY_VERIFY((dialog = openCredentialDialog()) != nullptr);
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("nameLineEdit"))->isReadOnly());
        QVERIFY(fillCredentialDialog(dialog, QStringLiteral("deepseek"),
                                     QStringLiteral("sk-new-key-4321")));
        QCOMPARE(engine->credentials().reveal(QStringLiteral("deepseek")).value_or(QString()),
                 QStringLiteral("Bearer sk-new-key-4321"));

        // Delete asks (the route uses it), then removes it from the keychain and the index.
        table->selectRow(0);
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        child<QPushButton>(page, QStringLiteral("deleteCredentialPushButton"))->click();
        QVERIFY(engine->credentials().contains(QStringLiteral("deepseek")));
        MessageBox::setNextAnswer(QMessageBox::Yes);
        child<QPushButton>(page, QStringLiteral("deleteCredentialPushButton"))->click();
        QTRY_VERIFY(!engine->credentials().contains(QStringLiteral("deepseek")));
        QTRY_COMPARE(table->model()->rowCount(), 0);
        QVERIFY(!child<QFrame>(page, QStringLiteral("keychainBannerFrame"))->isVisible());
    }
};

QTEST_MAIN(TestCredentialsPage)
#include "tst_credentialspage.moc"
