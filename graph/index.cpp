#include "graph/index.hpp"

#include <algorithm>
#include <cstring>
#include <vector>

#include "graph/error.hpp"
#include "graph/lmdb_util.hpp"

namespace moivre::graph {
namespace index {
namespace {

uint64_t load_be64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}
int order(uint64_t a, uint64_t b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

[[noreturn]] void corrupt_block(unsigned dbi) {
  throw CorruptStore("index database " + std::to_string(dbi) +
                     " holds a malformed block; run `moivre check`");
}

std::vector<Row> decode_block(const MDB_val& key, const MDB_val& value, unsigned dbi) {
  rows::BlockReader reader = block_reader(key, value);
  std::vector<Row> out;
  out.reserve(reader.size());
  Row row;
  while (reader.next(row)) out.push_back(row);
  if (out.size() != reader.size()) corrupt_block(dbi);
  return out;
}

// Writes rows (sorted, distinct, at least one) as blocks of at most kBlockBytes, each under its
// first row.
void put_blocks(MDB_txn* txn, unsigned dbi, const std::vector<Row>& rows) {
  std::string encoded, value;
  auto write = [&](size_t first, size_t end) {
    encoded.clear();
    for (size_t i = first + 1; i < end; ++i) rows::put_delta(encoded, rows[i - 1], rows[i]);
    value.clear();
    rows::put_varint(value, end - first);
    value += encoded;
    unsigned char key[kKeySize];
    put_key(rows[first], key);
    MDB_val k = lmdb::val(key, kKeySize), v = lmdb::val(value);
    lmdb::check(mdb_put(txn, dbi, &k, &v, 0), "write index");
  };
  // Blocks of about equal size: how many a full block would be, rounded up.
  size_t bytes = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    encoded.clear();
    rows::put_delta(encoded, rows[i - 1], rows[i]);
    bytes += encoded.size();
  }
  size_t blocks = std::max<size_t>(1, (bytes + kBlockBytes - 1) / kBlockBytes);
  for (size_t b = 0; b < blocks; ++b)
    write(rows.size() * b / blocks, rows.size() * (b + 1) / blocks);
}

// Positions `cursor` on the block that would hold `row`: the last with a key <= row, or the
// first when row sorts before every key. Returns false when the database is empty.
bool find_block(MDB_cursor* cursor, const Row& row, MDB_val& key, MDB_val& value) {
  unsigned char bytes[kKeySize];
  put_key(row, bytes);
  key = lmdb::val(bytes, kKeySize);
  int rc = mdb_cursor_get(cursor, &key, &value, MDB_SET_RANGE);
  if (rc == MDB_SUCCESS) {
    if (std::memcmp(key.mv_data, bytes, kKeySize) == 0) return true;
    rc = mdb_cursor_get(cursor, &key, &value, MDB_PREV);
    if (rc == MDB_NOTFOUND) rc = mdb_cursor_get(cursor, &key, &value, MDB_FIRST);
  } else if (rc == MDB_NOTFOUND) {
    rc = mdb_cursor_get(cursor, &key, &value, MDB_LAST);
    if (rc == MDB_NOTFOUND) return false;
  }
  lmdb::check(rc, "read index");
  return true;
}

void count_key(Permutation perm, TermId first, unsigned char* out) {
  out[0] = static_cast<unsigned char>(perm);
  lmdb::put_id(first, out + 1);
}

}  // namespace

Row to_row(Permutation perm, const Quad& quad) {
  const auto& order = permutation_order(perm);
  return {quad.ids[order[0]], quad.ids[order[1]], quad.ids[order[2]], quad.ids[order[3]]};
}

Quad to_quad(Permutation perm, const Row& row) {
  const auto& order = permutation_order(perm);
  Quad quad;
  for (int i = 0; i < 4; ++i) quad.ids[order[i]] = row[i];
  return quad;
}

void put_key(const Row& row, unsigned char* key) {
  for (int i = 0; i < 4; ++i) lmdb::put_id(row[i], key + kStoredIdBytes * i);
}

Row get_key(const unsigned char* key) {
  return rows::get_key_row(key);
}

int compare_keys(const MDB_val* a, const MDB_val* b) {
  auto* x = static_cast<const unsigned char*>(a->mv_data);
  auto* y = static_cast<const unsigned char*>(b->mv_data);
  if (a->mv_size == kKeySize && b->mv_size == kKeySize) {
    if (int c = order(load_be64(x), load_be64(y))) return c;
    if (int c = order(load_be64(x + 8), load_be64(y + 8))) return c;
    return order(load_be64(x + 16), load_be64(y + 16));
  }
  size_t common = std::min(a->mv_size, b->mv_size);
  if (int c = std::memcmp(x, y, common)) return c;
  return order(a->mv_size, b->mv_size);
}

// --- blocks -------------------------------------------------------------------------------

rows::BlockReader block_reader(const MDB_val& key, const MDB_val& value) {
  if (key.mv_size != kKeySize)
    throw CorruptStore("an index key is not 24 bytes; run `moivre check`");
  rows::BlockReader reader(static_cast<const unsigned char*>(key.mv_data),
                           static_cast<const unsigned char*>(value.mv_data), value.mv_size);
  if (!reader.valid()) throw CorruptStore("an index block has no header; run `moivre check`");
  return reader;
}

uint64_t count_prefix(MDB_txn* txn, unsigned dbi, const Row& bound, int len, uint64_t cap) {
  auto compare = [&](const Row& row) {
    for (int i = 0; i < len; ++i)
      if (row[i] != bound[i]) return row[i] < bound[i] ? -1 : 1;
    return 0;
  };
  Row start{};
  for (int i = 0; i < len; ++i) start[i] = bound[i];
  lmdb::Cursor cursor(txn, dbi);
  MDB_val key, value;
  if (!find_block(cursor.get(), start, key, value)) return 0;
  uint64_t n = 0;
  for (;;) {
    rows::BlockReader block = block_reader(key, value);
    int first = compare(get_key(static_cast<const unsigned char*>(key.mv_data)));
    if (first > 0) break;
    MDB_val next_key, next_value;
    int rc = mdb_cursor_get(cursor.get(), &next_key, &next_value, MDB_NEXT);
    if (rc != MDB_NOTFOUND) lmdb::check(rc, "read index");
    bool next_inside = rc == MDB_SUCCESS &&
                       compare(get_key(static_cast<const unsigned char*>(next_key.mv_data))) == 0;
    if (first == 0 && next_inside) {
      n += block.size();
    } else {
      Row row;
      while (block.next(row)) {
        int c = compare(row);
        if (c == 0) ++n;
        if (c > 0) break;
      }
      if (block.broken()) corrupt_block(dbi);
    }
    if (!next_inside || n >= cap) break;
    key = next_key;
    value = next_value;
  }
  return n;
}

// --- single rows ----------------------------------------------------------------------------

bool insert_row(MDB_txn* txn, unsigned dbi, const Row& row) {
  lmdb::Cursor cursor(txn, dbi);
  MDB_val key, value;
  if (!find_block(cursor.get(), row, key, value)) {
    put_blocks(txn, dbi, {row});
    return true;
  }
  std::vector<Row> rows = decode_block(key, value, dbi);
  auto at = std::lower_bound(rows.begin(), rows.end(), row);
  if (at != rows.end() && *at == row) return false;
  bool new_first = at == rows.begin();
  rows.insert(at, row);
  if (new_first) lmdb::check(mdb_cursor_del(cursor.get(), 0), "write index");
  put_blocks(txn, dbi, rows);
  return true;
}

bool remove_row(MDB_txn* txn, unsigned dbi, const Row& row) {
  lmdb::Cursor cursor(txn, dbi);
  MDB_val key, value;
  if (!find_block(cursor.get(), row, key, value)) return false;
  std::vector<Row> rows = decode_block(key, value, dbi);
  auto at = std::lower_bound(rows.begin(), rows.end(), row);
  if (at == rows.end() || *at != row) return false;
  bool first = at == rows.begin();
  rows.erase(at);
  if (first) lmdb::check(mdb_cursor_del(cursor.get(), 0), "delete from index");
  if (!rows.empty()) put_blocks(txn, dbi, rows);
  return true;
}

// --- counts ---------------------------------------------------------------------------------

uint64_t first_count(MDB_txn* txn, const Databases& dbs, Permutation perm, TermId first) {
  unsigned char bytes[1 + kStoredIdBytes];
  count_key(perm, first, bytes);
  MDB_val key = lmdb::val(bytes, sizeof bytes), value;
  int rc = mdb_get(txn, dbs.counts, &key, &value);
  if (rc == MDB_NOTFOUND) return 0;
  lmdb::check(rc, "read counts");
  return lmdb::get_be64(static_cast<unsigned char*>(value.mv_data));
}

uint64_t total_count(MDB_txn* txn, const Databases& dbs) {
  MDB_val key = lmdb::val(&kTotalKey, 1), value;
  int rc = mdb_get(txn, dbs.counts, &key, &value);
  if (rc == MDB_NOTFOUND) return 0;
  lmdb::check(rc, "read counts");
  return lmdb::get_be64(static_cast<unsigned char*>(value.mv_data));
}

void add_count(MDB_txn* txn, const Databases& dbs, Permutation perm, TermId first, int64_t delta) {
  unsigned char bytes[1 + kStoredIdBytes];
  MDB_val key;
  if (first == kAny) {
    key = lmdb::val(&kTotalKey, 1);
  } else {
    count_key(perm, first, bytes);
    key = lmdb::val(bytes, sizeof bytes);
  }
  MDB_val value;
  uint64_t count = 0;
  int rc = mdb_get(txn, dbs.counts, &key, &value);
  if (rc == MDB_SUCCESS)
    count = lmdb::get_be64(static_cast<unsigned char*>(value.mv_data));
  else if (rc != MDB_NOTFOUND)
    lmdb::check(rc, "read counts");
  count += delta;
  if (count == 0) {
    if (rc == MDB_SUCCESS) lmdb::check(mdb_del(txn, dbs.counts, &key, nullptr), "write counts");
    return;
  }
  unsigned char count_bytes[8];
  lmdb::put_be64(count, count_bytes);
  value = lmdb::val(count_bytes, 8);
  lmdb::check(mdb_put(txn, dbs.counts, &key, &value, 0), "write counts");
}

// --- whole quads ----------------------------------------------------------------------------

namespace {
bool in_permutation(Permutation perm, const Quad& quad) {
  return quad.g() != kDefaultGraph || holds_default_graph(perm);
}
}  // namespace

bool insert(MDB_txn* txn, const Databases& dbs, const Quad& quad) {
  for (Permutation perm : kPermutations) {
    if (!in_permutation(perm, quad)) continue;
    Row row = to_row(perm, quad);
    if (!insert_row(txn, dbs.index[static_cast<int>(perm)], row)) {
      if (perm == Permutation::SPOG) return false;
      throw CorruptStore("index " + std::string(permutation_name(perm)) +
                         " holds a quad that spog does not; run `moivre check`");
    }
    add_count(txn, dbs, perm, row[0], 1);
  }
  if (quad.g() == kDefaultGraph) add_count(txn, dbs, Permutation::GSPO, kDefaultGraph, 1);
  add_count(txn, dbs, Permutation::SPOG, kAny, 1);
  return true;
}

bool remove(MDB_txn* txn, const Databases& dbs, const Quad& quad) {
  for (Permutation perm : kPermutations) {
    if (!in_permutation(perm, quad)) continue;
    Row row = to_row(perm, quad);
    if (!remove_row(txn, dbs.index[static_cast<int>(perm)], row)) {
      if (perm == Permutation::SPOG) return false;
      throw CorruptStore("index " + std::string(permutation_name(perm)) +
                         " lacks a quad that spog holds; run `moivre check`");
    }
    add_count(txn, dbs, perm, row[0], -1);
  }
  if (quad.g() == kDefaultGraph) add_count(txn, dbs, Permutation::GSPO, kDefaultGraph, -1);
  add_count(txn, dbs, Permutation::SPOG, kAny, -1);
  return true;
}

// --- Appender -------------------------------------------------------------------------------

Appender::Appender(MDB_txn* txn, const Databases& dbs, Permutation perm)
    : txn_(txn), dbs_(dbs), perm_(perm) {
  lmdb::check(mdb_cursor_open(txn, dbs.index[static_cast<int>(perm)], &cursor_),
              "open index cursor");
  lmdb::check(mdb_cursor_open(txn, dbs.counts, &counts_), "open counts cursor");
  // Counts can be appended when every key present sorts before this permutation's.
  MDB_val key, value;
  int rc = mdb_cursor_get(counts_, &key, &value, MDB_LAST);
  counts_empty_ = rc == MDB_NOTFOUND ||
                  (rc == MDB_SUCCESS && key.mv_size > 0 &&
                   static_cast<unsigned char*>(key.mv_data)[0] < static_cast<unsigned char>(perm));
}

Appender::~Appender() {
  mdb_cursor_close(counts_);
  mdb_cursor_close(cursor_);
}

void Appender::add(const Row& row) {
  if (block_rows_ == 0) {
    first_ = row;
  } else {
    size_t before = value_.size();
    rows::put_delta(value_, previous_, row);
    if (value_.size() > kBlockBytes) {
      value_.resize(before);
      flush_block();
      first_ = row;
    }
  }
  ++block_rows_;
  previous_ = row;
  if (count_ && row[0] != counted_) flush_count();
  counted_ = row[0];
  ++count_;
  ++added_;
}

void Appender::flush_block() {
  if (block_rows_ == 0) return;
  std::string value;
  value.reserve(value_.size() + 4);
  rows::put_varint(value, block_rows_);
  value += value_;
  unsigned char key[kKeySize];
  put_key(first_, key);
  MDB_val k = lmdb::val(key, kKeySize), v = lmdb::val(value);
  lmdb::check(mdb_cursor_put(cursor_, &k, &v, MDB_APPEND), "write index");
  value_.clear();
  block_rows_ = 0;
}

void Appender::flush_count() {
  if (!counts_empty_) {
    add_count(txn_, dbs_, perm_, counted_, static_cast<int64_t>(count_));
  } else {
    unsigned char key_bytes[1 + kStoredIdBytes], count_bytes[8];
    count_key(perm_, counted_, key_bytes);
    lmdb::put_be64(count_, count_bytes);
    MDB_val key = lmdb::val(key_bytes, sizeof key_bytes), value = lmdb::val(count_bytes, 8);
    lmdb::check(mdb_cursor_put(counts_, &key, &value, MDB_APPEND), "write counts");
  }
  count_ = 0;
}

uint64_t Appender::finish() {
  flush_block();
  if (count_) flush_count();
  return added_;
}

}  // namespace index
}  // namespace moivre::graph
