// GROUP BY and aggregates. Groups keep their first row's order (within a partition, once they
// spill to disk). When every aggregate is a plain COUNT, rows are counted as they stream by and
// none is kept; past its share of the memory budget grouping partitions its rows on disk.
#include <set>
#include <unordered_map>

#include "query/exec/builder.hpp"
#include "query/exec/group_numbers.hpp"
#include "query/exec/spill.hpp"

namespace moivre::query::exec {
namespace {

// Whether every aggregate is a plain COUNT(*) or COUNT(?var): then groups are counted as rows
// stream by, and no row is kept (a count over a huge join takes time, not memory).
bool counts_only(const Op& op) {
  for (const auto& agg : op.aggregates)
    if (agg.expr.kind != algebra::Expr::Kind::Aggregate || agg.expr.name != "COUNT" ||
        agg.expr.distinct ||
        (!agg.expr.args.empty() && agg.expr.args[0].kind != algebra::Expr::Kind::Variable))
      return false;
  return true;
}

}  // namespace

// The group key of a row, into `key` (its storage reused row after row): a variable key's id
// is its value (slots found once).
void Builder::group_key(const Op& op, const std::vector<std::optional<size_t>>& key_slots,
                        const Row& row, GraphId graph, Row& key) {
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

std::vector<std::optional<size_t>> Builder::group_key_slots(const Op& op) {
  std::vector<std::optional<size_t>> key_slots;
  for (const auto& k : op.bindings)
    key_slots.push_back(k.expr.kind == algebra::Expr::Kind::Variable
                            ? std::optional(ctx_.slots.slot(k.expr.name))
                            : std::nullopt);
  return key_slots;
}

namespace {

// Slots 0..n-1: a group key's own positions, for key_hash.
std::vector<size_t> first_slots(size_t n) {
  std::vector<size_t> slots(n);
  for (size_t i = 0; i < n; ++i) slots[i] = i;
  return slots;
}

// Groups by number (group_numbers.hpp): their keys, and their counts (aggregates per group).
struct Counted {
  GroupNumbers numbers;
  std::vector<Row> keys;
  std::vector<uint64_t> counts;
  explicit Counted(size_t width) : numbers(width) {}
  // Adds a record's or a row's counts to its key's group; false when the group is new and
  // `room` says no to its bytes: then the numbers hold a key the groups lack, and the caller
  // replaces this Counted (it spills).
  template <typename Room>
  bool add(const Row& key, const uint64_t* add, size_t aggregates, Room room) {
    auto [g, added] = numbers.find_or_add(key);
    if (added) {
      if (!room(numbers.bytes_per_group() + row_bytes(key) + aggregates * sizeof(uint64_t)))
        return false;
      keys.push_back(key);
      counts.resize(counts.size() + aggregates, 0);
    }
    for (size_t a = 0; a < aggregates; ++a) counts[g * aggregates + a] += add[a];
    return true;
  }
};

}  // namespace

// Counts per group as rows stream by. Past its share of the memory budget, the groups counted
// so far and every row still to come are written to partitions on the group key's hash, as
// records [key..., counts...] (a row counts 0 or 1 per aggregate), and each partition's records
// are summed in turn: many groups take disk, not memory.
IterPtr Builder::counting_group(const Op& op, TermId graph) {
  auto input = build(op.children[0], graph);
  auto key_slots = group_key_slots(op);
  std::vector<std::optional<size_t>> counted;  // per aggregate: the variable's slot, or * (none)
  for (const auto& agg : op.aggregates)
    counted.push_back(agg.expr.args.empty()
                          ? std::nullopt
                          : std::optional(ctx_.slots.slot(agg.expr.args[0].name)));
  const size_t width = op.bindings.size(), aggregates = op.aggregates.size();
  const uint64_t threshold = spill_threshold(ctx_.options);
  Counted groups(width);
  Charge charge(ctx_.memory);
  std::shared_ptr<Partitions> spilled;
  const auto key_positions = first_slots(width);
  auto spill_record = [&](const Row& key, const uint64_t* counts) {
    Row record = key;
    record.insert(record.end(), counts, counts + aggregates);
    spilled->add(record, key_hash(record, key_positions));
  };
  auto room = [&](uint64_t bytes) {
    if (width > 0 && charge.bytes() + bytes > threshold) return false;
    charge.add(bytes);
    return true;
  };
  Row key;
  std::vector<uint64_t> ones(aggregates);
  // The rows are pushed (for_each): a basic graph pattern hands each one bound in place.
  auto count_row = [&](const Row& row) {
    ctx_.check();
    group_key(op, key_slots, row, graph, key);
    for (size_t a = 0; a < aggregates; ++a) ones[a] = !counted[a] || row[*counted[a]] != kUnbound;
    if (!spilled && groups.add(key, ones.data(), aggregates, room)) return true;
    if (!spilled) {
      // Past the share: the groups counted so far, and every row from here, go to disk.
      spilled = std::make_shared<Partitions>(64, &ctx_.memory);
      for (size_t g = 0; g < groups.keys.size(); ++g)
        spill_record(groups.keys[g], &groups.counts[g * aggregates]);
      groups = Counted(width);
      charge = Charge(ctx_.memory);
    }
    spill_record(key, ones.data());
    return true;
  };
  input->for_each(count_row);
  if (groups.keys.empty() && op.bindings.empty() && !spilled) {
    groups.keys.push_back({});
    groups.counts.assign(aggregates, 0);
  }
  const std::string integer = "http://www.w3.org/2001/XMLSchema#integer";
  auto results = [this, &op, integer, aggregates](const Counted& groups) {
    std::vector<Row> out;
    for (size_t g = 0; g < groups.keys.size(); ++g) {
      const Row& key = groups.keys[g];
      Row result = ctx_.empty_row();
      for (size_t k = 0; k < op.bindings.size(); ++k)
        if (!op.bindings[k].var.name.empty())
          result[ctx_.slots.slot(op.bindings[k].var.name)] = key[k];
      for (size_t a = 0; a < aggregates; ++a)
        result[ctx_.slots.slot(op.aggregates[a].var.name)] = ctx_.terms.id_of(
            graph::Term::typed_literal(std::to_string(groups.counts[g * aggregates + a]), integer));
      out.push_back(std::move(result));
    }
    return out;
  };
  if (!spilled) return std::make_unique<RowsIter>(results(groups), std::move(charge));
  ctx_.plan_parent->details.push_back("groups counted in " + std::to_string(spilled->size()) +
                                      " partitions on disk");
  auto sum_partition = [this, spilled, width, aggregates, results](size_t p, Charge& held) {
    Counted groups(width);
    RowFile& file = (*spilled)[p];
    file.rewind();
    Row record, key;
    auto charged = [&held](uint64_t bytes) {
      held.add(bytes);
      return true;
    };
    while (file.read(record)) {
      ctx_.check();
      key.assign(record.begin(), record.begin() + static_cast<std::ptrdiff_t>(width));
      groups.add(key, record.data() + width, aggregates, charged);
    }
    return results(groups);
  };
  return std::make_unique<PartitionIter>(spilled->size(), sum_partition, ctx_.memory);
}

// The groups of `rows` and their aggregates, one result row per group, in the order of each
// group's first row; the keys charged to `charge`.
std::vector<Row> Builder::grouped(const Op& op, const std::vector<Row>& rows, TermId graph,
                                  Charge& charge) {
  GroupNumbers numbers(op.bindings.size());
  std::vector<Row> keys;                     // by group number
  std::vector<std::vector<size_t>> members;  // by group number: its rows
  auto key_slots = group_key_slots(op);
  Row key;
  for (size_t i = 0; i < rows.size(); ++i) {
    ctx_.check();
    group_key(op, key_slots, rows[i], graph, key);
    auto [g, added] = numbers.find_or_add(key);
    if (added) {
      keys.push_back(key);
      members.emplace_back();
      charge.add(numbers.bytes_per_group() + row_bytes(key) + sizeof(std::vector<size_t>));
    }
    members[g].push_back(i);
  }
  if (rows.empty() && op.bindings.empty()) {
    keys.push_back({});
    members.emplace_back();
  }
  std::vector<Row> out;
  for (size_t g = 0; g < keys.size(); ++g) {
    const Row& key = keys[g];
    Row row = ctx_.empty_row();
    for (size_t k = 0; k < op.bindings.size(); ++k)
      if (!op.bindings[k].var.name.empty()) row[ctx_.slots.slot(op.bindings[k].var.name)] = key[k];
    for (const auto& agg : op.aggregates)
      if (auto v = aggregate(agg.expr, rows, members[g], graph))
        row[ctx_.slots.slot(agg.var.name)] = ctx_.terms.id_of(*v);
    out.push_back(std::move(row));
  }
  return out;
}

// GROUP BY with aggregates over the members' rows. Past its share of the memory budget, the
// input goes to disk in partitions on the group key's hash, and each partition is grouped in
// memory in turn: only one partition's rows are held at once (one group's rows must fit).
IterPtr Builder::group(const Op& op, TermId graph) {
  if (counts_only(op)) return counting_group(op, graph);
  Charge charge;
  const uint64_t threshold = spill_threshold(ctx_.options);
  Collected collected = collect(*build(op.children[0], graph), ctx_, charge, threshold);
  if (!collected.file || op.bindings.empty()) {
    auto rows = load_all(collected, ctx_, charge);
    auto out = grouped(op, rows, graph, charge);
    return std::make_unique<RowsIter>(std::move(out), std::move(charge));
  }
  auto key_slots = group_key_slots(op);
  const auto key_positions = first_slots(op.bindings.size());
  auto partitions =
      std::make_shared<Partitions>(partition_count(collected.bytes, threshold / 2), &ctx_.memory);
  collected.file->rewind();
  Row row, key;
  while (collected.file->read(row)) {
    ctx_.check();
    group_key(op, key_slots, row, graph, key);
    partitions->add(row, key_hash(key, key_positions));
  }
  collected.file.reset();
  ctx_.plan_parent->details.push_back("grouped in " + std::to_string(partitions->size()) +
                                      " partitions on disk");
  auto group_partition = [this, &op, graph, partitions](size_t p, Charge& held) {
    return grouped(op, read_all((*partitions)[p], ctx_.deadline, held), graph, held);
  };
  return std::make_unique<PartitionIter>(partitions->size(), group_partition, ctx_.memory);
}

Value Builder::aggregate(const algebra::Expr& agg, const std::vector<Row>& rows,
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
    Value v =
        agg.args.empty() ? Value(graph::Term::literal("*")) : evaluate(agg.args[0], rows[i], graph);
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

}  // namespace moivre::query::exec
