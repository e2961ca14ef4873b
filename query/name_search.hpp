// Name search: the resources whose literals (names, labels, titles, any string) hold the words of
// a query, best first. The store's text index (graph/text_index.hpp) finds the literals; this
// finds who holds them, in the same snapshot, so a resource no longer holding a literal is not
// found. Used by GET /search and the SPARQL extension text:query.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "graph/store.hpp"

namespace moivre::query {

struct NameMatch {
  graph::TermId resource = 0;
  graph::TermId literal = 0;  // the best matching literal it holds
  double score = 0;
};

struct NameSearchOptions {
  size_t limit = 10;                  // resources given at most (0: all)
  std::optional<graph::TermId> type;  // only resources of this rdf:type
  bool prefix = true;                 // the last word may begin a longer one (type-ahead)
};

// Throws std::invalid_argument when the query has no word to look for.
std::vector<NameMatch> search_names(const graph::ReadTransaction& txn, std::string_view query,
                                    const NameSearchOptions& options = {});

}  // namespace moivre::query
