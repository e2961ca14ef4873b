// Join algorithms over rows, independent of the store: each takes its inputs as operators or
// rows and a Deadline, so that tests can run them against a nested-loop reference.
//
// All of them produce, for a left row l and a right row r, the row l merged with r when the
// two are compatible (SPARQL's join: equal wherever both are bound), with multiplicities
// multiplied. They differ in what they need and what they keep:
// - NestedJoinIter: a right side made per left row (a bind join); OPTIONAL keeps a left row
//   without match, and a condition filters the merged rows (LeftJoin's filter).
// - HashJoinIter: the right rows in memory, hashed on key slots all of them bind; a left row
//   missing a key is compared with every right row. Also OPTIONAL's, with its condition.
// - GraceHashJoinIter: a HashJoinIter for a right side too large for memory, in a file: both
//   sides are split into partitions on the hash of the keys and each pair joined in memory in
//   turn; a left row missing a key meets every partition.
// - MergeJoinIter: both sides sorted on the key slots (every row binding all of them); reads
//   each side once, and gallops (exponential search) over runs of the other side's keys, so a
//   small side against a large one costs O(small * log(large)).
// - FeedIter: an operator's input that is given one row at a time, so that the operator (a basic
//   graph pattern with its open scans) serves every left row of a bind join.
// - MinusTable: MINUS's anti-join (section 18.5): a left row is removed when some right row is
//   compatible with it and shares one of its variables.
#pragma once

#include <unordered_map>

#include "query/exec/operator.hpp"
#include "query/exec/spill.hpp"

namespace moivre::query::exec {

class NestedJoinIter : public Iter {
 public:
  // The right side for a left row: an operator restarted on it, spent before the next call.
  using RightFn = std::function<Iter&(const Row&)>;
  NestedJoinIter(Deadline& deadline, IterPtr left, RightFn right, bool optional,
                 std::function<bool(const Row&)> condition);
  bool next(Row& out) override;

 private:
  Deadline& deadline_;
  IterPtr left_;
  RightFn right_;
  bool optional_;
  std::function<bool(const Row&)> condition_;
  Row left_row_;
  Iter* current_ = nullptr;
  bool matched_ = false;
};

class HashJoinIter : public Iter {
 public:
  // `optional`: a left row without a (conditioned) match is kept alone, as OPTIONAL keeps it.
  HashJoinIter(Deadline& deadline, IterPtr left, std::vector<Row> right, std::vector<size_t> keys,
               bool optional = false, std::function<bool(const Row&)> condition = nullptr);
  bool next(Row& out) override;

 private:
  bool emit(const Row& r, Row& out);
  bool optional_;
  std::function<bool(const Row&)> condition_;
  bool have_left_ = false, matched_ = false;

  using Table = std::unordered_multimap<Row, size_t, RowHash>;
  Deadline& deadline_;
  IterPtr left_;
  std::vector<Row> right_;
  std::vector<size_t> keys_;
  Table table_;
  Row left_row_, key_;
  bool all_ = false;
  size_t scan_ = 0;
  Table::const_iterator match_{}, end_{};
};

// The right rows in a file (every one binding every key slot), split into `partitions` on the
// keys' hash; the left side is split the same way when it is first asked for a row. Partition by
// partition, the right rows are read into memory (charged to `memory`: a partition past the
// budget, one key's rows alone, stops the query) and joined with that partition's left rows
// by a HashJoinIter. Left rows missing a key are compared with every right row of every
// partition; with `optional`, one matched nowhere is given alone at the end. No key at all:
// every pair is compared, through one partition.
class GraceHashJoinIter : public Iter {
 public:
  GraceHashJoinIter(Deadline& deadline, MemoryBudget& memory, IterPtr left,
                    std::unique_ptr<RowFile> right, std::vector<size_t> keys, size_t partitions,
                    bool optional = false, std::function<bool(const Row&)> condition = nullptr);
  bool next(Row& out) override;

 private:
  void split();
  bool open_partition();  // the next partition's join; false when none is left
  bool emit(const Row& left, const Row& right, Row& out);

  Deadline& deadline_;
  MemoryBudget& memory_;
  IterPtr left_;
  std::unique_ptr<RowFile> right_file_;
  std::vector<size_t> keys_;
  size_t partition_count_;
  bool optional_;
  std::function<bool(const Row&)> condition_;

  bool split_ = false;
  std::unique_ptr<Partitions> left_parts_, right_parts_;
  std::unique_ptr<RowFile> unkeyed_;  // left rows missing a key
  std::vector<bool> unkeyed_matched_;
  size_t next_partition_ = 0;

  // The partition being joined: its right rows, the unkeyed left rows against them, then the
  // hash join of its keyed left rows.
  Charge charge_;
  std::vector<Row> right_rows_;
  size_t partition_ = 0;
  Row unkeyed_row_;
  size_t unkeyed_at_ = 0, right_at_ = 0;
  bool unkeyed_pass_ = false, have_unkeyed_ = false;
  IterPtr inner_;
  bool unmatched_pass_ = false;
};

// An input that yields the row it was last given, once.
class FeedIter : public Iter {
 public:
  void set(const Row& row) { row_ = row, full_ = true; }
  bool next(Row& out) override {
    if (!full_) return false;
    full_ = false;
    out = row_;
    return true;
  }

 private:
  Row row_;
  bool full_ = false;
};

// Rows held elsewhere, replayed from the start after each reset.
class ReplayIter : public Iter {
 public:
  explicit ReplayIter(std::shared_ptr<const std::vector<Row>> rows) : rows_(std::move(rows)) {}
  void reset() { pos_ = 0; }
  bool next(Row& out) override {
    if (pos_ >= rows_->size()) return false;
    out = (*rows_)[pos_++];
    return true;
  }

 private:
  std::shared_ptr<const std::vector<Row>> rows_;
  size_t pos_ = 0;
};

// Both inputs sorted ascending on `keys` (lexicographically, in that order), every row binding
// every key. The right side is read into memory in key runs; the left side streams.
class MergeJoinIter : public Iter {
 public:
  MergeJoinIter(Deadline& deadline, IterPtr left, std::vector<Row> right, std::vector<size_t> keys);
  bool next(Row& out) override;

 private:
  int compare_keys(const Row& a, const Row& b) const;
  // The first right row at or after `from` whose key is not below the left row's.
  size_t gallop(size_t from, const Row& left) const;

  Deadline& deadline_;
  IterPtr left_;
  std::vector<Row> right_;
  std::vector<size_t> keys_;
  Row left_row_;
  size_t run_begin_ = 0, run_end_ = 0, at_ = 0;  // the right rows with the left row's key
  bool have_left_ = false;
};

// MINUS's right side, ready to be asked about left rows. `constant` marks slots bound outside
// (EXISTS's substitution): bound on both sides, they are not shared variables.
class MinusTable {
 public:
  MinusTable(std::vector<Row> right, const Bound& left_may_bind, std::vector<bool> constant);
  // Whether some right row removes `row`.
  bool removes(const Row& row, Deadline& deadline) const;

 private:
  bool removes_one(const Row& row, const Row& r) const;

  std::vector<Row> right_;
  std::vector<bool> constant_;
  std::vector<size_t> key_slots_, right_vars_;
  std::unordered_multimap<Row, size_t, RowHash> table_;
};

}  // namespace moivre::query::exec
