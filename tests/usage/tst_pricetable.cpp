#include "PriceTable.h"

#include <QJsonDocument>
#include <QTest>

using namespace gatehouse;

class TestPriceTable : public QObject
{
    Q_OBJECT

private slots:
    void lookup_data();
    void lookup();
    void costOfTokens_data();
    void costOfTokens();
    void costOfRecordUsesUpstreamModelThenClientModel();
    void overridesWinAndRoundTripJson();
    void badOverridesAreSkipped();
    void compareAcrossModels();
};

void TestPriceTable::lookup_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("expectedEntry"); // the default whose price applies; "" none
    QTest::newRow("exact") << "deepseek-chat"
                           << "deepseek-chat";
    QTest::newRow("case") << "DeepSeek-Chat"
                          << "deepseek-chat";
    QTest::newRow("dated snapshot") << "gpt-4o-2024-08-06"
                                    << "gpt-4o";
    QTest::newRow("mini not 4o") << "gpt-4o-mini-2024-07-18"
                                 << "gpt-4o-mini";
    QTest::newRow("4.1 nano") << "gpt-4.1-nano"
                              << "gpt-4.1-nano";
    QTest::newRow("o3-mini not o3") << "o3-mini"
                                    << "o3-mini";
    QTest::newRow("claude dated") << "claude-3-5-sonnet-20241022"
                                  << "claude-3-5-sonnet";
    QTest::newRow("claude 4") << "claude-sonnet-4-20250514"
                              << "claude-sonnet-4";
    QTest::newRow("vendor prefix") << "openai/gpt-4o"
                                   << "gpt-4o";
    QTest::newRow("gemini lite") << "gemini-2.5-flash-lite"
                                 << "gemini-2.5-flash-lite";
    QTest::newRow("gemini preview") << "gemini-2.5-pro-preview-05-06"
                                    << "gemini-2.5-pro";
    QTest::newRow("not a word boundary") << "o1x"
                                         << "";
    QTest::newRow("unknown") << "llama-3-70b"
                             << "";
    QTest::newRow("empty") << ""
                           << "";
}

void TestPriceTable::lookup()
{
    QFETCH(QString, model);
    QFETCH(QString, expectedEntry);
    PriceTable prices;
    const auto p = prices.price(model);
    if (expectedEntry.isEmpty()) {
        QVERIFY(!p);
        return;
    }
    QVERIFY(p);
    QCOMPARE(*p, PriceTable::defaults().value(expectedEntry));
}

void TestPriceTable::costOfTokens_data()
{
    QTest::addColumn<double>("input");
    QTest::addColumn<double>("output");
    QTest::addColumn<double>("cached");
    QTest::addColumn<qint64>("prompt");
    QTest::addColumn<qint64>("completion");
    QTest::addColumn<qint64>("cachedTokens");
    QTest::addColumn<double>("expected");
    // (prompt - cached) * input + cached * cached price + completion * output, per million
    QTest::newRow("no cache") << 2.5 << 10.0 << 1.25 << qint64(1000) << qint64(500) << qint64(0)
                              << (1000 * 2.5 + 500 * 10.0) / 1e6;
    QTest::newRow("half cached") << 0.27 << 1.10 << 0.07 << qint64(1000000) << qint64(1000000)
                                 << qint64(500000)
                                 << (500000 * 0.27 + 500000 * 0.07 + 1000000 * 1.10) / 1e6;
    QTest::newRow("all cached") << 1.0 << 2.0 << 0.1 << qint64(100) << qint64(0) << qint64(100)
                                << 100 * 0.1 / 1e6;
    QTest::newRow("cached above prompt is capped")
        << 1.0 << 2.0 << 0.5 << qint64(10) << qint64(0) << qint64(50) << 10 * 0.5 / 1e6;
    QTest::newRow("nothing") << 1.0 << 2.0 << 0.5 << qint64(0) << qint64(0) << qint64(0) << 0.0;
}

void TestPriceTable::costOfTokens()
{
    QFETCH(double, input);
    QFETCH(double, output);
    QFETCH(double, cached);
    QFETCH(qint64, prompt);
    QFETCH(qint64, completion);
    QFETCH(qint64, cachedTokens);
    QFETCH(double, expected);
    QVERIFY(qAbs(PriceTable::cost({input, output, cached}, prompt, completion, cachedTokens) -
                 expected) < 1e-12);
}

