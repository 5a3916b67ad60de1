#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestConfigStore : public QObject
{
    Q_OBJECT

private slots:
    void freshStoreIsEmpty();
    void seedRoutesSurviveARestart();
    void timestampsAreOwnedByTheStore();
    void aRejectedChangeChangesNothing();
    void replaceRoutesRejectsDuplicateIds();
    void fiveBackupsAreKept();
    void corruptFile_data();
    void corruptFile();
    void corruptFileWithoutBackupStartsEmpty();
    void missingFileIsRecoveredFromBackup();
    void newerSchemaIsLeftAlone();
    void snapshotsArePublished();
    void incomingFilterRunsBeforeSaving();
    void sectionsPersist();
    void storedRoutesPassTheFilterToo();
};
