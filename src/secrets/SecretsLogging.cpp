#include "SecretsLogging.h"

Q_LOGGING_CATEGORY(lcSecrets, "gatehouse.secrets", QtInfoMsg)
