#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestRouteTable : public QObject
{
    Q_OBJECT

private slots:
    void matching_data();
    void matching();
    void tieGoesToTheRouteChangedLast();
    void secretsAreResolvedIntoTheSnapshot();
};
