#include "query/exec/joins.hpp"

#include <algorithm>

namespace moivre::query::exec {

NestedJoinIter::NestedJoinIter(Deadline& deadline, IterPtr left, RightFn right, bool optional,
                               std::function<bool(const Row&)> condition)
    : deadline_(deadline),
      left_(std::move(left)),
      right_(std::move(right)),
      optional_(optional),
      condition_(std::move(condition)) {}

bool NestedJoinIter::next(Row& out) {
  for (;;) {
    if (!current_) {
      if (!left_->next(left_row_)) return false;
      current_ = &right_(left_row_);
      matched_ = false;
    }
    Row r;
    while (current_->next(r)) {
      // Replayed rows tick nothing else: a join that discards most of them must still stop
      // at the deadline.
      deadline_.check();
      if (!compatible(left_row_, r)) continue;
      merge_into(r, left_row_);
      if (condition_ && !condition_(r)) continue;
      matched_ = true;
      out = std::move(r);
      return true;
    }
    current_ = nullptr;
    if (optional_ && !matched_) {
      out = left_row_;
      return true;
    }
  }
}

HashJoinIter::HashJoinIter(Deadline& deadline, IterPtr left, std::vector<Row> right,
                           std::vector<size_t> keys, bool optional,
                           std::function<bool(const Row&)> condition)
    : optional_(optional),
      condition_(std::move(condition)),
      deadline_(deadline),
      left_(std::move(left)),
      right_(std::move(right)),
      keys_(std::move(keys)) {
  Row key;
  for (size_t i = 0; i < right_.size(); ++i) {
    key.clear();
    for (size_t slot : keys_) key.push_back(right_[i][slot]);
    table_.emplace(key, i);
  }
}

bool HashJoinIter::next(Row& out) {
  for (;;) {
    if (all_) {
      while (scan_ < right_.size()) {
        deadline_.check();
        const Row& r = right_[scan_++];
        if (compatible(left_row_, r) && emit(r, out)) return true;
      }
    } else {
      while (match_ != end_) {
        deadline_.check();
        const Row& r = right_[(match_++)->second];
        if (compatible(left_row_, r) && emit(r, out)) return true;
      }
    }
    if (have_left_ && optional_ && !matched_) {
      have_left_ = false;
      out = left_row_;
      return true;
    }
    if (!left_->next(left_row_)) return false;
    have_left_ = true;
    matched_ = false;
    key_.clear();
    all_ = false;
    for (size_t slot : keys_) {
      if (left_row_[slot] == kUnbound) all_ = true;
      key_.push_back(left_row_[slot]);
    }
    if (all_) {
      scan_ = 0;
    } else {
      std::tie(match_, end_) = table_.equal_range(key_);
    }
  }
}

bool HashJoinIter::emit(const Row& r, Row& out) {
  out = r;
  merge_into(out, left_row_);
  if (condition_ && !condition_(out)) return false;
  matched_ = true;
  return true;
}

MergeJoinIter::MergeJoinIter(Deadline& deadline, IterPtr left, std::vector<Row> right,
                             std::vector<size_t> keys)
    : deadline_(deadline),
      left_(std::move(left)),
      right_(std::move(right)),
      keys_(std::move(keys)) {}

int MergeJoinIter::compare_keys(const Row& a, const Row& b) const {
  for (size_t slot : keys_)
    if (a[slot] != b[slot]) return a[slot] < b[slot] ? -1 : 1;
  return 0;
}

size_t MergeJoinIter::gallop(size_t from, const Row& left) const {
  // Steps of 1, 2, 4, ... past the rows below the key, then a binary search in the last step.
  size_t lo = from, step = 1, hi = from;
  while (hi < right_.size() && compare_keys(right_[hi], left) < 0) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = std::min(hi, right_.size());
  auto below = [this](const Row& r, const Row& l) { return compare_keys(r, l) < 0; };
  return std::lower_bound(right_.begin() + lo, right_.begin() + hi, left, below) - right_.begin();
}

bool MergeJoinIter::next(Row& out) {
  for (;;) {
    while (have_left_ && at_ < run_end_) {
      deadline_.check();
      const Row& r = right_[at_++];
      if (!compatible(left_row_, r)) continue;
      out = r;
      merge_into(out, left_row_);
      return true;
    }
    Row previous = std::move(left_row_);
    bool had_left = have_left_;
    if (!left_->next(left_row_)) return false;
    deadline_.check();
    have_left_ = true;
    if (had_left) {
      int c = compare_keys(left_row_, previous);
      if (c == 0) {  // the same key again: the same run
        at_ = run_begin_;
        continue;
      }
      // A left side out of order costs a search from the start, never a wrong answer.
      run_begin_ = gallop(c > 0 ? run_end_ : 0, left_row_);
    } else {
      run_begin_ = gallop(0, left_row_);
    }
    run_end_ = run_begin_;
    while (run_end_ < right_.size() && compare_keys(right_[run_end_], left_row_) == 0) ++run_end_;
    at_ = run_begin_;
  }
}

MinusTable::MinusTable(std::vector<Row> right, const Bound& left_may_bind,
                       std::vector<bool> constant)
    : right_(std::move(right)), constant_(std::move(constant)) {
  size_t width = right_.empty() ? 0 : right_.front().size();
  // Keys: variables all right rows bind that the left side binds too.
  for (size_t slot = 0; slot < width; ++slot) {
    if (slot < constant_.size() && constant_[slot]) continue;
    bool all = true, any = false;
    for (const auto& r : right_) {
      all &= r[slot] != kUnbound;
      any |= r[slot] != kUnbound;
    }
    if (all && slot < left_may_bind.size() && left_may_bind[slot]) key_slots_.push_back(slot);
    if (any) right_vars_.push_back(slot);
  }
  constant_.resize(width, false);
  for (size_t i = 0; i < right_.size(); ++i) {
    Row key;
    for (size_t slot : key_slots_) key.push_back(right_[i][slot]);
    table_.emplace(std::move(key), i);
  }
}

bool MinusTable::removes_one(const Row& row, const Row& r) const {
  bool shared = false;
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] != kUnbound && r[i] != kUnbound && !constant_[i]) shared = true;
  return shared && compatible(row, r);
}

