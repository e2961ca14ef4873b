#include "query/executor.hpp"

#include <algorithm>
#include <bit>
#include <ctime>
#include <deque>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <unordered_set>

#include "query/dataset.hpp"
#include "query/expression.hpp"
#include "query/solution.hpp"

namespace moivre::query {
namespace {

using algebra::Op;
using algebra::PatternTerm;
using algebra::Variable;
using graph::TermId;

struct RowHash {
  size_t operator()(const Row& row) const {
    size_t h = 1469598103934665603ull;
    for (TermId id : row) h = (h ^ id) * 1099511628211ull;
    return h;
  }
};

// What --explain shows: the operators as built, with estimates and the rows each produced.
struct PlanNode {
  std::string label;
  std::vector<std::string> details;  // e.g. the scans of a basic graph pattern, in plan order
  uint64_t rows = 0;
  std::vector<std::unique_ptr<PlanNode>> children;
};

// Shared by all iterators of one query.
struct Context {
  const graph::ReadTransaction& txn;
  DatasetView data;  // every read of quads goes through it
  ExecutionOptions options;
  QueryTerms terms;
  Slots slots;
  uint64_t ticks = 0;
  std::string base_iri;
  std::string now = current_time();
  std::mt19937_64 random{std::random_device{}()};
  uint64_t blank_counter = 0;
  std::unordered_map<std::string, graph::Term> named_blanks;  // BNODE("name") per solution
  std::vector<bool> extended;  // slots bound by BIND and SELECT expressions
  PlanNode plan;
  PlanNode* plan_parent = &plan;  // where the operator being built hangs

  Context(const graph::ReadTransaction& t, const algebra::Query& q, ExecutionOptions o)
      : txn(t), data(t, q.from, q.from_named, q.keep_named_graphs), options(o), terms(t) {}

  static std::string current_time() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
  }

  void check() {
    if ((++ticks & 0x3FF) != 0) return;
    if (options.cancel && options.cancel->load()) throw QueryCancelled("query cancelled");
    if (std::chrono::steady_clock::now() > options.deadline)
      throw QueryTimeout("query ran past its time limit");
  }
  Row empty_row() const { return Row(slots.size(), kUnbound); }
};

class Iter {
 public:
  virtual ~Iter() = default;
  virtual bool next(Row& row) = 0;
};
using IterPtr = std::unique_ptr<Iter>;

bool compatible(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != kUnbound && b[i] != kUnbound && a[i] != b[i]) return false;
  return true;
}
void merge_into(Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] == kUnbound) a[i] = b[i];
}

// --- leaves ---------------------------------------------------------------------------------

class CountingIter : public Iter {
 public:
  CountingIter(IterPtr inner, uint64_t* rows) : inner_(std::move(inner)), rows_(rows) {}
  bool next(Row& row) override {
    if (!inner_->next(row)) return false;
    ++*rows_;
    return true;
  }

 private:
  IterPtr inner_;
  uint64_t* rows_;
};

class SingleRow : public Iter {
 public:
  explicit SingleRow(Row row) : row_(std::move(row)) {}
  bool next(Row& row) override {
    if (done_) return false;
    done_ = true;
    row = row_;
    return true;
  }

 private:
  Row row_;
  bool done_ = false;
};

class RowsIter : public Iter {
 public:
  explicit RowsIter(std::vector<Row> rows) : rows_(std::move(rows)) {}
  bool next(Row& row) override {
    if (pos_ >= rows_.size()) return false;
    row = std::move(rows_[pos_++]);
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
};

// One position of a compiled triple pattern: a constant id, or a variable slot.
struct PatternSlot {
  bool is_var = false;
  size_t slot = 0;
  TermId id = 0;
  bool missing = false;  // a constant the store does not hold: the pattern matches nothing
};

struct CompiledPattern {
  PatternSlot pos[3];
  uint64_t estimate = 0;
  std::string text;  // for --explain
};

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

  // Walks the quads whose keyed positions equal the probe's.
  class Matches : public QuadSource {
   public:
    Matches(const PatternTable& table, const graph::QuadPattern& probe) : table_(table) {
      restart(probe);
    }
    void restart(const graph::QuadPattern& probe) {
      probe_ = probe.ids;
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

// A basic graph pattern as planned, and what its runs learn, shared by every iterator that runs
// it (OPTIONAL and EXISTS run the same one once per row). A pattern looked up many times gets a
// table of its matches once reading them all costs no more than the lookups already made: a
// hash-join-like plan chosen at run time, so bad estimates cannot make it worse than twice the
// index nested loop.
struct BgpPlan {
  struct Learned {
    uint64_t lookups = 0;
    uint64_t next_check = 1024;
    std::optional<PatternTable> table;
  };
  // One lookup costs about as much as reading this many matches in a scan.
  static constexpr uint64_t kMatchesPerLookup = 8;
  static constexpr uint64_t kMaxTableQuads = uint64_t{1} << 21;

  std::vector<CompiledPattern> patterns;
  std::vector<Learned> learned;  // per pattern
};

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
        rows_.assign(patterns_.size() + 1, base_);
        sources_.resize(patterns_.size());
        depth_ = 0;
        open(0);
      }
      // Advance the deepest open scan.
      graph::Quad quad;
      if (sources_[depth_]->next(quad)) {
        ctx_.check();
        Row& row = rows_[depth_ + 1];
        row = rows_[depth_];
        if (!bind(patterns_[depth_], quad, row)) continue;
        if (depth_ + 1 == static_cast<int>(patterns_.size())) {
          out = row;
          return true;
        }
        ++depth_;
        open(depth_);
        continue;
      }
      --depth_;
    }
  }

 private:
  void open(int level) {
    const CompiledPattern& p = patterns_[level];
    const Row& row = rows_[level];
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
      if (!learned.table && ++learned.lookups == learned.next_check) {
        learned.next_check *= 2;
        learned.table = read_table(qp, keyed, learned.lookups);
      }
      if (learned.table && learned.table->keyed() == keyed) {
        if (auto* matches = dynamic_cast<PatternTable::Matches*>(sources_[level].get()))
          matches->restart(qp);
        else
          sources_[level] = std::make_unique<PatternTable::Matches>(*learned.table, qp);
        return;
      }
    }
    // A level's scan is restarted on the next row's pattern: no cursor opened and closed per row.
    if (auto* scan = dynamic_cast<ScanSource*>(sources_[level].get()); scan && scan->restart(qp))
      return;
    sources_[level] = ctx_.data.scan(qp);
  }

  // The pattern's matches whatever the keyed positions, when there are few enough for the
  // lookups made so far to have cost as much as reading them.
  std::optional<PatternTable> read_table(const graph::QuadPattern& qp, unsigned keyed,
                                         uint64_t lookups) {
    graph::QuadPattern extent = qp;
    for (int i = 0; i < 3; ++i)
      if (keyed >> i & 1) extent.ids[i] = graph::kAny;
    uint64_t worth = std::min(BgpPlan::kMaxTableQuads, lookups * BgpPlan::kMatchesPerLookup);
    uint64_t size = ctx_.data.extent_size(extent, worth);
    if (size >= worth) return std::nullopt;
    std::vector<graph::Quad> quads;
    quads.reserve(size);
    graph::Quad quad;
    for (auto scan = ctx_.data.scan(extent); scan->next(quad);) {
      ctx_.check();
      quads.push_back(quad);
    }
    return PatternTable(keyed, std::move(quads));
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
  std::vector<Row> rows_;
  std::vector<std::unique_ptr<QuadSource>> sources_;  // per level, the scan open at it
  int depth_ = -1;
};

// Extends each input row with the (subject, object) pairs of a property path.
//
// The result is that of evaluating the path alone and joining (section 18.4). A path that can
// match zero steps pairs every node of the active graph with itself, so when an end is a
// variable the input already bound, a zero-length match needs that term to be a node of the
// graph (`is_node`; null when the path cannot match zero steps). A constant end of the query
// matches itself whether or not the graph holds it.
class PathIter : public Iter {
 public:
  using Pairs = std::vector<std::pair<TermId, TermId>>;
  using PairsFn = std::function<std::shared_ptr<const Pairs>(TermId, TermId)>;
  using NodeFn = std::function<bool(TermId)>;
  PathIter(IterPtr input, PatternSlot subject, PatternSlot object, PairsFn pairs, NodeFn is_node)
      : input_(std::move(input)),
        subject_(subject),
        object_(object),
        pairs_(std::move(pairs)),
        is_node_(std::move(is_node)) {}

