#include "Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "gatehouse.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "gatehouse.app", QtInfoMsg)
