#include "PriceTable.h"

#include <QJsonValue>

#include <algorithm>

namespace gatehouse {

namespace {

const QString kInput = QStringLiteral("input");
const QString kOutput = QStringLiteral("output");
const QString kCachedInput = QStringLiteral("cached_input");

} // namespace

PriceTable::PriceTable() = default;

const QHash<QString, ModelPrice> &PriceTable::defaults()
{
    // USD per million tokens {input, output, cached input}, as the providers published them at
    // the time of writing (standard tier, no batch discount, Gemini Pro's prompts up to 200k).
    // Prices change: the Usage page edits them, and edits are saved as overrides.
    static const QHash<QString, ModelPrice> table = {
        // DeepSeek (cache-miss input / output / cache-hit input)
        {QStringLiteral("deepseek-chat"), {0.27, 1.10, 0.07}},
        {QStringLiteral("deepseek-reasoner"), {0.55, 2.19, 0.14}},
        // OpenAI
        {QStringLiteral("gpt-4o"), {2.50, 10.00, 1.25}},
        {QStringLiteral("gpt-4o-mini"), {0.15, 0.60, 0.075}},
        {QStringLiteral("gpt-4.1"), {2.00, 8.00, 0.50}},
        {QStringLiteral("gpt-4.1-mini"), {0.40, 1.60, 0.10}},
        {QStringLiteral("gpt-4.1-nano"), {0.10, 0.40, 0.025}},
        {QStringLiteral("gpt-4-turbo"), {10.00, 30.00, 10.00}},
        {QStringLiteral("gpt-3.5-turbo"), {0.50, 1.50, 0.50}},
        {QStringLiteral("o1"), {15.00, 60.00, 7.50}},
        {QStringLiteral("o1-mini"), {1.10, 4.40, 0.55}},
        {QStringLiteral("o3"), {2.00, 8.00, 0.50}},
        {QStringLiteral("o3-mini"), {1.10, 4.40, 0.55}},
        {QStringLiteral("o4-mini"), {1.10, 4.40, 0.275}},
        // Anthropic (cached input: cache reads)
        {QStringLiteral("claude-3-5-sonnet"), {3.00, 15.00, 0.30}},
        {QStringLiteral("claude-3.5-sonnet"), {3.00, 15.00, 0.30}},
        {QStringLiteral("claude-3-5-haiku"), {0.80, 4.00, 0.08}},
        {QStringLiteral("claude-3.5-haiku"), {0.80, 4.00, 0.08}},
        {QStringLiteral("claude-3-7-sonnet"), {3.00, 15.00, 0.30}},
        {QStringLiteral("claude-3.7-sonnet"), {3.00, 15.00, 0.30}},
        {QStringLiteral("claude-sonnet-4"), {3.00, 15.00, 0.30}},
        {QStringLiteral("claude-opus-4"), {15.00, 75.00, 1.50}},
        {QStringLiteral("claude-3-opus"), {15.00, 75.00, 1.50}},
        {QStringLiteral("claude-3-haiku"), {0.25, 1.25, 0.03}},
        // Google Gemini
        {QStringLiteral("gemini-2.0-flash"), {0.10, 0.40, 0.025}},
        {QStringLiteral("gemini-2.0-flash-lite"), {0.075, 0.30, 0.075}},
        {QStringLiteral("gemini-2.5-flash"), {0.30, 2.50, 0.075}},
        {QStringLiteral("gemini-2.5-flash-lite"), {0.10, 0.40, 0.025}},
        {QStringLiteral("gemini-2.5-pro"), {1.25, 10.00, 0.31}},
        {QStringLiteral("gemini-1.5-flash"), {0.075, 0.30, 0.01875}},
        {QStringLiteral("gemini-1.5-pro"), {1.25, 5.00, 0.3125}},
    };
    return table;
}

std::optional<PriceTable::Match> PriceTable::lookup(const QHash<QString, ModelPrice> &table,
                                                    const QString &model)
{
    if (const auto it = table.constFind(model); it != table.constEnd())
        return Match{model.size(), *it};
    // The longest entry the name starts with, at a word boundary: dated snapshots
    // ("gpt-4o-2024-08-06") and previews take their family's price, and "gpt-4o-mini-…" is not
    // priced as "gpt-4o".
    std::optional<Match> found;
    for (auto it = table.constBegin(); it != table.constEnd(); ++it) {
        const qsizetype n = it.key().size();
        if ((!found || n > found->length) && n < model.size() && model.startsWith(it.key()) &&
            !model.at(n).isLetterOrNumber())
            found = Match{n, *it};
    }
    return found;
}

std::optional<ModelPrice> PriceTable::price(const QString &model) const
{
    if (model.isEmpty())
        return std::nullopt;
    const QString name = model.toLower();
    // OpenRouter and others prefix a vendor ("openai/gpt-4o"): try the whole name, then the rest.
    const qsizetype slash = name.lastIndexOf(QLatin1Char('/'));
    QStringList names{name};
    if (slash >= 0)
        names << name.mid(slash + 1);
    QReadLocker lock(&m_lock);
    for (const QString &n : names) {
        // The most specific entry wins; between equally specific ones, the user's override.
        const auto own = lookup(m_overrides, n);
        const auto builtIn = lookup(defaults(), n);
        if (own && (!builtIn || own->length >= builtIn->length))
            return own->price;
        if (builtIn)
            return builtIn->price;
    }
    return std::nullopt;
}

QList<QPair<QString, ModelPrice>> PriceTable::all() const
{
    QHash<QString, ModelPrice> merged = defaults();
    {
        QReadLocker lock(&m_lock);
        for (auto it = m_overrides.constBegin(); it != m_overrides.constEnd(); ++it)
            merged.insert(it.key(), *it);
    }
    QList<QPair<QString, ModelPrice>> out;
    for (auto it = merged.constBegin(); it != merged.constEnd(); ++it)
        out.append({it.key(), *it});
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    return out;
}

void PriceTable::setOverrides(const QHash<QString, ModelPrice> &overrides)
{
    QHash<QString, ModelPrice> lowered;
    for (auto it = overrides.constBegin(); it != overrides.constEnd(); ++it)
        lowered.insert(it.key().trimmed().toLower(), *it);
    QWriteLocker lock(&m_lock);
    m_overrides = std::move(lowered);
}

QHash<QString, ModelPrice> PriceTable::overrides() const
{
    QReadLocker lock(&m_lock);
    return m_overrides;
}

QJsonObject PriceTable::overridesToJson() const
{
    QJsonObject out;
    const QHash<QString, ModelPrice> o = overrides();
    for (auto it = o.constBegin(); it != o.constEnd(); ++it)
        out.insert(it.key(), QJsonObject{{kInput, it->inputPerMillion},
                                         {kOutput, it->outputPerMillion},
                                         {kCachedInput, it->cachedInputPerMillion}});
    return out;
}

QHash<QString, ModelPrice> PriceTable::overridesFromJson(const QJsonObject &json)
{
    QHash<QString, ModelPrice> out;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QJsonValue in = o.value(kInput), outp = o.value(kOutput),
                         cached = o.value(kCachedInput);
        if (it.key().trimmed().isEmpty() || !in.isDouble() || !outp.isDouble() ||
            in.toDouble() < 0 || outp.toDouble() < 0)
            continue;
        // Without a cached price, cached input costs what input costs (no discount known).
        const double c =
            cached.isDouble() && cached.toDouble() >= 0 ? cached.toDouble() : in.toDouble();
        out.insert(it.key().trimmed().toLower(), {in.toDouble(), outp.toDouble(), c});
    }
    return out;
}