  bool next(Row& out) override {
    for (;;) {
      while (pairs_now_ && pos_ < pairs_now_->size()) {
        auto [s, o] = (*pairs_now_)[pos_++];
        Row row = base_;
        if (!assign(subject_, s, row) || !assign(object_, o, row)) continue;
        out = std::move(row);
        return true;
      }
      if (!input_->next(base_)) return false;
      if (subject_.missing || object_.missing) continue;
      TermId s = value(subject_, base_), o = value(object_, base_);
      if (!bound_end_is_node(subject_, s) || !bound_end_is_node(object_, o)) {
        pairs_now_.reset();
        pos_ = 0;
        continue;
      }
      pairs_now_ = pairs_(s, o);
      pos_ = 0;
    }
  }

 private:
  static TermId value(const PatternSlot& p, const Row& row) {
    return p.is_var ? row[p.slot] : p.id;
  }
  // A term outside the store (computed by the query) is a node of no graph.
  bool bound_end_is_node(const PatternSlot& p, TermId id) const {
    if (!p.is_var || id == kUnbound) return true;
    if (id & kComputedBit) return false;
    return !is_node_ || is_node_(id);
  }
  static bool assign(const PatternSlot& p, TermId id, Row& row) {
    if (!p.is_var) return p.id == id;
    if (row[p.slot] == kUnbound) row[p.slot] = id;
    return row[p.slot] == id;
  }

  IterPtr input_;
  PatternSlot subject_, object_;
  PairsFn pairs_;
  NodeFn is_node_;
  Row base_;
  std::shared_ptr<const Pairs> pairs_now_;
  size_t pos_ = 0;
};

// --- operators ------------------------------------------------------------------------------

class FilterIter : public Iter {
 public:
  FilterIter(IterPtr input, std::function<bool(const Row&)> keep)
      : input_(std::move(input)), keep_(std::move(keep)) {}
  bool next(Row& row) override {
    while (input_->next(row))
      if (keep_(row)) return true;
    return false;
  }

 private:
  IterPtr input_;
  std::function<bool(const Row&)> keep_;
};

class MapIter : public Iter {
 public:
  MapIter(IterPtr input, std::function<void(Row&)> map)
      : input_(std::move(input)), map_(std::move(map)) {}
  bool next(Row& row) override {
    if (!input_->next(row)) return false;
    map_(row);
    return true;
  }

 private:
  IterPtr input_;
  std::function<void(Row&)> map_;
};

class ConcatIter : public Iter {
 public:
  ConcatIter(IterPtr a, IterPtr b) : a_(std::move(a)), b_(std::move(b)) {}
  bool next(Row& row) override {
    if (a_ && a_->next(row)) return true;
    a_.reset();
    return b_->next(row);
  }

 private:
  IterPtr a_, b_;
};

// For each left row, the compatible rows of a right side made per left row.
class NestedJoinIter : public Iter {
 public:
  using RightFn = std::function<IterPtr(const Row&)>;
  NestedJoinIter(Context& ctx, IterPtr left, RightFn right, bool optional,
                 std::function<bool(const Row&)> condition)
      : ctx_(ctx),
        left_(std::move(left)),
        right_(std::move(right)),
        optional_(optional),
        condition_(std::move(condition)) {}

  bool next(Row& out) override {
    for (;;) {
      if (!current_) {
        if (!left_->next(left_row_)) return false;
        current_ = right_(left_row_);
        matched_ = false;
      }
      Row r;
      while (current_->next(r)) {
        // Replayed rows tick nothing else: a join that discards most of them must still stop
        // at the deadline.
        ctx_.check();
        if (!compatible(left_row_, r)) continue;
        merge_into(r, left_row_);
        if (condition_ && !condition_(r)) continue;
        matched_ = true;
        out = std::move(r);
        return true;
      }
      current_.reset();
      if (optional_ && !matched_) {
        out = left_row_;
        return true;
      }
    }
  }

 private:
  Context& ctx_;
  IterPtr left_;
  RightFn right_;
  bool optional_;
  std::function<bool(const Row&)> condition_;
  Row left_row_;
  IterPtr current_;
  bool matched_ = false;
};

// Each left row joined with the right rows of its key: the right side's rows, hashed on the
// variables `keys` (bound in all of them). A left row missing one of the keys is compared with
// every right row. No copy of the right rows per left row.
class HashJoinIter : public Iter {
 public:
  HashJoinIter(Context& ctx, IterPtr left, std::vector<Row> right, std::vector<size_t> keys)
      : ctx_(ctx), left_(std::move(left)), right_(std::move(right)), keys_(std::move(keys)) {
    Row key;
    for (size_t i = 0; i < right_.size(); ++i) {
      key.clear();
      for (size_t slot : keys_) key.push_back(right_[i][slot]);
      table_.emplace(key, i);
    }
  }

  bool next(Row& out) override {
    for (;;) {
      if (all_) {
        while (scan_ < right_.size()) {
          ctx_.check();
          const Row& r = right_[scan_++];
          if (compatible(left_row_, r)) return emit(r, out);
        }
      } else {
        while (match_ != end_) {
          ctx_.check();
          const Row& r = right_[(match_++)->second];
          if (compatible(left_row_, r)) return emit(r, out);
        }
      }
      if (!left_->next(left_row_)) return false;
      key_.clear();
      all_ = false;
      for (size_t slot : keys_) {
        if (left_row_[slot] == kUnbound) all_ = true;
        key_.push_back(left_row_[slot]);
      }
      if (all_) {
        scan_ = 0;
      } else {
        std::tie(match_, end_) = table_.equal_range(key_);
      }
    }
  }

 private:
  bool emit(const Row& r, Row& out) {
    out = r;
    merge_into(out, left_row_);
    return true;
  }

  using Table = std::unordered_multimap<Row, size_t, RowHash>;
  Context& ctx_;
  IterPtr left_;
  std::vector<Row> right_;
  std::vector<size_t> keys_;
  Table table_;
  Row left_row_, key_;
  bool all_ = false;
  size_t scan_ = 0;
  Table::const_iterator match_{}, end_{};
};

class SliceIter : public Iter {
 public:
  SliceIter(IterPtr input, uint64_t offset, std::optional<uint64_t> limit)
      : input_(std::move(input)), offset_(offset), limit_(limit) {}
  bool next(Row& row) override {
    while (offset_ > 0) {
      if (!input_->next(row)) return false;
      --offset_;
    }
    if (limit_ && *limit_ == 0) return false;
    if (!input_->next(row)) return false;
    if (limit_) --*limit_;
    return true;
  }

 private:
  IterPtr input_;
  uint64_t offset_;
  std::optional<uint64_t> limit_;
};

std::vector<Row> drain(Iter& it, Context& ctx) {
  std::vector<Row> rows;
  Row row;
  while (it.next(row)) {
    ctx.check();
    rows.push_back(row);
  }
  return rows;
}

// --- building the iterator tree -------------------------------------------------------------

// An ORDER BY key. A stored IRI or simple literal is kept as its encoded bytes, read in place:
// two of one kind order as their bytes do (UTF-8 keeps code point order), so most comparisons
// build no term. Anything else is kept as a value.
struct SortKey {
  std::string_view encoded;
  Value value;

  static bool comparable_as_bytes(std::string_view encoded) {
    auto kind = graph::encoded_kind(encoded);
    return kind == graph::TermKind::Iri || kind == graph::TermKind::Literal;
  }
  static int compare(const SortKey& a, const SortKey& b) {
    if (!a.encoded.empty() && !b.encoded.empty()) {
      if (a.encoded[0] == b.encoded[0]) {
        int c = a.encoded.substr(1).compare(b.encoded.substr(1));
        return (c > 0) - (c < 0);
      }
    }
    auto value = [](const SortKey& k) {
      return k.encoded.empty() ? k.value : Value(graph::decode_term(k.encoded));
    };
    return order_compare(value(a), value(b));
  }
};

using Bound = std::vector<bool>;  // by slot: whether a variable is bound

class Builder {
 public:
  explicit Builder(Context& ctx) : ctx_(ctx) {}

  void allocate(const Op& op) {
    auto term = [&](const PatternTerm& t) {
      if (auto* v = std::get_if<Variable>(&t)) ctx_.slots.slot(v->name);
    };
    for (const auto& t : op.triples) term(t.subject), term(t.predicate), term(t.object);
    if (op.path) term(op.path->subject), term(op.path->object);
    term(op.graph);
    for (const auto& v : op.vars) ctx_.slots.slot(v.name);
    for (const auto& b : op.bindings) {
      if (!b.var.name.empty()) {
        size_t slot = ctx_.slots.slot(b.var.name);
        if (op.kind == Op::Kind::Extend) {
          if (ctx_.extended.size() <= slot) ctx_.extended.resize(slot + 1);
          ctx_.extended[slot] = true;
        }
      }
      allocate(b.expr);
    }
    for (const auto& b : op.aggregates) ctx_.slots.slot(b.var.name), allocate(b.expr);
    for (const auto& e : op.filters) allocate(e);
    for (const auto& k : op.order) allocate(k.expr);
    for (const auto& c : op.children) allocate(c);
  }

