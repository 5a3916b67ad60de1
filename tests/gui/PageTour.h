#pragma once

// A walk through every page and dialog of the main window, for the tests that check each one
// the same way (tst_chineseui: no English left; tst_accessibility: names, buddies, tab order):
// the first run's three steps, Overview, Routes, the route editor (one provider and several, form
// and JSON tabs), the publish dialog, Credentials and the credential dialog, Playground, Usage,
// Logs and Settings. The engine talks to the mock provider, so the first run stores and tests a
// key and makes a route like a person would.
#include "CredentialsPage.h"
#include "FirstRunPage.h"
#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MockProvider.h"
#include "RouteEditor.h"
#include "RoutesPage.h"

#include <QAbstractItemView>
#include <QJsonObject>
#include <QTabWidget>
#include <QTableView>

#include <functional>

namespace guitest {

// `visit(where, root)` is called with each page or dialog on screen; a test checks `root`'s
// visible widgets. Returns false, with a warning, when a step could not be reached.
inline bool tourPages(const QString &dataDir, const QString &mockUrl,
                      const std::function<void(const QString &, QWidget *)> &visit)
{
    auto fail = [](const char *what) {
        qWarning("page tour: %s", what);
        return false;
    };
    auto engine = startEngine(dataDir, {{QStringLiteral("deepseek"), QUrl(mockUrl)},
                                        {QStringLiteral("openai"), QUrl(mockUrl)}});
    MainWindow window(*engine);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return fail("window not exposed");

    // The first run, step by step.
    FirstRunPage *first = window.firstRunPage();
    if (!first->isVisible())
        return fail("an empty data folder does not open on the first run");
    visit(QStringLiteral("first run, step 1"), &window);
    auto *next = child<QPushButton>(first, QStringLiteral("nextPushButton"));
    next->click();
    visit(QStringLiteral("first run, step 2"), &window);
    child<QLineEdit>(first, QStringLiteral("keyLineEdit"))->setText(QStringLiteral("sk-tour-demo"));
    child<QPushButton>(first, QStringLiteral("storeTestPushButton"))->click();
    if (!QTest::qWaitFor([&] { return next->isEnabled(); }, 10000))
        return fail("the key was not stored and tested");
    visit(QStringLiteral("first run, step 2, key tested"), &window);
    next->click();
    const QString singleId = first->createdRouteId();
    if (singleId.isEmpty())
        return fail("the first run made no route");
    visit(QStringLiteral("first run, step 3"), &window);
    next->click(); // Done

    // A second key and a route with fallback (primary first, so the linter has nothing to say).
    CredentialInfo info;
    info.name = QStringLiteral("openai");
    info.provider = QStringLiteral("openai");
    if (!SecretJob::wait(engine->credentials().store(info, QStringLiteral("Bearer sk-tour-2")))
             .ok())
        return fail("the second key was not stored");
    const QJsonObject multi = fixtures::object(QStringLiteral("gui/tour-multi-route.json"));
    if (!engine->config().putRoute(multi).ok)
        return fail("the route with fallback was not saved");

    if (!window.showPage(MainWindow::Overview))
        return fail("no Overview page");
    visit(QStringLiteral("Overview"), &window);

    window.showPage(MainWindow::Routes);
    RoutesPage *routes = window.routesPage();
    visit(QStringLiteral("Routes"), &window);
    for (const QString &id : {QStringLiteral("tour-multi"), singleId}) {
        routes->openRoute(id);
        RouteEditor *editor = routes->editor();
        if (!editor || !editor->isVisible())
            return fail("the route editor did not open");
        if (auto *instances = editor->findChild<QTableView *>(QStringLiteral("instancesTableView"));
            instances && instances->isVisible())
            instances->selectRow(0);
        auto *tabs = child<QTabWidget>(editor, QStringLiteral("editorTabWidget"));
        for (int tab = 0; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QTest::qWait(20);
            visit(QStringLiteral("route editor \"%1\", tab %2").arg(id).arg(tab), &window);
        }
        tabs->setCurrentIndex(0);
        routes->showList();
    }

    child<QPushButton>(routes, QStringLiteral("publishRoutesPushButton"))->click();
    QDialog *publish = nullptr;
    (void)QTest::qWaitFor([&] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (w->isVisible() && w->inherits("gatehouse::PublishDialog"))
                publish = qobject_cast<QDialog *>(w);
        }
        return publish != nullptr;
    });
    if (!publish)
        return fail("the publish dialog did not open");
    visit(QStringLiteral("publish dialog"), publish);
    publish->reject();

    window.showPage(MainWindow::Credentials);
    visit(QStringLiteral("Credentials"), &window);
    child<QPushButton>(window.credentialsPage(), QStringLiteral("addCredentialPushButton"))
        ->click();
    CredentialDialog *dialog = nullptr;
    (void)QTest::qWaitFor([&] { return (dialog = openCredentialDialog()) != nullptr; });
    if (!dialog)
        return fail("the credential dialog did not open");
    visit(QStringLiteral("credential dialog"), dialog);
    dialog->reject();

    for (const auto &[page, name] :
         {std::pair{MainWindow::Playground, QStringLiteral("Playground")},
          std::pair{MainWindow::Usage, QStringLiteral("Usage")},
          std::pair{MainWindow::Logs, QStringLiteral("Logs")},
          std::pair{MainWindow::Settings, QStringLiteral("Settings")}}) {
        if (!window.showPage(page))
            return fail("a page did not open");
        QTest::qWait(20);
        visit(name, &window);
    }
    return true;
}

} // namespace guitest
