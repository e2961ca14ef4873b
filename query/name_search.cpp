#include "query/name_search.hpp"

#include <stdexcept>
#include <unordered_set>

#include "graph/text_tokens.hpp"
#include "query/labels.hpp"

namespace moivre::query {

using graph::TermId;

std::vector<NameMatch> search_names(const graph::ReadTransaction& txn, std::string_view query,
                                    const NameSearchOptions& options) {
  if (graph::text_tokens(query).empty())
    throw std::invalid_argument("the search has no word to look for (letters or digits)");
  graph::TextSearchOptions text_options;
  text_options.prefix = options.prefix;
  auto type_predicate = txn.lookup(graph::Term::iri(kRdfType));
  std::vector<NameMatch> out;
  std::unordered_set<TermId> seen;
  graph::Quad q;
  // Literals come best first, so a resource's first literal is its best.
  for (const auto& match : txn.text_search(query, text_options)) {
    graph::QuadPattern holders;
    holders.ids[graph::O] = match.literal;
    for (auto scan = txn.scan(holders, graph::Permutation::OSPG); scan.next(q);) {
      if (seen.count(q.s())) continue;
      if (options.type) {
        if (!type_predicate) continue;
        graph::QuadPattern typed;
        typed.ids[graph::S] = q.s();
        typed.ids[graph::P] = *type_predicate;
        typed.ids[graph::O] = *options.type;
        if (txn.count(typed, 1) == 0) continue;
      }
      seen.insert(q.s());
      out.push_back({q.s(), match.literal, match.score});
      if (options.limit && out.size() >= options.limit) return out;
    }
  }
  return out;
}

}  // namespace moivre::query
