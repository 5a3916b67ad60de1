#pragma once

#include <QString>

namespace gatehouse {

// "Start Gatehouse when I log in": an XDG autostart entry (the freedesktop Desktop Application
// Autostart spec, which GNOME, KDE, Xfce and others follow) at
// $XDG_CONFIG_HOME/autostart/<app id>.desktop. The file is the truth: the setting only says
// what the person asked for, and applying it writes or removes the file.
class Autostart
{
public:
    static QString entryPath();
    static bool isEnabled();
    // Writes the entry (Exec is `executable`, so a build-tree run starts itself) or removes it.
    // False with *error as a sentence when the file could not be written or removed.
    static bool setEnabled(bool enabled, const QString &executable, QString *error = nullptr);
    // The entry's text (for tests and the docs).
    static QByteArray entry(const QString &executable);
};

} // namespace gatehouse
