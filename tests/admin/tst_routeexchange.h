#pragma once

#include <QObject>

// Import and export of routes (RouteExchange) with its YAML subset and shell-word readers.
// Declared apart from its bodies so moc never reads the raw text in the .cpp.
class TestRouteExchange : public QObject
{
    Q_OBJECT

private slots:
    void detectFormat_data();
    void detectFormat();

    // Round trips
    void seedRoundTrip_data();
    void seedRoundTrip();
    void yamlFixtureRoundTrip_data();
    void yamlFixtureRoundTrip();
    void placeholderRoundTrip_data();
    void placeholderRoundTrip();

    // Admin JSON
    void adminJsonShapes_data();
    void adminJsonShapes();

    // apisix.yaml
    void yamlFixture();
    void yamlReader_data();
    void yamlReader();
    void yamlErrors_data();
    void yamlErrors();
    void yamlWriterQuoting_data();
    void yamlWriterQuoting();
    void yamlEndMarker();

    // curl
    void curlPasteSeedGuide();
    void curlPasteWithoutEnvironment();
    void curlVariants_data();
    void curlVariants();
    void shellWords_data();
    void shellWords();

    // Problems and their locations
    void importErrors_data();
    void importErrors();
    void allProblemsAtOnce();

    // Export
    void secretsLeaveAsPlaceholders_data();
    void secretsLeaveAsPlaceholders();
    void keepReferences();
    void environmentNames_data();
    void environmentNames();
    void targets();
    void timestamps();
    void gatehouseLabels();
    void exportShapes();
    void curlScriptIsValidShell();
};
