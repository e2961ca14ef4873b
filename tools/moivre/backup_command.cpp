// moivre backup: a consistent, compacted copy of a store, taken while it serves.
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "moivre/console.hpp"

namespace moivre::cli {
namespace {

int run_backup(const std::string& db, const std::string& target, bool quiet) {
  // Read-only: a backup takes one read snapshot and never blocks the server's writer.
  graph::Store store(db, {.read_only = true});
  auto start = std::chrono::steady_clock::now();
  store.backup(target);
  if (!quiet) {
    auto bytes = std::filesystem::file_size(std::filesystem::path(target) / "data.mdb");
    std::cout << "Backed up " << db << " to " << target << " (" << human_bytes(bytes) << ", "
              << seconds(std::chrono::steady_clock::now() - start) << ")\n";
  }
  return kOk;
}

}  // namespace

void add_backup_command(CLI::App& app, Action& action) {
  auto db = std::make_shared<std::string>();
  auto target = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "backup",
      "Copy a store to a new directory, consistently (one snapshot) and compacted, while it is "
      "being served and written. The copy is a store: serve it, or check it with moivre check.");
  cmd->add_option("--db", *db, "Store directory")->required();
  cmd->add_option("OUT", *target, "New directory for the copy (must not exist)")->required();
  cmd->add_flag("-q,--quiet", *quiet, "No summary line");
  cmd->callback([db, target, quiet, &action] {
    action = [db, target, quiet] { return run_backup(*db, *target, *quiet); };
  });
}

}  // namespace moivre::cli
