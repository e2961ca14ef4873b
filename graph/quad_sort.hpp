// Sorting a load's quads into the six permutation orders within a memory budget (internal to
// graph/, for the bulk loader).
//
// Quads are gathered in a buffer. A full buffer is sorted in each permutation's order, on up to
// two threads, and its distinct rows are written delta-encoded to one scratch file per
// permutation. At the end, the last buffer is sorted one permutation at a time, the next one
// while the previous is written, and merged with the files of that permutation: the rows come
// out distinct and in order. The G-first permutations get the named graphs' rows only.
//
// A sorted row is 24 bytes: its four 48-bit ids, big-endian in permutation order, packed into
// three words, so that comparing the words compares the rows. Scratch files hold rows encoded
// against the one before (graph/row_codec.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "graph/quad.hpp"
#include "graph/row_codec.hpp"
#include "graph/scratch.hpp"

namespace moivre::graph::quad_sort {

using rows::Row;

struct PackedRow {
  uint64_t hi, mid, lo;
  friend bool operator==(const PackedRow&, const PackedRow&) = default;
  friend bool operator<(const PackedRow& a, const PackedRow& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.mid != b.mid) return a.mid < b.mid;
    return a.lo < b.lo;
  }
};

inline PackedRow pack(const Row& r) {
  constexpr uint64_t k48 = (uint64_t{1} << 48) - 1;
  uint64_t a = r[0] & k48, b = r[1] & k48, c = r[2] & k48, d = r[3] & k48;
  return {a << 16 | b >> 32, b << 32 | c >> 16, c << 48 | d};
}

inline Row unpack(const PackedRow& p) {
  constexpr uint64_t k48 = (uint64_t{1} << 48) - 1;
  return {p.hi >> 16, (p.hi << 32 | p.mid >> 32) & k48, (p.mid << 16 | p.lo >> 48) & k48,
          p.lo & k48};
}

// The distinct rows of one permutation, in order.
class RowSource {
 public:
  virtual ~RowSource() = default;
  virtual bool next(Row& row) = 0;
};

class QuadSorter {
 public:
  // `memory`: bytes for the buffer and the sorting beside it.
  QuadSorter(size_t memory, scratch::Directory& dir);
  ~QuadSorter();

  void add(const Row& quad);  // S, P, O, G
  uint64_t size() const { return added_; }
  // Calls `write` once per permutation, in kPermutations order, with its rows.
  void finish(const std::function<void(Permutation, RowSource&)>& write);

 private:
  void spill_buffer();

  size_t capacity_;
  scratch::Directory& dir_;
  std::vector<Row> buffer_;
  std::array<std::vector<scratch::Stream>, kPermutationCount> spilled_;
  uint64_t added_ = 0;
};

}  // namespace moivre::graph::quad_sort
