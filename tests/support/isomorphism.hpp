// RDF dataset comparison up to blank node renaming, for the conformance runners and tests.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "graph/term.hpp"

namespace moivre::test {

// A quad of terms; graph.kind == Iri with empty value... use `has_graph` to mark named graphs.
struct TermQuad {
  graph::Term s, p, o;
  bool has_graph = false;
  graph::Term g;
};

using Dataset = std::vector<TermQuad>;

// True when a bijection between the blank nodes of `a` and `b` makes them equal as sets.
bool isomorphic(const Dataset& a, const Dataset& b);

// The dataset as sorted N-Quads lines, for diagnostics.
std::string to_nquads(const Dataset& d);

}  // namespace moivre::test
