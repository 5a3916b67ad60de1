#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestNoSecretLeaks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void keysNeverLeaveTheKeychain();
};
