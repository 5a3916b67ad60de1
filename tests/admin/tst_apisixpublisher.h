#pragma once

#include <QObject>

// ApisixPublisher against a fake APISIX Admin API (a QTcpServer in the test that answers GET and
// PUT on /apisix/admin/routes/ID as APISIX does, keeping routes in memory).
class TestApisixPublisher : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void previewShowsNewChangedUnchanged();
    void publishNeedsThePreviewToken();
    void publishSendsOnlyNewAndChanged();
    void publishSelectedIds();
    void remoteChangeSinceThePreviewIsNotOverwritten();
    void newPreviewReplacesTheOldToken();
    void answersNeverArriveInsideTheCall();
    void wrongKey();
    void unreachableCluster();
    void clusterRejectionIsReported();
    void noSecretLeaves();
    void apisixDefaultsAreNotChanges();
    void api7GatewayGroup();
    void fieldDiffIsReadable();
    void exportedScriptRunsAgainstTheCluster();
};