void TestPriceTable::costOfRecordUsesUpstreamModelThenClientModel()
{
    PriceTable prices;
    RequestRecord r;
    r.usage.promptTokens = 2000;
    r.usage.cachedTokens = 1000;
    r.usage.completionTokens = 1000;
    r.clientModel = QStringLiteral("gpt-4o");
    r.upstreamModel = QStringLiteral("deepseek-chat");
    // deepseek-chat: 1000 * 0.27 + 1000 * 0.07 + 1000 * 1.10
    QVERIFY(qAbs(*prices.cost(r) - (270 + 70 + 1100) / 1e6) < 1e-12);
    r.upstreamModel = QStringLiteral("my-local-model");
    QVERIFY(qAbs(*prices.cost(r) - (1000 * 2.5 + 1000 * 1.25 + 1000 * 10.0) / 1e6) < 1e-12);
    r.clientModel = QStringLiteral("unknown");
    QVERIFY(!prices.cost(r));
    r.usage = {};
    QCOMPARE(*prices.cost(r), 0.0); // no tokens cost nothing, priced or not
}

void TestPriceTable::overridesWinAndRoundTripJson()
{
    PriceTable prices;
    prices.setOverrides({{QStringLiteral("GPT-4o"), {1.0, 2.0, 0.5}},
                         {QStringLiteral("llama-3"), {0.1, 0.2, 0.05}}});
    QCOMPARE(*prices.price(QStringLiteral("gpt-4o")), (ModelPrice{1.0, 2.0, 0.5}));
    QCOMPARE(*prices.price(QStringLiteral("gpt-4o-2024-11-20")), (ModelPrice{1.0, 2.0, 0.5}));
    QCOMPARE(*prices.price(QStringLiteral("llama-3-70b")), (ModelPrice{0.1, 0.2, 0.05}));
    // A more specific default still wins over a shorter override: gpt-4o-mini keeps its price.
    QCOMPARE(*prices.price(QStringLiteral("gpt-4o-mini")),
             PriceTable::defaults().value(QStringLiteral("gpt-4o-mini")));

    const QJsonObject json = prices.overridesToJson();
    QCOMPARE(json.value(u"gpt-4o").toObject().value(u"cached_input").toDouble(), 0.5);
    QCOMPARE(PriceTable::overridesFromJson(json), prices.overrides());

    bool listed = false;
    for (const auto &[model, price] : prices.all())
        listed = listed || (model == QLatin1String("llama-3") && price.inputPerMillion == 0.1);
    QVERIFY(listed);
}

void TestPriceTable::badOverridesAreSkipped()
{
    const QJsonObject json = QJsonDocument::fromJson(R"({
        "ok": {"input": 1, "output": 2},
        "negative": {"input": -1, "output": 2},
        "text": {"input": "1", "output": 2},
        " ": {"input": 1, "output": 2}
    })")
                                 .object();
    const auto o = PriceTable::overridesFromJson(json);
    QCOMPARE(o.size(), 1);
    QCOMPARE(o.value(QStringLiteral("ok")), (ModelPrice{1, 2, 1})); // no cached price: input's
}

void TestPriceTable::compareAcrossModels()
{
    PriceTable prices;
    UsageSums sums;
    sums.promptTokens = 1000000;
    sums.completionTokens = 1000000;
    const QList<CostEstimate> c = prices.compare(
        sums, {QStringLiteral("deepseek-chat"), QStringLiteral("gpt-4o"), QStringLiteral("nope")});
    QCOMPARE(c.size(), 3);
    QVERIFY(c[0].priced && qAbs(c[0].costUsd - (0.27 + 1.10)) < 1e-9);
    QVERIFY(c[1].priced && qAbs(c[1].costUsd - (2.5 + 10.0)) < 1e-9);
    QVERIFY(c[0].costUsd < c[1].costUsd); // the seed's point
    QVERIFY(!c[2].priced);
}

QTEST_GUILESS_MAIN(TestPriceTable)
#include "tst_pricetable.moc"
