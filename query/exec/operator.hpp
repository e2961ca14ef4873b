// The executor's operator interface: what every physical operator is and what it shares.
//
// An operator is an `Iter`: a pull iterator whose next(row) fills a Row (one TermId per slot of
// the query's variables, kUnbound for none; query/solution.hpp) and returns false once spent.
// Operators own their inputs (IterPtr), so a tree of them is freed from its root. Every row an
// operator produces has the full width of the query's slots; a slot an operator does not bind
// keeps what its input gave (or kUnbound).
//
// Operators that take every row of an input (GROUP BY, ORDER BY, the rows a join keeps, EXISTS)
// take them through for_each instead of next(): the input pushes them, and a basic graph pattern
// hands each one bound in place, without a copy or a return per row.
//
// Contracts every operator keeps:
// - It calls Context::check() (or a Deadline's) at least once per row it reads or produces, so
//   that cancellation and the time limit stop it within ~1024 steps: an operator that discards
//   most rows must still check on each one it discards.
// - It reads quads only through Context::data (the dataset of the query: FROM, FROM NAMED,
//   GRAPH), never through the transaction directly.
// - A row it emits is a fresh value: callers may keep or move it.
// - Joining treats kUnbound as compatible with anything (SPARQL's compatibility, section 18.3),
//   and ids with kComputedBit set as terms no quad holds.
//
// The families live one per file: scans.cpp (basic graph patterns as index nested loops, with
// tables read at run time), joins.cpp (nested, hash and merge joins and their ordering),
// paths.cpp (property paths), exists.cpp (EXISTS and MINUS as probes and anti-joins),
// aggregation.cpp (GROUP BY and aggregates), modifiers.cpp (projection, DISTINCT, slices),
// sort.cpp (ORDER BY), construct.cpp (CONSTRUCT and DESCRIBE); spill.hpp holds the rows that
// operators write to disk past their share of the memory budget. builder.hpp declares the
// Builder that turns algebra into a tree of them; executor.cpp is its core.
#pragma once

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "query/dataset.hpp"
#include "query/exec/memory.hpp"
#include "query/executor.hpp"
#include "query/solution.hpp"

namespace moivre::query::exec {

using graph::TermId;

// Cancellation and the time limit, looked at every 1024 checks (a clock read costs ~20 ns).
class Deadline {
 public:
  explicit Deadline(ExecutionOptions options = {}) : options_(options) {}
  void check() {
    if ((++ticks_ & 0x3FF) != 0) return;
    if (options_.cancel && options_.cancel->load()) throw QueryCancelled("query cancelled");
    if (std::chrono::steady_clock::now() > options_.deadline)
      throw QueryTimeout("query ran past its time limit");
  }

 private:
  ExecutionOptions options_;
  uint64_t ticks_ = 0;
};

// What --explain shows: the operators as built, with estimates and the rows each produced.
struct PlanNode {
  std::string label;
  std::vector<std::string> details;  // e.g. the scans of a basic graph pattern, in plan order
  // Details known only once the query has run, shown after `details` (a scan's actual rows).
  std::vector<std::function<std::string()>> late_details;
  uint64_t rows = 0;
  std::vector<std::unique_ptr<PlanNode>> children;
};

// Shared by all operators of one query.
struct Context {
  const graph::ReadTransaction& txn;
  DatasetView data;  // every read of quads goes through it
  Deadline deadline;
  QueryTerms terms;
  Slots slots;
  std::string base_iri;
  std::string now = current_time();
  std::mt19937_64 random{fresh_seed()};
  uint64_t blank_counter = 0;
  std::unordered_map<std::string, graph::Term> named_blanks;  // BNODE("name") per solution
  std::vector<bool> extended;  // slots bound by BIND and SELECT expressions
  PlanNode plan;
  PlanNode* plan_parent = &plan;  // where the operator being built hangs
  ExecutionOptions options;
  MemoryBudget memory;  // what the operators' kept rows may take (memory.hpp)

  Context(const graph::ReadTransaction& t, const algebra::Query& q, ExecutionOptions o)
      : txn(t),
        data(t, q.from, q.from_named, q.keep_named_graphs),
        deadline(o),
        terms(t),
        options(o),
        memory(o.max_memory) {}

  static std::string current_time() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buf;
  }
  // A seed for RAND() and UUID() different for every query, without opening the system's random
  // device per query (it costs more than a small query's whole plan).
  static uint64_t fresh_seed() {
    static const uint64_t process_seed = std::random_device{}() * 0x9E3779B97F4A7C15ull;
    static std::atomic<uint64_t> queries{0};
    uint64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    return process_seed ^ (queries.fetch_add(1) * 0xBF58476D1CE4E5B9ull) ^ now;
  }
  void check() { deadline.check(); }
  Row empty_row() const { return Row(slots.size(), kUnbound); }
};