  void allocate(const algebra::Expr& e) {
    if (e.kind == algebra::Expr::Kind::Variable) ctx_.slots.slot(e.name);
    if (e.pattern) allocate(*e.pattern);
    for (const auto& a : e.args) allocate(a);
  }

  // Builds an operator's iterator, recording it in the plan (with a row counter).
  IterPtr build(const Op& op, TermId graph) {
    PlanNode* parent = ctx_.plan_parent;
    auto node = std::make_unique<PlanNode>();
    node->label = op_label(op);
    PlanNode* raw = node.get();
    parent->children.push_back(std::move(node));
    ctx_.plan_parent = raw;
    IterPtr it = build_op(op, graph);
    ctx_.plan_parent = parent;
    return std::make_unique<CountingIter>(std::move(it), &raw->rows);
  }

  static std::string op_label(const Op& op) {
    switch (op.kind) {
      case Op::Kind::Bgp:
        return "bgp";
      case Op::Kind::Path:
        return "path " + algebra::to_sse(op);
      case Op::Kind::Join:
        return "join";
      case Op::Kind::LeftJoin:
        return op.children[1].kind == Op::Kind::Bgp ? "optional (bind join)" : "optional";
      case Op::Kind::Filter: {
        std::string out = "filter";
        for (const auto& f : op.filters) out += " " + algebra::to_sse(f);
        return out;
      }
      case Op::Kind::Union:
        return "union";
      case Op::Kind::Minus:
        return "minus";
      case Op::Kind::Graph:
        return "graph " + algebra::to_sse(op.graph);
      case Op::Kind::Service:
        return "service";
      case Op::Kind::Extend:
        return "extend ?" + op.bindings[0].var.name + " = " + algebra::to_sse(op.bindings[0].expr);
      case Op::Kind::Values:
        return "values (" + std::to_string(op.rows.size()) + " rows)";
      case Op::Kind::Group:
        return "group";
      case Op::Kind::OrderBy:
        return "order";
      case Op::Kind::Project: {
        std::string out = "project";
        for (const auto& v : op.vars) out += " ?" + v.name;
        return out;
      }
      case Op::Kind::Distinct:
        return "distinct";
      case Op::Kind::Reduced:
        return "reduced";
      case Op::Kind::Slice:
        return "slice offset " + std::to_string(op.offset) +
               (op.limit ? " limit " + std::to_string(*op.limit) : "");
    }
    return "?";
  }

