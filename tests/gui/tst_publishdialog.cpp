#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "PublishDialog.h"
#include "RouteSchema.h"

#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// Publishing from the GUI to a real APISIX-compatible Admin API: a second Gatehouse engine plays
// the cluster (it answers the same Admin API). Nothing is sent before the preview and the Publish
// click; keys leave as $env:// placeholders; the cluster's address is remembered and its admin key
// comes back from the keychain next time.
class TestPublishDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_local;
    std::unique_ptr<Engine> m_cluster;
    const QString m_clusterKey = QStringLiteral("cluster-admin-key-for-tests");

    QString clusterUrl() const
    {
        return QStringLiteral("http://") + m_cluster->adminAddress();
    }

    PublishDialog *openDialog()
    {
        auto *dialog = new PublishDialog(*m_local, {});
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
        return dialog;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_local = startEngine(m_dir.filePath(QStringLiteral("local")));
        LaunchOptions o = options(m_dir.filePath(QStringLiteral("cluster")));
        o.adminKey = m_clusterKey;
        m_cluster = std::make_unique<Engine>(o);
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));

        QJsonObject route = fixtures::object(QStringLiteral("seed/deepseek-route.json"));
        route = RouteSchema::mapAuthValues(route, [](const QString &, const QString &,
                                                     const QString &) {
            return QStringLiteral("$secret://keychain/deepseek");
        });
        const ConfigStore::ChangeResult put = m_local->config().putRoute(route);
        QVERIFY2(put.ok, qPrintable(put.errors.isEmpty() ? QString() : put.errors.first().message));
    }

    void cleanupTestCase()
    {
        m_local.reset();
        m_cluster.reset();
    }

    void previewThenPublishThenRemember()
    {
        PublishDialog *dialog = openDialog();
        auto *url = child<QLineEdit>(dialog, QStringLiteral("urlLineEdit"));
        auto *key = child<QLineEdit>(dialog, QStringLiteral("keyLineEdit"));
        auto *preview = child<QPushButton>(dialog, QStringLiteral("previewPushButton"));
        auto *publish = child<QPushButton>(dialog, QStringLiteral("publishPushButton"));
        auto *status = child<QLabel>(dialog, QStringLiteral("statusLabel"));
        QVERIFY(url && key && preview && publish && status);
        QVERIFY(!publish->isEnabled());

        // No key: a sentence, nothing read.
        url->setText(clusterUrl());
        preview->click();
        QVERIFY(status->text().contains(QStringLiteral("admin key")));

        // A wrong key: the cluster refuses the reads; nothing can be published.
        QSignalSpy previews(dialog, &PublishDialog::previewShown);
        key->setText(QStringLiteral("wrong"));
        preview->click();
        QVERIFY(previews.wait(10000));
        QVERIFY(!publish->isEnabled());
        QVERIFY(m_cluster->config().routes().isEmpty());

        key->setText(m_clusterKey);
        preview->click();
        QVERIFY(previews.wait(10000));
        const QString diff = dialog->resultText();
        QVERIFY2(diff.contains(QStringLiteral("deepseek-route: new")), qPrintable(diff));
        QVERIFY2(diff.contains(QStringLiteral("$secret://keychain/deepseek")), qPrintable(diff));
        QVERIFY(publish->isEnabled());
        QVERIFY(m_cluster->config().routes().isEmpty()); // a preview sends nothing
        // scripts/screenshots.sh runs this test too and keeps the picture of the preview.
        if (const QString dir = qEnvironmentVariable("GATEHOUSE_SCREENSHOT_DIR"); !dir.isEmpty()) {
            dialog->resize(900, 620);
            QVERIFY(dialog->grab().save(dir + QStringLiteral("/publish-preview-light.png")));
        }

        QSignalSpy published(dialog, &PublishDialog::publishShown);
        publish->click();
        QVERIFY(published.wait(10000));
        QVERIFY2(status->text().contains(QStringLiteral("as previewed")), qPrintable(status->text()));
        // The key went into the keychain (a failure would have replaced the status line).
        QTest::qWait(500);
        QVERIFY2(!status->text().contains(QStringLiteral("keychain")), qPrintable(status->text()));
        QCOMPARE(m_cluster->config().routes().size(), 1);
        const QByteArray sent =
            QJsonDocument(m_cluster->config().routes().first()).toJson(QJsonDocument::Compact);
        QVERIFY2(sent.contains("$env://"), sent.constData());
        QVERIFY(!sent.contains("$secret://"));
        dialog->close();

        // Next time: the address is remembered and the key comes back from the keychain; the
        // cluster already holds the route, so there is nothing to send.
        dialog = openDialog();
        url = child<QLineEdit>(dialog, QStringLiteral("urlLineEdit"));
        key = child<QLineEdit>(dialog, QStringLiteral("keyLineEdit"));
        QCOMPARE(url->text(), clusterUrl());
        QTRY_COMPARE_WITH_TIMEOUT(key->text(), m_clusterKey, 10000);
        QSignalSpy again(dialog, &PublishDialog::previewShown);
        child<QPushButton>(dialog, QStringLiteral("previewPushButton"))->click();
        QVERIFY(again.wait(10000));
        QVERIFY2(dialog->resultText().contains(QStringLiteral("deepseek-route: unchanged")),
                 qPrintable(dialog->resultText()));
        QVERIFY(!child<QPushButton>(dialog, QStringLiteral("publishPushButton"))->isEnabled());
        dialog->close();
    }

    void changingTheFormNeedsANewPreview()
    {
        PublishDialog *dialog = openDialog();
        auto *key = child<QLineEdit>(dialog, QStringLiteral("keyLineEdit"));
        QTRY_COMPARE_WITH_TIMEOUT(key->text(), m_clusterKey, 10000);
        // Change the local route so that there is something to send.
        QJsonObject route = m_local->config().routes().first();
        route.insert(QStringLiteral("desc"), QStringLiteral("changed here"));
        QVERIFY(m_local->config().putRoute(route).ok);
        QSignalSpy previews(dialog, &PublishDialog::previewShown);
        child<QPushButton>(dialog, QStringLiteral("previewPushButton"))->click();
        QVERIFY(previews.wait(10000));
        QVERIFY2(dialog->resultText().contains(QStringLiteral("deepseek-route: changed")),
                 qPrintable(dialog->resultText()));
        auto *publish = child<QPushButton>(dialog, QStringLiteral("publishPushButton"));
        QVERIFY(publish->isEnabled());
        // Unticking the route invalidates the preview.
        child<QListWidget>(dialog, QStringLiteral("routesListWidget"))
            ->item(0)
            ->setCheckState(Qt::Unchecked);
        QVERIFY(!publish->isEnabled());
        dialog->close();
    }
};

QTEST_MAIN(TestPublishDialog)
#include "tst_publishdialog.moc"
