#pragma once

#include <QScopedPointer>
#include <QWidget>

namespace Ui {
class ComingSoonPage;
}

namespace gatehouse {

// The place of a page the next release builds (Playground, Usage, Logs): what it will do and
// what to use meanwhile, never pretend content.
class ComingSoonPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ComingSoonPage)

public:
    enum class Kind { Playground, Usage, Logs };

    explicit ComingSoonPage(Kind kind, QWidget *parent = nullptr);
    ~ComingSoonPage() override;

private:
    QScopedPointer<Ui::ComingSoonPage> m_ui;
};

} // namespace gatehouse
