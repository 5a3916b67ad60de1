#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestAdminApi : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void keyIsRequired_data();
    void keyIsRequired();
    void noKeyConfiguredSaysHowToSetOne();
    void seedGuidePutWithIdInBody();
    void putByIdAndMismatch();
    void postGeneratesAnId();
    void getListAndOne();
    void patchMergesAndValidates();
    void deleteRoute();
    void badInputChangesNothing_data();
    void badInputChangesNothing();
    void wrongMethod();
    void noSecretInAnyAnswer();
    void hostAndOriginAreChecked();
    void mergePatchFollowsRfc7396();
    void requestsAndMetrics();
};
