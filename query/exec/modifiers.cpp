// ORDER BY, projection, DISTINCT and slices: the operators that reorder, narrow or cut rows.
#include <algorithm>
#include <unordered_set>

#include "query/exec/builder.hpp"

namespace moivre::query::exec {
namespace {

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

IterPtr Builder::order_by(const Op& op, TermId graph) {
  Charge charge;
  auto rows = drain(*build(op.children[0], graph), ctx_, charge);
  // A variable's key is its term: looked up directly, without an expression evaluation.
  std::vector<std::optional<size_t>> var_slots;
  for (const auto& o : op.order)
    var_slots.push_back(o.expr.kind == algebra::Expr::Kind::Variable
                            ? std::optional(ctx_.slots.slot(o.expr.name))
                            : std::nullopt);
  const size_t width = op.order.size();
  charge.add(rows.size() * (width * sizeof(SortKey) + sizeof(size_t)));  // keys and order
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
  return std::make_unique<RowsIter>(std::move(sorted), std::move(charge));
}

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
