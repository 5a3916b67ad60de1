#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcProxy)    // listeners, connections, errors
Q_DECLARE_LOGGING_CATEGORY(lcRequests) // one structured line per proxied request
