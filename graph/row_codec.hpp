// Rows of four ids and their compact encoding (internal to graph/), shared by the index blocks
// (graph/index.hpp) and the bulk loader's scratch files (graph/quad_sort.hpp).
//
// A row that sorts after the previous one is written as: a byte c, how many leading ids the two
// share (0..3); varint(id[c] - previous id[c]); then ids c+1..3, each as the varint of
// (sequence << 8 | kind), so that the small sequence numbers of a store take few bytes. Varints
// are LEB128: seven bits per byte, the low groups first.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "graph/quad.hpp"

namespace moivre::graph::rows {

using Row = std::array<TermId, 4>;  // ids in some permutation's order

// The most bytes one encoded row takes.
inline constexpr size_t kMaxRowBytes = 1 + 3 * 10;

inline void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads a varint from [p, end); nullptr when it is cut short.
inline const unsigned char* get_varint(const unsigned char* p, const unsigned char* end,
                                       uint64_t& v) {
  if (p < end && *p < 0x80) {  // most deltas and ids in a block take one byte
    v = *p;
    return p + 1;
  }
  v = 0;
  for (int shift = 0; p < end && shift < 64; shift += 7) {
    unsigned char byte = *p++;
    v |= uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) return p;
  }
  return nullptr;
}

inline uint64_t squash(TermId id) {
  return (id & kMaxSequence) << 8 | ((id >> 40) & 0xFF);
}
inline TermId unsquash(uint64_t v) {
  return ((v & 0xFF) << 40) | (v >> 8);
}

// `row` must sort after `previous`.
inline void put_delta(std::string& out, const Row& previous, const Row& row) {
  int same = 0;
  while (same < 3 && row[same] == previous[same]) ++same;
  out.push_back(static_cast<char>(same));
  put_varint(out, row[same] - previous[same]);
  for (int k = same + 1; k < 4; ++k) put_varint(out, squash(row[k]));
}

// Decodes the row after `row` (updated in place); nullptr when the bytes are malformed.
inline const unsigned char* get_delta(const unsigned char* p, const unsigned char* end, Row& row) {
  if (p >= end || *p > 3) return nullptr;
  int same = *p++;
  uint64_t v;
  if (!(p = get_varint(p, end, v))) return nullptr;
  row[same] += v;
  for (int k = same + 1; k < 4; ++k) {
    if (!(p = get_varint(p, end, v))) return nullptr;
    row[k] = unsquash(v);
  }
  return p;
}

// Six big-endian bytes per id (graph/quad.hpp): a row as an index key.
inline Row get_key_row(const unsigned char* key) {
  Row row;
  for (int i = 0; i < 4; ++i) {
    uint64_t v = 0;
    for (size_t b = 0; b < kStoredIdBytes; ++b) v = v << 8 | key[kStoredIdBytes * i + b];
    row[i] = v;
  }
  return row;
}

// The rows of an index block (graph/index.hpp), decoded one after another from its key (the
// first row) and its value; the bytes must outlive the reader.
class BlockReader {
 public:
  BlockReader() = default;
  // Returns false from valid() when the header is malformed.
  BlockReader(const unsigned char* key, const unsigned char* value, size_t value_size)
      : row_(get_key_row(key)), at_(value), end_(value + value_size) {
    at_ = get_varint(at_, end_, size_);
    if (!at_) size_ = 0;
    left_ = size_;
  }
  bool valid() const { return size_ > 0; }
  // Rows in the block, from its header.
  uint64_t size() const { return size_; }
  // False at the end, and when the bytes are malformed (then broken() is true).
  bool next(Row& row) {
    if (left_ == 0) return false;
    if (left_ < size_ && !(at_ = get_delta(at_, end_, row_))) {
      left_ = 0;
      broken_ = true;
      return false;
    }
    --left_;
    row = row_;
    return true;
  }
  bool broken() const { return broken_; }

 private:
  Row row_{};
  const unsigned char* at_ = nullptr;
  const unsigned char* end_ = nullptr;
  uint64_t size_ = 0;
  uint64_t left_ = 0;
  bool broken_ = false;
};

}  // namespace moivre::graph::rows
