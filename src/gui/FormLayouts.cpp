#include "FormLayouts.h"

#include <QFormLayout>
#include <QWidget>

namespace gatehouse {

void alignFormLabels(const QList<QFormLayout *> &forms)
{
    QList<QWidget *> labels;
    int width = 0;
    for (QFormLayout *form : forms) {
        if (!form)
            continue;
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole);
            if (item && item->widget()) {
                labels << item->widget();
                width = qMax(width, item->widget()->sizeHint().width());
            }
        }
    }
    for (QWidget *label : labels)
        label->setMinimumWidth(width);
}

} // namespace gatehouse
