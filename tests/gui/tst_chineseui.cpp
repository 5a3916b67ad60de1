#include "MockProvider.h"
#include "PageTour.h"
#include "Translations.h"

#include <QAbstractSpinBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTextDocumentFragment>
#include <QTextEdit>

using namespace gatehouse;
using namespace guitest;

// Gatehouse in Simplified Chinese: every page and dialog, and no English left in what a person
// reads there (labels, buttons, group titles, tabs, table headers and cells, list and combo
// items, placeholders, tool tips, accessible names, window titles). Names that stay as they are
// (Gatehouse, API, JSON, provider and model names, addresses, paths, key prefixes) are allowed.
class TestChineseUi : public QObject
{
    Q_OBJECT

    MockProvider m_mock;

    static QString plain(const QString &text)
    {
        QString t =
            Qt::mightBeRichText(text) ? QTextDocumentFragment::fromHtml(text).toPlainText() : text;
        // Accelerators: "保存(&S)" reads "保存(S)"; a lone capital is no English.
        return t.remove(QStringLiteral("&&")).remove(QLatin1Char('&'));
    }

    // The English words in `text`: runs of Latin letters outside addresses, paths, identifiers
    // and placeholders, minus the names that stay in every language.
    static QStringList englishWords(const QString &text)
    {
        static const QSet<QString> allowed = {
            QStringLiteral("gatehouse"),
            QStringLiteral("token"),
            QStringLiteral("api"),
            QStringLiteral("url"),
            QStringLiteral("json"),
            QStringLiteral("curl"),
            QStringLiteral("deepseek"),
            QStringLiteral("openai"),
            QStringLiteral("openrouter"),
            QStringLiteral("anthropic"),
            QStringLiteral("google"),
            QStringLiteral("gemini"),
            QStringLiteral("vertex"),
            QStringLiteral("azure"),
            QStringLiteral("amazon"),
            QStringLiteral("bedrock"),
            QStringLiteral("ai"),
            QStringLiteral("ml"),
            QStringLiteral("ollama"),
            QStringLiteral("lm"),
            QStringLiteral("studio"),
            QStringLiteral("llama"),
            QStringLiteral("cpp"),
            QStringLiteral("python"),
            QStringLiteral("javascript"),
            QStringLiteral("markdown"),
            QStringLiteral("apisix"),
            QStringLiteral("http"),
            QStringLiteral("https"),
            QStringLiteral("id"),
            QStringLiteral("sdk"),
            QStringLiteral("prometheus"),
            QStringLiteral("ctrl"),
            QStringLiteral("enter"),
            QStringLiteral("ms"),
            QStringLiteral("yaml"),
            QStringLiteral("post"),
            QStringLiteral("get"),
            QStringLiteral("put"),
            QStringLiteral("patch"),
            QStringLiteral("delete"),
            QStringLiteral("csv"),
            QStringLiteral("english"), // the language's own name in the language list
            // Literal values shown as examples or data: an auth scheme, a JSON field, API7's
            // default gateway group.
            QStringLiteral("bearer"),
            QStringLiteral("temperature"),
            QStringLiteral("default"),
        };
        static const QRegularExpression space(QStringLiteral("[\\s，。：；、（）“”]+"));
        static const QRegularExpression technical(
            QStringLiteral("[/:._\\-@$%=*{}<>\\[\\]\\d]|^[A-Z]$"));
        static const QRegularExpression latin(QStringLiteral("[A-Za-z]+"));
        QStringList out;
        static const QRegularExpression sentencePunctuation(
            QStringLiteral("^[.,:;!?()'\"]+|[.,:;!?()'\"]+$"));
        for (QString token : text.split(space, Qt::SkipEmptyParts)) {
            token.remove(sentencePunctuation);
            if (token.contains(technical))
                continue;
            for (auto it = latin.globalMatch(token); it.hasNext();) {
                const QString word = it.next().captured();
                if (word.size() > 1 && !allowed.contains(word.toLower()))
                    out << word;
            }
        }
        return out;
    }