bool MinusTable::removes(const Row& row, Deadline& deadline) const {
  bool may_share = false;
  for (size_t slot : right_vars_) may_share |= row[slot] != kUnbound;
  if (!may_share) return false;
  bool keyed = !key_slots_.empty();
  Row key;
  for (size_t slot : key_slots_) {
    keyed &= row[slot] != kUnbound;
    key.push_back(row[slot]);
  }
  if (keyed) {
    auto [begin, end] = table_.equal_range(key);
    for (auto it = begin; it != end; ++it)
      if (removes_one(row, right_[it->second])) return true;
    return false;
  }
  for (const auto& r : right_) {
    deadline.check();
    if (removes_one(row, r)) return true;
  }
  return false;
}

GraceHashJoinIter::GraceHashJoinIter(Deadline& deadline, MemoryBudget& memory, IterPtr left,
                                     std::unique_ptr<RowFile> right, std::vector<size_t> keys,
                                     size_t partitions, bool optional,
                                     std::function<bool(const Row&)> condition)
    : deadline_(deadline),
      memory_(memory),
      left_(std::move(left)),
      right_file_(std::move(right)),
      keys_(std::move(keys)),
      partition_count_(keys_.empty() ? 1 : std::max<size_t>(partitions, 1)),
      optional_(optional),
      condition_(std::move(condition)) {}

void GraceHashJoinIter::split() {
  split_ = true;
  Row row;
  right_parts_ = std::make_unique<Partitions>(partition_count_, &memory_);
  right_file_->rewind();
  while (right_file_->read(row)) {
    deadline_.check();
    right_parts_->add(row, key_hash(row, keys_));
  }
  right_file_.reset();
  left_parts_ = std::make_unique<Partitions>(partition_count_, &memory_);
  while (left_->next(row)) {
    deadline_.check();
    bool keyed = true;
    for (size_t slot : keys_) keyed = keyed && row[slot] != kUnbound;
    if (keyed) {
      left_parts_->add(row, key_hash(row, keys_));
      continue;
    }
    if (!unkeyed_) unkeyed_ = std::make_unique<RowFile>(&memory_);
    unkeyed_->write(row);
  }
  left_.reset();
  unkeyed_matched_.assign(unkeyed_ ? unkeyed_->rows() : 0, false);
}

bool GraceHashJoinIter::open_partition() {
  if (next_partition_ >= partition_count_) return false;
  partition_ = next_partition_++;
  charge_ = Charge(memory_);
  right_rows_ = read_all((*right_parts_)[partition_], deadline_, charge_, kHashEntryBytes);
  unkeyed_pass_ = true;
  have_unkeyed_ = false;
  unkeyed_at_ = 0;
  if (unkeyed_) unkeyed_->rewind();
  return true;
}

bool GraceHashJoinIter::emit(const Row& left, const Row& right, Row& out) {
  out = right;
  merge_into(out, left);
  return !condition_ || condition_(out);
}

bool GraceHashJoinIter::next(Row& out) {
  if (!split_) split();
  for (;;) {
    if (unkeyed_pass_) {
      // The left rows missing a key, against every right row of this partition.
      while (unkeyed_) {
        if (!have_unkeyed_) {
          if (!unkeyed_->read(unkeyed_row_)) break;
          have_unkeyed_ = true;
          right_at_ = 0;
        }
        while (right_at_ < right_rows_.size()) {
          deadline_.check();
          const Row& r = right_rows_[right_at_++];
          if (compatible(unkeyed_row_, r) && emit(unkeyed_row_, r, out)) {
            unkeyed_matched_[unkeyed_at_] = true;
            return true;
          }
        }
        have_unkeyed_ = false;
        ++unkeyed_at_;
      }
      unkeyed_pass_ = false;
      inner_ = std::make_unique<HashJoinIter>(
          deadline_, std::make_unique<FileIter>((*left_parts_)[partition_], deadline_),
          std::move(right_rows_), keys_, optional_, condition_);
      right_rows_ = {};
    }
    if (inner_) {
      if (inner_->next(out)) return true;
      inner_.reset();
      charge_ = Charge();
    }
    if (open_partition()) continue;
    // Every partition joined: an optional join keeps the left rows missing a key that matched
    // nowhere.
    if (!optional_ || !unkeyed_) return false;
    if (!unmatched_pass_) {
      unmatched_pass_ = true;
      unkeyed_->rewind();
      unkeyed_at_ = 0;
    }
    while (unkeyed_->read(out)) {
      deadline_.check();
      if (!unkeyed_matched_[unkeyed_at_++]) return true;
    }
    return false;
  }
}

}  // namespace moivre::query::exec
