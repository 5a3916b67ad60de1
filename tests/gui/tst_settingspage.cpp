#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "SettingsPage.h"

#include <QCheckBox>
#include <QClipboard>
#include <QEventLoop>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QToolButton>

using namespace gatehouse;
using namespace guitest;

// The settings page applies at once: a new proxy address restarts the proxy there, bad values
// are marked next to their field and change nothing, and the admin key (generated and kept in
// the keychain) can be shown, copied and regenerated, and is the one the Admin API takes.
class TestSettingsPage : public QObject
{
    Q_OBJECT

private:
    static int adminStatus(Engine &engine, const QString &key)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request{
            QUrl(QStringLiteral("http://%1/apisix/admin/routes").arg(engine.adminAddress()))};
        request.setRawHeader("X-API-KEY", key.toUtf8());
        QNetworkReply *reply = nam.get(request);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    static quint16 freePort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        return probe.serverPort();
    }

    // An engine whose addresses come from the settings, not the command line.
    static std::unique_ptr<Engine> settingsEngine(const QString &dir)
    {
        LaunchOptions o;
        o.dataDir = dir;
        auto engine = std::make_unique<Engine>(o);
        AppSettings s;
        s.listen.port = freePort();
        s.adminListen.port = freePort();
        // Written before start, as a saved configuration would be.
        ConfigStore store(dir);
        store.load();
        store.setSection(QStringLiteral("settings"), s.toJson());
        QString error;
        if (!engine->start(&error))
            qFatal("%s", qPrintable(error));
        engine->credentials().waitForLoad(10000);
        return engine;
    }

