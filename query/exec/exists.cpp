// EXISTS and MINUS: per-row probes of a pattern with the row's values, a set of ids read once a
// probe is repeated often, and MINUS's anti-join (joins.hpp's MinusTable) for other right sides.
#include <algorithm>

#include "graph/snapshot_cache.hpp"
#include "query/exec/builder.hpp"
#include "query/exec/joins.hpp"
#include "query/exec/spill.hpp"

namespace moivre::query::exec {

// EXISTS { pattern } for a row, in the active graph (section 18.6: the pattern is evaluated
// where the filter stands, inside GRAPH or against the query's default graph).
bool Builder::exists(const Op& pattern, const Row& row, GraphId graph) {
  // One triple pattern: a count of its quads with the row's values, no iterators to build
  // (FILTER NOT EXISTS { ?x p ?y } runs once per row).
  if (pattern.kind == Op::Kind::Bgp && pattern.triples.size() == 1) {
    ExistsProbe& cache = exists_probe(pattern, graph);
    const CompiledPattern& cp = cache.plan->patterns.front();
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph;
    bool repeated = false;
    size_t open[3];  // slots of the positions left unbound (a variable twice needs the join)
    int opened = 0;
    for (int i = 0; i < 3; ++i) {
      const PatternSlot& p = cp.pos[i];
      if (p.missing) return false;
      if (!p.is_var) {
        qp.ids[i] = p.id;
      } else if (row[p.slot] != kUnbound) {
        qp.ids[i] = row[p.slot];
      } else {
        repeated |= std::find(open, open + opened, p.slot) != open + opened;
        open[opened++] = p.slot;
      }
    }
    if (!repeated) {
      // Probed by many rows with one bound position (and the predicate constant): the ids at
      // that position over the pattern's whole extent, read once into a set, answer the rest.
      int bound_pos = -1, bound_count = 0;
      for (int i = 0; i < 3; ++i)
        if (cp.pos[i].is_var && row[cp.pos[i].slot] != kUnbound) bound_pos = i, ++bound_count;
      if (bound_count == 1 && bound_pos != 1 && !cp.pos[1].is_var &&
          !(qp.ids[bound_pos] & kComputedBit)) {
        if (cache.position < 0 && !cache.looked_in_cache) {
          cache.looked_in_cache = true;
          read_exists_ids(cache, qp, bound_pos, true);
        }
        if (cache.position < 0 && ++cache.probes == cache.next_check) {
          cache.next_check *= 2;
          read_exists_ids(cache, qp, bound_pos, false);
        }
        if (cache.position == bound_pos) return cache.set->contains(qp.ids[bound_pos]);
      }
      return ctx_.data.count(qp, 1) > 0;
    }
  }
  // The pattern evaluated with the row's bindings in place of its variables (section 18.6,
  // substitute): every pattern that starts solutions starts from the row.
  const Row* outer = seed_;
  seed_ = &row;
  IterPtr it = build(pattern, graph);
  seed_ = outer;
  bool found = false;
  auto look = [&](const Row& r) {
    found = compatible(row, r);
    return !found;
  };
  it->for_each(look);
  return found;
}

Builder::ExistsProbe& Builder::exists_probe(const Op& pattern, GraphId graph) {
  auto key = std::make_pair(&pattern, graph);
  if (key != last_exists_key_) {
    auto [it, inserted] = exists_probes_.try_emplace(key);
    if (inserted) it->second.plan = plan_bgp(pattern, graph);
    last_exists_key_ = key;
    last_exists_ = &it->second;
  }
  return *last_exists_;
}

void Builder::read_exists_ids(ExistsProbe& cache, const graph::QuadPattern& qp, int position,
                              bool from_cache_only) {
  graph::QuadPattern extent = qp;
  extent.ids[position] = graph::kAny;
  graph::SnapshotCache* kept = ctx_.data.txn().snapshot_cache();
  std::string key;
  if (kept && DatasetView::is_stored(extent.ids[graph::G])) {
    key = graph::SnapshotCache::pattern_key("exists-ids", extent, position);
    if (auto known = kept->find_as<IdSet>(ctx_.data.txn().snapshot_id(), key)) {
      cache.set = std::move(known);
      cache.position = position;
      return;
    }
  }
  if (from_cache_only) return;
  uint64_t worth = std::min(std::max(cache.probes * kQuadsPerProbe, kExistsSetSmall),
                            spill_threshold(ctx_.options) / sizeof(TermId));
  uint64_t size = ctx_.data.extent_size(extent, worth + 1);
  if (size > worth) return;
  Charge reading(ctx_.memory);  // the ids as read, before they become a bitmap or a sorted set
  reading.add(size * sizeof(TermId));
  auto set = std::make_shared<IdSet>();
  std::vector<TermId>& ids = set->ids;
  ids.reserve(size);
  graph::Quad q;
  for (auto scan = ctx_.data.scan(extent); scan->next(q);) {
    ctx_.check();
    ids.push_back(q.ids[position]);
  }
  if (!ids.empty()) {
    // Ids are dense sequence numbers: when they are not spread much thinner than 64 per word,
    // a bitmap over their range is built in one pass and probed in one step (no sort).
    auto [lo, hi] = std::minmax_element(ids.begin(), ids.end());
    uint64_t span = *hi - *lo + 1;
    if (span / 64 <= ids.size() + 1024) {
      set->lowest = *lo;
      set->bits.assign(span / 64 + 1, 0);
      for (TermId id : ids) {
        uint64_t at = id - set->lowest;
        set->bits[at / 64] |= uint64_t{1} << (at % 64);
      }
      std::vector<TermId>().swap(ids);
    } else {
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    }
  }
  if (!key.empty()) kept->insert(ctx_.data.txn().snapshot_id(), key, set, set->bytes());
  cache.set = std::move(set);
  cache.position = position;
}

// MINUS (section 18.5): a left row goes when a right row is compatible with it and shares one
// of its variables. An anti-join: the right side is hashed on the variables all its rows
// bind, so that a left row binding them meets only the rows with its values; the rest (a
// left row missing one) are compared with every right row, and a left row binding none of
// the right side's variables stays at once.
IterPtr Builder::minus(const Op& op, TermId graph) {
  // A basic graph pattern on the right: a left row goes when it binds one of the pattern's
  // variables and the pattern has a match with its values, which is EXISTS (probed per row,
  // with its sorted-id set once probed often), and reads nothing more of the right side.
  if (op.children[1].kind == Op::Kind::Bgp && !seed_) {
    std::set<size_t> pattern_vars;
    mentioned(op.children[1], pattern_vars);
    std::vector<size_t> vars(pattern_vars.begin(), pattern_vars.end());
    const Op& pattern = op.children[1];
    auto keep = [this, vars, &pattern, graph](const Row& row) {
      bool shares =
          std::any_of(vars.begin(), vars.end(), [&](size_t slot) { return row[slot] != kUnbound; });
      return !shares || !exists(pattern, row, graph);
    };
    return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
  }
  auto charge = std::make_shared<Charge>();
  auto right = drain(*build(op.children[1], graph), ctx_, *charge);
  // Within EXISTS the row's variables are constants (substitution): bound on both sides,
  // they are not shared variables.
  std::vector<bool> constant(ctx_.slots.size(), false);
  if (seed_)
    for (size_t i = 0; i < seed_->size(); ++i) constant[i] = (*seed_)[i] != kUnbound;
  std::set<size_t> left_vars;
  mentioned(op.children[0], left_vars);
  auto table = std::make_shared<MinusTable>(std::move(right), as_bound(left_vars), constant);
  auto keep = [this, table, charge](const Row& row) { return !table->removes(row, ctx_.deadline); };
  return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
}

}  // namespace moivre::query::exec
