<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>gatehouse::ChatMessageWidget</name>
    <message numerus="yes">
        <location filename="../src/gui/ChatMessageWidget.cpp" line="142"/>
        <source>Thinking… (%n characters)</source>
        <translation>
            <numerusform>Thinking… (%n character)</numerusform>
            <numerusform>Thinking… (%n characters)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/ChatMessageWidget.cpp" line="143"/>
        <source>Reasoning (%n characters)</source>
        <translation>
            <numerusform>Reasoning (%n character)</numerusform>
            <numerusform>Reasoning (%n characters)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::InstanceTableModel</name>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="66"/>
        <source>Checked every %n s</source>
        <translation>
            <numerusform>Checked every %n s</numerusform>
            <numerusform>Checked every %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="86"/>
        <source>Rate limited, back in %n s</source>
        <translation>
            <numerusform>Rate limited, back in %n s</numerusform>
            <numerusform>Rate limited, back in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/InstanceTableModel.cpp" line="87"/>
        <source>Failing, skipped for %n s</source>
        <translation>
            <numerusform>Failing, skipped for %n s</numerusform>
            <numerusform>Failing, skipped for %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::LogsPage</name>
    <message numerus="yes">
        <location filename="../src/gui/LogsPage.cpp" line="345"/>
        <source>%n request(s) shown</source>
        <translation>
            <numerusform>%n request shown</numerusform>
            <numerusform>%n requests shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/LogsPage.cpp" line="352"/>
        <source>Paused: %n new request(s) held back. Resume to show them.</source>
        <translation>
            <numerusform>Paused: %n new request held back. Resume to show them.</numerusform>
            <numerusform>Paused: %n new requests held back. Resume to show them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::PublishDialog</name>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="178"/>
        <source>Reading %n route(s) from the cluster…</source>
        <translation>
            <numerusform>Reading %n route from the cluster…</numerusform>
            <numerusform>Reading %n routes from the cluster…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="210"/>
        <source>%n route(s) could not be read from the cluster; see above.</source>
        <translation>
            <numerusform>%n route could not be read from the cluster; see above.</numerusform>
            <numerusform>%n routes could not be read from the cluster; see above.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="213"/>
        <source>Publish sends the %n new or changed route(s).</source>
        <translation>
            <numerusform>Publish sends the %n new or changed route.</numerusform>
            <numerusform>Publish sends the %n new or changed routes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="233"/>
        <source>Publishing %n route(s)…</source>
        <translation>
            <numerusform>Publishing %n route…</numerusform>
            <numerusform>Publishing %n routes…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/PublishDialog.cpp" line="248"/>
        <source>The cluster holds %n route(s) as previewed.</source>
        <translation>
            <numerusform>The cluster holds %n route as previewed.</numerusform>
            <numerusform>The cluster holds %n routes as previewed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::RouteEditor</name>
    <message numerus="yes">
        <location filename="../src/gui/RouteEditor.cpp" line="1102"/>
        <source>Not saved: fix the %n problem(s) marked in red.</source>
        <translation>
            <numerusform>Not saved: fix the %n problem marked in red.</numerusform>
            <numerusform>Not saved: fix the %n problems marked in red.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::RouteListModel</name>
    <message numerus="yes">
        <location filename="../src/gui/RouteListModel.cpp" line="92"/>
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gatehouse::RoutesPage</name>
    <message numerus="yes">
        <location filename="../src/gui/RoutesPage.cpp" line="178"/>
        <source>Imported %n route(s).</source>
        <translation>
            <numerusform>Imported %n route.</numerusform>
            <numerusform>Imported %n routes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/gui/RoutesPage.cpp" line="230"/>
        <source>Exported %n route(s) to %1.</source>
        <translation>
            <numerusform>Exported %n route to %1.</numerusform>
            <numerusform>Exported %n routes to %1.</numerusform>
        </translation>
    </message>
</context>
</TS>
