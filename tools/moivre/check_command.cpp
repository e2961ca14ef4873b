// moivre check: verify a store's indexes and dictionary (graph/check.hpp).
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "moivre/console.hpp"

namespace moivre::cli {
namespace {

int run_check(const std::string& db, bool quiet) {
  graph::Store store(db, {.read_only = true});
  auto txn = store.read();
  auto start = std::chrono::steady_clock::now();
  ProgressLine line;
  auto progress = [&](std::string_view stage, uint64_t done, uint64_t total) {
    if (quiet) return;
    line.update("checking " + std::string(stage) + ": " + with_separators(done) + " of " +
                with_separators(total));
  };
  graph::CheckReport report = graph::check_store(txn, progress);
  line.clear();
  for (const auto& problem : report.problems) std::cerr << "moivre check: " << problem << "\n";
  if (!report.consistent()) {
    std::cerr << "moivre check: " << db << " is NOT consistent (" << report.problems.size()
              << " problem(s) shown); restore it from a backup\n";
    return kInvalidInput;
  }
  if (!quiet)
    std::cout << db << ": consistent, " << with_separators(report.quads) << " quads in 6 indexes, "
              << with_separators(report.terms) << " terms ("
              << seconds(std::chrono::steady_clock::now() - start) << ")\n";
  return kOk;
}

}  // namespace

void add_check_command(CLI::App& app, Action& action) {
  auto db = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(
      "check",
      "Verify a store: every index in order, spog/posg/ospg holding the same quads and "
      "gspo/gpos/gosp those of the named graphs, the counts right, every term decoding and "
      "mapping back to its id, the text index holding every string literal under its words. "
      "Exit 0 when consistent, 3 when not.");
  cmd->add_option("--db", *db, "Store directory")->required();
  cmd->add_flag("-q,--quiet", *quiet, "Print problems only");
  cmd->callback([db, quiet, &action] { action = [db, quiet] { return run_check(*db, *quiet); }; });
}

}  // namespace moivre::cli