private slots:
    void newAddressRestartsTheProxy()
    {
        QTemporaryDir dir;
        auto engine = settingsEngine(dir.path());
        QVERIFY(engine->proxy().isListening());
        MainWindow window(*engine);
        window.show();
        QVERIFY(window.showPage(MainWindow::Settings));
        SettingsPage *page = window.settingsPage();
        auto *listen = child<QLineEdit>(page, QStringLiteral("listenLineEdit"));
        QCOMPARE(listen->text(), engine->settings().listen.toString());

        // A bad address is marked next to the field and nothing changes.
        const AppSettings before = engine->settings();
        listen->setText(QStringLiteral("localhost"));
        QVERIFY(!page->apply());
        QVERIFY(child<QLabel>(page, QStringLiteral("listenNoteLabel"))->isVisible());
        QCOMPARE(engine->settings(), before);

        const quint16 port = freePort();
        listen->setText(QStringLiteral("127.0.0.1:%1").arg(port));
        QVERIFY(page->apply());
        QVERIFY(engine->proxy().isListening());
        QCOMPARE(engine->proxy().port(), port);
        QCOMPARE(engine->settings().listen.port, port);
        auto *status = child<QLabel>(page, QStringLiteral("settingsStatusLabel"));
        QVERIFY2(status->text().contains(QString::number(port)), qPrintable(status->text()));

        // Origins and the upstream proxy are checked too.
        child<QPlainTextEdit>(page, QStringLiteral("originsPlainTextEdit"))
            ->setPlainText(QStringLiteral("localhost:3000"));
        QVERIFY(!page->apply());
        QVERIFY(child<QLabel>(page, QStringLiteral("originsHintLabel"))
                    ->text()
                    .contains(QStringLiteral("Not an origin")));
        child<QPlainTextEdit>(page, QStringLiteral("originsPlainTextEdit"))
            ->setPlainText(QStringLiteral("http://localhost:3000/"));
        auto *upstream = child<QComboBox>(page, QStringLiteral("upstreamProxyComboBox"));
        upstream->setCurrentIndex(2);
        child<QLineEdit>(page, QStringLiteral("upstreamProxyLineEdit"))
            ->setText(QStringLiteral("ftp://x"));
        QVERIFY(!page->apply());
        QVERIFY(child<QLabel>(page, QStringLiteral("upstreamProxyNoteLabel"))->isVisible());
        child<QLineEdit>(page, QStringLiteral("upstreamProxyLineEdit"))
            ->setText(QStringLiteral("http://127.0.0.1:3128"));
        QVERIFY(page->apply());
        QCOMPARE(engine->settings().allowedOrigins,
                 QStringList{QStringLiteral("http://localhost:3000")});
        QCOMPARE(engine->proxySettings().upstreamProxy.port(), 3128);
        QCOMPARE(engine->proxySettings().allowedOrigins,
                 QStringList{QStringLiteral("http://localhost:3000")});

        // Behaviour and theme.
        QSignalSpy themeChanged(page, &SettingsPage::themeChanged);
        child<QCheckBox>(page, QStringLiteral("startMinimizedCheckBox"))->setChecked(true);
        child<QComboBox>(page, QStringLiteral("themeComboBox"))->setCurrentIndex(2);
        QVERIFY(page->apply());
        QVERIFY(engine->settings().startMinimized);
        QCOMPARE(engine->settings().theme, AppSettings::Theme::Dark);
        QCOMPARE(themeChanged.count(), 1);
    }

    void adminKeyIsKeptShownCopiedAndRegenerated()
    {
        QTemporaryDir dir;
        auto engine = settingsEngine(dir.path());
        QCOMPARE(adminStatus(*engine, QStringLiteral("anything")), 401);
        engine->loadOrCreateAdminKey();
        QTRY_VERIFY_WITH_TIMEOUT(!engine->adminKey().isEmpty(), 10000);
        const QString first = engine->adminKey();
        QVERIFY(first.size() >= 40);
        QCOMPARE(adminStatus(*engine, first), 200);

        MainWindow window(*engine);
        window.show();
        window.showPage(MainWindow::Settings);
        SettingsPage *page = window.settingsPage();
        auto *key = child<QLineEdit>(page, QStringLiteral("adminKeyLineEdit"));
        QCOMPARE(key->text(), first);
        QCOMPARE(key->echoMode(), QLineEdit::Password);
        child<QToolButton>(page, QStringLiteral("showAdminKeyToolButton"))->click();
        QCOMPARE(key->echoMode(), QLineEdit::Normal);
        child<QPushButton>(page, QStringLiteral("copyAdminKeyPushButton"))->click();
        QCOMPARE(QGuiApplication::clipboard()->text(), first);

        MessageBox::setNextAnswer(QMessageBox::Yes);
        child<QPushButton>(page, QStringLiteral("regenerateAdminKeyPushButton"))->click();
        QVERIFY(engine->adminKey() != first);
        QCOMPARE(key->text(), engine->adminKey());
        QCOMPARE(adminStatus(*engine, first), 401);
        QCOMPARE(adminStatus(*engine, engine->adminKey()), 200);

        // The key outlives the run: a new engine on the same keychain reads the same one.
        const QString regenerated = engine->adminKey();
        QTest::qWait(200); // let the keychain write finish
        Engine again(options(dir.path() + QStringLiteral("/again")));
        QString error;
        QVERIFY(again.start(&error));
        again.loadOrCreateAdminKey();
        QTRY_VERIFY_WITH_TIMEOUT(!again.adminKey().isEmpty(), 10000);
        QCOMPARE(again.adminKey(), regenerated);
    }

    void commandLineWins()
    {
        QTemporaryDir dir;
        LaunchOptions o = options(dir.path());
        o.adminKey = QStringLiteral("from-the-command-line");
        Engine engine(o);
        QString error;
        QVERIFY(engine.start(&error));
        MainWindow window(engine);
        window.show();
        window.showPage(MainWindow::Settings);
        SettingsPage *page = window.settingsPage();
        QVERIFY(!child<QLineEdit>(page, QStringLiteral("listenLineEdit"))->isEnabled());
        QVERIFY(child<QLabel>(page, QStringLiteral("listenNoteLabel"))
                    ->text()
                    .contains(QStringLiteral("--listen")));
        QVERIFY(
            !child<QPushButton>(page, QStringLiteral("regenerateAdminKeyPushButton"))->isEnabled());
        QCOMPARE(child<QLineEdit>(page, QStringLiteral("adminKeyLineEdit"))->text(),
                 QStringLiteral("from-the-command-line"));
    }
};

QTEST_MAIN(TestSettingsPage)
#include "tst_settingspage.moc"
