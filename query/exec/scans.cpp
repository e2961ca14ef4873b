#include "query/exec/scans.hpp"

#include <algorithm>
#include <bit>

#include "graph/snapshot_cache.hpp"
#include "query/algebra.hpp"
#include "query/exec/builder.hpp"

namespace moivre::query::exec {

// A pattern's matches read into memory and bucketed on the positions rows bind (`keyed`, bit i
// for position i), so that a row's matches are a bucket away instead of an index lookup. The
// bucket is the first keyed id's offset from the smallest (ids are dense sequence numbers):
// rows that arrive in id order, as scans give them, then read the table front to back instead
// of at random. Ids spread too thinly for that are hashed instead.
class PatternTable {
 public:
  PatternTable(unsigned keyed, std::vector<graph::Quad> quads)
      : keyed_(keyed), first_(std::countr_zero(keyed)) {
    size_t buckets = std::bit_ceil(std::max<size_t>(quads.size(), 1));
    mask_ = buckets - 1;
    TermId lo = ~TermId{0}, hi = 0;
    for (const auto& q : quads) lo = std::min(lo, q.ids[first_]), hi = std::max(hi, q.ids[first_]);
    lo_ = quads.empty() ? 0 : lo;
    uint64_t span = quads.empty() ? 0 : hi - lo;
    while ((span >> shift_) >= buckets) ++shift_;
    ordered_ = shift_ <= 6;  // at most 64 ids per bucket
    // A counting sort into buckets: offsets_[b] .. offsets_[b + 1] are bucket b's quads.
    offsets_.assign(buckets + 1, 0);
    for (const auto& q : quads) ++offsets_[bucket(q.ids[first_]) + 1];
    for (size_t b = 0; b < buckets; ++b) offsets_[b + 1] += offsets_[b];
    quads_.resize(quads.size());
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (const auto& q : quads) quads_[fill[bucket(q.ids[first_])]++] = q;
  }
  unsigned keyed() const { return keyed_; }
  size_t size() const { return quads_.size(); }
  size_t bytes() const {
    return quads_.size() * sizeof(graph::Quad) + offsets_.size() * sizeof(uint32_t) + 64;
  }

  // Walks the quads whose keyed positions equal the probe's.
  class Matches final : public QuadSource {
   public:
    Matches(const PatternTable& table, const graph::QuadPattern& probe) : table_(table) {
      restart(probe);
    }
    void restart(const graph::QuadPattern& probe) {
      probe_ = probe.ids;
      seek();
    }
    // For a probe that differs from the last one in keyed ids only: set them, then seek().
    // (Not a whole new probe: a pattern built on the stack piece by piece and copied in whole
    // stalls the load that reads it back.)
    void set(int position, TermId id) { probe_[position] = id; }
    void seek() {
      TermId id = probe_[table_.first_];
      at_ = end_ = 0;
      if (table_.ordered_ &&
          (id < table_.lo_ || ((id - table_.lo_) >> table_.shift_) > table_.mask_))
        return;
      size_t b = table_.bucket(id);
      at_ = table_.offsets_[b];
      end_ = table_.offsets_[b + 1];
    }
    bool next(graph::Quad& quad) override {
      while (at_ < end_) {
        const graph::Quad& candidate = table_.quads_[at_++];
        if (table_.same_key(candidate.ids, probe_)) {
          quad = candidate;
          return true;
        }
      }
      return false;
    }

   private:
    const PatternTable& table_;
    std::array<TermId, 4> probe_;
    uint32_t at_ = 0, end_ = 0;
  };

 private:
  size_t bucket(TermId id) const {
    if (ordered_) return (id - lo_) >> shift_;
    return ((id * 0x9E3779B97F4A7C15ull) >> 20) & mask_;
  }
  bool same_key(const std::array<TermId, 4>& a, const std::array<TermId, 4>& b) const {
    for (int i = 0; i < 3; ++i)
      if ((keyed_ >> i & 1) && a[i] != b[i]) return false;
    return true;
  }

  unsigned keyed_;
  int first_;  // the lowest keyed position: buckets go by its id
  bool ordered_ = false;
  TermId lo_ = 0;
  int shift_ = 0;
  size_t mask_ = 0;
  std::vector<graph::Quad> quads_;
  std::vector<uint32_t> offsets_;
};

namespace {

// Extends each input row with the matches of a chain of triple patterns (index nested loops).
class BgpIter : public Iter {
 public:
  BgpIter(Context& ctx, IterPtr input, std::shared_ptr<BgpPlan> plan, TermId graph)
      : ctx_(ctx),
        input_(std::move(input)),
        plan_(std::move(plan)),
        patterns_(plan_->patterns),
        graph_(graph) {}

