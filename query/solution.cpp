#include "query/solution.hpp"

namespace moivre::query {

TermId QueryTerms::id_of(const graph::Term& term) {
  std::string encoded = graph::encode_term(term);
  if (auto id = txn_.lookup_encoded(encoded)) return *id;
  auto [it, inserted] = computed_ids_.try_emplace(encoded, kComputedBit | computed_.size());
  if (inserted) computed_.push_back(term);
  return it->second;
}

const graph::Term& QueryTerms::term(TermId id) {
  if (id & kComputedBit) return computed_[id & ~kComputedBit];
  auto it = store_cache_.find(id);
  if (it == store_cache_.end()) it = store_cache_.emplace(id, txn_.term(id)).first;
  return it->second;
}

}  // namespace moivre::query
