#pragma once

#include <QList>
#include <QString>

namespace gatehouse {

// One problem found in a configuration: where (a JSON path such as
// "plugins.ai-proxy-multi.instances[1].weight"), what, and how bad. Validation produces errors;
// the linter produces warnings. `code` names the kind of warning so a GUI can offer a fix.
struct Diagnostic
{
    enum class Severity { Error, Warning };

    Severity severity = Severity::Error;
    QString path;
    QString message;
    QString code;

    QString toString() const { return path.isEmpty() ? message : path + QStringLiteral(": ") + message; }
    bool operator==(const Diagnostic &) const = default;
};

using Diagnostics = QList<Diagnostic>;

// All messages joined one per line, as a person reads them in a dialog or an API answer.
QString joinDiagnostics(const Diagnostics &diagnostics, const QString &separator = QStringLiteral("; "));

} // namespace gatehouse
