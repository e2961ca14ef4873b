// Solutions (rows of variable bindings) and the terms a query computes.
//
// A binding is a TermId: ids below 2^48 are the store's own (graph/quad.hpp); ids with
// kComputedBit set name terms the query made (BIND results, VALUES constants the store lacks),
// kept in a QueryTerms table for the query's lifetime. 0 means unbound.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/store.hpp"
#include "graph/term.hpp"

namespace moivre::query {

using graph::TermId;
inline constexpr TermId kUnbound = 0;
inline constexpr TermId kComputedBit = TermId{1} << 62;

using Row = std::vector<TermId>;  // one slot per variable of the query

// Term <-> id for a query: store ids through the read transaction, others computed here.
class QueryTerms {
 public:
  explicit QueryTerms(const graph::ReadTransaction& txn) : txn_(txn) {}

  // The id of a term: the store's when it has the term, else a computed one.
  TermId id_of(const graph::Term& term);
  // The term of an id. The reference stays valid until kCachedTerms more of the store's terms
  // have been read: long enough for a row, not for the whole answer.
  const graph::Term& term(TermId id);
  const graph::ReadTransaction& txn() const { return txn_; }

  // The store's terms read last are kept (a value repeated across rows is read once), in two
  // generations of this many: a result of millions of distinct terms holds at most twice this.
  static constexpr size_t kCachedTerms = size_t{1} << 15;
  size_t cached_store_terms() const { return store_cache_.size() + older_store_cache_.size(); }

 private:
  const graph::ReadTransaction& txn_;
  std::vector<graph::Term> computed_;
  std::unordered_map<std::string, TermId> computed_ids_;
  std::unordered_map<TermId, graph::Term> store_cache_, older_store_cache_;
};

// Variable name -> slot in a Row.
class Slots {
 public:
  Slots() : id_(next_id()) {}
  // A copy could number a new variable differently under the same id.
  Slots(const Slots&) = delete;
  Slots& operator=(const Slots&) = delete;
  // Tells this numbering apart from every other made in the process (an address can be
  // reused; this cannot), for what caches a slot.
  uint64_t id() const { return id_; }

  size_t slot(const std::string& name) {
    auto [it, inserted] = slots_.try_emplace(name, names_.size());
    if (inserted) names_.push_back(name);
    return it->second;
  }
  bool has(const std::string& name) const { return slots_.count(name) > 0; }
  size_t size() const { return names_.size(); }
  const std::string& name(size_t slot) const { return names_[slot]; }

 private:
  static uint64_t next_id() {
    static std::atomic<uint64_t> counter{1};
    return counter++;
  }
  uint64_t id_;
  std::unordered_map<std::string, size_t> slots_;
  std::vector<std::string> names_;
};

}  // namespace moivre::query
