// Joins of several operands as planned: the order of the operands, and for each the algorithm
// (a bind join for basic graph patterns and paths, a hash join for the rest; for OPTIONAL, a
// bind join when its right side is a basic graph pattern, else a hash left join). The
// algorithms themselves are in joins.cpp.
#include <algorithm>

#include "query/exec/builder.hpp"
#include "query/exec/joins.hpp"

namespace moivre::query::exec {
namespace {

void flatten_join(const Op& op, std::vector<const Op*>& out) {
  if (op.kind == Op::Kind::Join) {
    for (const auto& c : op.children) flatten_join(c, out);
  } else {
    out.push_back(&op);
  }
}

// Basic graph patterns and paths, and unions of them, can run bound to given rows.
bool bindable(const Op& op) {
  if (op.kind == Op::Kind::Bgp || op.kind == Op::Kind::Path) return true;
  if (op.kind != Op::Kind::Union) return false;
  return std::all_of(op.children.begin(), op.children.end(), bindable);
}

// The slots every row binds that the left side may bind too: a hash join's keys (a variable the
// left side never binds would send every left row to every right row).
std::vector<size_t> shared_keys(const std::vector<Row>& rows, const Bound& left_vars) {
  std::vector<size_t> keys;
  if (rows.empty()) return keys;
  for (size_t slot = 0; slot < left_vars.size() && slot < rows.front().size(); ++slot) {
    if (!left_vars[slot]) continue;
    bool all = true;
    for (const auto& r : rows) all &= r[slot] != kUnbound;
    if (all) keys.push_back(slot);
  }
  return keys;
}

}  // namespace

// A join of several operands (Join is associative and commutative): start from the most
// selective basic graph pattern, then add the operand sharing the most variables with what is
// bound so far, basic graph patterns and paths by binding, the rest by hashing.
IterPtr Builder::join(const Op& op, TermId graph) {
  std::vector<const Op*> operands;
  flatten_join(op, operands);
  size_t first = 0;
  uint64_t best = UINT64_MAX;
  for (size_t i = 0; i < operands.size(); ++i) {
    const Op& operand = *operands[i];
    // A name search is taken as the most selective: it starts, and the rest is bound to it.
    uint64_t e = operand.kind == Op::Kind::Bgp          ? first_estimate(operand, graph)
                 : operand.kind == Op::Kind::Path       ? path_estimate(operand, graph)
                 : operand.kind == Op::Kind::TextSearch ? 0
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
    PlanNode* node = ctx_.plan_parent;
    if (next.kind == Op::Kind::Bgp) {
      node->details.push_back("bind join: bgp");
      current = bgp(std::move(current), next, graph, before);
    } else if (next.kind == Op::Kind::Path) {
      node->details.push_back("bind join: path");
      current = path(std::move(current), next, graph);
    } else if (next.kind == Op::Kind::Union && bindable(next)) {
      // Join distributes over union: with few rows so far (few for the union's size), each
      // branch runs bound to them rather than materialising every solution of the union.
      Charge charge;
      auto rows = drain(*current, ctx_, charge);
      uint64_t estimate = bindable_estimate(next, graph);
      if (rows.size() <= kBindJoinRows || rows.size() * kProbeCost < estimate) {
        node->details.push_back("bind join: union, bound to " + std::to_string(rows.size()) +
                                " rows   est " + std::to_string(estimate));
        current = std::make_unique<KeepIter>(bind(std::move(rows), next, graph, before),
                                             std::move(charge));
      } else {
        current = hash_join(std::make_unique<RowsIter>(std::move(rows), std::move(charge)), next,
                            graph, before);
      }
    } else if (next.kind == Op::Kind::Service) {
      // A bound join: the rows so far go to the endpoint as VALUES, its answers are hashed.
      Charge charge;
      auto rows = drain(*current, ctx_, charge);
      auto answers = service_rows(next, &rows, before);
      for (const auto& row : answers) charge.add(row_bytes(row) + kHashEntryBytes);
      auto keys = shared_keys(answers, before);
      explain_hash("service join", keys, answers.size());
      current = std::make_unique<KeepIter>(
          std::make_unique<HashJoinIter>(ctx_.deadline, std::make_unique<RowsIter>(std::move(rows)),
                                         std::move(answers), std::move(keys)),
          std::move(charge));
    } else {
      current = hash_join(std::move(current), next, graph, before);
    }
  }
  return current;
}

// Each of `rows` extended by `op` (bindable) evaluated with the row's bindings (`bound`).
IterPtr Builder::bind(std::vector<Row> rows, const Op& op, TermId graph, const Bound& bound) {
  if (op.kind == Op::Kind::Bgp)
    return bgp(std::make_unique<RowsIter>(std::move(rows)), op, graph, bound);
  if (op.kind == Op::Kind::Path)
    return path(std::make_unique<RowsIter>(std::move(rows)), op, graph);
  auto left = bind(rows, op.children[0], graph, bound);
  return std::make_unique<ConcatIter>(std::move(left),
                                      bind(std::move(rows), op.children[1], graph, bound));
}

// What --explain says of a hash join: its keys and the rows hashed.
void Builder::explain_hash(const std::string& algorithm, const std::vector<size_t>& keys,
                           size_t rows) {
  std::string line = algorithm + " on";
  for (size_t slot : keys) line += " ?" + ctx_.slots.name(slot);
  if (keys.empty()) line += " nothing (every pair compared)";
  ctx_.plan_parent->details.push_back(line + ": " + std::to_string(rows) + " rows hashed");
}

// An upper bound of a bindable operator's solutions when run alone: a basic graph pattern's
// most selective pattern, a path's ends, a union's sum.
uint64_t Builder::bindable_estimate(const Op& op, TermId graph) {
  if (op.kind == Op::Kind::Bgp) return first_estimate(op, graph);
  if (op.kind == Op::Kind::Path) return path_estimate(op, graph);
  uint64_t sum = 0;
  for (const auto& child : op.children) {
    uint64_t e = bindable_estimate(child, graph);
    sum = e > UINT64_MAX - sum ? UINT64_MAX : sum + e;
  }
  return sum;
}

// Join with an independent right side, `left_vars` the variables the left side may bind:
// materialised and hashed on the variables bound in all its rows that the left side binds too.
IterPtr Builder::hash_join(IterPtr left, const Op& right, TermId graph, const Bound& left_vars) {
  return hashed(std::move(left), right, graph, left_vars, "hash join", false, nullptr);
}

// The right side materialised and hashed. Past its share of the memory budget it goes to disk,
// and, when it has keys to split on, is joined partition by partition (GraceHashJoinIter);
// without keys every pair must be compared in memory, and past the budget the query stops.
IterPtr Builder::hashed(IterPtr left, const Op& right, TermId graph, const Bound& left_vars,
                        const std::string& algorithm, bool optional,
                        std::function<bool(const Row&)> condition) {
  Charge charge;
  const uint64_t threshold = spill_threshold(ctx_.options);
  Collected collected = collect(*build(right, graph), ctx_, charge, threshold);
  if (collected.file) {
    std::vector<size_t> keys;
    for (size_t slot = 0; slot < left_vars.size() && slot < collected.bound_in_all.size(); ++slot)
      if (left_vars[slot] && collected.bound_in_all[slot]) keys.push_back(slot);
    if (!keys.empty()) {
      size_t parts =
          partition_count(collected.bytes + collected.count * kHashEntryBytes, threshold / 2);
      explain_hash(algorithm, keys, collected.count);
      ctx_.plan_parent->details.back() +=
          ", spilled: " + std::to_string(parts) + " partitions on disk";
      return std::make_unique<GraceHashJoinIter>(ctx_.deadline, ctx_.memory, std::move(left),
                                                 std::move(collected.file), std::move(keys), parts,
                                                 optional, std::move(condition));
    }
  }
  auto rows = load_all(collected, ctx_, charge);
  charge.add(rows.size() * kHashEntryBytes);
  auto keys = shared_keys(rows, left_vars);
  explain_hash(algorithm, keys, rows.size());
  return std::make_unique<KeepIter>(
      std::make_unique<HashJoinIter>(ctx_.deadline, std::move(left), std::move(rows),
                                     std::move(keys), optional, std::move(condition)),
      std::move(charge));
}

IterPtr Builder::hash_free_join(const Op& op, TermId graph, bool optional) {
  std::function<bool(const Row&)> condition;
  if (!op.filters.empty())
    condition = [this, &op, graph](const Row& row) { return passes(op.filters, row, graph); };
  const Op& right = op.children[1];
  std::set<size_t> left_vars;
  mentioned(op.children[0], left_vars);
  Bound bound = as_bound(left_vars);
  if (right.kind != Op::Kind::Bgp) {
    // Evaluated once and hashed on the variables all its rows bind that the left side binds
    // too; a left row missing one is compared with every right row.
    return hashed(build(op.children[0], graph), right, graph, bound, "hash left join", optional,
                  condition);
  }
  // The right side per left row, with the left row's bindings: a bind join, planned knowing
  // which variables the left side binds. One operator serves every left row (its scans are
  // restarted, not reopened).
  if (seed_)
    for (size_t i = 0; i < seed_->size(); ++i) bound[i] = bound[i] || (*seed_)[i] != kUnbound;
  auto feed = std::make_unique<FeedIter>();
  FeedIter* feed_at = feed.get();
  std::shared_ptr<Iter> side = bgp(std::move(feed), right, graph, bound);
  NestedJoinIter::RightFn make_right = [feed_at, side](const Row& left) -> Iter& {
    feed_at->set(left);
    return *side;
  };
  return std::make_unique<NestedJoinIter>(ctx_.deadline, build(op.children[0], graph), make_right,
                                          optional, condition);
}

}  // namespace moivre::query::exec
