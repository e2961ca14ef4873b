// The Builder: turns a query's algebra into a tree of operators (operator.hpp), choosing the
// algorithm for each. One Builder per execution; its methods are defined with the family they
// build (scans.cpp, join_planning.cpp, paths.cpp, exists.cpp, aggregation.cpp, modifiers.cpp),
// its core (build, filters, expressions, GRAPH) in executor.cpp.
//
// The Builder also holds what the built tree shares at run time: plans of basic graph patterns
// (one per pattern, graph and set of bound variables), EXISTS probes, and `seed_`, the row an
// EXISTS pattern is being built for (section 18.6's substitution: every pattern that starts
// solutions starts from it).
#pragma once

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <tuple>

#include "query/exec/scans.hpp"
#include "query/expression.hpp"

namespace moivre::query::exec {

using algebra::Op;
using algebra::PatternTerm;
using algebra::Variable;

class Builder {
 public:
  explicit Builder(Context& ctx) : ctx_(ctx) {}

  // Numbers every variable of the pattern (slots) before anything is built.
  void allocate(const Op& op);
  void allocate(const algebra::Expr& e);

  // An operator's iterator, recorded in the plan with a row counter.
  IterPtr build(const Op& op, TermId graph);

  // Whether a row satisfies every filter (an error counts as false); `graph` is the active graph.
  bool passes(const std::vector<algebra::Expr>& filters, const Row& row, GraphId graph);
  Value evaluate(const algebra::Expr& e, const Row& row, GraphId graph);
  // A FILTER's effective boolean value of `e` (nullopt: an error).
  std::optional<bool> condition(const algebra::Expr& e, const Row& row, GraphId graph);

 private:
  ExpressionContext expression_context(GraphId graph);
  IterPtr build_op(const Op& op, TermId graph);
  IterPtr graph_op(const Op& op);
  IterPtr values(const Op& op);
  // text_search.cpp
  IterPtr text_search(const Op& op, TermId graph);
  // service.cpp: SERVICE's answers, bound to `left`'s rows when given (`left_vars`: what they
  // bind); not yet joined with them.
  std::vector<Row> service_rows(const Op& op, const std::vector<Row>* left, const Bound& left_vars);

  // scans.cpp
  IterPtr bgp(IterPtr input, const Op& op, TermId graph, const Bound& prebound = {});
  std::shared_ptr<BgpPlan> plan_bgp(const Op& op, TermId graph, const Bound& prebound = {});
  std::vector<CompiledPattern> order_patterns(const Op& op, TermId graph, const Bound& prebound);
  PatternSlot compile(const PatternTerm& t);
  uint64_t first_estimate(const Op& bgp_op, TermId graph);

  // paths.cpp
  IterPtr path(IterPtr input, const Op& op, TermId graph);
  std::vector<std::pair<TermId, TermId>> path_pairs(const algebra::Path& p, TermId s, TermId o,
                                                    TermId graph);
  std::vector<TermId> all_nodes(TermId graph);
  uint64_t path_estimate(const Op& path_op, TermId graph);

  // join_planning.cpp
  IterPtr join(const Op& op, TermId graph);
  IterPtr bind(std::vector<Row> rows, const Op& op, TermId graph, const Bound& bound);
  IterPtr hash_join(IterPtr left, const Op& right, TermId graph, const Bound& left_vars);
  IterPtr hashed(IterPtr left, const Op& right, TermId graph, const Bound& left_vars,
                 const std::string& algorithm, bool optional,
                 std::function<bool(const Row&)> condition);
  IterPtr hash_free_join(const Op& op, TermId graph, bool optional);
  uint64_t bindable_estimate(const Op& op, TermId graph);
  void explain_hash(const std::string& algorithm, const std::vector<size_t>& keys, size_t rows);
  static constexpr size_t kBindJoinRows = 50000;
  // A bound row's lookups cost about as much as reading this many rows of a materialised side.
  static constexpr size_t kProbeCost = 4;