double PriceTable::cost(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens,
                        qint64 cachedTokens)
{
    const qint64 cached = qBound<qint64>(0, cachedTokens, qMax<qint64>(0, promptTokens));
    const qint64 uncached = qMax<qint64>(0, promptTokens - cached);
    return (double(uncached) * price.inputPerMillion +
            double(cached) * price.cachedInputPerMillion +
            double(qMax<qint64>(0, completionTokens)) * price.outputPerMillion) /
           1e6;
}

std::optional<double> PriceTable::cost(const RequestRecord &record) const
{
    const TokenUsage &u = record.usage;
    if (u.promptTokens == 0 && u.completionTokens == 0)
        return 0.0;
    auto p = price(record.upstreamModel);
    if (!p)
        p = price(record.clientModel);
    if (!p)
        return std::nullopt;
    return cost(*p, u.promptTokens, u.completionTokens, u.cachedTokens);
}

QList<CostEstimate> PriceTable::compare(const UsageSums &sums, const QStringList &models) const
{
    QList<CostEstimate> out;
    for (const QString &model : models) {
        CostEstimate e{model, false, 0};
        if (const auto p = price(model)) {
            e.priced = true;
            e.costUsd = cost(*p, sums.promptTokens, sums.completionTokens, sums.cachedTokens);
        }
        out.append(e);
    }
    return out;
}

} // namespace gatehouse
