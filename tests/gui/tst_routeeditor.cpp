#include "Fixtures.h"
#include "GuiTestSupport.h"
#include "MainWindow.h"
#include "MessageBox.h"
#include "ProviderFieldsWidget.h"
#include "RouteEditor.h"
#include "RoutesPage.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QRadioButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>

using namespace gatehouse;
using namespace guitest;

// The route editor driven like a person would: both seed routes built in the forms alone and
// saved as the seed shows them (a keychain reference instead of the key), the order preview, the
// priority warning and its fix, errors next to the field that causes them, the JSON tab both
// ways, and the question before leaving unsaved changes.
class TestRouteEditor : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<MainWindow> m_window;

    RouteEditor *editor() const { return m_window->routesPage()->editor(); }
    template <typename T> T *field(const QString &name) const { return child<T>(editor(), name); }
    ProviderFieldsWidget *singleFields() const
    {
        return field<ProviderFieldsWidget>(QStringLiteral("singleProviderFields"));
    }
    ProviderFieldsWidget *instanceFields() const
    {
        return field<ProviderFieldsWidget>(QStringLiteral("instanceProviderFields"));
    }

    // A stored route without its timestamps, which the store adds.
    QJsonObject stored(const QString &id) const
    {
        QJsonObject route = m_engine->config().route(id).value_or(QJsonObject());
        route.remove(QStringLiteral("create_time"));
        route.remove(QStringLiteral("update_time"));
        return route;
    }

    // The seed fixture with each key replaced by the reference the forms picked.
    static QJsonObject seedWithReferences(const QString &fixture,
                                          const QStringList &credentialNames)
    {
        int next = 0;
        return RouteSchema::mapAuthValues(
            fixtures::object(fixture),
            [&](const QString &, const QString &, const QString &) -> QString {
                return QStringLiteral("$secret://keychain/") + credentialNames.value(next++);
            });
    }

    static QString json(const QJsonObject &o)
    {
        return QString::fromUtf8(QJsonDocument(o).toJson());
    }

    // Picks a credential in a provider form through its "New credential…" button and dialog.
    static bool newCredentialIn(ProviderFieldsWidget *fields, const QString &name,
                                const QString &key)
    {
        auto *button = fields->findChild<QPushButton *>(QStringLiteral("newCredentialPushButton"));
        if (!button)
            return false;
        button->click();
        CredentialDialog *dialog = nullptr;
        if (!QTest::qWaitFor([&] { return (dialog = openCredentialDialog()) != nullptr; }, 5000))
            return false;
        return fillCredentialDialog(dialog, name, key);
    }

    static bool pickCredential(ProviderFieldsWidget *fields, const QString &name)
    {
        return selectData(fields->findChild<QComboBox *>(QStringLiteral("credentialComboBox")),
                          QString(QStringLiteral("$secret://keychain/") + name));
    }

    void openNewRoute()
    {
        m_window->showPage(MainWindow::Routes);
        child<QPushButton>(m_window.get(), QStringLiteral("newRoutePushButton"))->click();
    }

    void openRoute(const QString &id)
    {
        m_window->showPage(MainWindow::Routes);
        m_window->routesPage()->openRoute(id);
        QVERIFY(editor()->isVisible());
    }

    void setSinglePath(const QString &path)
    {
        auto *paths = field<QListWidget>(QStringLiteral("pathsListWidget"));
        QCOMPARE(paths->count(), 1);
        paths->item(0)->setText(path);
    }

    void putSeedMulti()
    {
        const ConfigStore::ChangeResult result = m_engine->config().putRoute(
            fixtures::object(QStringLiteral("seed/deepseek-multi-route.json")));
        QVERIFY2(result.ok, qPrintable(joinDiagnostics(result.errors)));
    }

    int instanceRow(const QString &name) const
    {
        auto *table = field<QTableView>(QStringLiteral("instancesTableView"));
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            if (table->model()->index(row, 0).data().toString() == name)
                return row;
        }
        return -1;
    }

    void selectInstance(const QString &name)
    {
        const int row = instanceRow(name);
        QVERIFY(row >= 0);
        field<QTableView>(QStringLiteral("instancesTableView"))->selectRow(row);
        QCOMPARE(field<QLineEdit>(QStringLiteral("instanceNameLineEdit"))->text(), name);
    }

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        const QString dataDir =
            m_dir.path() + QLatin1Char('/') + QString::fromLatin1(QTest::currentTestFunction());
        m_engine = startEngine(dataDir);
        m_window = std::make_unique<MainWindow>(*m_engine);
        m_window->resize(1280, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_window.reset();
        m_engine.reset();
    }

    void createsTheSingleSeedRouteInTheForms()
    {
        openNewRoute();
        QVERIFY(editor()->isVisible());
        field<QLineEdit>(QStringLiteral("idLineEdit"))->setText(QStringLiteral("deepseek-route"));
        field<QLineEdit>(QStringLiteral("serviceIdLineEdit"))
            ->setText(QStringLiteral("$SERVICE_ID"));
        setSinglePath(QStringLiteral("/deepseek"));
        QVERIFY(
            selectData(singleFields()->findChild<QComboBox *>(QStringLiteral("providerComboBox")),
                       QStringLiteral("deepseek")));
        QVERIFY(newCredentialIn(singleFields(), QStringLiteral("deepseek"),
                                QStringLiteral("test-deepseek-key")));
        singleFields()
            ->findChild<QComboBox *>(QStringLiteral("modelComboBox"))
            ->setCurrentText(QStringLiteral("deepseek-chat"));
        QVERIFY(field<QLabel>(QStringLiteral("modifiedLabel"))->isVisible());
        field<QPushButton>(QStringLiteral("savePushButton"))->click();

        QCOMPARE(json(stored(QStringLiteral("deepseek-route"))),
                 json(seedWithReferences(QStringLiteral("seed/deepseek-route.json"),
                                         {QStringLiteral("deepseek")})));
        // The key is in the keychain, whole, as the seed's header had it.
        QCOMPARE(m_engine->credentials().reveal(QStringLiteral("deepseek")).value_or(QString()),
                 QStringLiteral("Bearer test-deepseek-key"));
        QVERIFY(!field<QLabel>(QStringLiteral("modifiedLabel"))->isVisible());
        QVERIFY(!editor()->isModified());
    }

    void createsTheMultiSeedRouteInTheForms()
    {
        openNewRoute();
        field<QLineEdit>(QStringLiteral("idLineEdit"))
            ->setText(QStringLiteral("deepseek-multi-route"));
        field<QLineEdit>(QStringLiteral("serviceIdLineEdit"))
            ->setText(QStringLiteral("$SERVICE_ID"));
        setSinglePath(QStringLiteral("/deepseek"));
        field<QRadioButton>(QStringLiteral("multiRadioButton"))->click();
        QVERIFY(field<QWidget>(QStringLiteral("multiPage"))->isVisible());
        QCOMPARE(field<QTableView>(QStringLiteral("instancesTableView"))->model()->rowCount(), 1);

        // The first instance comes from the single-provider form: DeepSeek, deepseek-chat.
        field<QLineEdit>(QStringLiteral("instanceNameLineEdit"))
            ->setText(QStringLiteral("deepseek-primary"));
        field<QSpinBox>(QStringLiteral("instancePrioritySpinBox"))->setValue(1);
        field<QSpinBox>(QStringLiteral("instanceWeightSpinBox"))->setValue(1);
        QVERIFY(newCredentialIn(instanceFields(), QStringLiteral("deepseek"),
                                QStringLiteral("test-deepseek-key")));

        field<QPushButton>(QStringLiteral("addInstancePushButton"))->click();
        QCOMPARE(field<QTableView>(QStringLiteral("instancesTableView"))->model()->rowCount(), 2);
        field<QLineEdit>(QStringLiteral("instanceNameLineEdit"))
            ->setText(QStringLiteral("openai-fallback"));
        QVERIFY(
            selectData(instanceFields()->findChild<QComboBox *>(QStringLiteral("providerComboBox")),
                       QStringLiteral("openai")));
        instanceFields()
            ->findChild<QComboBox *>(QStringLiteral("modelComboBox"))
            ->setCurrentText(QStringLiteral("gpt-4o-mini"));
        field<QSpinBox>(QStringLiteral("instancePrioritySpinBox"))->setValue(2);
        field<QSpinBox>(QStringLiteral("instanceWeightSpinBox"))->setValue(1);
        QVERIFY(newCredentialIn(instanceFields(), QStringLiteral("openai"),
                                QStringLiteral("test-openai-key")));

        field<QCheckBox>(QStringLiteral("fallback429CheckBox"))->setChecked(true);
        field<QCheckBox>(QStringLiteral("fallback5xxCheckBox"))->setChecked(true);
        // The seed's own example: the "fallback" outranks the "primary", and the editor says so.
        QVERIFY(field<QFrame>(QStringLiteral("orderWarningFrame"))->isVisible());
        field<QPushButton>(QStringLiteral("savePushButton"))->click();

        QCOMPARE(json(stored(QStringLiteral("deepseek-multi-route"))),
                 json(seedWithReferences(QStringLiteral("seed/deepseek-multi-route.json"),
                                         {QStringLiteral("deepseek"), QStringLiteral("openai")})));
        QCOMPARE(m_engine->credentials().reveal(QStringLiteral("openai")).value_or(QString()),
                 QStringLiteral("Bearer test-openai-key"));
    }

    void priorityEditChangesTheOrderPreview()
    {
        putSeedMulti();
        openRoute(QStringLiteral("deepseek-multi-route"));
        QCOMPARE(
            editor()->orderPreview(),
            QStringLiteral(
                "Tried first: openai-fallback (priority 2) → then deepseek-primary (priority 1)"));
        selectInstance(QStringLiteral("openai-fallback"));
        field<QSpinBox>(QStringLiteral("instancePrioritySpinBox"))->setValue(0);
        QCOMPARE(
            editor()->orderPreview(),
            QStringLiteral(
                "Tried first: deepseek-primary (priority 1) → then openai-fallback (priority 0)"));
        QCOMPARE(field<QLabel>(QStringLiteral("orderPreviewLabel"))->text(),
                 editor()->orderPreview());
        // Same priority: the weights share the traffic.
        selectInstance(QStringLiteral("deepseek-primary"));
        field<QSpinBox>(QStringLiteral("instancePrioritySpinBox"))->setValue(0);
        field<QSpinBox>(QStringLiteral("instanceWeightSpinBox"))->setValue(3);
        QCOMPARE(editor()->orderPreview(),
                 QStringLiteral(
                     "Tried first: deepseek-primary, openai-fallback by weight 3:1 (priority 0)"));
        QVERIFY(editor()->isModified());
    }

    void priorityWarningAndItsFix()
    {
        putSeedMulti();
        openRoute(QStringLiteral("deepseek-multi-route"));
        auto *frame = field<QFrame>(QStringLiteral("orderWarningFrame"));
        QVERIFY(frame->isVisible());
        QVERIFY2(field<QLabel>(QStringLiteral("orderWarningLabel"))
                     ->text()
                     .contains(QStringLiteral("is tried before")),
                 qPrintable(field<QLabel>(QStringLiteral("orderWarningLabel"))->text()));
        field<QPushButton>(QStringLiteral("swapPrioritiesPushButton"))->click();
        QVERIFY(!frame->isVisible());
        QCOMPARE(
            editor()->orderPreview(),
            QStringLiteral(
                "Tried first: deepseek-primary (priority 2) → then openai-fallback (priority 1)"));
        QVERIFY(editor()->save());
        const QJsonArray instances = stored(QStringLiteral("deepseek-multi-route"))
                                         .value(QStringLiteral("plugins"))
                                         .toObject()
                                         .value(QStringLiteral("ai-proxy-multi"))
                                         .toObject()
                                         .value(QStringLiteral("instances"))
                                         .toArray();
        QCOMPARE(instances.at(0).toObject().value(QStringLiteral("priority")).toInt(),
                 2); // deepseek-primary
        QCOMPARE(instances.at(1).toObject().value(QStringLiteral("priority")).toInt(),
                 1); // openai-fallback
        const ConfigStore::ChangeResult check = m_engine->config().check(
            *m_engine->config().route(QStringLiteral("deepseek-multi-route")));
        for (const Diagnostic &d : check.warnings)
            QVERIFY2(d.code != QLatin1String("fallback-outranks-primary"),
                     qPrintable(d.toString()));
    }

    void brokenFieldsShowTheirErrorNextToThem()
    {
        QVERIFY(m_engine->config()
                    .putRoute(fixtures::object(QStringLiteral("seed/deepseek-route.json")))
                    .ok);
        const QJsonObject before = stored(QStringLiteral("deepseek-route"));
        openRoute(QStringLiteral("deepseek-route"));

        auto *endpointProblem =
            singleFields()->findChild<QLabel *>(QStringLiteral("endpointProblemLabel"));
        QVERIFY(!endpointProblem->isVisible());
        singleFields()
            ->findChild<QLineEdit *>(QStringLiteral("endpointLineEdit"))
            ->setText(QStringLiteral("ftp://nowhere"));
        QVERIFY(endpointProblem->isVisible());
        QVERIFY2(endpointProblem->text().contains(QStringLiteral("invalid endpoint")),
                 qPrintable(endpointProblem->text()));

        auto *idProblem = field<QLabel>(QStringLiteral("idProblemLabel"));
        field<QLineEdit>(QStringLiteral("idLineEdit"))->setText(QStringLiteral("has space"));
        QVERIFY(idProblem->isVisible());
        QVERIFY2(idProblem->text().contains(QStringLiteral("invalid route id")),
                 qPrintable(idProblem->text()));

        auto *pathsProblem = field<QLabel>(QStringLiteral("pathsProblemLabel"));
        field<QListWidget>(QStringLiteral("pathsListWidget"))
            ->item(0)
            ->setText(QStringLiteral("no-slash"));
        QVERIFY(pathsProblem->isVisible());
        QVERIFY2(pathsProblem->text().contains(QStringLiteral("must start with")),
                 qPrintable(pathsProblem->text()));

        // Save refuses, says why, and nothing changes.
        QVERIFY(!editor()->save());
        QVERIFY(field<QLabel>(QStringLiteral("statusLabel"))
                    ->text()
                    .contains(QStringLiteral("Not saved")));
        QCOMPARE(stored(QStringLiteral("deepseek-route")), before);

        // Fixing the fields clears the errors.
        field<QLineEdit>(QStringLiteral("idLineEdit"))->setText(QStringLiteral("deepseek-route"));
        singleFields()->findChild<QLineEdit *>(QStringLiteral("endpointLineEdit"))->clear();
        field<QListWidget>(QStringLiteral("pathsListWidget"))
            ->item(0)
            ->setText(QStringLiteral("/deepseek"));
        QVERIFY(!idProblem->isVisible());
        QVERIFY(!endpointProblem->isVisible());
        QVERIFY(!pathsProblem->isVisible());
        QVERIFY(!editor()->isModified());
    }

    void brokenFallbackStatusShowsNextToIt()
    {
        putSeedMulti();
        openRoute(QStringLiteral("deepseek-multi-route"));
        auto *problem = field<QLabel>(QStringLiteral("fallbackProblemLabel"));
        QVERIFY(!problem->isVisible());
        field<QLineEdit>(QStringLiteral("extraStatusesLineEdit"))
            ->setText(QStringLiteral("401, 200"));
        QVERIFY(problem->isVisible());
        QVERIFY2(problem->text().contains(QStringLiteral("not an error status")),
                 qPrintable(problem->text()));
        field<QLineEdit>(QStringLiteral("extraStatusesLineEdit"))
            ->setText(QStringLiteral("401, 402"));
        QVERIFY(!problem->isVisible());
        QCOMPARE(editor()
                     ->draft()
                     .value(QStringLiteral("plugins"))
                     .toObject()
                     .value(QStringLiteral("ai-proxy-multi"))
                     .toObject()
                     .value(QStringLiteral("fallback_http_statuses"))
                     .toArray(),
                 (QJsonArray{401, 402}));
    }

    void jsonTabRoundTrip()
    {
        putSeedMulti();
        openRoute(QStringLiteral("deepseek-multi-route"));
        auto *tabs = field<QTabWidget>(QStringLiteral("editorTabWidget"));
        auto *text = field<QPlainTextEdit>(QStringLiteral("jsonPlainTextEdit"));
        tabs->setCurrentWidget(field<QWidget>(QStringLiteral("jsonTab")));
        const QJsonObject shown = QJsonDocument::fromJson(text->toPlainText().toUtf8()).object();
        QCOMPARE(shown, *m_engine->config().route(QStringLiteral("deepseek-multi-route")));
        // The linter's warning points at its line.
        auto *problems = field<QLabel>(QStringLiteral("jsonProblemLabel"));
        QVERIFY2(problems->text().contains(QStringLiteral("Line ")), qPrintable(problems->text()));

        // JSON -> form: a model changed in the text shows in the instance table and the form.
        text->setPlainText(
            text->toPlainText().replace(QStringLiteral("gpt-4o-mini"), QStringLiteral("gpt-4o")));
        QTRY_VERIFY(editor()->isModified());
        QTRY_COMPARE(field<QTableView>(QStringLiteral("instancesTableView"))
                         ->model()
                         ->index(instanceRow(QStringLiteral("openai-fallback")), 2)
                         .data()
                         .toString(),
                     QStringLiteral("gpt-4o"));

        // Form -> JSON: a weight changed in the form shows in the text.
        tabs->setCurrentWidget(field<QWidget>(QStringLiteral("formTab")));
        selectInstance(QStringLiteral("openai-fallback"));
        QCOMPARE(instanceFields()
                     ->findChild<QComboBox *>(QStringLiteral("modelComboBox"))
                     ->currentText(),
                 QStringLiteral("gpt-4o"));
        field<QSpinBox>(QStringLiteral("instanceWeightSpinBox"))->setValue(7);
        tabs->setCurrentWidget(field<QWidget>(QStringLiteral("jsonTab")));
        const QJsonObject edited = QJsonDocument::fromJson(text->toPlainText().toUtf8()).object();
        QCOMPARE(edited, editor()->draft());
        const QJsonArray instances = edited.value(QStringLiteral("plugins"))
                                         .toObject()
                                         .value(QStringLiteral("ai-proxy-multi"))
                                         .toObject()
                                         .value(QStringLiteral("instances"))
                                         .toArray();
        QCOMPARE(instances.at(1).toObject().value(QStringLiteral("weight")).toInt(), 7);

        // Broken JSON: the error points at its line, the form keeps the last good version, and
        // Save refuses.
        QString broken = text->toPlainText();
        const int line =
            int(broken.left(broken.indexOf(QStringLiteral("\"paths\""))).count(QLatin1Char('\n'))) +
            1;
        broken.replace(QStringLiteral("\"paths\": ["), QStringLiteral("\"paths\" ["));
        text->setPlainText(broken);
        QTRY_VERIFY(problems->text().contains(QStringLiteral("Line %1,").arg(line)));
        QVERIFY(!editor()->save());
        QCOMPARE(editor()->draft(), edited);

        // Fixed and saved: the store has exactly what the text said.
        text->setPlainText(
            broken.replace(QStringLiteral("\"paths\" ["), QStringLiteral("\"paths\": [")));
        QTRY_VERIFY(!problems->text().contains(QStringLiteral("column")));
        QVERIFY(editor()->save());
        QJsonObject saved = stored(QStringLiteral("deepseek-multi-route"));
        QJsonObject expected = edited;
        expected.remove(QStringLiteral("create_time"));
        expected.remove(QStringLiteral("update_time"));
        QCOMPARE(saved, expected);
    }

    void revertAndLeavingAsk()
    {
        putSeedMulti();
        const QJsonObject before = stored(QStringLiteral("deepseek-multi-route"));
        openRoute(QStringLiteral("deepseek-multi-route"));
        field<QLineEdit>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Cheap first"));
        QVERIFY(field<QLabel>(QStringLiteral("modifiedLabel"))->isVisible());

        // Cancel: the editor stays.
        MessageBox::setNextAnswer(QMessageBox::Cancel);
        QVERIFY(!m_window->showPage(MainWindow::Overview));
        QVERIFY(editor()->isVisible());
        QVERIFY(editor()->isModified());

        // Revert restores the stored route.
        field<QPushButton>(QStringLiteral("revertPushButton"))->click();
        QVERIFY(!editor()->isModified());
        QCOMPARE(field<QLineEdit>(QStringLiteral("nameLineEdit"))->text(), QString());

        // Save on leaving stores the change.
        field<QLineEdit>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Cheap first"));
        MessageBox::setNextAnswer(QMessageBox::Save);
        QVERIFY(m_window->showPage(MainWindow::Overview));
        QCOMPARE(
            stored(QStringLiteral("deepseek-multi-route")).value(QStringLiteral("name")).toString(),
            QStringLiteral("Cheap first"));

        // Discard on leaving keeps the store as it was.
        m_window->showPage(MainWindow::Routes);
        QVERIFY(editor()->isVisible());
        field<QLineEdit>(QStringLiteral("nameLineEdit"))->setText(QStringLiteral("Something else"));
        MessageBox::setNextAnswer(QMessageBox::Discard);
        QVERIFY(m_window->showPage(MainWindow::Credentials));
        QCOMPARE(
            stored(QStringLiteral("deepseek-multi-route")).value(QStringLiteral("name")).toString(),
            QStringLiteral("Cheap first"));
        Q_UNUSED(before);
    }

    void switchingKindsLosesNothing()
    {
        putSeedMulti();
        openRoute(QStringLiteral("deepseek-multi-route"));
        const QJsonObject original = editor()->draft();
        field<QRadioButton>(QStringLiteral("singleRadioButton"))->click();
        QVERIFY(field<QWidget>(QStringLiteral("singlePage"))->isVisible());
        QVERIFY(editor()
                    ->draft()
                    .value(QStringLiteral("plugins"))
                    .toObject()
                    .contains(QStringLiteral("ai-proxy")));
        field<QRadioButton>(QStringLiteral("multiRadioButton"))->click();
        QCOMPARE(editor()->draft(), original);
        QVERIFY(!editor()->isModified());
    }

    void pastesTheSeedCurlCommand()
    {
        // The seed guide's curl, as a person copies it from the page.
        const QString curl = QStringLiteral(
            "curl \"http://127.0.0.1:7080/apisix/admin/routes?gateway_group_id=default\" -X PUT "
            "\\\n"
            "-H \"X-API-KEY: $ADMIN_API_KEY\" \\\n"
            "-d '{\n\"id\": \"deepseek-route\",\n\"paths\": [\"/deepseek\"],\n\"plugins\": "
            "{\n\"ai-proxy\": {\n"
            "\"provider\": \"deepseek\",\n\"auth\": {\"header\": {\"Authorization\": \"Bearer "
            "'\"$GATEHOUSE_TEST_UNSET_KEY\"'\"}},\n"
            "\"options\": {\"model\": \"deepseek-chat\"}\n}\n}\n}'");
        m_window->showPage(MainWindow::Routes);
        m_window->routesPage()->importText(curl);
        QVERIFY(editor()->isVisible());
        QVERIFY(editor()->isNew());
        QCOMPARE(field<QLineEdit>(QStringLiteral("idLineEdit"))->text(),
                 QStringLiteral("deepseek-route"));
        // The shell variable has no value here, so no key was taken and the form asks for one.
        QVERIFY(singleFields()
                    ->findChild<QLabel *>(QStringLiteral("credentialProblemLabel"))
                    ->isVisible());
    }
};

QTEST_MAIN(TestRouteEditor)
#include "tst_routeeditor.moc"
