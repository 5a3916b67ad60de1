#pragma once

#include <QObject>

// Declared apart from its bodies so moc never reads the raw JSON strings in the .cpp.
class TestRouteLinter : public QObject
{
    Q_OBJECT

private slots:
    void seedMultiRouteWarnsAboutItsPriorities();
    void swappedPrioritiesAreClean();
    void seedSingleRouteIsShadowedByTheMultiRoute();
    void shadowingNeedsOverlap_data();
    void shadowingNeedsOverlap();
    void warnings_data();
    void warnings();
    void localServerNeedsNoKey();
};
