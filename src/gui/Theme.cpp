#include "Theme.h"

#include <QApplication>
#include <QLabel>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace gatehouse {

namespace {

const char *const kToneProperty = "gatehouseTone";
QString g_systemStyle;
QPalette g_systemPalette;
bool g_captured = false;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1f, 0x21, 0x24);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4c));
    p.setColor(QPalette::Midlight, QColor(0x3a, 0x3c, 0x41));
    p.setColor(QPalette::Mid, QColor(0x25, 0x27, 0x2a));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xf0));
    p.setColor(QPalette::LinkVisited, QColor(0xa0, 0x8c, 0xf0));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    return p;
}

} // namespace

void Theme::captureSystemLook()
{
    if (g_captured)
        return;
    g_captured = true;
    g_systemStyle = QApplication::style()->name();
    g_systemPalette = QApplication::palette();
}

void Theme::apply(AppSettings::Theme theme)
{
    captureSystemLook();
    switch (theme) {
    case AppSettings::Theme::System:
        QApplication::setStyle(QStyleFactory::create(g_systemStyle));
        QApplication::setPalette(g_systemPalette);
        break;
    case AppSettings::Theme::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case AppSettings::Theme::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        break;
    }
    retone();
}

void Theme::retone()
{
    for (QWidget *widget : QApplication::allWidgets()) {
        const QVariant tone = widget->property(kToneProperty);
        if (tone.isValid())
            setTone(widget, Tone(tone.toInt()));
        else if (!widget->styleSheet().isEmpty())
            widget->setStyleSheet(widget->styleSheet()); // repolished with the new palette
    }
}

bool Theme::isDark()
{
    return QApplication::palette().color(QPalette::Window).lightness() < 128;
}

QColor Theme::errorColor()
{
    return isDark() ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
}

QColor Theme::warningColor()
{
    return isDark() ? QColor(0xf0, 0xc0, 0x5a) : QColor(0x9a, 0x5b, 0x00);
}

QColor Theme::okColor()
{
    return isDark() ? QColor(0x7e, 0xd3, 0x8a) : QColor(0x1a, 0x7f, 0x37);
}

void Theme::setMessage(QLabel *label, const QString &text, Tone tone)
{
    label->setVisible(!text.isEmpty());
    label->setText(text);
    setTone(label, tone);
}

void Theme::setTone(QWidget *widget, Tone tone)
{
    widget->setProperty(kToneProperty, int(tone));
    QColor color;
    switch (tone) {
    case Tone::Error:
        color = errorColor();
        break;
    case Tone::Warning:
        color = warningColor();
        break;
    case Tone::Ok:
        color = okColor();
        break;
    case Tone::Plain:
        break;
    }
    // A style sheet, unlike a palette, is not undone when the application palette changes;
    // apply() sets it again for the new theme.
    widget->setStyleSheet(color.isValid() ? QStringLiteral("color: %1;").arg(color.name())
                                          : QString());
}

} // namespace gatehouse
