// QuadScan: a range of one permutation's rows, read block by block (layout in graph/index.hpp).
//
// The scan starts at the block that may hold the first row carrying the pattern's bound prefix
// (the last block whose key is at most that prefix followed by zeros), passes over the rows
// before it, and stops at the first row past it. Bound positions outside the prefix are
// filtered row by row.
#include <algorithm>
#include <cstring>

#include "graph/error.hpp"
#include "graph/index.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/store.hpp"

namespace moivre::graph {

QuadScan::QuadScan(MDB_txn* txn, unsigned dbi, Permutation perm, const QuadPattern& pattern)
    : perm_(perm), order_(permutation_order(perm)) {
  MDB_cursor* cursor = nullptr;
  lmdb::check(mdb_cursor_open(txn, dbi, &cursor), "open index cursor");
  cursor_.reset(cursor);
  start(pattern);
}

void QuadScan::start(const QuadPattern& pattern) {
  pattern_ = pattern;
  prefix_len_ = bound_prefix_length(perm_, pattern.index_mask());
  const auto& order = permutation_order(perm_);
  unsigned in_prefix = 0;
  for (int i = 0; i < prefix_len_; ++i) in_prefix |= 1u << order[i];
  filtered_ = pattern.bound_mask() != in_prefix;
  start_ = {};
  for (int i = 0; i < prefix_len_; ++i) start_[i] = pattern.ids[order[i]];
  started_ = done_ = resumed_ = reached_ = have_ahead_ = false;
  block_ = {};
}

bool QuadScan::restart(const QuadPattern& pattern) {
  if (!cursor_ || best_permutation(pattern.index_mask()) != perm_) return false;
  rows::Row previous = start_;
  int previous_len = prefix_len_;
  bool ended_in_block = started_ && have_ahead_ && !block_.broken();
  rows::BlockReader block = block_;
  rows::Row ahead = ahead_;
  start(pattern);
  // Rows of a prefix above the last one come after the row that ended the last scan.
  if (ended_in_block && prefix_len_ == previous_len && prefix_len_ > 0 &&
      std::lexicographical_compare(previous.begin(), previous.begin() + prefix_len_, start_.begin(),
                                   start_.begin() + prefix_len_)) {
    block_ = block;
    ahead_ = ahead;
    have_ahead_ = true;
    started_ = resumed_ = true;
  }
  return true;
}

void QuadScan::CursorCloser::operator()(MDB_cursor* cursor) const {
  mdb_cursor_close(cursor);
}

int QuadScan::compare_prefix(const rows::Row& row) const {
  for (int i = 0; i < prefix_len_; ++i)
    if (row[i] != start_[i]) return row[i] < start_[i] ? -1 : 1;
  return 0;
}

bool QuadScan::next_block() {
  MDB_val key, value;
  auto get = [&](MDB_cursor_op op) {
    int rc = mdb_cursor_get(cursor_.get(), &key, &value, op);
    if (rc == MDB_NOTFOUND) return false;
    lmdb::check(rc, "scan index");
    return true;
  };
  bool found;
  if (started_) {
    found = get(MDB_NEXT);
  } else {
    started_ = true;
    if (prefix_len_ == 0) {
      found = get(MDB_FIRST);
    } else {
      unsigned char bytes[index::kKeySize];
      index::put_key(start_, bytes);
      key = lmdb::val(bytes, index::kKeySize);
      if (get(MDB_SET_RANGE)) {
        // Rows from the start may sit at the end of the block before.
        found = std::memcmp(key.mv_data, bytes, index::kKeySize) == 0 || get(MDB_PREV) ||
                get(MDB_FIRST);
      } else {
        found = get(MDB_LAST);
      }
    }
  }
  if (!found) return done_ = true, false;
  block_ = index::block_reader(key, value);
  // A block whose first row is past the prefix holds nothing more to read; that row is kept
  // for a restart further on.
  rows::Row first;
  if (compare_prefix(index::get_key(static_cast<const unsigned char*>(key.mv_data))) > 0 &&
      block_.next(first)) {
    ahead_ = first;
    have_ahead_ = true;
    return done_ = true, false;
  }
  return true;
}

bool QuadScan::next(Quad& out) {
  rows::Row row;
  for (;;) {
    if (have_ahead_) {
      if (done_) return false;
      row = ahead_;
      have_ahead_ = false;
    } else if (!block_.next(row)) {
      if (block_.broken()) throw CorruptStore("an index block is malformed; run `moivre check`");
      if (done_) return false;
      // The last scan's block is spent: before the prefix is reached, seek it; once it is,
      // the next block goes on from here (a seek could land on this block again).
      if (resumed_ && !reached_) started_ = false;
      resumed_ = false;
      if (!next_block()) return false;
      continue;
    }
    int c = compare_prefix(row);
    if (c < 0) continue;
    if (c > 0) {
      ahead_ = row;
      have_ahead_ = true;
      return done_ = true, false;
    }
    reached_ = true;
    for (int i = 0; i < 4; ++i) out.ids[order_[i]] = row[i];
    if (!filtered_ || pattern_.matches(out)) return true;
  }
}

}  // namespace moivre::graph
