// The relationship finder: the shortest connections between two resources, following links in
// either direction (GET /paths, `moivre paths`).
//
// A bidirectional breadth-first search over the SPOG and OSPG indexes, all graphs together:
// each round grows the side with the smaller frontier by one layer, until the two meet. Every
// shortest path is found (a node keeps all its parents of the layer before), and at most
// max_paths are given.
//
// Some links say nothing about how two things are related, and are never followed:
// - predicates: rdf:type, the RDFS schema predicates (subClassOf, subPropertyOf, domain, range),
//   skos:inScheme, and every PROV predicate (provenance: "both come from the same document");
// - vocabulary nodes: classes (anything that is the object of an rdf:type), properties (anything
//   used as a predicate), and resources typed rdfs:Class, owl:Class, rdf:Property, an OWL
//   property, owl:Ontology, skos:ConceptScheme or org:Role ("both are Persons", "both are
//   members" are not answers);
// - hubs: a node with more than hub_degree links;
// - literals.
// The two ends themselves are always allowed.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "graph/store.hpp"
#include "query/executor.hpp"

namespace moivre::query {

struct ConnectionOptions {
  int max_length = 4;            // links in a path
  size_t max_paths = 10;         // paths given at most
  uint64_t hub_degree = 10000;   // nodes with more links are not passed through
  size_t max_visited = 2000000;  // nodes reached before the search gives up
  ExecutionOptions execution;    // deadline (QueryTimeout) and cancel flag
};

// One link of a path, in the path's direction: from -> to. `forward` says whether the store holds
// (from predicate to), or else (to predicate from).
struct PathStep {
  graph::TermId from = 0, predicate = 0, to = 0;
  bool forward = true;
};
using Connection = std::vector<PathStep>;

struct ConnectionResult {
  std::vector<Connection> paths;  // all of the same, shortest length; empty: none within max_length
  bool gave_up = false;           // max_visited reached before the sides met
  size_t visited = 0;             // nodes reached on both sides
};

ConnectionResult find_connections(const graph::ReadTransaction& txn, graph::TermId from,
                                  graph::TermId to, const ConnectionOptions& options = {});

}  // namespace moivre::query
