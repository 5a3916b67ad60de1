#pragma once

#include "AppSettings.h"

#include <QColor>
#include <QCoreApplication>

class QLabel;
class QWidget;

namespace gatehouse {

// Light, dark, or whatever the system gives. Dark and light use Fusion with a palette of their
// own; "system" puts back the style and palette the application started with.
class Theme
{
    Q_DECLARE_TR_FUNCTIONS(Theme)

public:
    // Call once, before the first apply(), to remember the system's look.
    static void captureSystemLook();
    static void apply(AppSettings::Theme theme);
    static bool isDark();

    static QColor errorColor();
    static QColor warningColor();
    static QColor okColor();

    enum class Tone { Error, Warning, Ok, Plain };
    // Shows `text` in `label` in the tone's colour (hidden when text is empty).
    static void setMessage(QLabel *label, const QString &text, Tone tone);
    // Colours a widget's text for the tone; the colour follows later theme changes.
    static void setTone(QWidget *widget, Tone tone);

private:
    static void retone();
};

} // namespace gatehouse
