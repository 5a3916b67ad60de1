#pragma once

#include <QStringList>

namespace gatehouse {

struct ProviderInfo;

// Picks the interface language and installs Gatehouse's translator and Qt's own (standard
// buttons, file dialogs) for it.
class Translations final
{
public:
    // The languages to try, most wanted first: the setting when one is chosen ("en", "zh_CN"),
    // else GNU's LANGUAGE list (so `LANGUAGE=zh_CN gatehouse` works) and the system's.
    static QStringList preferredLanguages(const QString &setting);

    // Installs the translators for the first preferred language Gatehouse has, else English
    // (whose translation holds the plural forms); returns its code ("en", "zh_CN"). Calling it
    // again replaces the translators installed before.
    static QString install(const QString &setting);

    // A provider's name as the interface shows it: brand names stay, a description such as
    // "OpenAI-compatible server" (marked with QT_TRANSLATE_NOOP in Providers.cpp) is translated.
    static QString providerName(const ProviderInfo &provider);
};

} // namespace gatehouse
