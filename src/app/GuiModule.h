#pragma once

#include <QString>

namespace gatehouse {

struct LaunchOptions;

// Finds and runs the GUI module (libgatehouse_gui.so). It exports one C function,
// `gatehouse_gui_main(int argc, char **argv, const LaunchOptions *options)`, and is looked for
// next to the executable (build tree) and in ../lib/gatehouse (installed).
class GuiModule
{
public:
    // Returns the exit code, or -1 with *error set when the module could not be loaded.
    static int run(int argc, char **argv, const LaunchOptions &options, QString *error);
};

} // namespace gatehouse
