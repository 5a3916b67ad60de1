#include "Translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLibraryInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace gatehouse;

// The .ts files are finished and current: no unfinished, vanished or obsolete entry; every
// placeholder and accelerator kept; and lupdate, run now over the sources into a copy, finds
// exactly the messages the files hold (so a new tr() string fails here until it is translated).
// Then that the .qm files are embedded and chosen the way GuiMain chooses them.
class TestTranslations : public QObject
{
    Q_OBJECT

    struct Message
    {
        QString context;
        QString source;
        QString comment;
        bool numerus = false;
        QString type; // "", "unfinished", "vanished", "obsolete"
        QStringList forms;
        QString where;
    };

    static QString tsPath(const QString &language)
    {
        return qEnvironmentVariable("GATEHOUSE_SOURCE_DIR") +
               QStringLiteral("/translations/gatehouse_%1.ts").arg(language);
    }

    static QList<Message> read(const QString &path, QString *language = nullptr)
    {
        QList<Message> out;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("cannot read %s", qPrintable(path));
            return out;
        }
        QXmlStreamReader xml(&file);
        QString context;
        Message m;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement())
                continue;
            const QStringView name = xml.name();
            if (name == u"TS" && language)
                *language = xml.attributes().value(QLatin1String("language")).toString();
            else if (name == u"name")
                context = xml.readElementText();
            else if (name == u"message") {
                m = Message{};
                m.context = context;
                m.numerus = xml.attributes().value(QLatin1String("numerus")) == u"yes";
            } else if (name == u"location" && m.where.isEmpty())
                m.where = xml.attributes().value(QLatin1String("filename")).toString() +
                          QLatin1Char(':') +
                          xml.attributes().value(QLatin1String("line")).toString();
            else if (name == u"source")
                m.source = xml.readElementText();
            else if (name == u"comment")
                m.comment = xml.readElementText();
            else if (name == u"translation") {
                m.type = xml.attributes().value(QLatin1String("type")).toString();
                if (m.numerus) {
                    while (xml.readNextStartElement())
                        m.forms << xml.readElementText();
                } else {
                    m.forms << xml.readElementText();
                }
                out << m;
            }
        }
        if (xml.hasError())
            qWarning("%s: %s", qPrintable(path), qPrintable(xml.errorString()));
        return out;
    }

    static QString key(const Message &m)
    {
        return m.context + QStringLiteral(" | ") + m.source +
               (m.comment.isEmpty() ? QString() : QStringLiteral(" | ") + m.comment);
    }

    static QSet<QString> placeholders(const QString &text)
    {
        static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
        QSet<QString> out;
        for (auto it = re.globalMatch(text); it.hasNext();)
            out.insert(it.next().captured());
        return out;
    }

    static bool hasAccelerator(const QString &text)
    {
        QString t = text;
        t.remove(QStringLiteral("&&"));
        return t.contains(QLatin1Char('&'));
    }

    // lupdate over the sources the build knows (the project file CMake writes for the
    // update_translations target) into a copy of the .ts file; returns the copy's messages.
    static QList<Message> refreshed(const QString &language, const QString &dir)
    {
        const QString project = language == QLatin1String("en")
                                    ? QStringLiteral("gatehouse_gui_en_project")
                                    : QStringLiteral("gatehouse_gui_project");
        const QString json = dir + QLatin1Char('/') + project + QStringLiteral(".json");
        QProcess cmake;
        cmake.start(QStringLiteral(GATEHOUSE_CMAKE),
                    {QStringLiteral("-DIN_FILE=" GATEHOUSE_LUPDATE_DIR "/") + project +
                         QStringLiteral(".cmake"),
                     QStringLiteral("-DOUT_FILE=") + json, QStringLiteral("-P"),
                     QStringLiteral(GATEHOUSE_LUPDATE_SCRIPT)});
        if (!cmake.waitForFinished(60000) || cmake.exitCode() != 0) {
            qWarning("cmake: %s", cmake.readAllStandardError().constData());
            return {};
        }
        const QString copy = dir + QStringLiteral("/gatehouse_%1.ts").arg(language);
        QFile::remove(copy);
        if (!QFile::copy(tsPath(language), copy))
            return {};
        QStringList args{QStringLiteral("-project"),     json,
                         QStringLiteral("-ts"),          copy,
                         QStringLiteral("-no-obsolete"), QStringLiteral("-silent")};
        if (language == QLatin1String("en"))
            args << QStringLiteral("-pluralonly");
        QProcess lupdate;
        lupdate.start(QStringLiteral(GATEHOUSE_LUPDATE), args);
        if (!lupdate.waitForFinished(120000) || lupdate.exitCode() != 0) {
            qWarning("lupdate: %s", lupdate.readAllStandardError().constData());
            return {};
        }
        return read(copy);
    }

