#pragma once

#include "ApisixPublisher.h"

#include <QDialog>
#include <QScopedPointer>

namespace Ui {
class PublishDialog;
}

namespace gatehouse {

class Engine;

// Publishes routes to a remote APISIX / API7 Admin API in the two steps ApisixPublisher enforces:
// Preview reads the cluster's copies and shows every difference field by field (and the
// environment variables the cluster must set for the $env:// placeholders); Publish sends only
// the new and changed routes of that preview, and shows the cluster's answer for each. The
// cluster's admin key is kept in the keychain per cluster address; the address and gateway group
// are remembered in the settings. Opened with open(), so a test can drive it.
class PublishDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PublishDialog)

public:
    // `selected`: the route ids ticked at first (all routes when empty).
    PublishDialog(Engine &engine, const QStringList &selected, QWidget *parent = nullptr);
    ~PublishDialog() override;

    // What the dialog shows below the form: the diff, then the results (for tests too).
    QString resultText() const;

signals:
    void previewShown(const gatehouse::ApisixPublisher::Preview &preview);
    void publishShown(const gatehouse::ApisixPublisher::PublishResult &result);

private:
    void startPreview();
    void startPublish();
    void showPreview(const ApisixPublisher::Preview &preview);
    void showPublished(const ApisixPublisher::PublishResult &result);
    void readStoredKey();
    void rememberCluster();
    void setStatus(const QString &text, bool error);
    void formChanged();
    QStringList checkedIds() const;
    ApisixPublisher::Remote remote() const;
    // The keychain name the cluster's admin key is kept under.
    static QString keyName(const QString &url);

    QScopedPointer<Ui::PublishDialog> m_ui;
    Engine &m_engine;
    ApisixPublisher *m_publisher = nullptr;
    QString m_token;       // of the preview on screen; empty when there is nothing to send
    QStringList m_sendIds; // the new and changed routes of that preview
};

} // namespace gatehouse
