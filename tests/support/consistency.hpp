// Checks the store's invariants: the permutations that start with S, P or O hold the same quads,
// the G-first ones those of the named graphs, and every id in them decodes through the
// dictionary and maps back to itself.
#pragma once

#include <set>
#include <string>

#include "graph/store.hpp"

namespace moivre::test {

// Returns an empty string when consistent, else a description of the first problem found.
inline std::string check_consistency(const graph::ReadTransaction& txn) {
  using namespace graph;
  std::set<Quad> reference;
  Quad q;
  for (auto scan = txn.scan(QuadPattern{}, Permutation::SPOG); scan.next(q);) reference.insert(q);
  std::set<Quad> named;
  for (const Quad& quad : reference)
    if (quad.g() != kDefaultGraph) named.insert(quad);
  for (Permutation perm : kPermutations) {
    std::set<Quad> other;
    for (auto scan = txn.scan(QuadPattern{}, perm); scan.next(q);) other.insert(q);
    if (other != (holds_default_graph(perm) ? reference : named))
      return "index " + std::string(permutation_name(perm)) + " differs from spog";
  }
  for (const Quad& quad : reference)
    for (int pos = 0; pos < 4; ++pos) {
      TermId id = quad.ids[pos];
      if (pos == G && id == kDefaultGraph) continue;
      auto encoded = std::string(txn.encoded_term(id));
      auto back = txn.lookup_encoded(encoded);
      if (!back || *back != id) return "term id " + std::to_string(id) + " does not map back";
    }
  return {};
}

}  // namespace moivre::test
