#pragma once

#include "UsageExtractor.h"
#include "UsageTypes.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QReadWriteLock>
#include <QString>

#include <optional>

namespace gatehouse {

// A model's price in US dollars per million tokens.
struct ModelPrice
{
    double inputPerMillion = 0;       // uncached input (prompt) tokens
    double outputPerMillion = 0;      // completion tokens, reasoning included
    double cachedInputPerMillion = 0; // input read from the provider's prompt cache

    bool operator==(const ModelPrice &) const = default;
};

// What the same tokens cost (or would have cost) on one model.
struct CostEstimate
{
    QString model;
    bool priced = false; // false: no price known for this model
    double costUsd = 0;
};

// Prices per model: built-in defaults for the built-in providers' common models (as published at
// the time of writing; editable) with the user's overrides on top. A model name matches its own
// entry, else the longest entry it starts with at a word boundary ("gpt-4o-mini-2024-07-18" →
// "gpt-4o-mini"), ignoring case; an override wins over a default that matches equally well.
// Thread-safe: the proxy's threads price records while the GUI edits.
class PriceTable final
{
public:
    PriceTable();
    Q_DISABLE_COPY_MOVE(PriceTable)

    // The built-in defaults (model name → price).
    static const QHash<QString, ModelPrice> &defaults();

    // The price for `model` (exact, else longest prefix; overrides first), or nullopt.
    std::optional<ModelPrice> price(const QString &model) const;
    // Every model with a price (defaults and overrides merged), sorted by name.
    QList<QPair<QString, ModelPrice>> all() const;

    // The user's overrides (replacing the current ones); a model here wins over its default.
    void setOverrides(const QHash<QString, ModelPrice> &overrides);
    QHash<QString, ModelPrice> overrides() const;
    // Overrides as kept in the config: {"gpt-4o": {"input": 2.5, "output": 10,
    // "cached_input": 1.25}}.
    QJsonObject overridesToJson() const;
    // Reads overrides from the config's form; entries that do not read are skipped.
    static QHash<QString, ModelPrice> overridesFromJson(const QJsonObject &json);

    // Cost of these tokens at `price`: (prompt - cached) at input, cached at cached input,
    // completion at output (Anthropic's cache writes count as input).
    static double cost(const ModelPrice &price, qint64 promptTokens, qint64 completionTokens,
                       qint64 cachedTokens);
    // Cost of one record at its model's price (upstream model, else the client's); nullopt when
    // no price is known.
    std::optional<double> cost(const RequestRecord &record) const;
    // What `sums` would have cost on each of `models` (the seed's point: DeepSeek is cheaper).
    QList<CostEstimate> compare(const UsageSums &sums, const QStringList &models) const;

private:
    struct Match
    {
        qsizetype length; // of the entry's name: longer is more specific
        ModelPrice price;
    };
    static std::optional<Match> lookup(const QHash<QString, ModelPrice> &table,
                                       const QString &model);

    mutable QReadWriteLock m_lock;
    QHash<QString, ModelPrice> m_overrides; // keys lower-case
};

} // namespace gatehouse
