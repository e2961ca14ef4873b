// The six index permutations (internal to graph/).
//
// Each permutation is an LMDB database opened MDB_DUPSORT | MDB_DUPFIXED:
//   key   6 bytes: the big-endian id of the permutation's first position
//   data 18 bytes: the big-endian ids of the other three positions, in permutation order
// so the sorted (key, data) pairs are the quads sorted by the permutation, and LMDB packs the
// fixed-size duplicates without per-item headers.
#pragma once

#include <lmdb.h>

#include "graph/quad.hpp"
#include "graph/store.hpp"

namespace moivre::graph::index {

inline constexpr size_t kKeySize = kStoredIdBytes;
inline constexpr size_t kDataSize = 3 * kStoredIdBytes;

void encode(Permutation perm, const Quad& quad, unsigned char* key, unsigned char* data);
Quad decode(Permutation perm, const unsigned char* key, const unsigned char* data);

// LMDB's comparison for the keys and the duplicate data of a permutation. Both are runs of
// big-endian ids, so they order exactly as LMDB's default (memcmp, then length) orders them, and
// a store written with either reads the same; comparing whole words is just faster than calling
// memcmp for a few bytes, which a lookup does some thirty times.
int compare_bytes(const MDB_val* a, const MDB_val* b);

// Returns false when the quad was already present (then nothing is written).
bool insert(MDB_txn* txn, const Databases& dbs, const Quad& quad);
// Returns false when the quad was absent.
bool remove(MDB_txn* txn, const Databases& dbs, const Quad& quad);

}  // namespace moivre::graph::index