  // exists.cpp
  IterPtr minus(const Op& op, TermId graph);
  bool exists(const Op& pattern, const Row& row, GraphId graph);
  // The ids at one position over a triple pattern's whole extent: sorted, or when dense
  // enough a bitmap from the lowest. Immutable: kept in the snapshot's cache across queries.
  struct IdSet {
    std::vector<TermId> ids;     // sorted; or, when dense enough, empty and
    std::vector<uint64_t> bits;  // a bitmap of the ids from `lowest`
    TermId lowest = 0;
    bool contains(TermId id) const {
      if (bits.empty()) return std::binary_search(ids.begin(), ids.end(), id);
      if (id < lowest) return false;
      uint64_t at = id - lowest;
      return at / 64 < bits.size() && (bits[at / 64] >> (at % 64) & 1);
    }
    size_t bytes() const { return ids.size() * sizeof(TermId) + bits.size() * 8 + 64; }
  };
  // EXISTS over one triple pattern, probed by many rows: once probed often enough (at once when
  // an earlier query on the snapshot read it), the ids at its bound position.
  struct ExistsProbe {
    std::shared_ptr<BgpPlan> plan;
    uint64_t probes = 0;
    uint64_t next_check = kExistsSetAfter;
    bool looked_in_cache = false;
    int position = -1;  // of the ids, once read
    std::shared_ptr<const IdSet> set;
  };
  ExistsProbe& exists_probe(const Op& pattern, GraphId graph);
  void read_exists_ids(ExistsProbe& cache, const graph::QuadPattern& qp, int position,
                       bool from_cache_only);
  // The set is read at 2,048 probes when its extent has at most kExistsSetSmall quads, and
  // past that once the probes made cost as much as reading it (a probe, a B-tree descent, costs
  // about as much as reading kQuadsPerProbe quads), checked at each doubling; its ids may take
  // at most the quarter of the query's memory an operator keeps before it spills.
  static constexpr uint64_t kExistsSetAfter = 2048;
  static constexpr uint64_t kExistsSetSmall = 2'000'000;
  static constexpr uint64_t kQuadsPerProbe = 8;

  // aggregation.cpp
  IterPtr group(const Op& op, TermId graph);
  IterPtr counting_group(const Op& op, TermId graph);
  std::vector<Row> grouped(const Op& op, const std::vector<Row>& rows, TermId graph,
                           Charge& charge);
  void group_key(const Op& op, const std::vector<std::optional<size_t>>& key_slots, const Row& row,
                 GraphId graph, Row& key);
  std::vector<std::optional<size_t>> group_key_slots(const Op& op);
  Value aggregate(const algebra::Expr& agg, const std::vector<Row>& rows,
                  const std::vector<size_t>& members, GraphId graph);

  // modifiers.cpp
  IterPtr order_by(const Op& op, TermId graph);
  IterPtr project(const Op& op, TermId graph);
  IterPtr distinct(const Op& op, TermId graph);
  IterPtr slice(const Op& op, TermId graph);

  // The variables an operator mentions (may bind), as slots.
  void mentioned(const Op& op, std::set<size_t>& out);
  Bound as_bound(const std::set<size_t>& slots) const;
  // The variables EXISTS's row binds, while its pattern is built.
  Bound seed_bound() const;
  // The solution the patterns being built start from: none, or the row an EXISTS is evaluated
  // for (its substitution).
  Row start_row() const { return seed_ ? *seed_ : ctx_.empty_row(); }

  Context& ctx_;
  const Row* seed_ = nullptr;
  std::map<std::tuple<const Op*, TermId, Bound>, std::shared_ptr<BgpPlan>> bgp_plans_;
  std::map<const Op*, size_t> sort_limits_;  // ORDER BY operators under a LIMIT: rows needed
  std::map<std::pair<const Op*, GraphId>, ExistsProbe> exists_probes_;
  // The last one used: a FILTER probes the same pattern row after row.
  std::pair<const Op*, GraphId> last_exists_key_{nullptr, 0};
  ExistsProbe* last_exists_ = nullptr;
};

}  // namespace moivre::query::exec

namespace moivre::query {

struct Execution::State {
  exec::Context ctx;
  exec::Builder builder;
  const algebra::Query& query;
  exec::IterPtr root;
  std::vector<std::string> variables;
  std::vector<size_t> var_slots;
  Row row;  // the root's last row, kept so that its storage is reused from row to row
  // CONSTRUCT: the current solution's triples not yet returned.
  std::deque<std::array<graph::Term, 3>> pending;
  std::set<std::string> emitted;
  uint64_t template_blanks = 0;  // blank nodes made for the template
  // DESCRIBE: resources already described, and whether the constant targets were.
  std::set<TermId> described;
  std::set<std::array<TermId, 3>> described_triples;
  bool describe_constants_done = false;
  exec::Charge kept;  // what `emitted` and `described_triples` hold, against the budget

  State(const graph::ReadTransaction& txn, const algebra::Query& q, ExecutionOptions o)
      : ctx(txn, q, o), builder(ctx), query(q), kept(ctx.memory) {}

  // Hands out the first pending triple (CONSTRUCT, DESCRIBE).
  bool take_pending(graph::Term& subject, graph::Term& predicate, graph::Term& object) {
    auto& t = pending.front();
    subject = std::move(t[0]);
    predicate = std::move(t[1]);
    object = std::move(t[2]);
    pending.pop_front();
    return true;
  }
};

}  // namespace moivre::query
