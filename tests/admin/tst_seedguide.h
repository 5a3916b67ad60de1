#pragma once

#include <QObject>
#include <QString>

// The Admin API issue's acceptance test: the real `gatehouse` binary, headless, with its provider
// endpoints pointed at the project's mock providers, driven by the seed guide's own curl commands
// (both PUTs, then the validation request). Also: the guide's text run word for word through
// /bin/sh, and a reload under load (requests stream through while the route is PUT 50 times).
// Run inside a private D-Bus session with gnome-keyring (scripts/test.sh) so the keys go to a real
// keychain; without one Gatehouse holds them in memory and the test still holds.
class TestSeedGuide : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void seedGuideWordForWord();
    void guideTextThroughTheShell();
    void reloadUnderLoad();

private:
    QString m_binary;
};