  bool next(Row& out) override {
    for (;;) {
      if (depth_ < 0) {
        if (!input_->next(base_)) return false;
        if (patterns_.empty()) {
          out = base_;
          return true;
        }
        row_ = base_;
        sources_.resize(patterns_.size());
        levels_.resize(patterns_.size());
        depth_ = 0;
        open(0);
      }
      // Advance the deepest open scan. The row is bound in place: each level undoes what it
      // bound before its next match and when it is done, so no row is copied per level.
      graph::Quad quad;
      Level& level = levels_[depth_];
      level.unbind(row_);
      if (sources_[depth_]->next(quad)) {
        ctx_.check();
        if (!bind(patterns_[depth_], quad, row_)) continue;
        ++plan_->learned[depth_].rows;
        if (depth_ + 1 == static_cast<int>(patterns_.size())) {
          out = row_;
          return true;
        }
        ++depth_;
        open(depth_);
        continue;
      }
      --depth_;
    }
  }

  // The same rows as next(), pushed: each level loops over its matches and hands the row, bound
  // in place, to the next level or to `visit`, without a copy or a return per row.
  void for_each(RowVisitor visit) override {
    Row row;
    while (depth_ >= 0) {  // the rest of an input row that next() began
      if (!next(row)) return;
      if (!visit(row)) return;
    }
    if (patterns_.empty()) {
      while (input_->next(row))
        if (!visit(row)) return;
      return;
    }
    sources_.resize(patterns_.size());
    levels_.resize(patterns_.size());
    auto extend = [&](const Row& base) {
      row_ = base;
      return push(0, visit);
    };
    input_->for_each(extend);
  }

 private:
  bool push(int level, RowVisitor& visit) {
    open(level);
    Level& at_level = levels_[level];
    const CompiledPattern& p = patterns_[level];
    BgpPlan::Learned& learned = plan_->learned[level];
    const bool last = level + 1 == static_cast<int>(patterns_.size());
    graph::Quad quad;
    for (;;) {
      at_level.unbind(row_);
      // A table's matches are read through its own (final) class: no virtual call.
      if (!(at_level.table ? at_level.table->next(quad) : sources_[level]->next(quad))) return true;
      ctx_.check();
      if (!bind(p, quad, row_)) continue;
      ++learned.rows;
      if (!(last ? visit(row_) : push(level + 1, visit))) return false;
    }
  }

  void open(int level) {
    const CompiledPattern& p = patterns_[level];
    const Row& row = row_;
    Level& at_level = levels_[level];
    unsigned unbound = 0;
    for (int i = 0; i < 3; ++i)
      if (p.pos[i].is_var && row[p.pos[i].slot] == kUnbound) unbound |= 1u << i;
    // A row of the same shape as the last one, whose lookups went to a table: only the keyed ids
    // change (what the level binds and which positions are keyed stay).
    if (at_level.table && unbound == at_level.unbound) {
      bool computed = false;
      for (int i = 0; i < 3; ++i)
        if (at_level.keyed >> i & 1) {
          TermId id = row[p.pos[i].slot];
          computed |= (id & kComputedBit) != 0;
          at_level.table->set(i, id);
        }
      if (!computed) {
        at_level.table->seek();
        return;
      }
    }
    at_level.unbound = unbound;
    // The slots this level binds for this row: its variables the row leaves unbound.
    at_level.binding = 0;
    for (const PatternSlot& s : p.pos)
      if (s.is_var && row[s.slot] == kUnbound &&
          std::find(at_level.binds, at_level.binds + at_level.binding, s.slot) ==
              at_level.binds + at_level.binding)
        at_level.binds[at_level.binding++] = s.slot;
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph_;
    bool impossible = false;
    unsigned keyed = 0;
    for (int i = 0; i < 3; ++i) {
      const PatternSlot& s = p.pos[i];
      if (s.missing)
        impossible = true;
      else if (!s.is_var)
        qp.ids[i] = s.id;
      else if (row[s.slot] != kUnbound) {
        if (row[s.slot] & kComputedBit) impossible = true;
        qp.ids[i] = row[s.slot];
        keyed |= 1u << i;
      }
    }
    if (impossible) qp.ids = {0, 0, 0, 0};  // no quad has subject 0: an empty scan
    if (keyed && !impossible && DatasetView::is_stored(graph_)) {
      BgpPlan::Learned& learned = plan_->learned[level];
      if (!learned.table && !learned.looked_in_cache) {
        learned.looked_in_cache = true;
        learned.table = cached_table(qp, keyed);
        learned.table_from_cache = learned.table != nullptr;
        if (!learned.table) {
          learned.tally = tally(qp, keyed);
          if (learned.tally) learned.earlier_lookups = learned.tally->lookups.load();
        }
      }
      if (!learned.table && ++learned.lookups == learned.next_check) {
        learned.next_check *= 2;
        learned.table = read_table(
            qp, keyed, std::max(learned.lookups + learned.earlier_lookups, p.expected_lookups));
      }
      if (learned.table && learned.table->keyed() == keyed) {
        at_level.keyed = keyed;
        if (at_level.table) {
          at_level.table->restart(qp);
        } else {
          auto matches = std::make_unique<PatternTable::Matches>(*learned.table, qp);
          at_level.table = matches.get();
          at_level.scan = nullptr;
          sources_[level] = std::move(matches);
        }
        return;
      }
    }
    // A level's scan is restarted on the next row's pattern: no cursor opened and closed per row.
    if (at_level.scan && at_level.scan->restart(qp)) return;
    sources_[level] = ctx_.data.scan(qp);
    at_level.table = nullptr;
    at_level.scan = dynamic_cast<ScanSource*>(sources_[level].get());
  }

