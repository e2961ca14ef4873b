// Verifying a store's invariants (graph/graph.hpp) on one snapshot, as `moivre check` does:
//   - the dictionary: every term decodes, its id's kind byte matches the encoding, its id is below
//     the "next_sequence" counter, and `ids`/`long_ids` map its encoding back to it (and hold
//     nothing else);
//   - the six permutations: each is strictly sorted, and all hold the same quads (equal counts
//     and equal order-independent checksums, so no index needs to be loaded into memory);
//   - every id used in a quad is in the dictionary;
//   - the text index holds each string literal under each of its words, and nothing else.
// Reading is sequential except one dictionary lookup per term, so a check takes about as long as
// an export.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/store.hpp"

namespace moivre::graph {

struct CheckReport {
  uint64_t quads = 0;
  uint64_t terms = 0;
  // Each names the first few faults found; empty when the store is consistent.
  std::vector<std::string> problems;
  bool consistent() const { return problems.empty(); }
};

// Called now and then with the stage ("dictionary", "spog", ...) and how far it got.
using CheckProgress = std::function<void(std::string_view stage, uint64_t done, uint64_t total)>;

CheckReport check_store(const ReadTransaction& txn, const CheckProgress& progress = {});

}  // namespace moivre::graph
