#include "ProxyLogging.h"

Q_LOGGING_CATEGORY(lcProxy, "gatehouse.proxy", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRequests, "gatehouse.requests", QtInfoMsg)