private slots:
    void complete_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("pluralForms");
        QTest::newRow("en") << QStringLiteral("en") << 2;
        QTest::newRow("zh_CN") << QStringLiteral("zh_CN") << 1;
    }

    void complete()
    {
        QFETCH(QString, language);
        QFETCH(int, pluralForms);
        QString declared;
        const QList<Message> messages = read(tsPath(language), &declared);
        QCOMPARE(declared, language);
        QVERIFY(!messages.isEmpty());
        QStringList problems;
        for (const Message &m : messages) {
            const QString where = m.where + QStringLiteral(": \"") + m.source + QLatin1Char('"');
            if (!m.type.isEmpty()) {
                problems << where + QStringLiteral(" is ") + m.type;
                continue;
            }
            if (m.numerus && m.forms.size() != pluralForms)
                problems << where + QStringLiteral(" has %1 plural forms, not %2")
                                        .arg(m.forms.size())
                                        .arg(pluralForms);
            for (const QString &form : m.forms) {
                if (form.trimmed().isEmpty() && !m.source.trimmed().isEmpty())
                    problems << where + QStringLiteral(" has an empty translation");
                else if (placeholders(form) != placeholders(m.source))
                    problems << where + QStringLiteral(" changes the placeholders: \"") + form +
                                    QLatin1Char('"');
                else if (hasAccelerator(m.source) != hasAccelerator(form))
                    problems << where + QStringLiteral(" loses or adds the & accelerator: \"") +
                                    form + QLatin1Char('"');
            }
        }
        if (language == QLatin1String("en")) {
            // The source language holds the plural forms only (lupdate -pluralonly).
            for (const Message &m : messages) {
                if (!m.numerus)
                    problems << m.where + QStringLiteral(": \"") + m.source +
                                    QStringLiteral("\" is not a plural form");
            }
        }
        if (!problems.isEmpty())
            QFAIL(qPrintable(QStringLiteral("translations/gatehouse_%1.ts:\n  ").arg(language) +
                             problems.join(QStringLiteral("\n  "))));
    }

    void current_data() { complete_data(); }

    // Fails when someone adds, changes or removes a tr() string without refreshing and
    // translating: run `cmake --build <build> --target update_translations`, translate the new
    // entries (Qt Linguist, or by hand), and commit the .ts files.
    void current()
    {
        QFETCH(QString, language);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QList<Message> now = refreshed(language, dir.path());
        QVERIFY2(!now.isEmpty(), "lupdate did not run");
        QSet<QString> committed;
        for (const Message &m : read(tsPath(language)))
            committed.insert(key(m));
        QStringList problems;
        for (const Message &m : now) {
            if (!committed.contains(key(m)))
                problems << QStringLiteral("new, not in the file: ") + m.where +
                                QStringLiteral(" \"") + m.source + QLatin1Char('"');
            else if (!m.type.isEmpty())
                problems << QStringLiteral("unfinished: \"") + m.source + QLatin1Char('"');
        }
        QSet<QString> found;
        for (const Message &m : now)
            found.insert(key(m));
        for (const QString &k : std::as_const(committed)) {
            if (!found.contains(k))
                problems << QStringLiteral("no longer in the sources: ") + k;
        }
        if (!problems.isEmpty())
            QFAIL(qPrintable(
                QStringLiteral("translations/gatehouse_%1.ts is stale; run the update_translations "
                               "target and translate:\n  ")
                    .arg(language) +
                problems.join(QStringLiteral("\n  "))));
    }

    void embedded()
    {
        QCOMPARE(Translations::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Routes"), QStringLiteral("路由"));
        QCOMPARE(QCoreApplication::translate("gatehouse::RoutesPage", "Imported %n route(s).",
                                             nullptr, 3),
                 QStringLiteral("已导入 3 条路由。"));
        // Qt's own strings (standard buttons) come from qt6-translations-l10n.
        QVERIFY2(QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath) +
                               QStringLiteral("/qtbase_zh_CN.qm")),
                 "qtbase_zh_CN.qm is missing: install qt6-translations-l10n");
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("取消"));

        QCOMPARE(Translations::install(QStringLiteral("en")), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Routes"), QStringLiteral("Routes"));
        QCOMPARE(QCoreApplication::translate("gatehouse::RoutesPage", "Imported %n route(s).",
                                             nullptr, 1),
                 QStringLiteral("Imported 1 route."));
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
    }

    void followsTheEnvironment_data()
    {
        QTest::addColumn<QByteArray>("languageVariable");
        QTest::addColumn<QByteArray>("lang");
        QTest::addColumn<QString>("setting");
        QTest::addColumn<QString>("expected");
        QTest::newRow("LANGUAGE=zh_CN") << QByteArray("zh_CN") << QByteArray("en_US.UTF-8")
                                        << QString() << QStringLiteral("zh_CN");
        QTest::newRow("LANGUAGE=zh_CN, C locale")
            << QByteArray("zh_CN") << QByteArray("C.UTF-8") << QString() << QStringLiteral("zh_CN");
        QTest::newRow("LANGUAGE list") << QByteArray("fr_FR:zh_CN:en") << QByteArray("fr_FR.UTF-8")
                                       << QString() << QStringLiteral("zh_CN");
        QTest::newRow("LANG=zh_CN")
            << QByteArray() << QByteArray("zh_CN.UTF-8") << QString() << QStringLiteral("zh_CN");
        QTest::newRow("zh_SG") << QByteArray("zh_SG") << QByteArray("C.UTF-8") << QString()
                               << QStringLiteral("zh_CN");
        QTest::newRow("German") << QByteArray("de_DE") << QByteArray("de_DE.UTF-8") << QString()
                                << QStringLiteral("en");
        QTest::newRow("setting wins") << QByteArray("zh_CN") << QByteArray("zh_CN.UTF-8")
                                      << QStringLiteral("en") << QStringLiteral("en");
        QTest::newRow("setting zh_CN") << QByteArray() << QByteArray("en_US.UTF-8")
                                       << QStringLiteral("zh_CN") << QStringLiteral("zh_CN");
    }

    // The system locale is read once per process, so each row asks a fresh one.
    void followsTheEnvironment()
    {
        QFETCH(QByteArray, languageVariable);
        QFETCH(QByteArray, lang);
        QFETCH(QString, setting);
        QFETCH(QString, expected);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LC_ALL"));
        env.remove(QStringLiteral("LC_MESSAGES"));
        env.remove(QStringLiteral("LANGUAGE"));
        if (!languageVariable.isEmpty())
            env.insert(QStringLiteral("LANGUAGE"), QString::fromLatin1(languageVariable));
        env.insert(QStringLiteral("LANG"), QString::fromLatin1(lang));
        env.insert(QStringLiteral("GATEHOUSE_TRANSLATIONS_CHILD"), setting);
        QProcess child;
        child.setProcessEnvironment(env);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(QString::fromUtf8(child.readAllStandardOutput()).trimmed(), expected);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsSet("GATEHOUSE_TRANSLATIONS_CHILD")) {
        // The child of followsTheEnvironment: print the language it picks.
        const QString language =
            Translations::install(qEnvironmentVariable("GATEHOUSE_TRANSLATIONS_CHILD"));
        printf("%s\n", qPrintable(language));
        return 0;
    }
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
