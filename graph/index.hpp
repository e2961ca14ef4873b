// The six index permutations (internal to graph/).
//
// Each permutation is an LMDB database of blocks of sorted rows (a row: the quad's four ids in
// the permutation's order):
//   key   24 bytes: the block's first row, each id as 6 big-endian bytes, so that keys order as
//         rows do (LMDB compares them as bytes)
//   value varint(rows in the block, the first included), then each row after the first encoded
//         against the one before it (graph/row_codec.hpp)
// Rows are distinct and sorted across blocks: all rows of a block sort below the next block's
// key. A block is closed at about kBlockBytes of value; inserting into a full block splits it.
//
// The G-first permutations hold only the named graphs' quads (graph/quad.hpp).
//
// `counts` holds, for each permutation and each id in its first position, how many rows start
// with it (key: 1 byte permutation, 6-byte id; value: 8-byte big-endian count), and under
// kTotalKey the number of quads: a scan bound on one position, or none, is sized without
// reading it. GSPO's count for kDefaultGraph is the default graph's size, though no GSPO row
// holds it.
#pragma once

#include <lmdb.h>

#include <string>

#include "graph/quad.hpp"
#include "graph/row_codec.hpp"
#include "graph/store.hpp"

namespace moivre::graph::index {

using rows::Row;

inline constexpr size_t kKeySize = 4 * kStoredIdBytes;
inline constexpr size_t kBlockBytes = 128;
inline constexpr unsigned char kTotalKey = 0xFF;

Row to_row(Permutation perm, const Quad& quad);
Quad to_quad(Permutation perm, const Row& row);
void put_key(const Row& row, unsigned char* key);
Row get_key(const unsigned char* key);

// LMDB's comparison for the keys: their byte order, compared a word at a time (faster than
// memcmp for a few bytes, which a lookup does some twenty times).
int compare_keys(const MDB_val* a, const MDB_val* b);

// Returns false when the quad was already present (then nothing is written).
bool insert(MDB_txn* txn, const Databases& dbs, const Quad& quad);
// Returns false when the quad was absent.
bool remove(MDB_txn* txn, const Databases& dbs, const Quad& quad);

// One permutation's blocks alone, counts untouched (for tests that plant damage).
bool insert_row(MDB_txn* txn, unsigned dbi, const Row& row);
bool remove_row(MDB_txn* txn, unsigned dbi, const Row& row);

// Rows with `first` in the first position of `perm`, and all quads (from `counts`).
uint64_t first_count(MDB_txn* txn, const Databases& dbs, Permutation perm, TermId first);
uint64_t total_count(MDB_txn* txn, const Databases& dbs);
// Adds `delta` to a count (first == kAny: the total); a count reaching 0 is deleted.
void add_count(MDB_txn* txn, const Databases& dbs, Permutation perm, TermId first, int64_t delta);

// Rows whose first `len` ids are `bound`'s, counting no further than about `cap`. A block whose
// key and whose successor's key both carry the prefix is counted from its header, undecoded.
uint64_t count_prefix(MDB_txn* txn, unsigned dbi, const Row& bound, int len, uint64_t cap);

// A block's reader over LMDB's key and value; throws CorruptStore on a malformed header.
rows::BlockReader block_reader(const MDB_val& key, const MDB_val& value);

// Writes rows arriving sorted and distinct into a permutation whose rows all sort before them
// (an empty one), block after block, with their counts.
class Appender {
 public:
  Appender(MDB_txn* txn, const Databases& dbs, Permutation perm);
  ~Appender();
  void add(const Row& row);
  // Writes the last block and the counts; returns the rows added.
  uint64_t finish();

 private:
  void flush_block();
  void flush_count();

  MDB_txn* txn_;
  const Databases& dbs_;
  Permutation perm_;
  MDB_cursor* cursor_ = nullptr;
  MDB_cursor* counts_ = nullptr;
  bool counts_empty_ = false;
  Row first_{}, previous_{};
  std::string value_;
  uint64_t block_rows_ = 0;
  TermId counted_ = 0;
  uint64_t count_ = 0;
  uint64_t added_ = 0;
};

}  // namespace moivre::graph::index
