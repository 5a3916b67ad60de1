#include "Autostart.h"
#include "Engine.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace gatehouse;

// "Start Gatehouse when I log in" writes a valid XDG autostart entry under $XDG_CONFIG_HOME and
// removes it again; applying the setting through the engine does the same, and a setting that
// cannot be applied is not saved.
class TestAutostart : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;

    static QString validate(const QString &path)
    {
        QProcess p;
        p.start(QStringLiteral("desktop-file-validate"), {path});
        if (!p.waitForFinished(10000))
            return QStringLiteral("desktop-file-validate did not run");
        return p.exitCode() == 0 ? QString()
                                 : QString::fromUtf8(p.readAllStandardOutput() +
                                                     p.readAllStandardError());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.filePath(QStringLiteral("config")).toUtf8());
        QVERIFY(Autostart::entryPath().startsWith(m_home.path()));
    }

    void writesAValidEntryAndRemovesIt()
    {
        QVERIFY(!Autostart::isEnabled());
        const QString exe = QStringLiteral("/opt/my apps/gatehouse");
        QString error;
        QVERIFY2(Autostart::setEnabled(true, exe, &error), qPrintable(error));
        QVERIFY(Autostart::isEnabled());
        QVERIFY(Autostart::entryPath().endsWith(
            QStringLiteral("/autostart/io.github.gatehouse.Gatehouse.desktop")));
        QFile file(Autostart::entryPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.contains("\nExec=\"/opt/my apps/gatehouse\"\n"), text.constData());
        const QString problems = validate(Autostart::entryPath());
        QVERIFY2(problems.isEmpty(), qPrintable(problems));

        QVERIFY(Autostart::setEnabled(false, exe, &error));
        QVERIFY(!Autostart::isEnabled());
        QVERIFY(Autostart::setEnabled(false, exe, &error)); // removing twice is fine
    }

    void theEngineAppliesTheSetting()
    {
        LaunchOptions o;
        o.dataDir = m_home.filePath(QStringLiteral("data"));
        o.listen = {QStringLiteral("127.0.0.1"), 0};
        o.adminListen = {QStringLiteral("127.0.0.1"), 0};
        o.adminKey = QStringLiteral("test-admin-key");
        Engine engine(o);
        QString error;
        QVERIFY2(engine.start(&error), qPrintable(error));

        AppSettings s = engine.settings();
        s.launchAtLogin = true;
        QVERIFY2(engine.applySettings(s, &error), qPrintable(error));
        QVERIFY(Autostart::isEnabled());
        QVERIFY(engine.settings().launchAtLogin);

        s.launchAtLogin = false;
        QVERIFY(engine.applySettings(s, &error));
        QVERIFY(!Autostart::isEnabled());

        // When the entry cannot be written, the setting is not saved either.
        const QString dir = QFileInfo(Autostart::entryPath()).absolutePath();
        QVERIFY(QDir(dir).removeRecursively());
        QFile blocker(dir); // a file where the folder should be
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        s.launchAtLogin = true;
        QVERIFY(!engine.applySettings(s, &error));
        QVERIFY2(error.contains(dir), qPrintable(error));
        QVERIFY(!engine.settings().launchAtLogin);
        QVERIFY(QFile::remove(dir));
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "tst_autostart.moc"
