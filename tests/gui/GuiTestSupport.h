#pragma once

// Helpers the GUI tests share: an engine on free ports in a temporary folder, widgets by name,
// and filling in the credential dialog (opened with open(), so a test can reach it).
#include "CommandLine.h"
#include "CredentialDialog.h"
#include "Engine.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

#include <memory>

namespace guitest {

using namespace gatehouse;

inline LaunchOptions options(const QString &dataDir, const QMap<QString, QUrl> &endpoints = {})
{
    LaunchOptions o;
    o.dataDir = dataDir;
    o.listen = {QStringLiteral("127.0.0.1"), 0};
    o.adminListen = {QStringLiteral("127.0.0.1"), 0};
    o.providerEndpoints = endpoints;
    return o;
}

inline std::unique_ptr<Engine> startEngine(const QString &dataDir,
                                           const QMap<QString, QUrl> &endpoints = {})
{
    auto engine = std::make_unique<Engine>(options(dataDir, endpoints));
    QString error;
    if (!engine->start(&error))
        qFatal("engine did not start: %s", qPrintable(error));
    engine->credentials().waitForLoad(10000);
    return engine;
}

// The child named `name` under `root`; fails the test (returns null) when it is not there.
template <typename T> T *child(const QObject *root, const QString &name)
{
    T *found = root->findChild<T *>(name);
    if (!found)
        qWarning("no %s named %s", T::staticMetaObject.className(), qPrintable(name));
    return found;
}

// The credential dialog that is open now, if any.
inline CredentialDialog *openCredentialDialog()
{
    for (QWidget *w : QApplication::topLevelWidgets()) {
        auto *dialog = qobject_cast<CredentialDialog *>(w);
        if (dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

// Fills in the open credential dialog and saves; true once the dialog closed.
inline bool fillCredentialDialog(CredentialDialog *dialog, const QString &name, const QString &key)
{
    if (!dialog)
        return false;
    auto *nameEdit = dialog->findChild<QLineEdit *>(QStringLiteral("nameLineEdit"));
    auto *keyEdit = dialog->findChild<QLineEdit *>(QStringLiteral("keyLineEdit"));
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("buttonBox"));
    if (!nameEdit || !keyEdit || !buttons)
        return false;
    if (!nameEdit->isReadOnly())
        nameEdit->setText(name);
    keyEdit->setText(key);
    buttons->button(QDialogButtonBox::Save)->click();
    return QTest::qWaitFor([&] { return openCredentialDialog() == nullptr; }, 10000);
}

// Selects the item whose data is `data` (e.g. a provider id) in a combo box.
inline bool selectData(QComboBox *combo, const QVariant &data)
{
    const int index = combo ? combo->findData(data) : -1;
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

} // namespace guitest
