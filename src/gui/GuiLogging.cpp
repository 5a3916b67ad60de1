#include "GuiLogging.h"

Q_LOGGING_CATEGORY(lcGui, "gatehouse.gui", QtInfoMsg)
