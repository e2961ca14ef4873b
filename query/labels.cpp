#include "query/labels.hpp"

#include <algorithm>

namespace moivre::query {

using graph::Term;
using graph::TermId;

const std::vector<std::string>& label_predicates() {
  static const std::vector<std::string> predicates = {
      "http://www.w3.org/2004/02/skos/core#prefLabel",
      "http://www.w3.org/2000/01/rdf-schema#label",
      "http://xmlns.com/foaf/0.1/name",
      "http://schema.org/name",
      "https://schema.org/name",
      "http://purl.org/dc/terms/title"};
  return predicates;
}

Labels::Labels(const graph::ReadTransaction& txn) : txn_(txn) {
  for (const auto& p : label_predicates())
    if (auto id = txn_.lookup(Term::iri(p))) label_ids_.push_back(*id);
  type_id_ = txn_.lookup(Term::iri(kRdfType));
}

std::optional<Term> Labels::label(TermId id) {
  if (auto it = labels_.find(id); it != labels_.end()) return it->second;
  std::optional<Term> best;
  int best_rank = 99;
  for (size_t i = 0; i < label_ids_.size() && best_rank > 0; ++i) {
    graph::QuadPattern pattern;
    pattern.ids[graph::S] = id;
    pattern.ids[graph::P] = label_ids_[i];
    graph::Quad q;
    for (auto scan = txn_.scan(pattern); scan.next(q);) {
      Term t = txn_.term(q.o());
      if (!t.is_literal()) continue;
      bool english = t.qualifier.empty() || t.qualifier.rfind("en", 0) == 0;
      int rank = static_cast<int>(i) * 2 + (english ? 0 : 1);
      if (rank < best_rank) best = t, best_rank = rank;
      if (english) break;
    }
    if (best && best_rank % 2 == 0) break;
  }
  labels_[id] = best;
  return best;
}

std::string Labels::name(TermId id) {
  if (auto l = label(id)) return l->value;
  return txn_.term(id).node_name();
}

std::vector<TermId> Labels::types(TermId id) const {
  std::vector<TermId> out;
  if (!type_id_) return out;
  graph::QuadPattern pattern;
  pattern.ids[graph::S] = id;
  pattern.ids[graph::P] = *type_id_;
  graph::Quad q;
  for (auto scan = txn_.scan(pattern); scan.next(q);)
    if (out.empty() || out.back() != q.o()) out.push_back(q.o());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace moivre::query