// What for_each hands each row to: a reference to a callable taking the row and returning
// whether to go on (no allocation, one indirect call per row).
class RowVisitor {
 public:
  // The callable must outlive the visitor: a lambda passed in the call does.
  template <typename F>
  requires(!std::is_same_v<std::decay_t<F>, RowVisitor>)
      RowVisitor(F&& f)  // NOLINT: made implicitly from a lambda at each call
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, const Row& row) {
          return (*static_cast<std::remove_reference_t<F>*>(o))(row);
        }) {}
  bool operator()(const Row& row) const { return call_(object_, row); }

 private:
  void* object_;
  bool (*call_)(void*, const Row&);
};

class Iter {
 public:
  virtual ~Iter() = default;
  virtual bool next(Row& row) = 0;
  // Hands the rest of the rows to `visit`, in next()'s order, until it returns false; after
  // it, next() must not be called. An operator that makes its rows in place overrides it to
  // push them without a copy or a return per row (a basic graph pattern into GROUP BY).
  virtual void for_each(RowVisitor visit) {
    Row row;
    while (next(row))
      if (!visit(row)) return;
  }
};
using IterPtr = std::unique_ptr<Iter>;

using Bound = std::vector<bool>;  // by slot: whether a variable is bound

struct RowHash {
  size_t operator()(const Row& row) const {
    size_t h = 1469598103934665603ull;
    for (TermId id : row) h = (h ^ id) * 1099511628211ull;
    return h;
  }
};

// Whether two rows agree wherever both are bound.
inline bool compatible(const Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != kUnbound && b[i] != kUnbound && a[i] != b[i]) return false;
  return true;
}
// Fills a's unbound slots from b.
inline void merge_into(Row& a, const Row& b) {
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] == kUnbound) a[i] = b[i];
}

// Every row of an operator, in order.
inline std::vector<Row> drain(Iter& it, Deadline& deadline) {
  std::vector<Row> rows;
  auto keep = [&](const Row& row) {
    deadline.check();
    rows.push_back(row);
    return true;
  };
  it.for_each(keep);
  return rows;
}
// Every row of an operator, charged to the query's memory budget through `charge`, which the
// caller keeps for as long as it keeps the rows.
inline std::vector<Row> drain(Iter& it, Context& ctx, Charge& charge) {
  charge = Charge(ctx.memory);
  std::vector<Row> rows;
  auto keep = [&](const Row& row) {
    ctx.deadline.check();
    charge.add(row_bytes(row));
    rows.push_back(row);
    return true;
  };
  it.for_each(keep);
  return rows;
}

// --- the small operators every family uses ---------------------------------------------------

// Counts its input's rows into a plan node (for --explain).
class CountingIter : public Iter {
 public:
  CountingIter(IterPtr inner, uint64_t* rows) : inner_(std::move(inner)), rows_(rows) {}
  bool next(Row& row) override {
    if (!inner_->next(row)) return false;
    ++*rows_;
    return true;
  }
  void for_each(RowVisitor visit) override {
    auto counted = [&](const Row& row) {
      ++*rows_;
      return visit(row);
    };
    inner_->for_each(counted);
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
  // `charge`: the rows' share of the query's memory budget, given back with them.
  explicit RowsIter(std::vector<Row> rows, Charge charge = {})
      : rows_(std::move(rows)), charge_(std::move(charge)) {}
  bool next(Row& row) override {
    if (pos_ >= rows_.size()) return false;
    row = std::move(rows_[pos_++]);
    return true;
  }

 private:
  std::vector<Row> rows_;
  size_t pos_ = 0;
  Charge charge_;
};

// Its input's rows, keeping a share of the memory budget until it goes (for rows an operator
// keeps inside an iterator built from them).
class KeepIter : public Iter {
 public:
  KeepIter(IterPtr input, Charge charge) : input_(std::move(input)), charge_(std::move(charge)) {}
  bool next(Row& row) override { return input_->next(row); }

 private:
  IterPtr input_;
  Charge charge_;
};

class FilterIter : public Iter {
 public:
  FilterIter(IterPtr input, std::function<bool(const Row&)> keep)
      : input_(std::move(input)), keep_(std::move(keep)) {}
  bool next(Row& row) override {
    while (input_->next(row))
      if (keep_(row)) return true;
    return false;
  }
  void for_each(RowVisitor visit) override {
    auto kept = [&](const Row& row) { return !keep_(row) || visit(row); };
    input_->for_each(kept);
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

}  // namespace moivre::query::exec