  // The pattern's extent: its matches whatever the keyed positions.
  static graph::QuadPattern extent_of(const graph::QuadPattern& qp, unsigned keyed) {
    graph::QuadPattern extent = qp;
    for (int i = 0; i < 3; ++i)
      if (keyed >> i & 1) extent.ids[i] = graph::kAny;
    return extent;
  }
  // The table's name in the snapshot's cache: its extent and keyed positions.
  static std::string cache_key(const graph::QuadPattern& extent, unsigned keyed) {
    return graph::SnapshotCache::pattern_key("bgp-table", extent, keyed);
  }
  // A table that an earlier query on this snapshot read (the same extent, keyed the same way).
  std::shared_ptr<const PatternTable> cached_table(const graph::QuadPattern& qp, unsigned keyed) {
    graph::SnapshotCache* cache = ctx_.data.txn().snapshot_cache();
    if (!cache) return nullptr;
    return cache->find_as<PatternTable>(ctx_.data.txn().snapshot_id(),
                                        cache_key(extent_of(qp, keyed), keyed));
  }

  // The snapshot's tally of the pattern's lookups (made when none is kept yet).
  std::shared_ptr<const LookupTally> tally(const graph::QuadPattern& qp, unsigned keyed) {
    graph::SnapshotCache* cache = ctx_.data.txn().snapshot_cache();
    if (!cache) return nullptr;
    std::string key = graph::SnapshotCache::pattern_key("lookups", extent_of(qp, keyed), keyed);
    uint64_t snapshot = ctx_.data.txn().snapshot_id();
    if (auto kept = cache->find_as<LookupTally>(snapshot, key)) return kept;
    auto made = std::make_shared<const LookupTally>();
    cache->insert(snapshot, key, made, sizeof(LookupTally) + key.size() + 64);
    return made;
  }

  // The pattern's extent, when it is small enough for `lookups` (made or expected) to cost as
  // much as reading it; kept in the snapshot's cache for the next queries.
  std::shared_ptr<const PatternTable> read_table(const graph::QuadPattern& qp, unsigned keyed,
                                                 uint64_t lookups) {
    graph::QuadPattern extent = extent_of(qp, keyed);
    uint64_t worth = std::min(BgpPlan::kMaxTableQuads, lookups * BgpPlan::kMatchesPerLookup);
    uint64_t size = ctx_.data.extent_size(extent, worth);
    if (size >= worth) return nullptr;
    std::vector<graph::Quad> quads;
    quads.reserve(size);
    graph::Quad quad;
    for (auto scan = ctx_.data.scan(extent); scan->next(quad);) {
      ctx_.check();
      quads.push_back(quad);
    }
    auto table = std::make_shared<const PatternTable>(keyed, std::move(quads));
    if (graph::SnapshotCache* cache = ctx_.data.txn().snapshot_cache())
      cache->insert(ctx_.data.txn().snapshot_id(), cache_key(extent, keyed), table, table->bytes());
    return table;
  }