  IterPtr build_op(const Op& op, TermId graph) {
    switch (op.kind) {
      case Op::Kind::Bgp:
        return bgp(std::make_unique<SingleRow>(start_row()), op, graph, seed_bound());
      case Op::Kind::Join:
        return join(op, graph);
      case Op::Kind::LeftJoin:
        return hash_free_join(op, graph, true);
      case Op::Kind::Filter: {
        auto keep = [this, &op, graph](const Row& row) { return passes(op.filters, row, graph); };
        return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
      }
      case Op::Kind::Union:
        return std::make_unique<ConcatIter>(build(op.children[0], graph),
                                            build(op.children[1], graph));
      case Op::Kind::Minus:
        return minus(op, graph);
      case Op::Kind::Graph:
        return graph_op(op);
      case Op::Kind::Service:
        throw UnsupportedFeature("SERVICE is not supported (federated queries are disabled)");
      case Op::Kind::Extend: {
        const auto& b = op.bindings[0];
        size_t slot = ctx_.slots.slot(b.var.name);
        auto map = [this, &b, slot, graph](Row& row) {
          if (auto v = evaluate(b.expr, row, graph)) row[slot] = ctx_.terms.id_of(*v);
        };
        return std::make_unique<MapIter>(build(op.children[0], graph), map);
      }
      case Op::Kind::Values: {
        std::vector<Row> rows;
        for (const auto& values : op.rows) {
          Row row = start_row();
          bool compatible = true;
          for (size_t i = 0; i < values.size(); ++i) {
            if (!values[i]) continue;
            TermId& cell = row[ctx_.slots.slot(op.vars[i].name)];
            TermId id = ctx_.terms.id_of(*values[i]);
            compatible &= cell == kUnbound || cell == id;
            cell = id;
          }
          if (compatible) rows.push_back(std::move(row));
        }
        return std::make_unique<RowsIter>(std::move(rows));
      }
      case Op::Kind::Group:
        return group(op, graph);
      case Op::Kind::OrderBy: {
        auto rows = drain(*build(op.children[0], graph), ctx_);
        // A variable's key is its term: looked up directly, without an expression evaluation.
        std::vector<std::optional<size_t>> var_slots;
        for (const auto& o : op.order)
          var_slots.push_back(o.expr.kind == algebra::Expr::Kind::Variable
                                  ? std::optional(ctx_.slots.slot(o.expr.name))
                                  : std::nullopt);
        const size_t width = op.order.size();
        std::vector<SortKey> keys(rows.size() * width);
        for (size_t r = 0; r < rows.size(); ++r) {
          ctx_.check();
          for (size_t i = 0; i < width; ++i) {
            SortKey& key = keys[r * width + i];
            if (!var_slots[i]) {
              key.value = evaluate(op.order[i].expr, rows[r], graph);
            } else if (TermId id = rows[r][*var_slots[i]]; id == kUnbound) {
            } else if (id & kComputedBit) {
              key.value = ctx_.terms.term(id);
            } else {
              key.encoded = ctx_.txn.encoded_term(id);
              if (!SortKey::comparable_as_bytes(key.encoded)) {
                key.value = graph::decode_term(key.encoded);
                key.encoded = {};
              }
            }
          }
        }
        std::vector<size_t> order(rows.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        // Ties keep their input order (as a stable sort would), so a top-k gives the same rows.
        auto before = [&](size_t a, size_t b) {
          for (size_t k = 0; k < width; ++k) {
            int c = SortKey::compare(keys[a * width + k], keys[b * width + k]);
            if (c != 0) return op.order[k].descending ? c > 0 : c < 0;
          }
          return a < b;
        };
        // Under a LIMIT only the first offset + limit rows are needed in order.
        auto top = sort_limits_.find(&op);
        if (top != sort_limits_.end() && top->second < order.size()) {
          std::partial_sort(order.begin(), order.begin() + top->second, order.end(), before);
          order.resize(top->second);
        } else {
          std::sort(order.begin(), order.end(), before);
        }
        std::vector<Row> sorted;
        for (size_t i : order) sorted.push_back(std::move(rows[i]));
        return std::make_unique<RowsIter>(std::move(sorted));
      }
      case Op::Kind::Project: {
        std::vector<bool> keep(ctx_.slots.size(), false);
        for (const auto& v : op.vars) keep[ctx_.slots.slot(v.name)] = true;
        // A subquery sees of EXISTS's bindings only those of the variables it projects.
        std::optional<Row> inner_seed;
        const Row* outer_seed = seed_;
        if (seed_) {
          inner_seed = *seed_;
          for (size_t i = 0; i < inner_seed->size(); ++i)
            if (!keep[i]) (*inner_seed)[i] = kUnbound;
          seed_ = &*inner_seed;
        }
        IterPtr child = build(op.children[0], graph);
        seed_ = outer_seed;
        // Outside the subquery, EXISTS's bindings hold again (they are constants there).
        Row outside = outer_seed ? *outer_seed : ctx_.empty_row();
        auto map = [keep, outside](Row& row) {
          for (size_t i = 0; i < row.size(); ++i)
            if (!keep[i]) row[i] = i < outside.size() ? outside[i] : kUnbound;
        };
        return std::make_unique<MapIter>(std::move(child), map);
      }
      case Op::Kind::Reduced:  // may drop some duplicates, or none: none is cheapest
        return build(op.children[0], graph);
      case Op::Kind::Distinct: {
        auto seen = std::make_shared<std::unordered_set<Row, RowHash>>();
        auto keep = [seen](const Row& row) { return seen->insert(row).second; };
        return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
      }
      case Op::Kind::Slice: {
        // An ORDER BY right under the slice (through projections) needs only its first rows.
        const Op* child = &op.children[0];
        while (child->kind == Op::Kind::Project) child = &child->children[0];
        if (child->kind == Op::Kind::OrderBy && op.limit)
          sort_limits_[child] = op.offset + *op.limit;
        return std::make_unique<SliceIter>(build(op.children[0], graph), op.offset, op.limit);
      }
      case Op::Kind::Path:
        return path(std::make_unique<SingleRow>(start_row()), op, graph);
    }
    throw std::runtime_error("unknown algebra operator");
  }

  // Whether a row satisfies every filter (an error counts as false); `graph` is the active graph.
  bool passes(const std::vector<algebra::Expr>& filters, const Row& row, GraphId graph) {
    for (const auto& f : filters) {
      // (NOT) EXISTS decides alone: no boolean term to build and read back per row.
      if ((f.kind == algebra::Expr::Kind::Exists || f.kind == algebra::Expr::Kind::NotExists) &&
          f.pattern) {
        if (exists(*f.pattern, row, graph) != (f.kind == algebra::Expr::Kind::Exists)) return false;
        continue;
      }
      auto b = effective_boolean(evaluate(f, row, graph));
      if (!b || !*b) return false;
    }
    return true;
  }

  Value evaluate(const algebra::Expr& e, const Row& row, GraphId graph) {
    ExpressionContext ectx{
        ctx_.terms,
        ctx_.slots,
        [this, graph](const Op& pattern, const Row& r) { return exists(pattern, r, graph); },
        ctx_.base_iri,
        ctx_.now,
        &ctx_.random,
        &ctx_.blank_counter,
        &ctx_.named_blanks,
        &ctx_.extended};
    return query::evaluate(e, row, ectx);
  }

 private:
  // Order: repeatedly take the pattern with the fewest estimated matches, counting positions
  // bound by earlier patterns as very selective. `prebound` are the variables its input rows
  // bind (a left side's, or EXISTS's row): a pattern joined to them is cheap from the start.
  IterPtr bgp(IterPtr input, const Op& op, TermId graph, const Bound& prebound = {}) {
    // Planned once per pattern, graph and bound variables: EXISTS and OPTIONAL run the same
    // one per row.
    auto key = std::make_tuple(&op, graph, prebound);
    auto planned = bgp_plans_.find(key);
    if (planned == bgp_plans_.end()) {
      planned = bgp_plans_.emplace(key, plan_bgp(op, graph, prebound)).first;
      PlanNode* node = ctx_.plan_parent;
      for (const auto& p : planned->second->patterns)
        node->details.push_back("scan " + p.text + "   est " + std::to_string(p.estimate));
    }
    return std::make_unique<BgpIter>(ctx_, std::move(input), planned->second, graph);
  }

  std::shared_ptr<BgpPlan> plan_bgp(const Op& op, TermId graph, const Bound& prebound = {}) {
    auto plan = std::make_shared<BgpPlan>();
    plan->patterns = order_patterns(op, graph, prebound);
    plan->learned.resize(plan->patterns.size());
    return plan;
  }

  std::vector<CompiledPattern> order_patterns(const Op& op, TermId graph, const Bound& prebound) {
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
    std::vector<bool> used(compiled.size(), false), bound(ctx_.slots.size(), false);
    bool any_bound = false;
    for (size_t i = 0; i < prebound.size() && i < bound.size(); ++i)
      any_bound |= bound[i] = prebound[i];
    for (size_t n = 0; n < compiled.size(); ++n) {
      size_t best = 0;
      double best_cost = -1;
      for (size_t i = 0; i < compiled.size(); ++i) {
        if (used[i]) continue;
        double cost = static_cast<double>(estimates[i]);
        bool connected = false;
        const auto& pos = compiled[i].pos;
        bool s_bound = pos[0].is_var && bound[pos[0].slot];
        bool o_bound = pos[2].is_var && bound[pos[2].slot];
        if (!pos[1].is_var && !pos[1].missing && (s_bound || o_bound)) {
          // A constant predicate with a bound end: its average fan-out from that end.
          auto st = ctx_.data.predicate_stats(pos[1].id);
          double fan_out = s_bound && o_bound ? 1.0
                           : s_bound ? double(st.quads) / std::max<uint64_t>(st.subjects, 1)
                                     : double(st.quads) / std::max<uint64_t>(st.objects, 1);
          cost = std::min(cost, fan_out);
          connected = true;
        } else {
          for (const auto& p : pos)
            if (p.is_var && bound[p.slot]) cost /= 1000, connected = true;
        }
        if ((!ordered.empty() || any_bound) && !connected) cost *= 1e6;  // no cross products
        if (best_cost < 0 || cost < best_cost) best = i, best_cost = cost;
      }
      used[best] = true;
      for (const auto& p : compiled[best].pos)
        if (p.is_var) bound[p.slot] = true;
      ordered.push_back(compiled[best]);
    }
    return ordered;
  }

  PatternSlot compile(const PatternTerm& t) {
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

  IterPtr path(IterPtr input, const Op& op, TermId graph) {
    const algebra::PathPattern& pp = *op.path;
    // The pairs for each pair of ends, kept while they fit: rows bound to few distinct ends (a
    // path after a join) compute each closure once, not once per row.
    struct Memo {
      std::map<std::pair<TermId, TermId>, std::shared_ptr<const PathIter::Pairs>> pairs;
      size_t held = 0;
    };
    auto memo = std::make_shared<Memo>();
    auto pairs = [this, &pp, graph, memo](TermId s, TermId o) {
      auto key = std::make_pair(s, o);
      if (auto it = memo->pairs.find(key); it != memo->pairs.end()) return it->second;
      auto found = std::make_shared<const PathIter::Pairs>(path_pairs(pp.path, s, o, graph));
      constexpr size_t kMaxHeld = size_t{1} << 20;  // pairs, about 16 MB
      if (memo->held + found->size() <= kMaxHeld) {
        memo->held += found->size() + 1;
        memo->pairs.emplace(key, found);
      }
      return found;
    };
    // A constant the store lacks still matches itself through a zero-length path.
    auto end = [this](const PatternTerm& t) {
      PatternSlot p = compile(t);
      if (p.missing) {
        p.missing = false;
        p.id = ctx_.terms.id_of(std::get<graph::Term>(t));
      }
      return p;
    };
    PathIter::NodeFn is_node;
    if (nullable(pp.path))
      is_node = [this, graph](TermId id) { return ctx_.data.is_node(id, graph); };
    return std::make_unique<PathIter>(std::move(input), end(pp.subject), end(pp.object), pairs,
                                      std::move(is_node));
  }

  // Whether a path can match zero steps.
  static bool nullable(const algebra::Path& p) {
    using K = algebra::Path::Kind;
    switch (p.kind) {
      case K::Link:
      case K::Negated:
        return false;
      case K::ZeroOrMore:
      case K::ZeroOrOne:
        return true;
      case K::Inverse:
      case K::OneOrMore:
        return nullable(p.parts[0]);
      case K::Sequence:
        return std::all_of(p.parts.begin(), p.parts.end(), nullable);
      case K::Alternative:
        return std::any_of(p.parts.begin(), p.parts.end(), nullable);
    }
    return false;
  }

  // The (subject, object) pairs connected by a path; s or o may be kUnbound (any).
  std::vector<std::pair<TermId, TermId>> path_pairs(const algebra::Path& p, TermId s, TermId o,
                                                    TermId graph) {
    using K = algebra::Path::Kind;
    std::vector<std::pair<TermId, TermId>> out;
    auto scan = [&](TermId subject, TermId predicate, TermId object, bool reversed) {
      if ((subject & kComputedBit) || (object & kComputedBit)) return;  // not in the store
      graph::QuadPattern qp;
      qp.ids[graph::S] = subject == kUnbound ? graph::kAny : subject;
      qp.ids[graph::P] = predicate;
      qp.ids[graph::O] = object == kUnbound ? graph::kAny : object;
      qp.ids[graph::G] = graph;
      graph::Quad q;
      for (auto it = ctx_.data.scan(qp); it->next(q);) {
        ctx_.check();
        if (reversed)
          out.emplace_back(q.o(), q.s());
        else
          out.emplace_back(q.s(), q.o());
      }
    };
    switch (p.kind) {
      case K::Link: {
        auto id = ctx_.txn.lookup(graph::Term::iri(p.iri));
        if (id) scan(s, *id, o, false);
        return out;
      }
      case K::Inverse: {
        for (auto [a, b] : path_pairs(p.parts[0], o, s, graph)) out.emplace_back(b, a);
        return out;
      }
      case K::Alternative:
        for (const auto& part : p.parts) {
          auto more = path_pairs(part, s, o, graph);
          out.insert(out.end(), more.begin(), more.end());
        }
        return out;
      case K::Sequence: {
        // Left to right from the subject side (or right to left when only the object is bound).
        std::vector<std::pair<TermId, TermId>> current = path_pairs(p.parts[0], s, kUnbound, graph);
        for (size_t i = 1; i < p.parts.size(); ++i) {
          bool last = i + 1 == p.parts.size();
          std::vector<std::pair<TermId, TermId>> next;
          std::map<TermId, std::vector<std::pair<TermId, TermId>>> memo;
          for (auto [start, mid] : current) {
            auto it = memo.find(mid);
            if (it == memo.end())
              it = memo.emplace(mid, path_pairs(p.parts[i], mid, last ? o : kUnbound, graph)).first;
            for (auto [m, end] : it->second) next.emplace_back(start, end);
          }
          current = std::move(next);
        }
        return current;
      }
      case K::Negated: {
        std::set<TermId> forward, inverse;
        for (const auto& iri : p.forward)
          if (auto id = ctx_.txn.lookup(graph::Term::iri(iri))) forward.insert(*id);
        for (const auto& iri : p.inverse)
          if (auto id = ctx_.txn.lookup(graph::Term::iri(iri))) inverse.insert(*id);
        auto negated_scan = [&](TermId subject, TermId object, const std::set<TermId>& excluded,
                                bool reversed) {
          if ((subject & kComputedBit) || (object & kComputedBit)) return;
          graph::QuadPattern qp;
          qp.ids[graph::S] = subject == kUnbound ? graph::kAny : subject;
          qp.ids[graph::O] = object == kUnbound ? graph::kAny : object;
          qp.ids[graph::G] = graph;
          // A solution per triple, as the negated set's translation into a triple pattern with
          // a filter on its predicate gives (section 18.2.2.4 leaves the multiplicity unsaid).
          graph::Quad q;
          for (auto it = ctx_.data.scan(qp); it->next(q);) {
            ctx_.check();
            if (excluded.count(q.p())) continue;
            if (reversed)
              out.emplace_back(q.o(), q.s());
            else
              out.emplace_back(q.s(), q.o());
          }
        };
        if (!p.forward.empty() || p.inverse.empty()) negated_scan(s, o, forward, false);
        if (!p.inverse.empty()) negated_scan(o, s, inverse, true);
        return out;
      }
      case K::ZeroOrOne:
      case K::ZeroOrMore:
      case K::OneOrMore: {
        bool zero = p.kind != K::OneOrMore, many = p.kind != K::ZeroOrOne;
        std::set<std::pair<TermId, TermId>> result;
        // Start nodes: the bound end, or every node of the graph.
        bool backward = s == kUnbound && o != kUnbound;
        std::vector<TermId> starts;
        if (s != kUnbound)
          starts.push_back(s);
        else if (o != kUnbound)
          starts.push_back(o);
        else
          starts = all_nodes(graph);
        for (TermId start : starts) {
          std::set<TermId> seen;
          std::vector<TermId> frontier{start};
          if (zero) result.emplace(start, start);
          bool first = true;
          while (!frontier.empty() && (many || first)) {
            std::vector<TermId> next;
            for (TermId node : frontier) {
              auto step = backward ? path_pairs(p.parts[0], kUnbound, node, graph)
                                   : path_pairs(p.parts[0], node, kUnbound, graph);
              for (auto [a, b] : step) {
                TermId reached = backward ? a : b;
                if (seen.insert(reached).second) next.push_back(reached);
              }
            }
            for (TermId r : next) result.emplace(start, r);
            frontier = std::move(next);
            first = false;
          }
        }
        for (auto [a, b] : result) {
          std::pair<TermId, TermId> pair = backward ? std::make_pair(b, a) : std::make_pair(a, b);
          if ((s == kUnbound || pair.first == s) && (o == kUnbound || pair.second == o))
            out.push_back(pair);
        }
        return out;
      }
    }
    return out;
  }

  std::vector<TermId> all_nodes(TermId graph) {
    std::set<TermId> nodes;
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph;
    graph::Quad q;
    for (auto it = ctx_.data.scan(qp); it->next(q);) {
      ctx_.check();
      nodes.insert(q.s());
      nodes.insert(q.o());
    }
    return {nodes.begin(), nodes.end()};
  }

  static void flatten_join(const Op& op, std::vector<const Op*>& out) {
    if (op.kind == Op::Kind::Join) {
      for (const auto& c : op.children) flatten_join(c, out);
    } else {
      out.push_back(&op);
    }
  }

  void mentioned(const Op& op, std::set<size_t>& out) {
    auto add = [&](const PatternTerm& t) {
      if (auto* v = std::get_if<Variable>(&t)) out.insert(ctx_.slots.slot(v->name));
    };
    for (const auto& t : op.triples) add(t.subject), add(t.predicate), add(t.object);
    if (op.path) add(op.path->subject), add(op.path->object);
    for (const auto& v : op.vars) out.insert(ctx_.slots.slot(v.name));
    for (const auto& b : op.bindings)
      if (!b.var.name.empty()) out.insert(ctx_.slots.slot(b.var.name));
    for (const auto& c : op.children) mentioned(c, out);
  }

  // A join of several operands (Join is associative and commutative): start from the most
  // selective basic graph pattern, then add the operand sharing the most variables with what is
  // bound so far, basic graph patterns and paths by binding, the rest by hashing.
  IterPtr join(const Op& op, TermId graph) {
    std::vector<const Op*> operands;
    flatten_join(op, operands);
    size_t first = 0;
    uint64_t best = UINT64_MAX;
    for (size_t i = 0; i < operands.size(); ++i) {
      uint64_t e = operands[i]->kind == Op::Kind::Bgp    ? first_estimate(*operands[i], graph)
                   : operands[i]->kind == Op::Kind::Path ? path_estimate(*operands[i], graph)
                                                         : UINT64_MAX;
      if (e < best) best = e, first = i;
    }
    std::vector<bool> used(operands.size(), false);
    used[first] = true;
    std::set<size_t> bound;
    mentioned(*operands[first], bound);
    IterPtr current = build(*operands[first], graph);
    for (size_t n = 1; n < operands.size(); ++n) {
      size_t pick = 0;
      int pick_score = -1;
      for (size_t i = 0; i < operands.size(); ++i) {
        if (used[i]) continue;
        std::set<size_t> vars;
        mentioned(*operands[i], vars);
        int shared = 0;
        for (size_t v : vars) shared += bound.count(v);
        int score = shared * 4 + (operands[i]->kind == Op::Kind::Bgp ? 2 : 0) +
                    (operands[i]->kind == Op::Kind::Path ? 1 : 0);
        if (score > pick_score) pick = i, pick_score = score;
      }
      used[pick] = true;
      const Op& next = *operands[pick];
      Bound before = as_bound(bound);
      mentioned(next, bound);
      if (next.kind == Op::Kind::Bgp) {
        current = bgp(std::move(current), next, graph, before);
      } else if (next.kind == Op::Kind::Path) {
        current = path(std::move(current), next, graph);
      } else if (next.kind == Op::Kind::Union && bindable(next)) {
        // Join distributes over union: with few rows so far, each branch runs bound to them
        // rather than materialising every solution of the union.
        auto rows = drain(*current, ctx_);
        if (rows.size() <= kBindJoinRows)
          current = bind(std::move(rows), next, graph, before);
        else
          current = hash_join(std::make_unique<RowsIter>(std::move(rows)), next, graph, before);
      } else {
        current = hash_join(std::move(current), next, graph, before);
      }
    }
    return current;
  }

  static constexpr size_t kBindJoinRows = 50000;
  std::map<const Op*, size_t> sort_limits_;  // ORDER BY operators under a LIMIT: rows needed

  // Basic graph patterns and paths, and unions of them, can run bound to given rows.
  static bool bindable(const Op& op) {
    if (op.kind == Op::Kind::Bgp || op.kind == Op::Kind::Path) return true;
    if (op.kind != Op::Kind::Union) return false;
    return std::all_of(op.children.begin(), op.children.end(), bindable);
  }

  // Each of `rows` extended by `op` (bindable) evaluated with the row's bindings (`bound`).
  IterPtr bind(std::vector<Row> rows, const Op& op, TermId graph, const Bound& bound) {
    if (op.kind == Op::Kind::Bgp)
      return bgp(std::make_unique<RowsIter>(std::move(rows)), op, graph, bound);
    if (op.kind == Op::Kind::Path)
      return path(std::make_unique<RowsIter>(std::move(rows)), op, graph);
    auto left = bind(rows, op.children[0], graph, bound);
    return std::make_unique<ConcatIter>(std::move(left),
                                        bind(std::move(rows), op.children[1], graph, bound));
  }

  Bound as_bound(const std::set<size_t>& slots) const {
    Bound out(ctx_.slots.size(), false);
    for (size_t s : slots)
      if (s < out.size()) out[s] = true;
    return out;
  }
  // The variables EXISTS's row binds, while its pattern is built.
  Bound seed_bound() const {
    Bound out;
    if (!seed_) return out;
    out.resize(seed_->size());
    for (size_t i = 0; i < seed_->size(); ++i) out[i] = (*seed_)[i] != kUnbound;
    return out;
  }

  // A path with a constant end: at most the triples touching that constant (any predicate).
  uint64_t path_estimate(const Op& path_op, TermId graph) {
    const auto& pp = *path_op.path;
    uint64_t best = UINT64_MAX;
    for (auto [term, position] :
         {std::pair{&pp.subject, graph::S}, std::pair{&pp.object, graph::O}}) {
      auto* constant = std::get_if<graph::Term>(term);
      if (!constant) continue;
      auto id = ctx_.txn.lookup(*constant);
      if (!id) return 0;
      graph::QuadPattern qp;
      qp.ids[graph::G] = graph;
      qp.ids[position] = *id;
      best = std::min(best, ctx_.data.estimate(qp));
    }
    return best;
  }

  uint64_t first_estimate(const Op& bgp_op, TermId graph) {
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

  // Join with an independent right side: materialised and hashed on the variables bound in
  // all its rows; a left row missing one of those is compared with every right row.
  // Join with an independent right side, `left_vars` the variables the left side may bind:
  // materialised and hashed on the variables bound in all its rows that the left side binds
  // too (a variable the left side never binds would send every left row to every right row).
  IterPtr hash_join(IterPtr left, const Op& right, TermId graph, const Bound& left_vars) {
    auto rows = std::make_shared<std::vector<Row>>(drain(*build(right, graph), ctx_));
    std::vector<size_t> key_slots;
    for (size_t slot = 0; slot < ctx_.slots.size(); ++slot) {
      if (slot >= left_vars.size() || !left_vars[slot]) continue;
      bool all = !rows->empty();
      for (const auto& r : *rows) all &= r[slot] != kUnbound;
      if (all) key_slots.push_back(slot);
    }
    return std::make_unique<HashJoinIter>(ctx_, std::move(left), std::move(*rows),
                                          std::move(key_slots));
  }

  // MINUS (section 18.5): a left row goes when a right row is compatible with it and shares one
  // of its variables. An anti-join: the right side is hashed on the variables all its rows
  // bind, so that a left row binding them meets only the rows with its values; the rest (a
  // left row missing one) are compared with every right row, and a left row binding none of
  // the right side's variables stays at once.
  IterPtr minus(const Op& op, TermId graph) {
    // A basic graph pattern on the right: a left row goes when it binds one of the pattern's
    // variables and the pattern has a match with its values, which is EXISTS (probed per row,
    // with its sorted-id set once probed often), and reads nothing more of the right side.
    if (op.children[1].kind == Op::Kind::Bgp && !seed_) {
      std::set<size_t> pattern_vars;
      mentioned(op.children[1], pattern_vars);
      std::vector<size_t> vars(pattern_vars.begin(), pattern_vars.end());
      const Op& pattern = op.children[1];
      auto keep = [this, vars, &pattern, graph](const Row& row) {
        bool shares = std::any_of(vars.begin(), vars.end(),
                                  [&](size_t slot) { return row[slot] != kUnbound; });
        return !shares || !exists(pattern, row, graph);
      };
      return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
    }
    auto right = std::make_shared<std::vector<Row>>(drain(*build(op.children[1], graph), ctx_));
    // Within EXISTS the row's variables are constants (substitution): bound on both sides,
    // they are not shared variables.
    std::vector<bool> constant(ctx_.slots.size(), false);
    if (seed_)
      for (size_t i = 0; i < seed_->size(); ++i) constant[i] = (*seed_)[i] != kUnbound;
    // Keys: variables all right rows bind that the left side binds too.
    std::set<size_t> left_vars;
    mentioned(op.children[0], left_vars);
    std::vector<size_t> key_slots, right_vars;
    for (size_t slot = 0; slot < ctx_.slots.size(); ++slot) {
      if (constant[slot]) continue;
      bool all = !right->empty(), any = false;
      for (const auto& r : *right) {
        all &= r[slot] != kUnbound;
        any |= r[slot] != kUnbound;
      }
      if (all && left_vars.count(slot)) key_slots.push_back(slot);
      if (any) right_vars.push_back(slot);
    }
    auto table = std::make_shared<std::unordered_multimap<Row, size_t, RowHash>>();
    for (size_t i = 0; i < right->size(); ++i) {
      Row key;
      for (size_t slot : key_slots) key.push_back((*right)[i][slot]);
      table->emplace(std::move(key), i);
    }
    auto removes = [constant](const Row& row, const Row& r) {
      bool shared = false;
      for (size_t i = 0; i < row.size(); ++i)
        if (row[i] != kUnbound && r[i] != kUnbound && !constant[i]) shared = true;
      return shared && compatible(row, r);
    };
    auto keep = [this, right, table, key_slots, right_vars, removes](const Row& row) {
      bool may_share = false;
      for (size_t slot : right_vars) may_share |= row[slot] != kUnbound;
      if (!may_share) return true;
      bool keyed = !key_slots.empty();
      Row key;
      for (size_t slot : key_slots) {
        keyed &= row[slot] != kUnbound;
        key.push_back(row[slot]);
      }
      if (keyed) {
        auto [begin, end] = table->equal_range(key);
        for (auto it = begin; it != end; ++it)
          if (removes(row, (*right)[it->second])) return false;
        return true;
      }
      for (const auto& r : *right) {
        ctx_.check();
        if (removes(row, r)) return false;
      }
      return true;
    };
    return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
  }

  IterPtr hash_free_join(const Op& op, TermId graph, bool optional) {
    std::function<bool(const Row&)> condition;
    if (!op.filters.empty())
      condition = [this, &op, graph](const Row& row) { return passes(op.filters, row, graph); };
    const Op& right = op.children[1];
    NestedJoinIter::RightFn make_right;
    if (right.kind == Op::Kind::Bgp) {
      // The right side per left row, with the left row's bindings: a bind join, planned knowing
      // which variables the left side binds.
      std::set<size_t> left_vars;
      mentioned(op.children[0], left_vars);
      Bound bound = as_bound(left_vars);
      if (seed_)
        for (size_t i = 0; i < seed_->size(); ++i) bound[i] = bound[i] || (*seed_)[i] != kUnbound;
      make_right = [this, &right, graph, bound](const Row& left) {
        return bgp(std::make_unique<SingleRow>(left), right, graph, bound);
      };
    } else {
      // Evaluated once, on the first left row, then replayed (within EXISTS, with its seed).
      auto rows = std::make_shared<std::optional<std::vector<Row>>>();
      std::shared_ptr<Row> seed = seed_ ? std::make_shared<Row>(*seed_) : nullptr;
      make_right = [this, &right, graph, rows, seed](const Row&) -> IterPtr {
        if (!*rows) {
          const Row* outer = seed_;
          seed_ = seed.get();
          *rows = drain(*build(right, graph), ctx_);
          seed_ = outer;
        }
        return std::make_unique<RowsIter>(**rows);
      };
    }
    return std::make_unique<NestedJoinIter>(ctx_, build(op.children[0], graph), make_right,
                                            optional, condition);
  }

  IterPtr graph_op(const Op& op) {
    const std::vector<TermId>& named = ctx_.data.named_graphs();
    if (auto* term = std::get_if<graph::Term>(&op.graph)) {
      auto id = ctx_.txn.lookup(*term);
      if (!id || !ctx_.data.is_named_graph(*id))
        return std::make_unique<RowsIter>(std::vector<Row>{});
      return build(op.children[0], *id);
    }
    size_t slot = ctx_.slots.slot(std::get<Variable>(op.graph).name);
    IterPtr result = std::make_unique<RowsIter>(std::vector<Row>{});
    for (TermId g : named) {
      // Inside GRAPH ?g, a ?g the pattern binds itself must be that graph.
      auto same_graph = [slot, g](const Row& row) {
        return row[slot] == kUnbound || row[slot] == g;
      };
      auto bind = [slot, g](Row& row) { row[slot] = g; };
      auto inner = std::make_unique<MapIter>(
          std::make_unique<FilterIter>(build(op.children[0], g), same_graph), bind);
      result = std::make_unique<ConcatIter>(std::move(inner), std::move(result));
    }
    return result;
  }

  // Whether every aggregate is a plain COUNT(*) or COUNT(?var): then groups are counted as rows
  // stream by, and no row is kept (a count over a huge join takes time, not memory).
  static bool counts_only(const Op& op) {
    for (const auto& agg : op.aggregates)
      if (agg.expr.kind != algebra::Expr::Kind::Aggregate || agg.expr.name != "COUNT" ||
          agg.expr.distinct ||
          (!agg.expr.args.empty() && agg.expr.args[0].kind != algebra::Expr::Kind::Variable))
        return false;
    return true;
  }

  // The group key of a row, into `key` (its storage reused row after row): a variable key's id
  // is its value (slots found once).
  void group_key(const Op& op, const std::vector<std::optional<size_t>>& key_slots, const Row& row,
                 GraphId graph, Row& key) {
    key.clear();
    for (size_t k = 0; k < op.bindings.size(); ++k) {
      if (key_slots[k]) {
        key.push_back(row[*key_slots[k]]);
        continue;
      }
      Value v = evaluate(op.bindings[k].expr, row, graph);
      key.push_back(v ? ctx_.terms.id_of(*v) : kUnbound);
    }
  }

  std::vector<std::optional<size_t>> group_key_slots(const Op& op) {
    std::vector<std::optional<size_t>> key_slots;
    for (const auto& k : op.bindings)
      key_slots.push_back(k.expr.kind == algebra::Expr::Kind::Variable
                              ? std::optional(ctx_.slots.slot(k.expr.name))
                              : std::nullopt);
    return key_slots;
  }

  IterPtr counting_group(const Op& op, TermId graph) {
    auto input = build(op.children[0], graph);
    auto key_slots = group_key_slots(op);
    std::vector<std::optional<size_t>> counted;  // per aggregate: the variable's slot, or * (none)
    for (const auto& agg : op.aggregates)
      counted.push_back(agg.expr.args.empty()
                            ? std::nullopt
                            : std::optional(ctx_.slots.slot(agg.expr.args[0].name)));
    std::unordered_map<Row, std::vector<uint64_t>, RowHash> groups;
    std::vector<Row> order;
    Row row, key;
    while (input->next(row)) {
      ctx_.check();
      group_key(op, key_slots, row, graph, key);
      auto it = groups.find(key);
      if (it == groups.end()) {
        it = groups.try_emplace(key, op.aggregates.size(), 0).first;
        order.push_back(key);
      }
      for (size_t a = 0; a < counted.size(); ++a)
        if (!counted[a] || row[*counted[a]] != kUnbound) ++it->second[a];
    }
    if (order.empty() && op.bindings.empty()) {
      groups.try_emplace(Row{}, op.aggregates.size(), 0);
      order.push_back({});
    }
    const std::string integer = "http://www.w3.org/2001/XMLSchema#integer";
    std::vector<Row> out;
    for (const auto& key : order) {
      const auto& counts = groups[key];
      Row result = ctx_.empty_row();
      for (size_t k = 0; k < op.bindings.size(); ++k)
        if (!op.bindings[k].var.name.empty())
          result[ctx_.slots.slot(op.bindings[k].var.name)] = key[k];
      for (size_t a = 0; a < op.aggregates.size(); ++a)
        result[ctx_.slots.slot(op.aggregates[a].var.name)] =
            ctx_.terms.id_of(graph::Term::typed_literal(std::to_string(counts[a]), integer));
      out.push_back(std::move(result));
    }
    return std::make_unique<RowsIter>(std::move(out));
  }

  IterPtr group(const Op& op, TermId graph) {
    if (counts_only(op)) return counting_group(op, graph);
    auto rows = drain(*build(op.children[0], graph), ctx_);
    std::unordered_map<Row, std::vector<size_t>, RowHash> groups;
    std::vector<Row> order;
    auto key_slots = group_key_slots(op);
    Row key;
    for (size_t i = 0; i < rows.size(); ++i) {
      group_key(op, key_slots, rows[i], graph, key);
      auto it = groups.find(key);
      if (it == groups.end()) {
        it = groups.try_emplace(key).first;
        order.push_back(key);
      }
      it->second.push_back(i);
    }
    if (rows.empty() && op.bindings.empty()) {
      groups[{}];
      order.push_back({});
    }
    std::vector<Row> out;
    for (const auto& key : order) {
      const auto& members = groups[key];
      Row row = ctx_.empty_row();
      for (size_t k = 0; k < op.bindings.size(); ++k)
        if (!op.bindings[k].var.name.empty())
          row[ctx_.slots.slot(op.bindings[k].var.name)] = key[k];
      for (const auto& agg : op.aggregates)
        if (auto v = aggregate(agg.expr, rows, members, graph))
          row[ctx_.slots.slot(agg.var.name)] = ctx_.terms.id_of(*v);
      out.push_back(std::move(row));
    }
    return std::make_unique<RowsIter>(std::move(out));
  }

  Value aggregate(const algebra::Expr& agg, const std::vector<Row>& rows,
                  const std::vector<size_t>& members, GraphId graph) {
    const std::string integer = "http://www.w3.org/2001/XMLSchema#integer";
    // COUNT(*) and COUNT(?var) count rows (bound ones): no term needs decoding.
    if (agg.name == "COUNT" && !agg.distinct &&
        (agg.args.empty() || agg.args[0].kind == algebra::Expr::Kind::Variable)) {
      size_t n = members.size();
      if (!agg.args.empty()) {
        size_t slot = ctx_.slots.slot(agg.args[0].name);
        n = 0;
        for (size_t i : members) n += rows[i][slot] != kUnbound;
      }
      return graph::Term::typed_literal(std::to_string(n), integer);
    }
    std::vector<Value> values;
    std::set<std::string> seen;
    for (size_t i : members) {
      Value v = agg.args.empty() ? Value(graph::Term::literal("*"))
                                 : evaluate(agg.args[0], rows[i], graph);
      if (agg.distinct) {
        std::string key;
        if (agg.args.empty()) {  // COUNT(DISTINCT *): distinct solutions
          for (TermId id : rows[i]) key.append(reinterpret_cast<const char*>(&id), sizeof id);
        } else if (v) {
          key = graph::encode_term(*v);
        }
        if (!seen.insert(key).second) continue;
      }
      values.push_back(std::move(v));
    }
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    if (agg.name == "COUNT") {
      size_t n = 0;
      for (const auto& v : values) n += v.has_value();
      return graph::Term::typed_literal(std::to_string(n), xsd + "integer");
    }
    if (agg.name == "SAMPLE") {
      for (const auto& v : values)
        if (v) return v;
      return std::nullopt;
    }
    if (agg.name == "GROUP_CONCAT") {
      std::string out;
      bool first = true;
      for (const auto& v : values) {
        if (!v || !v->is_literal()) return std::nullopt;
        if (!first) out += agg.separator.value_or(" ");
        out += v->value;
        first = false;
      }
      return graph::Term::literal(out);
    }
    if (agg.name == "MIN" || agg.name == "MAX") {
      // An error among the values (an unbound one) makes the aggregate an error, as it does
      // SUM's: Min(M) = Min(ToList(Flatten(M))), and ToList is not defined over errors
      // (section 18.5.1; known-divergences.md of tools/difftest).
      Value best;
      for (const auto& v : values) {
        if (!v) return std::nullopt;
        int c = best ? order_compare(v, best) : 0;
        if (!best || (agg.name == "MIN" ? c < 0 : c > 0)) best = v;
      }
      return best;
    }
    // SUM and AVG through the expression evaluator's arithmetic (type promotion included).
    Value total = graph::Term::typed_literal("0", xsd + "integer");
    size_t count = 0;
    for (const auto& v : values) {
      if (!v) return std::nullopt;
      total = query::arithmetic('+', *total, *v);
      if (!total) return std::nullopt;
      ++count;
    }
    if (agg.name == "SUM") return total;
    if (count == 0) return graph::Term::typed_literal("0", xsd + "integer");
    return query::arithmetic('/', *total,
                             graph::Term::typed_literal(std::to_string(count), xsd + "integer"));
  }

  // EXISTS { pattern } for a row, in the active graph (section 18.6: the pattern is evaluated
  // where the filter stands, inside GRAPH or against the query's default graph).
  bool exists(const Op& pattern, const Row& row, GraphId graph) {
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
          if (cache.position < 0 && ++cache.probes == kExistsSetAfter)
            read_exists_ids(cache, qp, bound_pos);
          if (cache.position == bound_pos)
            return std::binary_search(cache.ids.begin(), cache.ids.end(), qp.ids[bound_pos]);
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
    Row r;
    while (it->next(r))
      if (compatible(row, r)) return true;
    return false;
  }

  // The solution the patterns being built start from: none, or the row an EXISTS is evaluated
  // for (its substitution).
  Row start_row() const { return seed_ ? *seed_ : ctx_.empty_row(); }

  Context& ctx_;
  const Row* seed_ = nullptr;
  std::map<std::tuple<const Op*, TermId, Bound>, std::shared_ptr<BgpPlan>> bgp_plans_;
  // EXISTS over one triple pattern, probed by many rows: once probed often enough, the ids at
  // its bound position over the pattern's whole extent, sorted.
  struct ExistsProbe {
    std::shared_ptr<BgpPlan> plan;
    uint64_t probes = 0;
    int position = -1;  // of `ids`, once read
    std::vector<TermId> ids;
  };
  static constexpr uint64_t kExistsSetAfter = 2048;
  static constexpr uint64_t kExistsSetLimit = 2'000'000;
  std::map<std::pair<const Op*, GraphId>, ExistsProbe> exists_probes_;
  // The last one used: a FILTER probes the same pattern row after row.
  std::pair<const Op*, GraphId> last_exists_key_{nullptr, 0};
  ExistsProbe* last_exists_ = nullptr;

  ExistsProbe& exists_probe(const Op& pattern, GraphId graph) {
    auto key = std::make_pair(&pattern, graph);
    if (key != last_exists_key_) {
      auto [it, inserted] = exists_probes_.try_emplace(key);
      if (inserted) it->second.plan = plan_bgp(pattern, graph);
      last_exists_key_ = key;
      last_exists_ = &it->second;
    }
    return *last_exists_;
  }

  void read_exists_ids(ExistsProbe& cache, const graph::QuadPattern& qp, int position) {
    graph::QuadPattern extent = qp;
    extent.ids[position] = graph::kAny;
    uint64_t size = ctx_.data.extent_size(extent, kExistsSetLimit + 1);
    if (size > kExistsSetLimit) return;
    cache.ids.reserve(size);
    graph::Quad q;
    for (auto scan = ctx_.data.scan(extent); scan->next(q);) {
      ctx_.check();
      cache.ids.push_back(q.ids[position]);
    }
    std::sort(cache.ids.begin(), cache.ids.end());
    cache.ids.erase(std::unique(cache.ids.begin(), cache.ids.end()), cache.ids.end());
    cache.position = position;
  }
};

}  // namespace

struct Execution::State {
  Context ctx;
  Builder builder;
  const algebra::Query& query;
  IterPtr root;
  std::vector<std::string> variables;
  std::vector<size_t> var_slots;
  // CONSTRUCT: the current solution's triples not yet returned.
  std::deque<std::array<graph::Term, 3>> pending;
  std::set<std::string> emitted;
  // DESCRIBE: resources already described, and whether the constant targets were.
  std::set<TermId> described;
  std::set<std::array<TermId, 3>> described_triples;
  bool describe_constants_done = false;

  State(const graph::ReadTransaction& txn, const algebra::Query& q, ExecutionOptions o)
      : ctx(txn, q, o), builder(ctx), query(q) {}
};

Execution::Execution(const graph::ReadTransaction& txn, const algebra::Query& query,
                     ExecutionOptions options)
    : state_(std::make_unique<State>(txn, query, options)) {
  auto& s = *state_;
  s.ctx.base_iri = query.base_iri;
  s.builder.allocate(query.pattern);
  for (const auto& t : query.construct_template) {
    for (const PatternTerm* p : {&t.subject, &t.predicate, &t.object})
      if (auto* v = std::get_if<Variable>(p)) s.ctx.slots.slot(v->name);
  }
  for (const auto& target : query.describe)
    if (auto* v = std::get_if<Variable>(&target)) s.ctx.slots.slot(v->name);
  // The projected variables: those of the outermost Project, in order.
  const Op* op = &query.pattern;
  while (op->kind != Op::Kind::Project && !op->children.empty() &&
         (op->kind == Op::Kind::Slice || op->kind == Op::Kind::Distinct ||
          op->kind == Op::Kind::Reduced))
    op = &op->children.front();
  if (op->kind == Op::Kind::Project)
    for (const auto& v : op->vars) {
      s.variables.push_back(v.name);
      s.var_slots.push_back(s.ctx.slots.slot(v.name));
    }
  s.root = s.builder.build(query.pattern, s.ctx.data.default_graph());
}

Execution::~Execution() = default;

const std::vector<std::string>& Execution::variables() const {
  return state_->variables;
}

bool Execution::next(TermRow& out) {
  auto& s = *state_;
  Row row;
  if (!s.root->next(row)) return false;
  out.clear();
  for (size_t slot : s.var_slots)
    out.push_back(row[slot] == kUnbound ? std::nullopt
                                        : std::optional<graph::Term>(s.ctx.terms.term(row[slot])));
  return true;
}

namespace {
void print_plan(const PlanNode& node, int depth, std::string& out) {
  std::string line = std::string(2 * depth, ' ') + node.label;
  if (line.size() < 60) line.resize(60, ' ');
  out += line + "  rows " + std::to_string(node.rows) + "\n";
  for (const auto& d : node.details) out += std::string(2 * depth + 4, ' ') + d + "\n";
  for (const auto& child : node.children) print_plan(*child, depth + 1, out);
}
}  // namespace

std::string Execution::explain() const {
  std::string out;
  for (const auto& child : state_->ctx.plan.children) print_plan(*child, 0, out);
  return out;
}

bool Execution::ask() {
  Row row;
  return state_->root->next(row);
}

// DESCRIBE: each resource's triples as subject, following blank-node objects (a concise bounded
// description), each resource described once, from every graph of the dataset (the default
// graph and the named graphs), each triple once.
void Execution::describe(TermId resource) {
  auto& s = *state_;
  std::vector<TermId> todo{resource};
  std::vector<GraphId> graphs = s.ctx.data.all_graphs();
  while (!todo.empty()) {
    TermId id = todo.back();
    todo.pop_back();
    if ((id & kComputedBit) || !s.described.insert(id).second) continue;
    for (GraphId g : graphs) {
      graph::QuadPattern qp;
      qp.ids[graph::S] = id;
      qp.ids[graph::G] = g;
      graph::Quad q;
      for (auto scan = s.ctx.data.scan(qp); scan->next(q);) {
        s.ctx.check();
        if (!s.described_triples.insert({q.s(), q.p(), q.o()}).second) continue;
        s.pending.push_back(
            {s.ctx.terms.term(q.s()), s.ctx.terms.term(q.p()), s.ctx.terms.term(q.o())});
        if (graph::id_kind(q.o()) == graph::TermKind::Blank) todo.push_back(q.o());
      }
    }
  }
}

bool Execution::next_triple(graph::Term& subject, graph::Term& predicate, graph::Term& object) {
  auto& s = *state_;
  if (s.query.form == algebra::QueryForm::Describe) {
    while (s.pending.empty()) {
      if (!s.describe_constants_done) {
        s.describe_constants_done = true;
        for (const auto& target : s.query.describe)
          if (auto* term = std::get_if<graph::Term>(&target))
            if (auto id = s.ctx.txn.lookup(*term)) describe(*id);
        continue;
      }
      Row row;
      if (!s.root->next(row)) return false;
      for (const auto& target : s.query.describe)
        if (auto* v = std::get_if<Variable>(&target))
          if (TermId id = row[s.ctx.slots.slot(v->name)]; id != kUnbound) describe(id);
      if (s.query.describe_all)
        for (size_t slot = 0; slot < s.ctx.slots.size(); ++slot)
          if (row[slot] != kUnbound && s.ctx.slots.name(slot).rfind("_:", 0) != 0)
            describe(row[slot]);
    }
    auto& t = s.pending.front();
    subject = std::move(t[0]);
    predicate = std::move(t[1]);
    object = std::move(t[2]);
    s.pending.pop_front();
    return true;
  }
  while (s.pending.empty()) {
    Row row;
    if (!s.root->next(row)) return false;
    std::map<std::string, graph::Term> fresh_blanks;  // template blank nodes, per solution
    for (const auto& t : s.query.construct_template) {
      std::array<graph::Term, 3> triple;
      bool ok = true;
      const PatternTerm* parts[3] = {&t.subject, &t.predicate, &t.object};
      for (int i = 0; i < 3 && ok; ++i) {
        if (auto* v = std::get_if<Variable>(parts[i])) {
          if (v->name.rfind("_:", 0) == 0) {
            auto [it, inserted] = fresh_blanks.try_emplace(v->name);
            if (inserted) it->second = graph::Term::blank("c" + std::to_string(s.ctx.ticks++));
            triple[i] = it->second;
            continue;
          }
          TermId id = row[s.ctx.slots.slot(v->name)];
          if (id == kUnbound)
            ok = false;
          else
            triple[i] = s.ctx.terms.term(id);
        } else {
          triple[i] = std::get<graph::Term>(*parts[i]);
        }
      }
      if (!ok || triple[0].is_literal() || !triple[1].is_iri()) continue;
      std::string key = triple[0].to_ntriples() + triple[1].to_ntriples() + triple[2].to_ntriples();
      if (s.emitted.insert(key).second) s.pending.push_back(std::move(triple));
    }
  }
  auto& t = s.pending.front();
  subject = std::move(t[0]);
  predicate = std::move(t[1]);
  object = std::move(t[2]);
  s.pending.pop_front();
  return true;
}

}  // namespace moivre::query
