// JSON-LD output (flattened document form) for graph results, written with RapidJSON.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "graph/term.hpp"

namespace moivre::server {

inline constexpr const char* kJsonLdMediaType = "application/ld+json";

struct TermTriple {
  graph::Term subject, predicate, object;
};

// Triples grouped by subject as node objects: [{"@id": s, p: [{"@id"} | {"@value", ...}]}].
// Blank nodes are "_:label"; rdf:type objects go under "@type".
void write_jsonld(const std::vector<TermTriple>& triples, std::ostream& out);

}  // namespace moivre::server
