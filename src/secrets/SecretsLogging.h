#pragma once

#include <QLoggingCategory>

// The secrets layer's category: names, statuses and backend messages only, never a secret value.
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
