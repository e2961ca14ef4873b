// Basic graph patterns as index nested loops: the compiled form of a triple pattern, a planned
// chain of them, and the operator that extends each input row with the chain's matches.
//
// A pattern position is a constant id, a variable's slot, or a constant the store lacks
// (`missing`: the pattern matches nothing). A plan is shared by every operator that runs it
// (OPTIONAL and EXISTS run one per row) and learns as it runs: a pattern looked up often gets
// its matches read once into a table (scans.cpp).
#pragma once

#include <atomic>

#include "query/exec/operator.hpp"

namespace moivre::query::exec {

struct PatternSlot {
  bool is_var = false;
  size_t slot = 0;
  TermId id = 0;
  bool missing = false;  // a constant the store does not hold: the pattern matches nothing
};

struct CompiledPattern {
  PatternSlot pos[3];
  uint64_t estimate = 0;
  // The rows expected to reach this pattern in its plan (each a lookup when it joins them), from
  // the first pattern's count and the predicates' fan-outs; 0 when unknown (input rows from
  // outside the pattern, or a pattern without a constant predicate before it).
  uint64_t expected_lookups = 0;
  std::string text;  // for --explain
};

class PatternTable;

// A basic graph pattern as planned, and what its runs learn, shared by every iterator that runs
// it (OPTIONAL and EXISTS run the same one once per row). A pattern looked up many times gets a
// table of its matches once reading them all costs no more than the lookups already made, or
// than those the plan expects (expected_lookups): a hash-join-like plan chosen at run time,
// so that a wrong estimate costs at most one table of kMaxTableQuads. Tables are kept in the
// snapshot's cache (graph/snapshot_cache.hpp): a later query on the same snapshot uses one from its
// first lookup.
// The lookups all queries on a snapshot made of one pattern (kept in the snapshot's cache): a
// table read for them serves every later query, so it is worth reading once their sum, not
// only one query's, costs as much.
struct LookupTally {
  mutable std::atomic<uint64_t> lookups{0};
};

struct BgpPlan {
  struct Learned {
    uint64_t lookups = 0;
    uint64_t next_check = 1024;
    bool looked_in_cache = false;  // for a table an earlier query on the snapshot read
    bool table_from_cache = false;
    std::shared_ptr<const PatternTable> table;  // scans.cpp
    std::shared_ptr<const LookupTally> tally;   // the snapshot's, when it has a cache
    uint64_t earlier_lookups = 0;               // the tally's when this query began
    uint64_t rows = 0;                          // rows that came out of this pattern (--explain)
  };
  // One lookup costs about as much as reading this many matches in a scan.
  static constexpr uint64_t kMatchesPerLookup = 8;
  static constexpr uint64_t kMaxTableQuads = uint64_t{1} << 21;

  BgpPlan() = default;
  BgpPlan(const BgpPlan&) = delete;
  BgpPlan& operator=(const BgpPlan&) = delete;
  // The lookups this query made go to the snapshot's tallies.
  ~BgpPlan() {
    for (const Learned& l : learned)
      if (l.tally && !l.table) l.tally->lookups += l.lookups;
  }

  std::vector<CompiledPattern> patterns;
  std::vector<Learned> learned;  // per pattern
};

// Each row of `input` extended with the matches of the plan's patterns, in order, in `graph`.
IterPtr make_bgp_iter(Context& ctx, IterPtr input, std::shared_ptr<BgpPlan> plan, TermId graph);

}  // namespace moivre::query::exec