  static bool bind(const CompiledPattern& p, const graph::Quad& quad, Row& row) {
    for (int i = 0; i < 3; ++i) {
      const PatternSlot& s = p.pos[i];
      if (!s.is_var) continue;
      TermId& slot = row[s.slot];
      if (slot == kUnbound)
        slot = quad.ids[i];
      else if (slot != quad.ids[i])
        return false;  // a variable twice in the pattern
    }
    return true;
  }

  Context& ctx_;
  IterPtr input_;
  std::shared_ptr<BgpPlan> plan_;
  const std::vector<CompiledPattern>& patterns_;
  TermId graph_;
  Row base_;
  Row row_;  // the input row with the bindings of the levels open so far
  std::vector<std::unique_ptr<QuadSource>> sources_;  // per level, the scan open at it
  // What each level's source is, found once when it is made (not by a cast per row).
  struct Level {
    PatternTable::Matches* table = nullptr;
    ScanSource* scan = nullptr;
    size_t binds[3];  // the slots the level binds, binds[0 .. binding)
    int binding = 0;
    // The row's shape when they were found (bit i: position i is a variable the row leaves
    // unbound), and when the lookups go to a table, its keyed positions.
    unsigned unbound = ~0u;
    unsigned keyed = 0;
    void unbind(Row& row) const {
      for (int i = 0; i < binding; ++i) row[binds[i]] = kUnbound;
    }
  };
  std::vector<Level> levels_;
  int depth_ = -1;
};

}  // namespace

IterPtr make_bgp_iter(Context& ctx, IterPtr input, std::shared_ptr<BgpPlan> plan, TermId graph) {
  return std::make_unique<BgpIter>(ctx, std::move(input), std::move(plan), graph);
}

namespace {

// A pattern's line in --explain: its estimate, the rows it gave, and the table it was read into.
std::string describe(const BgpPlan& plan, size_t i) {
  const CompiledPattern& p = plan.patterns[i];
  const BgpPlan::Learned& learned = plan.learned[i];
  std::string line = "scan " + p.text + "   est " + std::to_string(p.estimate) + "   rows " +
                     std::to_string(learned.rows);
  if (learned.table)
    line += "   (lookups in a table of its " + std::to_string(learned.table->size()) + " quads" +
            (learned.table_from_cache ? ", kept from an earlier query)" : ")");
  return line;
}

}  // namespace

// Order: repeatedly take the pattern with the fewest estimated matches, counting positions
// bound by earlier patterns as very selective. `prebound` are the variables its input rows
// bind (a left side's, or EXISTS's row): a pattern joined to them is cheap from the start.
IterPtr Builder::bgp(IterPtr input, const Op& op, TermId graph, const Bound& prebound) {
  // Planned once per pattern, graph and bound variables: EXISTS and OPTIONAL run the same
  // one per row.
  auto key = std::make_tuple(&op, graph, prebound);
  auto planned = bgp_plans_.find(key);
  if (planned == bgp_plans_.end()) {
    planned = bgp_plans_.emplace(key, plan_bgp(op, graph, prebound)).first;
    const std::shared_ptr<BgpPlan>& plan = planned->second;
    for (size_t i = 0; i < plan->patterns.size(); ++i)
      ctx_.plan_parent->late_details.push_back([plan, i] { return describe(*plan, i); });
  }
  return make_bgp_iter(ctx_, std::move(input), planned->second, graph);
}

std::shared_ptr<BgpPlan> Builder::plan_bgp(const Op& op, TermId graph, const Bound& prebound) {
  auto plan = std::make_shared<BgpPlan>();
  plan->patterns = order_patterns(op, graph, prebound);
  plan->learned.resize(plan->patterns.size());
  return plan;
}

std::vector<CompiledPattern> Builder::order_patterns(const Op& op, TermId graph,
                                                     const Bound& prebound) {
  std::vector<CompiledPattern> compiled;
  std::vector<uint64_t> estimates;
  for (const auto& t : op.triples) {
    CompiledPattern cp;
    const PatternTerm* terms[3] = {&t.subject, &t.predicate, &t.object};
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph;
    for (int i = 0; i < 3; ++i) {
      if (auto* v = std::get_if<Variable>(terms[i])) {
        cp.pos[i].is_var = true;
        cp.pos[i].slot = ctx_.slots.slot(v->name);
      } else {
        auto id = ctx_.txn.lookup(std::get<graph::Term>(*terms[i]));
        if (!id)
          cp.pos[i].missing = true;
        else
          cp.pos[i].id = qp.ids[i] = *id;
      }
    }
    bool missing = cp.pos[0].missing || cp.pos[1].missing || cp.pos[2].missing;
    estimates.push_back(missing ? 0 : ctx_.data.estimate(qp));
    cp.estimate = estimates.back();
    cp.text = algebra::to_sse(t.subject) + " " + algebra::to_sse(t.predicate) + " " +
              algebra::to_sse(t.object);
    compiled.push_back(cp);
  }
  std::vector<CompiledPattern> ordered;
  std::vector<double> per_row;  // of each ordered pattern: its matches per row, 0 if unknown
  std::vector<bool> used(compiled.size(), false), bound(ctx_.slots.size(), false);
  bool any_bound = false;
  for (size_t i = 0; i < prebound.size() && i < bound.size(); ++i)
    any_bound |= bound[i] = prebound[i];
  for (size_t n = 0; n < compiled.size(); ++n) {
    size_t best = 0;
    double best_cost = -1, best_per_row = 0;
    for (size_t i = 0; i < compiled.size(); ++i) {
      if (used[i]) continue;
      double cost = static_cast<double>(estimates[i]);
      double matches_per_row = ordered.empty() && !any_bound ? cost : 0;
      bool connected = false;
      const auto& pos = compiled[i].pos;
      bool s_bound = pos[0].is_var && bound[pos[0].slot];
      bool o_bound = pos[2].is_var && bound[pos[2].slot];
      if (!pos[1].is_var && !pos[1].missing && (s_bound || o_bound)) {
        // A constant predicate with a bound end: its average fan-out from that end. With the
        // other end bound or constant too it is a check: the matches expected per row, so that
        // of several checks the one that drops most rows goes first.
        auto st = ctx_.data.predicate_stats(pos[1].id);
        double subjects = double(std::max<uint64_t>(st.subjects, 1));
        double objects = double(std::max<uint64_t>(st.objects, 1));
        bool o_constant = !pos[2].is_var, s_constant = !pos[0].is_var;
        double fan_out = s_bound && o_bound      ? double(st.quads) / subjects / objects
                         : s_bound && o_constant ? cost / subjects
                         : o_bound && s_constant ? cost / objects
                         : s_bound               ? double(st.quads) / subjects
                                                 : double(st.quads) / objects;
        cost = std::min(cost, fan_out);
        matches_per_row = cost;
        connected = true;
      } else {
        for (const auto& p : pos)
          if (p.is_var && bound[p.slot]) cost /= 1000, connected = true;
      }
      if ((!ordered.empty() || any_bound) && !connected) cost *= 1e6;  // no cross products
      if (best_cost < 0 || cost < best_cost)
        best = i, best_cost = cost, best_per_row = matches_per_row;
    }
    used[best] = true;
    for (const auto& p : compiled[best].pos)
      if (p.is_var) bound[p.slot] = true;
    ordered.push_back(compiled[best]);
    per_row.push_back(best_per_row);
  }
  // Rows reaching each pattern: the first's matches, times each later one's per row.
  double rows = any_bound ? 0 : 1;
  for (size_t n = 0; n < ordered.size(); ++n) {
    ordered[n].expected_lookups = static_cast<uint64_t>(std::min(rows, 1e18));
    rows *= per_row[n];
  }
  return ordered;
}

PatternSlot Builder::compile(const PatternTerm& t) {
  PatternSlot p;
  if (auto* v = std::get_if<Variable>(&t)) {
    p.is_var = true;
    p.slot = ctx_.slots.slot(v->name);
  } else if (auto id = ctx_.txn.lookup(std::get<graph::Term>(t))) {
    p.id = *id;
  } else {
    p.missing = true;
  }
  return p;
}

uint64_t Builder::first_estimate(const Op& bgp_op, TermId graph) {
  uint64_t best = UINT64_MAX;
  for (const auto& t : bgp_op.triples) {
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph;
    const PatternTerm* terms[3] = {&t.subject, &t.predicate, &t.object};
    bool missing = false;
    for (int i = 0; i < 3; ++i)
      if (auto* term = std::get_if<graph::Term>(terms[i])) {
        if (auto id = ctx_.txn.lookup(*term))
          qp.ids[i] = *id;
        else
          missing = true;
      }
    best = std::min(best, missing ? 0 : ctx_.data.estimate(qp));
  }
  return best;
}

}  // namespace moivre::query::exec
