#include "MockProvider.h"
#include "PageTour.h"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QFormLayout>
#include <QIcon>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTextEdit>
#include <QToolButton>

using namespace gatehouse;
using namespace guitest;

// Every page and dialog can be used from the keyboard and by a screen reader: each control takes
// Tab focus, a button without words (an icon, "+", "↑") has an accessible name, and every other
// focusable control has an accessible name or a label that is its buddy. Tab moves through a
// page in reading order (never back up within the same column). The app icon is an SVG, sharp at
// any device pixel ratio.
class TestAccessibility : public QObject
{
    Q_OBJECT

    MockProvider m_mock;

    static QString describe(const QWidget *w)
    {
        QString text = QStringLiteral("%1 %2").arg(
            QString::fromLatin1(w->metaObject()->className()), w->objectName());
        // An unnamed widget made in code is found by its parents.
        for (const QWidget *p = w->parentWidget(); p && w->objectName().isEmpty();
             p = p->parentWidget()) {
            text += QStringLiteral(" in %1 %2")
                        .arg(QString::fromLatin1(p->metaObject()->className()), p->objectName());
            if (!p->objectName().isEmpty())
                break;
        }
        return text;
    }

    // Parts of a compound control (a combo box's or spin box's line edit, a view's scroll bars)
    // are named through the control itself.
    static bool isPart(const QWidget *w)
    {
        for (const QObject *p = w->parent(); p; p = p->parent()) {
            if (p->inherits("QComboBox") || p->inherits("QAbstractSpinBox") ||
                (p->inherits("QTabWidget") && w->inherits("QTabBar")))
                return true;
            if (p->inherits("QAbstractScrollArea") && w->inherits("QScrollBar"))
                return true;
            if (p->inherits("QAbstractItemView") && w->inherits("QHeaderView"))
                return true;
            if (auto *area = qobject_cast<const QAbstractScrollArea *>(p);
                area && area->viewport() == w)
                return true;
        }
        return false;
    }

    static bool isControl(const QWidget *w)
    {
        if (auto *text = qobject_cast<const QPlainTextEdit *>(w))
            return !text->isReadOnly();
        if (auto *text = qobject_cast<const QTextEdit *>(w))
            return !text->isReadOnly();
        return w->inherits("QAbstractButton") || w->inherits("QLineEdit") ||
               w->inherits("QComboBox") || w->inherits("QAbstractSpinBox") ||
               w->inherits("QAbstractItemView") || w->inherits("QAbstractSlider") ||
               w->inherits("QTabBar");
    }

    static bool hasWords(const QString &text)
    {
        static const QRegularExpression letters(QStringLiteral("[\\p{L}\\p{N}]"));
        return text.contains(letters);
    }

    static QHash<const QWidget *, QString> buddies(QWidget *root)
    {
        QHash<const QWidget *, QString> out;
        for (QLabel *label : root->findChildren<QLabel *>()) {
            if (label->buddy() && hasWords(label->text()))
                out.insert(label->buddy(), label->text());
        }
        return out;
    }

    static QStringList check(const QString &where, QWidget *root)
    {
        QStringList problems;
        const auto labelled = buddies(root);
        QList<QWidget *> inChain;
        for (QWidget *w = root->nextInFocusChain(); w && w != root; w = w->nextInFocusChain()) {
            if (w->isVisible() && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus) &&
                root->isAncestorOf(w) && !isPart(w))
                inChain << w;
        }
        for (QWidget *w : root->findChildren<QWidget *>()) {
            if (!w->isVisible() || !w->isEnabled() || isPart(w) ||
                !(isControl(w) || inChain.contains(w)))
                continue;
            const QString name = where + QStringLiteral(": ") + describe(w);
            if (!inChain.contains(w) && !w->focusProxy())
                problems << name + QStringLiteral(" cannot be reached with Tab");
            auto *button = qobject_cast<QAbstractButton *>(w);
            if (button && !hasWords(button->text())) {
                if (w->accessibleName().isEmpty())
                    problems << name + QStringLiteral(" shows no words (\"") + button->text() +
                                    QStringLiteral("\") and has no accessible name");
                continue;
            }
            if (button || w->inherits("QTabBar") || w->inherits("QTabWidget"))
                continue; // named by its own text or its tabs
            if (w->accessibleName().isEmpty() && !labelled.contains(w))
                problems << name +
                                QStringLiteral(" has neither an accessible name nor a buddy label");
        }
        // Reading order: within one column, Tab never jumps back up.
        for (qsizetype i = 1; i < inChain.size(); ++i) {
            const QRect a(inChain[i - 1]->mapTo(root, QPoint(0, 0)), inChain[i - 1]->size());
            const QRect b(inChain[i]->mapTo(root, QPoint(0, 0)), inChain[i]->size());
            const bool sameColumn = a.left() < b.right() && b.left() < a.right();
            if (sameColumn && b.bottom() < a.top())
                problems << where + QStringLiteral(": Tab goes back up from ") +
                                describe(inChain[i - 1]) + QStringLiteral(" to ") +
                                describe(inChain[i]);
        }
        return problems;
    }

private slots:
    void initTestCase() { QVERIFY(m_mock.listen()); }

    void everyPage()
    {
        QTemporaryDir dir;
        QStringList problems;
        int pages = 0;
        QVERIFY(tourPages(dir.path(), m_mock.baseUrl(), [&](const QString &where, QWidget *root) {
            ++pages;
            problems << check(where, root);
        }));
        QVERIFY(pages >= 15);
        problems.removeDuplicates();
        if (!problems.isEmpty())
            QFAIL(qPrintable(QStringLiteral("Keyboard and screen reader problems:\n  ") +
                             problems.join(QStringLiteral("\n  "))));
    }

    void theCheckFindsProblems()
    {
        QWidget page;
        auto *layout = new QFormLayout(&page);
        auto *icon = new QToolButton;
        icon->setText(QStringLiteral("+"));
        auto *unnamed = new QLineEdit;
        auto *label = new QLabel(QStringLiteral("&Name"));
        auto *named = new QLineEdit;
        label->setBuddy(named);
        layout->addRow(icon);
        layout->addRow(unnamed);
        layout->addRow(label, named);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QStringList problems = check(QStringLiteral("sample"), &page);
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems[0].contains(QStringLiteral("no accessible name")));
        QVERIFY(problems[1].contains(QStringLiteral("neither an accessible name nor a buddy")));
    }

    void highDpiIcon()
    {
        const QIcon icon(QStringLiteral(":/icons/gatehouse.svg"));
        QVERIFY(!icon.isNull());
        for (qreal ratio : {1.0, 2.0, 3.0}) {
            const QPixmap pixmap = icon.pixmap(QSize(48, 48), ratio);
            QCOMPARE(pixmap.size(), QSize(48, 48) * ratio);
            QCOMPARE(pixmap.devicePixelRatio(), ratio);
        }
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
