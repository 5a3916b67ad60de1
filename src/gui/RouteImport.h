#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace gatehouse {

// The GUI's side of import: reads what people paste or open with the admin layer's
// RouteExchange (a route object, a list, an Admin API answer, apisix.yaml, or the seed guide's
// curl commands) and gets the routes ready for the editor: a shell variable with no value here
// ("Bearer $DEEPSEEK_API_KEY") is not taken for a key, so the person picks a credential instead.
class RouteImport
{
    Q_DECLARE_TR_FUNCTIONS(RouteImport)

public:
    struct Result
    {
        QList<QJsonObject> routes;
        QString error;        // why the text cannot be used at all
        QStringList problems; // errors in the routes (the editor shows them next to the fields)
        QStringList notes;    // warnings and what was left out
    };

    static Result parse(const QString &text);
};

} // namespace gatehouse
