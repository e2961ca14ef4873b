// RDF dataset comparison up to blank node renaming, for the conformance runners and tests.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "graph/rdf_syntax.hpp"
#include "graph/term.hpp"

namespace moivre::test {

// A quad of terms; `has_graph` marks a quad in a named graph.
struct TermQuad {
  graph::Term s, p, o;
  bool has_graph = false;
  graph::Term g;
};

using Dataset = std::vector<TermQuad>;

// Parses RDF text (or a file) into a dataset, blank node labels as written.
Dataset read_dataset_string(const std::string& text, graph::RdfSyntax syntax,
                            const std::string& base = {});
Dataset read_dataset_file(const std::string& path, graph::RdfSyntax syntax,
                          const std::string& base = {});

// True when a bijection between the blank nodes of `a` and `b` makes them equal as sets.
bool isomorphic(const Dataset& a, const Dataset& b);

// The dataset as sorted N-Quads lines, for diagnostics.
std::string to_nquads(const Dataset& d);

}  // namespace moivre::test
