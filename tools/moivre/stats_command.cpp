// moivre stats: counts and sizes of a store.
#include <cstdio>
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "moivre/console.hpp"

namespace moivre::cli {
namespace {

int run_stats(const std::string& db) {
  graph::Store store(db, {.read_only = true});
  auto st = store.read().stats();
  std::printf("%-22s %15s\n", "quads", with_separators(st.quads).c_str());
  std::printf("%-22s %15s\n", "  in the default graph",
              with_separators(st.default_graph_quads).c_str());
  std::printf("%-22s %15s\n", "named graphs", with_separators(st.graphs).c_str());
  std::printf("%-22s %15s\n", "terms", with_separators(st.terms).c_str());
  std::printf("\n%-22s %15s %12s\n", "index", "entries", "size");
  for (graph::Permutation perm : graph::kPermutations) {
    const auto& index = st.indexes[static_cast<int>(perm)];
    std::printf("%-22s %15s %12s\n", std::string(graph::permutation_name(perm)).c_str(),
                with_separators(index.entries).c_str(), human_bytes(index.bytes).c_str());
  }
  std::printf("%-22s %15s %12s\n", "dictionary", with_separators(st.dictionary.entries).c_str(),
              human_bytes(st.dictionary.bytes).c_str());
  std::printf("%-22s %15s %12s\n", "counts", with_separators(st.counts.entries).c_str(),
              human_bytes(st.counts.bytes).c_str());
  std::printf("%-22s %15s %12s\n", "text (word, literal)", with_separators(st.text.entries).c_str(),
              human_bytes(st.text.bytes).c_str());
  std::printf("\n%-22s %28s\n", "file size", human_bytes(st.file_bytes).c_str());
  return kOk;
}

}  // namespace

void add_stats_command(CLI::App& app, Action& action) {
  auto db = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("stats", "Counts of quads, terms and graphs, and index sizes.");
  cmd->add_option("--db", *db, "Store directory")->required();
  cmd->callback([db, &action] { action = [db] { return run_stats(*db); }; });
}

}  // namespace moivre::cli
