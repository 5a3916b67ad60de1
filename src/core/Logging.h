#pragma once

#include <QLoggingCategory>

// One category per subsystem, so `QT_LOGGING_RULES="gatehouse.proxy.debug=true"` turns on just
// the part being looked at. Other layers declare their own the same way.
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
