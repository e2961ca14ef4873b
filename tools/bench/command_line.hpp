// Command-line parsing for the benchmark programs with the exit codes of `moivre`: --help is 0,
// a wrong command line 2 (CLI11's own codes would be 100+).
#pragma once

#include <CLI/CLI.hpp>

namespace moivre::bench {

// Returns -1 when the program should go on, else the exit code to return.
inline int parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
    return -1;
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
}

}  // namespace moivre::bench
