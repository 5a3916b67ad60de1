#pragma once

#include <QList>

class QFormLayout;

namespace gatehouse {

// Gives every label column of these forms the width of the widest label, so fields line up
// across the group boxes of one page.
void alignFormLabels(const QList<QFormLayout *> &forms);

} // namespace gatehouse
