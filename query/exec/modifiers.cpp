// Projection, DISTINCT and slices: the operators that narrow or cut rows (ORDER BY: sort.cpp).
#include <algorithm>
#include <unordered_set>

#include "query/exec/builder.hpp"

namespace moivre::query::exec {
namespace {

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

}  // namespace

IterPtr Builder::project(const Op& op, TermId graph) {
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

IterPtr Builder::distinct(const Op& op, TermId graph) {
  struct Seen {
    std::unordered_set<Row, RowHash> rows;
    Charge charge;
  };
  auto seen = std::make_shared<Seen>();
  seen->charge = Charge(ctx_.memory);
  auto keep = [seen](const Row& row) {
    if (!seen->rows.insert(row).second) return false;
    seen->charge.add(row_bytes(row) + 32);  // the set's node
    return true;
  };
  return std::make_unique<FilterIter>(build(op.children[0], graph), keep);
}

IterPtr Builder::slice(const Op& op, TermId graph) {
  // An ORDER BY right under the slice (through projections) needs only its first rows.
  const Op* child = &op.children[0];
  while (child->kind == Op::Kind::Project) child = &child->children[0];
  if (child->kind == Op::Kind::OrderBy && op.limit) sort_limits_[child] = op.offset + *op.limit;
  return std::make_unique<SliceIter>(build(op.children[0], graph), op.offset, op.limit);
}

}  // namespace moivre::query::exec
