#include "Diagnostic.h"

#include <QStringList>

namespace gatehouse {

QString joinDiagnostics(const Diagnostics &diagnostics, const QString &separator)
{
    QStringList parts;
    parts.reserve(diagnostics.size());
    for (const Diagnostic &d : diagnostics)
        parts << d.toString();
    return parts.join(separator);
}

} // namespace gatehouse
