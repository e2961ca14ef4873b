#include "graph/index.hpp"

#include <algorithm>
#include <cstring>

#include "graph/lmdb_util.hpp"

namespace moivre::graph {
namespace index {

void encode(Permutation perm, const Quad& quad, unsigned char* key, unsigned char* data) {
  const auto& order = permutation_order(perm);
  lmdb::put_id(quad.ids[order[0]], key);
  for (int i = 1; i < 4; ++i) lmdb::put_id(quad.ids[order[i]], data + kKeySize * (i - 1));
}

Quad decode(Permutation perm, const unsigned char* key, const unsigned char* data) {
  const auto& order = permutation_order(perm);
  Quad quad;
  quad.ids[order[0]] = lmdb::get_id(key);
  for (int i = 1; i < 4; ++i) quad.ids[order[i]] = lmdb::get_id(data + kKeySize * (i - 1));
  return quad;
}

namespace {

uint64_t load_be64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
uint64_t load_be48(const unsigned char* p) {
  uint32_t high;
  uint16_t low;
  std::memcpy(&high, p, 4);
  std::memcpy(&low, p + 4, 2);
  return uint64_t{__builtin_bswap32(high)} << 16 | __builtin_bswap16(low);
}
int order(uint64_t a, uint64_t b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

}  // namespace

int compare_bytes(const MDB_val* a, const MDB_val* b) {
  auto* x = static_cast<const unsigned char*>(a->mv_data);
  auto* y = static_cast<const unsigned char*>(b->mv_data);
  if (a->mv_size == kKeySize && b->mv_size == kKeySize) return order(load_be48(x), load_be48(y));
  if (a->mv_size == kDataSize && b->mv_size == kDataSize) {
    if (int c = order(load_be64(x), load_be64(y))) return c;
    if (int c = order(load_be64(x + 8), load_be64(y + 8))) return c;
    return order(uint64_t{x[16]} << 8 | x[17], uint64_t{y[16]} << 8 | y[17]);
  }
  size_t common = std::min(a->mv_size, b->mv_size);
  if (int c = std::memcmp(x, y, common)) return c;
  return order(a->mv_size, b->mv_size);
}

bool insert(MDB_txn* txn, const Databases& dbs, const Quad& quad) {
  unsigned char key[kKeySize], data[kDataSize];
  for (Permutation perm : kPermutations) {
    encode(perm, quad, key, data);
    MDB_val k = lmdb::val(key, kKeySize), d = lmdb::val(data, kDataSize);
    int rc = mdb_put(txn, dbs.index[static_cast<int>(perm)], &k, &d, MDB_NODUPDATA);
    if (rc == MDB_KEYEXIST) {
      if (perm == Permutation::SPOG) return false;
      throw CorruptStore("index " + std::string(permutation_name(perm)) +
                         " holds a quad that spog does not; run `moivre check`");
    }
    lmdb::check(rc, "write index");
  }
  return true;
}

bool remove(MDB_txn* txn, const Databases& dbs, const Quad& quad) {
  unsigned char key[kKeySize], data[kDataSize];
  for (Permutation perm : kPermutations) {
    encode(perm, quad, key, data);
    MDB_val k = lmdb::val(key, kKeySize), d = lmdb::val(data, kDataSize);
    int rc = mdb_del(txn, dbs.index[static_cast<int>(perm)], &k, &d);
    if (rc == MDB_NOTFOUND) {
      if (perm == Permutation::SPOG) return false;
      throw CorruptStore("index " + std::string(permutation_name(perm)) +
                         " lacks a quad that spog holds; run `moivre check`");
    }
    lmdb::check(rc, "delete from index");
  }
  return true;
}

}  // namespace index

// --- QuadScan -------------------------------------------------------------------------------
//
// prefix_len_ 0: every key in order; 1: one key. Both read whole pages of duplicates at a time
// (MDB_GET_MULTIPLE / MDB_NEXT_MULTIPLE). prefix_len_ 2..4: one key, duplicates from the first
// one >= the bound prefix (MDB_GET_BOTH_RANGE), one at a time while the prefix matches.

QuadScan::QuadScan(MDB_txn* txn, unsigned dbi, Permutation perm, const QuadPattern& pattern)
    : perm_(perm) {
  lmdb::check(mdb_cursor_open(txn, dbi, &cursor_), "open index cursor");
  start(pattern);
}

void QuadScan::start(const QuadPattern& pattern) {
  pattern_ = pattern;
  prefix_len_ = bound_prefix_length(perm_, pattern.bound_mask());
  const auto& order = permutation_order(perm_);
  if (prefix_len_ >= 1) lmdb::put_id(pattern.ids[order[0]], key_);
  for (int i = 1; i < std::min(prefix_len_, 4); ++i)
    lmdb::put_id(pattern.ids[order[i]], prefix_ + index::kKeySize * (i - 1));
  started_ = done_ = multiple_ = false;
  page_ = nullptr;
  page_count_ = page_pos_ = 0;
}

bool QuadScan::restart(const QuadPattern& pattern) {
  if (!cursor_ || best_permutation(pattern.bound_mask()) != perm_) return false;
  start(pattern);
  return true;
}

QuadScan::QuadScan(QuadScan&& o) noexcept {
  *this = std::move(o);
}

QuadScan& QuadScan::operator=(QuadScan&& o) noexcept {
  std::swap(cursor_, o.cursor_);
  perm_ = o.perm_;
  pattern_ = o.pattern_;
  prefix_len_ = o.prefix_len_;
  std::copy(std::begin(o.key_), std::end(o.key_), key_);
  std::copy(std::begin(o.prefix_), std::end(o.prefix_), prefix_);
  started_ = o.started_;
  done_ = o.done_;
  multiple_ = o.multiple_;
  page_ = o.page_;
  page_count_ = o.page_count_;
  page_pos_ = o.page_pos_;
  current_key_ = o.current_key_;
  return *this;
}

QuadScan::~QuadScan() {
  if (cursor_) mdb_cursor_close(cursor_);
}

// Loads the next batch of 18-byte values into page_. Returns false at the end of the range.
bool QuadScan::fill() {
  MDB_val key, data;
  auto get = [&](MDB_cursor_op op) {
    int rc = mdb_cursor_get(cursor_, &key, &data, op);
    if (rc == MDB_NOTFOUND) return false;
    lmdb::check(rc, "scan index");
    return true;
  };
  // Positions on the first duplicate of the current key: take a page of them.
  auto take_key = [&]() {
    current_key_ = lmdb::get_id(static_cast<unsigned char*>(key.mv_data));
    size_t n = 0;
    lmdb::check(mdb_cursor_count(cursor_, &n), "count duplicates");
    if (n > 1) get(MDB_GET_MULTIPLE);
    page_ = static_cast<const unsigned char*>(data.mv_data);
    page_count_ = data.mv_size / index::kDataSize;
    page_pos_ = 0;
    return true;
  };

  if (done_) return false;
  if (prefix_len_ <= 1) {
    if (!started_) {
      started_ = true;
      bool found;
      if (prefix_len_ == 0) {
        found = get(MDB_FIRST);
      } else {
        key = lmdb::val(key_, index::kKeySize);
        found = get(MDB_SET_KEY);
      }
      if (!found) return done_ = true, false;
      return take_key();
    }
    if (get(MDB_NEXT_MULTIPLE)) {
      page_ = static_cast<const unsigned char*>(data.mv_data);
      page_count_ = data.mv_size / index::kDataSize;
      page_pos_ = 0;
      return true;
    }
    if (prefix_len_ == 1 || !get(MDB_NEXT_NODUP)) return done_ = true, false;
    return take_key();
  }

  // Bounded prefix inside one key: a value at a time.
  size_t prefix_bytes = index::kKeySize * (prefix_len_ - 1);
  if (!started_) {
    started_ = true;
    unsigned char start[index::kDataSize] = {};
    std::copy(prefix_, prefix_ + prefix_bytes, start);
    key = lmdb::val(key_, index::kKeySize);
    data = lmdb::val(start, index::kDataSize);
    if (!get(prefix_len_ == 4 ? MDB_GET_BOTH : MDB_GET_BOTH_RANGE)) return done_ = true, false;
  } else if (!get(MDB_NEXT_DUP)) {
    return done_ = true, false;
  }
  if (!std::equal(prefix_, prefix_ + prefix_bytes, static_cast<unsigned char*>(data.mv_data)))
    return done_ = true, false;
  current_key_ = lmdb::get_id(key_);
  page_ = static_cast<const unsigned char*>(data.mv_data);
  page_count_ = 1;
  page_pos_ = 0;
  return true;
}

bool QuadScan::next(Quad& out) {
  for (;;) {
    while (page_pos_ < page_count_) {
      const unsigned char* value = page_ + index::kDataSize * page_pos_++;
      const auto& order = permutation_order(perm_);
      out.ids[order[0]] = current_key_;
      for (int i = 1; i < 4; ++i)
        out.ids[order[i]] = lmdb::get_id(value + index::kKeySize * (i - 1));
      if (prefix_len_ == 4 || pattern_.matches(out)) return true;
    }
    if (!fill()) return false;
  }
}

}  // namespace moivre::graph
