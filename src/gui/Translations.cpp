#include "Translations.h"

#include "GuiLogging.h"
#include "Providers.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace gatehouse {

namespace {
QPointer<QTranslator> s_gatehouse;
QPointer<QTranslator> s_qt;

void remove(QPointer<QTranslator> &translator)
{
    if (!translator)
        return;
    QCoreApplication::removeTranslator(translator);
    delete translator.data();
}
} // namespace

QStringList Translations::preferredLanguages(const QString &setting)
{
    if (!setting.isEmpty())
        return {setting};
    // Qt on Linux reads LANGUAGE too, but only where no LC_ALL/LC_MESSAGES wins; a person who
    // sets LANGUAGE for one launch means it.
    QStringList languages =
        qEnvironmentVariable("LANGUAGE").split(QLatin1Char(':'), Qt::SkipEmptyParts);
    languages += QLocale::system().uiLanguages();
    return languages;
}

QString Translations::install(const QString &setting)
{
    remove(s_gatehouse);
    remove(s_qt);
    auto *translator = new QTranslator(QCoreApplication::instance());
    QString chosen;
    for (const QString &language : preferredLanguages(setting)) {
        const QLocale locale(language);
        if (locale.language() == QLocale::C)
            continue;
        // zh_SG or zh_Hans read Simplified Chinese too: the language and script's likeliest
        // territory (zh_CN) is tried after the exact locale.
        const QLocale likely(locale.language(), locale.script(), QLocale::AnyTerritory);
        if (translator->load(locale, QStringLiteral("gatehouse"), QStringLiteral("_"),
                             QStringLiteral(":/i18n")) ||
            translator->load(likely, QStringLiteral("gatehouse"), QStringLiteral("_"),
                             QStringLiteral(":/i18n"))) {
            chosen = translator->language();
            break;
        }
    }
    if (chosen.isEmpty()) {
        if (!translator->load(QStringLiteral(":/i18n/gatehouse_en.qm")))
            qCWarning(lcGui) << "the English translation is not embedded";
        chosen = QStringLiteral("en");
    }
    QCoreApplication::installTranslator(translator);
    s_gatehouse = translator;

    if (chosen != QLatin1String("en")) {
        auto *qt = new QTranslator(QCoreApplication::instance());
        if (qt->load(QLocale(chosen), QStringLiteral("qtbase"), QStringLiteral("_"),
                     QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(qt);
            s_qt = qt;
        } else {
            qCInfo(lcGui).noquote()
                << "Qt's own" << chosen << "translation is not installed (qt6-translations-l10n)";
            delete qt;
        }
    }
    // Dates and numbers follow a chosen language too; otherwise the system's formats stay.
    QLocale::setDefault(setting.isEmpty() ? QLocale::system() : QLocale(chosen));
    qCInfo(lcGui).noquote() << "interface language:" << chosen;
    return chosen;
}

QString Translations::providerName(const ProviderInfo &provider)
{
    return QCoreApplication::translate("gatehouse::Providers",
                                       provider.displayName.toUtf8().constData());
}

} // namespace gatehouse
