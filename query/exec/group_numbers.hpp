// Dense numbers for the distinct group keys of GROUP BY (and of whatever else groups rows by a
// key): the first key seen is group 0, the next new one group 1, and so on, so that a group's
// state lives in flat vectors indexed by its number.
//
// A key of one id, the common case (GROUP BY ?x), goes into an open-addressing table of ids:
// no key is allocated and a probe compares one word. Longer keys go into a hash map of rows.
#pragma once

#include <unordered_map>
#include <vector>

#include "query/exec/operator.hpp"

namespace moivre::query::exec {

class GroupNumbers {
 public:
  explicit GroupNumbers(size_t width) : width_(width) {}

  // The key's group number, and whether the key is new (then it is the next number).
  std::pair<uint32_t, bool> find_or_add(const Row& key) {
    if (width_ != 1) {
      auto [it, added] = rows_.try_emplace(key, count_);
      if (added) ++count_;
      return {it->second, added};
    }
    TermId id = key[0];
    if ((count_ + 1) * 2 > slots_.size()) grow();
    for (size_t at = spread(id) & mask_;; at = (at + 1) & mask_) {
      Slot& slot = slots_[at];
      if (slot.number == kEmpty) {
        slot = {id, count_};
        return {count_++, true};
      }
      if (slot.id == id) return {slot.number, false};
    }
  }
  uint32_t size() const { return count_; }
  // Memory a new group adds, about, besides the caller's own state.
  uint64_t bytes_per_group() const {
    return width_ == 1 ? 2 * sizeof(Slot) : 2 * (sizeof(Row) + width_ * sizeof(TermId)) + 64;
  }

 private:
  static constexpr uint32_t kEmpty = ~uint32_t{0};
  struct Slot {
    TermId id = 0;
    uint32_t number = kEmpty;
  };
  static size_t spread(TermId id) { return (id * 0x9E3779B97F4A7C15ull) >> 17; }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(16, old.size() * 2), Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& s : old)
      if (s.number != kEmpty)
        for (size_t at = spread(s.id) & mask_;; at = (at + 1) & mask_)
          if (slots_[at].number == kEmpty) {
            slots_[at] = s;
            break;
          }
  }

  size_t width_;
  uint32_t count_ = 0;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  std::unordered_map<Row, uint32_t, RowHash> rows_;
};

}  // namespace moivre::query::exec
