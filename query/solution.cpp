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
  if (auto it = store_cache_.find(id); it != store_cache_.end()) return it->second;
  if (auto it = older_store_cache_.find(id); it != older_store_cache_.end()) return it->second;
  if (store_cache_.size() >= kCachedTerms) {
    // Moving a map keeps its nodes where they are: references into it stay valid.
    older_store_cache_ = std::move(store_cache_);
    store_cache_.clear();
  }
  return store_cache_.emplace(id, txn_.term(id)).first->second;
}

}  // namespace moivre::query
