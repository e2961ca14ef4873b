// ORDER BY. Rows are kept and sorted in memory while they fit a quarter of the query's memory
// budget; past that, each such chunk is sorted and written to a temporary file (a run), and the
// runs are merged as rows are asked for: a large sort finishes within the budget instead of
// stopping at it. Ties keep their input order in both (runs are merged in input order), so the
// answer is the same whichever way it was sorted.
#include <algorithm>
#include <cstdio>
#include <queue>
#include <utility>

#include "query/exec/builder.hpp"
#include "query/exec/spill.hpp"

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

using KeyFn = std::function<void(const Row&, SortKey*)>;

// <0 when the keys `a` order before `b`, by the ORDER BY's conditions.
int compare_keys(const std::vector<algebra::OrderKey>& order, const SortKey* a, const SortKey* b) {
  for (size_t k = 0; k < order.size(); ++k) {
    int c = SortKey::compare(a[k], b[k]);
    if (c != 0) return order[k].descending ? -c : c;
  }
  return 0;
}

// (id, row) pairs in id order, rows in their order among equal ids: a radix sort, 11 bits a
// pass over as many bits as the largest id has (a few passes, several times faster than
// comparisons for hundreds of thousands of ids).
void sort_by_id(std::vector<std::pair<TermId, uint32_t>>& pairs) {
  if (std::is_sorted(pairs.begin(), pairs.end())) return;
  TermId largest = 0;
  for (const auto& p : pairs) largest = std::max(largest, p.first);
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  std::vector<std::pair<TermId, uint32_t>> other(pairs.size());
  std::vector<size_t> start(kBuckets);
  for (int shift = 0; shift < 64 && (largest >> shift) != 0; shift += kBits) {
    std::fill(start.begin(), start.end(), 0);
    for (const auto& p : pairs) ++start[(p.first >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (auto& n : start) sum += std::exchange(n, sum);
    for (const auto& p : pairs) other[start[(p.first >> shift) & (kBuckets - 1)]++] = p;
    pairs.swap(other);
  }
}

// A sorted run: its rows in a temporary file (spill.hpp).
using Run = RowFile;

// The runs merged: each run's next row and its keys, the least first.
class MergeIter : public Iter {
 public:
  MergeIter(std::vector<std::unique_ptr<Run>> runs, KeyFn keys,
            const std::vector<algebra::OrderKey>& order, Deadline& deadline)
      : runs_(std::move(runs)),
        keys_(std::move(keys)),
        order_(order),
        deadline_(deadline),
        heads_(runs_.size()),
        heap_(Later{this}) {
    for (size_t i = 0; i < runs_.size(); ++i) {
      runs_[i]->rewind();
      advance(i);
    }
  }

  bool next(Row& row) override {
    if (heap_.empty()) return false;
    deadline_.check();
    size_t i = heap_.top();
    heap_.pop();
    row = std::move(heads_[i].row);
    advance(i);
    return true;
  }

 private:
  struct Head {
    Row row;
    std::vector<SortKey> keys;
  };
  struct Later {
    const MergeIter* self;
    bool operator()(size_t a, size_t b) const {
      int c = compare_keys(self->order_, self->heads_[a].keys.data(), self->heads_[b].keys.data());
      return c != 0 ? c > 0 : a > b;  // ties: the earlier run first
    }
  };

  void advance(size_t i) {
    Head& head = heads_[i];
    if (!runs_[i]->read(head.row)) return;
    head.keys.assign(order_.size(), SortKey{});
    keys_(head.row, head.keys.data());
    heap_.push(i);
  }

  std::vector<std::unique_ptr<Run>> runs_;
  KeyFn keys_;
  const std::vector<algebra::OrderKey>& order_;
  Deadline& deadline_;
  std::vector<Head> heads_;
  std::priority_queue<size_t, std::vector<size_t>, Later> heap_;
};

}  // namespace

IterPtr Builder::order_by(const Op& op, TermId graph) {
  // A variable's key is its term: looked up directly, without an expression evaluation.
  std::vector<std::optional<size_t>> var_slots;
  for (const auto& o : op.order)
    var_slots.push_back(o.expr.kind == algebra::Expr::Kind::Variable
                            ? std::optional(ctx_.slots.slot(o.expr.name))
                            : std::nullopt);
  const size_t width = op.order.size();
  KeyFn keys_of = [this, &op, graph, var_slots](const Row& row, SortKey* out) {
    for (size_t i = 0; i < var_slots.size(); ++i) {
      SortKey& key = out[i];
      if (!var_slots[i]) {
        key.value = evaluate(op.order[i].expr, row, graph);
      } else if (TermId id = row[*var_slots[i]]; id == kUnbound) {
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
  };
  // Every row's keys, as keys_of gives them. A variable's stored terms are read in one walk of
  // the dictionary in id order, not looked up row by row: sorting 250 K e-mail addresses spent
  // most of its time in those lookups.
  auto fill_keys = [&](const std::vector<Row>& rows, std::vector<SortKey>& keys) {
    std::vector<std::pair<TermId, uint32_t>> stored;  // (id, row)
    std::vector<TermId> ids;
    for (size_t i = 0; i < width; ++i) {
      if (!var_slots[i]) {
        for (size_t r = 0; r < rows.size(); ++r) {
          ctx_.check();
          keys[r * width + i].value = evaluate(op.order[i].expr, rows[r], graph);
        }
        continue;
      }
      stored.clear();
      for (size_t r = 0; r < rows.size(); ++r) {
        TermId id = rows[r][*var_slots[i]];
        if (id == kUnbound) continue;
        if (id & kComputedBit)
          keys[r * width + i].value = ctx_.terms.term(id);
        else
          stored.emplace_back(id, static_cast<uint32_t>(r));
      }
      sort_by_id(stored);
      ids.resize(stored.size());
      for (size_t j = 0; j < stored.size(); ++j) ids[j] = stored[j].first;
      ctx_.txn.encoded_terms(ids, [&](size_t j, std::string_view encoded) {
        ctx_.check();
        SortKey& key = keys[stored[j].second * width + i];
        if (SortKey::comparable_as_bytes(encoded))
          key.encoded = encoded;
        else
          key.value = graph::decode_term(encoded);
      });
    }
  };
  // The rows' order, ties in input order.
  auto sort_rows = [&](const std::vector<Row>& rows, std::optional<size_t> first) {
    std::vector<SortKey> keys(rows.size() * width);
    fill_keys(rows, keys);
    std::vector<size_t> order(rows.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    auto before = [&](size_t a, size_t b) {
      int c = compare_keys(op.order, &keys[a * width], &keys[b * width]);
      return c != 0 ? c < 0 : a < b;
    };
    if (first && *first < order.size()) {
      std::partial_sort(order.begin(), order.begin() + *first, order.end(), before);
      order.resize(*first);
    } else {
      std::sort(order.begin(), order.end(), before);
    }
    return order;
  };

  // Rows kept while a quarter of the budget holds them (with their keys while sorting).
  const uint64_t chunk = spill_threshold(ctx_.options);
  auto cost = [width](const Row& row) {
    return row_bytes(row) + width * sizeof(SortKey) + sizeof(size_t);
  };
  IterPtr input = build(op.children[0], graph);
  Charge charge(ctx_.memory);
  std::vector<Row> rows;
  std::vector<std::unique_ptr<Run>> runs;
  auto spill = [&] {
    auto run = std::make_unique<Run>(&ctx_.memory);
    for (size_t i : sort_rows(rows, std::nullopt)) run->write(rows[i]);
    runs.push_back(std::move(run));
    rows.clear();
    rows.shrink_to_fit();
    charge = Charge(ctx_.memory);
  };
  auto keep = [&](const Row& row) {
    ctx_.check();
    uint64_t c = cost(row);
    if (charge.bytes() + c > chunk && !rows.empty()) spill();
    charge.add(c);
    rows.push_back(row);
    return true;
  };
  input->for_each(keep);
  if (!runs.empty()) {
    if (!rows.empty()) spill();
    ctx_.plan_parent->details.push_back("sorted in " + std::to_string(runs.size()) +
                                        " runs on disk, merged");
    return std::make_unique<MergeIter>(std::move(runs), keys_of, op.order, ctx_.deadline);
  }
  // Under a LIMIT only the first offset + limit rows are needed in order.
  std::optional<size_t> first;
  if (auto top = sort_limits_.find(&op); top != sort_limits_.end()) first = top->second;
  std::vector<Row> sorted;
  for (size_t i : sort_rows(rows, first)) sorted.push_back(std::move(rows[i]));
  return std::make_unique<RowsIter>(std::move(sorted), std::move(charge));
}

}  // namespace moivre::query::exec
