#pragma once

#include <QObject>
#include <QString>

// The real `gatehouse` binary, headless, end to end: a config.json with the seed route in a data
// folder, the mock provider as DeepSeek's endpoint, and the seed guide's validation request sent
// with curl exactly as the guide writes it. Also: a taken port exits 1 with one line, bad flags
// exit 2, and the process never maps a GUI or X library.
class TestHeadless : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void seedValidationRequest();
    void noGuiLibrariesMapped();
    void portTakenExitsOne();
    void badFlagsExitTwo_data();
    void badFlagsExitTwo();

private:
    QString m_binary;
};
