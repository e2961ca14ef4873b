// Rows on disk, for the operators that would keep more rows than their share of the query's
// memory budget: ORDER BY's sorted runs (sort.cpp), and the partitions of hash joins
// (GraceHashJoinIter, joins.hpp) and of grouping (aggregation.cpp).
//
// A RowFile is an unnamed temporary file (tmpfile(3): removed when closed, and by the system
// if the process dies), each row as its width (uint32) and its ids. Ids are written as they
// are: those with kComputedBit name terms of the query's own table (QueryTerms), which lives as
// long as the query and so as long as its files.
//
// An operator keeps rows in memory up to spill_threshold() bytes (a quarter of the budget), so
// that the rows it reads back from one partition, with their hash table, fit the rest.
#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include "query/exec/operator.hpp"

namespace moivre::query::exec {

class RowFile {
 public:
  // Throws QueryMemoryExceeded when no temporary file can be made. What is written is charged
  // to `budget`'s disk allowance (MemoryBudget::charge_disk), when given.
  explicit RowFile(MemoryBudget* budget = nullptr);
  ~RowFile();
  RowFile(const RowFile&) = delete;
  RowFile& operator=(const RowFile&) = delete;

  void write(const Row& row);
  // Back to the first row, for reading (or for writing again from the start: unused).
  void rewind();
  bool read(Row& row);
  uint64_t rows() const { return rows_; }

 private:
  std::FILE* file_;
  MemoryBudget* budget_;
  uint64_t rows_ = 0;
};

// Every row of a RowFile, from its start, in memory: each charged to `charge` with
// `extra_per_row` bytes more (a hash table's entry), so that past the budget the query stops.
std::vector<Row> read_all(RowFile& file, Deadline& deadline, Charge& charge,
                          uint64_t extra_per_row = 0);

// The rows of a RowFile from its start.
class FileIter : public Iter {
 public:
  explicit FileIter(RowFile& file, Deadline& deadline) : file_(file), deadline_(deadline) {
    file_.rewind();
  }
  bool next(Row& row) override {
    deadline_.check();
    return file_.read(row);
  }

 private:
  RowFile& file_;
  Deadline& deadline_;
};

// What one operator keeps in memory before it spills: ExecutionOptions::spill_after, else a
// quarter of the query's budget, at least 1 MiB; no limit without a budget.
inline uint64_t spill_threshold(const ExecutionOptions& options) {
  if (options.spill_after) return options.spill_after;
  return options.max_memory ? std::max<uint64_t>(options.max_memory / 4, uint64_t{1} << 20)
                            : UINT64_MAX;
}

// Partitions enough that each holds about `target` bytes of `total`: a power of two from 2 to
// 128 (each an open file, per side of a join; the disk bound, eight budgets, needs no more than
// 64 partitions of an eighth of a budget).
size_t partition_count(uint64_t total, uint64_t target);

// The hash of a row's key (the ids at `slots`), seeded so that it differs from RowHash's, which
// the hash tables inside one partition use.
size_t key_hash(const Row& row, const std::vector<size_t>& slots);

// Rows split into files by key_hash.
class Partitions {
 public:
  explicit Partitions(size_t count, MemoryBudget* budget = nullptr);
  size_t size() const { return files_.size(); }
  void add(const Row& row, size_t hash) { files_[hash % files_.size()]->write(row); }
  RowFile& operator[](size_t i) { return *files_[i]; }

 private:
  std::vector<std::unique_ptr<RowFile>> files_;
};

// An operator's rows, kept in memory (charged to `charge`) while they take at most `limit`
// bytes; past it, all of them go to a file and the memory is given back.
struct Collected {
  std::vector<Row> rows;          // when `file` is null
  std::unique_ptr<RowFile> file;  // when set, every row is there
  uint64_t count = 0;
  uint64_t bytes = 0;  // row_bytes of all rows
  Bound bound_in_all;  // by slot: bound in every row (all false when there is no row)
};
Collected collect(Iter& input, Context& ctx, Charge& charge, uint64_t limit);

// The rows of a Collected in memory (charged to `charge`): past the budget, QueryMemoryExceeded.
std::vector<Row> load_all(Collected& collected, Context& ctx, Charge& charge);

// Rows made partition by partition: `make(p, charge)` gives partition p's rows, charged to
// `charge`, which is given back when the next partition's rows are made.
class PartitionIter : public Iter {
 public:
  using MakeFn = std::function<std::vector<Row>(size_t, Charge&)>;
  PartitionIter(size_t count, MakeFn make, MemoryBudget& memory)
      : count_(count), make_(std::move(make)), memory_(memory) {}
  bool next(Row& row) override {
    while (at_ >= rows_.size()) {
      if (partition_ >= count_) return false;
      rows_.clear();
      charge_ = Charge(memory_);
      rows_ = make_(partition_++, charge_);
      at_ = 0;
    }
    row = std::move(rows_[at_++]);
    return true;
  }

 private:
  size_t count_;
  MakeFn make_;
  MemoryBudget& memory_;
  Charge charge_;
  std::vector<Row> rows_;
  size_t partition_ = 0, at_ = 0;
};

}  // namespace moivre::query::exec
