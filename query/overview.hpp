// What a store holds, at a glance: its graphs with their quad counts and its classes with their
// instance counts, for the first page (GET /overview) and anyone who meets the store for the
// first time. Counts are exact, read from one snapshot.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::query {

struct GraphCount {
  std::string iri;  // empty: the default graph
  uint64_t quads = 0;
};

struct ClassCount {
  std::string iri;
  std::string label;       // its best label (query/labels.hpp), or the IRI
  uint64_t instances = 0;  // distinct subjects typed with it, over all graphs
};

struct StoreOverview {
  uint64_t quads = 0;
  std::vector<GraphCount> graphs;   // the default graph first, then the named ones by size
  size_t graphs_total = 0;          // graphs holding quads (more than listed past the limit)
  std::vector<ClassCount> classes;  // most instances first; ties by IRI
  size_t classes_total = 0;
};

// The default graph (even empty) and the `max_graphs` largest named graphs; the `max_classes`
// classes with the most instances, leaving out those of RDF, RDFS and OWL (owl:Class,
// rdf:Property: the vocabulary's own terms, not what the data is about). Reads every rdf:type
// statement once (POS order).
StoreOverview overview(const graph::ReadTransaction& txn, size_t max_graphs = 20,
                       size_t max_classes = 20);

}  // namespace moivre::query
