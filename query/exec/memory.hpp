// A query's memory budget (ExecutionOptions::max_memory). Every operator that keeps rows beyond
// the one it is producing charges them here, through a Charge it holds for as long as it keeps
// them: drain() charges the rows it collects (and its callers hand the Charge on to whatever
// keeps the rows: RowsIter, HashJoinIter, MinusTable), DISTINCT its set, GROUP BY its groups.
// Past the budget the charge throws QueryMemoryExceeded, and the query unwinds, freeing all.
// Operators that can work from disk (ORDER BY, hash joins, GROUP BY) do so before: past a
// quarter of the budget they spill their rows (spill.hpp).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <string>
#include <utility>

#include "query/executor.hpp"
#include "query/solution.hpp"

namespace moivre::query::exec {

class MemoryBudget {
 public:
  explicit MemoryBudget(uint64_t limit) : limit_(limit) {}
  ~MemoryBudget() { process_held() -= held_; }
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  void charge(uint64_t bytes) {
    if (limit_ && held_ + bytes > limit_)
      throw QueryMemoryExceeded("the query needs more than its memory limit of " +
                                std::to_string(limit_ >> 20) +
                                " MiB for the rows it must hold (sorting, grouping, joining or "
                                "DISTINCT); narrow it, or ask the operator for a larger "
                                "--max-query-memory");
    uint64_t all = process_held().fetch_add(bytes) + bytes;
    if (uint64_t cap = process_limit().load(); cap && all > cap) {
      process_held() -= bytes;
      throw ServerMemoryBusy("the server's running queries hold all the memory it gives them (" +
                             std::to_string(cap >> 20) + " MiB, --max-memory); retry shortly");
    }
    held_ += bytes;
  }
  // Bytes written to temporary files (spill.hpp), bounded by eight times the memory limit and
  // at least 1 GiB: a query past it stops, so that no query fills the disk the store and other
  // queries need.
  void charge_disk(uint64_t bytes) {
    disk_ += bytes;
    if (!limit_) return;
    uint64_t cap = std::max<uint64_t>(8 * limit_, uint64_t{1} << 30);
    if (disk_ > cap)
      throw QueryMemoryExceeded("the query needs more than " + std::to_string(cap >> 20) +
                                " MiB of temporary disk (eight times its memory limit, at least "
                                "1 GiB) for the rows it must hold; narrow it, or ask the operator "
                                "for a larger --max-query-memory");
  }
  void release(uint64_t bytes) {
    bytes = std::min(bytes, held_);
    held_ -= bytes;
    process_held() -= bytes;
  }
  uint64_t held() const { return held_; }

  static std::atomic<uint64_t>& process_held() {
    static std::atomic<uint64_t> held{0};
    return held;
  }
  static std::atomic<uint64_t>& process_limit() {
    static std::atomic<uint64_t> limit{0};
    return limit;
  }

 private:
  uint64_t limit_;
  uint64_t held_ = 0;
  uint64_t disk_ = 0;
};

// A share of the budget, given back when it goes.
class Charge {
 public:
  Charge() = default;
  explicit Charge(MemoryBudget& budget) : budget_(&budget) {}
  Charge(Charge&& other) noexcept
      : budget_(std::exchange(other.budget_, nullptr)), bytes_(std::exchange(other.bytes_, 0)) {}
  Charge& operator=(Charge&& other) noexcept {
    if (this != &other) {
      give_back();
      budget_ = std::exchange(other.budget_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
    }
    return *this;
  }
  ~Charge() { give_back(); }

  void add(uint64_t bytes) {
    if (!budget_) return;
    budget_->charge(bytes);
    bytes_ += bytes;
  }
  uint64_t bytes() const { return bytes_; }

 private:
  void give_back() {
    if (budget_) budget_->release(bytes_);
    bytes_ = 0;
  }
  MemoryBudget* budget_ = nullptr;
  uint64_t bytes_ = 0;
};

// A hash table's entry beside its row (key copy, node, bucket).
inline constexpr uint64_t kHashEntryBytes = 64;

// What a kept row costs: its vector, its ids and the allocator's overhead.
inline uint64_t row_bytes(const Row& row) {
  return sizeof(Row) + row.capacity() * sizeof(TermId) + 16;
}

}  // namespace moivre::query::exec
