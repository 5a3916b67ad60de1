#include "CredentialListModel.h"
#include "CredentialsPage.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "Theme.h"

#include <QLabel>
#include <QTableView>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// With no keychain at all (no Secret Service on the bus), the credentials page says so and what
// to do, and a key added anyway is held in memory for this run, marked as such.
class TestKeychainBanner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Before anything talks to D-Bus: a session bus that is not there.
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/gatehouse-no-bus");
    }

    void bannerAndMemoryOnlyKeys()
    {
        QTemporaryDir dir;
        auto engine = startEngine(dir.path());
        QVERIFY(engine->credentials().keychainUnavailable());
        MainWindow window(*engine);
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.showPage(MainWindow::Credentials);
        CredentialsPage *page = window.credentialsPage();
        auto *banner = child<QFrame>(page, QStringLiteral("keychainBannerFrame"));
        QTRY_VERIFY(banner->isVisible());
        const QString text = child<QLabel>(page, QStringLiteral("keychainBannerLabel"))->text();
        QVERIFY2(text.contains(QStringLiteral("not available")) &&
                     text.contains(QStringLiteral("Try again")),
                 qPrintable(text));

        child<QPushButton>(page, QStringLiteral("addCredentialPushButton"))->click();
        CredentialDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = openCredentialDialog()) != nullptr);
        QVERIFY(fillCredentialDialog(dialog, QStringLiteral("deepseek"),
                                     QStringLiteral("sk-held-in-memory-1234")));
        auto *table = child<QTableView>(page, QStringLiteral("credentialsTableView"));
        QTRY_COMPARE(table->model()->rowCount(), 1);
        QTRY_COMPARE(table->model()->index(0, CredentialListModel::StoredIn).data().toString(),
                     QStringLiteral("Memory, this run only"));
        QVERIFY(child<QLabel>(page, QStringLiteral("testResultLabel"))
                    ->text()
                    .contains(QStringLiteral("memory")));

        // For the docs: the banner in both themes.
        const QString out =
            qEnvironmentVariable("GATEHOUSE_SCREENSHOT_DIR",
                                 qEnvironmentVariable("GATEHOUSE_BIN_DIR", QStringLiteral(".")) +
                                     QStringLiteral("/../screenshots"));
        QDir().mkpath(out);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPointSize(10);
        QApplication::setFont(font);
        for (const auto &[theme, suffix] :
             {std::pair{AppSettings::Theme::Light, QStringLiteral("light")},
              std::pair{AppSettings::Theme::Dark, QStringLiteral("dark")}}) {
            Theme::apply(theme);
            QTest::qWait(30);
            QVERIFY(window.grab().save(out + QStringLiteral("/credentials-no-keychain-") + suffix +
                                       QStringLiteral(".png")));
        }
    }
};

QTEST_MAIN(TestKeychainBanner)
#include "tst_keychainbanner.moc"
