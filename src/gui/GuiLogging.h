#pragma once

#include <QLoggingCategory>

// The GUI's own category: QT_LOGGING_RULES="gatehouse.gui.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcGui)
