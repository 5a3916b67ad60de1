#include "UsageLogging.h"

Q_LOGGING_CATEGORY(lcUsage, "gatehouse.usage", QtInfoMsg)