    // Every text a person reads in `root`'s visible widgets, with where it is shown.
    static QList<std::pair<QString, QString>> texts(QWidget *root)
    {
        QList<std::pair<QString, QString>> out;
        auto add = [&](QWidget *w, const char *what, const QString &text) {
            if (!text.trimmed().isEmpty())
                out.append({QStringLiteral("%1 %2 %3")
                                .arg(QString::fromLatin1(w->metaObject()->className()),
                                     w->objectName(), QString::fromLatin1(what)),
                            plain(text)});
        };
        QList<QWidget *> widgets = root->findChildren<QWidget *>();
        widgets.prepend(root);
        for (QWidget *w : std::as_const(widgets)) {
            if (!w->isVisible())
                continue;
            if (w->isWindow())
                add(w, "title", w->windowTitle());
            add(w, "tool tip", w->toolTip());
            add(w, "accessible name", w->accessibleName());
            add(w, "accessible description", w->accessibleDescription());
            if (auto *label = qobject_cast<QLabel *>(w))
                add(w, "text", label->text());
            if (auto *button = qobject_cast<QAbstractButton *>(w))
                add(w, "text", button->text());
            if (auto *group = qobject_cast<QGroupBox *>(w))
                add(w, "title", group->title());
            if (auto *edit = qobject_cast<QLineEdit *>(w))
                add(w, "placeholder", edit->placeholderText());
            if (auto *edit = qobject_cast<QPlainTextEdit *>(w))
                add(w, "placeholder", edit->placeholderText());
            if (auto *edit = qobject_cast<QTextEdit *>(w))
                add(w, "placeholder", edit->placeholderText());
            if (auto *spin = qobject_cast<QAbstractSpinBox *>(w))
                add(w, "special value", spin->specialValueText());
            if (auto *spin = qobject_cast<QSpinBox *>(w))
                add(w, "suffix", spin->suffix());
            if (auto *combo = qobject_cast<QComboBox *>(w)) {
                for (int i = 0; i < combo->count(); ++i)
                    add(w, "item", combo->itemText(i));
            }
            if (auto *tabs = qobject_cast<QTabBar *>(w)) {
                for (int i = 0; i < tabs->count(); ++i) {
                    add(w, "tab", tabs->tabText(i));
                    add(w, "tab tool tip", tabs->tabToolTip(i));
                }
            }
            auto *view = qobject_cast<QAbstractItemView *>(w);
            if (view && !w->inherits("QHeaderView")) { // headers are read through their view
                const QAbstractItemModel *model = view->model();
                if (!model)
                    continue;
                for (int c = 0; c < model->columnCount(); ++c) {
                    add(w, "header", model->headerData(c, Qt::Horizontal).toString());
                    add(w, "header tool tip",
                        model->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString());
                }
                for (int r = 0; r < model->rowCount(); ++r) {
                    for (int c = 0; c < model->columnCount(); ++c) {
                        const QModelIndex index = model->index(r, c);
                        add(w, "cell", index.data().toString());
                        add(w, "cell tool tip", index.data(Qt::ToolTipRole).toString());
                    }
                }
            }
        }
        return out;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_mock.listen());
        QCOMPARE(Translations::install(QStringLiteral("zh_CN")), QStringLiteral("zh_CN"));
    }

    void theFilterFindsEnglish()
    {
        QCOMPARE(englishWords(QStringLiteral("Proxy: listening on 127.0.0.1:9080")),
                 (QStringList{QStringLiteral("Proxy"), QStringLiteral("listening"),
                              QStringLiteral("on")}));
        QVERIFY(englishWords(QStringLiteral("代理：正在监听 127.0.0.1:9080")).isEmpty());
        QVERIFY(englishWords(QStringLiteral("保存(S)")).isEmpty());
        QVERIFY(englishWords(QStringLiteral("粘贴 API 密钥，例如 sk-…")).isEmpty());
        QVERIFY(
            englishWords(QStringLiteral("路由“deepseek-route”：$secret://keychain/x")).isEmpty());
        QCOMPARE(englishWords(QStringLiteral("首先尝试：deepseek（priority 2）")),
                 QStringList{QStringLiteral("priority")});
    }

    void everyPage()
    {
        QTemporaryDir dir;
        QStringList english;
        int pages = 0;
        const bool toured =
            tourPages(dir.path(), m_mock.baseUrl(), [&](const QString &where, QWidget *root) {
                ++pages;
                for (const auto &[widget, text] : texts(root)) {
                    const QStringList words = englishWords(text);
                    if (!words.isEmpty())
                        english << where + QStringLiteral(" | ") + widget + QStringLiteral(": ") +
                                       text + QStringLiteral("  [") + words.join(QLatin1Char(' ')) +
                                       QLatin1Char(']');
                }
            });
        QVERIFY(toured);
        QVERIFY(pages >= 15);
        english.removeDuplicates();
        if (!english.isEmpty())
            QFAIL(qPrintable(QStringLiteral("English left in the Chinese interface:\n  ") +
                             english.join(QStringLiteral("\n  "))));
    }
};

QTEST_MAIN(TestChineseUi)
#include "tst_chineseui.moc"
