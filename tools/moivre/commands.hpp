// The subcommands of the `moivre` program. Each registers its options on the CLI11 app and
// returns the action to run once the command line parsed.
#pragma once

#include <CLI/App.hpp>
#include <functional>

namespace moivre::cli {

// Process exit codes, shared by every subcommand.
enum ExitCode : int {
  kOk = 0,
  kFailure = 1,       // the store or the system failed (I/O, permissions, a locked store)
  kUsage = 2,         // the command line is wrong
  kInvalidInput = 3,  // an input document is malformed; nothing was changed
};

using Action = std::function<int()>;

void add_load_command(CLI::App& app, Action& action);
void add_export_command(CLI::App& app, Action& action);
void add_stats_command(CLI::App& app, Action& action);
void add_query_command(CLI::App& app, Action& action);
void add_serve_command(CLI::App& app, Action& action);
void add_update_command(CLI::App& app, Action& action);
void add_import_command(CLI::App& app, Action& action);
void add_link_command(CLI::App& app, Action& action);
void add_check_command(CLI::App& app, Action& action);
void add_backup_command(CLI::App& app, Action& action);

}  // namespace moivre::cli
