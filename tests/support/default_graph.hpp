// Loads the default graph (data/*.ttl) into a store, as `moivre serve` builds it.
#pragma once

#include <filesystem>
#include <string>

#include "graph/graph.hpp"

namespace moivre::test {

inline const std::filesystem::path kDefaultGraphData =
    std::filesystem::path(MOIVRE_SOURCE_DIR) / "data";
inline const std::string kDefaultBase = "https://id.moivre.org/";

// The default graph with its IRIs under `base`, and `planted` (Turtle) beside it: a rule's
// violation, to show that the check of the rule can fail.
inline void load_default_graph(graph::Store& store, const std::string& base = kDefaultBase,
                               const std::string& planted = {}) {
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  if (!planted.empty()) {
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::Turtle;
    loader.add_string(planted, "planted.ttl", options);
  }
  for (const auto& entry : std::filesystem::directory_iterator(kDefaultGraphData)) {
    if (entry.path().extension() != ".ttl") continue;
    graph::Input input(entry.path().string());
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::Turtle;
    options.base_iri = base;
    loader.add(input, options);
  }
  loader.finish();
  txn.commit();
}

}  // namespace moivre::test
