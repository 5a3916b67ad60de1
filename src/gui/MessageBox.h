#pragma once

#include <QMessageBox>

namespace gatehouse {

// Every question the GUI asks goes through here, so a test can answer it in advance instead of
// facing a modal dialog (after KeePassXC's MessageBox::setNextAnswer).
class MessageBox
{
public:
    static QMessageBox::StandardButton question(QWidget *parent, const QString &title,
                                                const QString &text,
                                                QMessageBox::StandardButtons buttons,
                                                QMessageBox::StandardButton defaultButton);
    // The next question() returns `answer` at once without showing anything.
    static void setNextAnswer(QMessageBox::StandardButton answer);

private:
    static QMessageBox::StandardButton s_nextAnswer;
};

} // namespace gatehouse
