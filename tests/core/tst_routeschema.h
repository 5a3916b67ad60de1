#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestRouteSchema : public QObject
{
    Q_OBJECT

private slots:
    void seedRoutesParse();
    void defaultsFollowTheReference();
    void everyFieldIsRead();
    void unknownFieldsAreKeptAndNoted();
    void roundTripKeepsTheJson_data();
    void roundTripKeepsTheJson();
    void invalid_data();
    void invalid();
    void everyProblemIsReportedAtOnce();
    void secretReferencesAreRecognised();
    void gatehouseLabels();
    void activeCheckFields();
};
