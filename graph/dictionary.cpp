#include "graph/dictionary.hpp"

#include <xxhash.h>

#include "graph/lmdb_util.hpp"
#include "graph/text_index.hpp"

namespace moivre::graph::dictionary {
namespace {

constexpr std::string_view kNextSequence = "next_sequence";

struct Hash {
  unsigned char bytes[16];
};

Hash hash_of(std::string_view encoded) {
  XXH128_hash_t h = XXH3_128bits(encoded.data(), encoded.size());
  Hash out;
  lmdb::put_be64(h.high64, out.bytes);
  lmdb::put_be64(h.low64, out.bytes + 8);
  return out;
}

}  // namespace

std::optional<TermId> lookup(MDB_txn* txn, const Databases& dbs, std::string_view encoded) {
  MDB_val data;
  if (encoded.size() <= kMaxInlineKey) {
    MDB_val key = lmdb::val(encoded);
    int rc = mdb_get(txn, dbs.ids, &key, &data);
    if (rc == MDB_NOTFOUND) return std::nullopt;
    lmdb::check(rc, "look up term");
    return lmdb::get_id(static_cast<unsigned char*>(data.mv_data));
  }
  Hash h = hash_of(encoded);
  MDB_val key = lmdb::val(h.bytes, sizeof h.bytes);
  lmdb::Cursor cursor(txn, dbs.long_ids);
  for (bool ok = cursor.get(key, data, MDB_SET_KEY); ok; ok = cursor.get(key, data, MDB_NEXT_DUP)) {
    TermId id = lmdb::get_id(static_cast<unsigned char*>(data.mv_data));
    if (get(txn, dbs, id) == encoded) return id;
  }
  return std::nullopt;
}

std::string_view get(MDB_txn* txn, const Databases& dbs, TermId id) {
  unsigned char key_bytes[lmdb::kIdBytes];
  lmdb::put_id(id, key_bytes);
  MDB_val key = lmdb::val(key_bytes, lmdb::kIdBytes), data;
  int rc = mdb_get(txn, dbs.terms, &key, &data);
  if (rc == MDB_NOTFOUND)
    throw CorruptStore("term id " + std::to_string(id) + " is not in the dictionary");
  lmdb::check(rc, "read term");
  return lmdb::view(data);
}

void get_ascending(MDB_txn* txn, const Databases& dbs, std::span<const TermId> ascending,
                   const std::function<void(size_t, std::string_view)>& visit) {
  // A step costs a few tens of nanoseconds, a seek some hundreds.
  constexpr TermId kMaxSteps = 16;
  lmdb::Cursor cursor(txn, dbs.terms);
  MDB_val key, data;
  bool placed = false;
  TermId at = 0;
  auto unknown = [](TermId id) {
    return CorruptStore("term id " + std::to_string(id) + " is not in the dictionary");
  };
  for (size_t i = 0; i < ascending.size(); ++i) {
    TermId id = ascending[i];
    if (!placed || id < at || id - at > kMaxSteps) {
      unsigned char key_bytes[lmdb::kIdBytes];
      lmdb::put_id(id, key_bytes);
      key = lmdb::val(key_bytes, lmdb::kIdBytes);
      if (!cursor.get(key, data, MDB_SET_KEY)) throw unknown(id);
      placed = true;
      at = id;
    }
    while (at < id) {
      if (!cursor.get(key, data, MDB_NEXT)) throw unknown(id);
      at = lmdb::get_id(static_cast<const unsigned char*>(key.mv_data));
    }
    if (at != id) throw unknown(id);
    visit(i, lmdb::view(data));
  }
}

uint64_t reserve(MDB_txn* txn, const Databases& dbs, uint64_t count) {
  uint64_t first = lmdb::reserve_counter(txn, dbs.meta, kNextSequence, count);
  if (first + count > kMaxSequence)
    throw StoreError("the dictionary is full (2^40 terms)", MDB_MAP_FULL);
  return first;
}

void put(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded) {
  unsigned char id_bytes[lmdb::kIdBytes];
  lmdb::put_id(id, id_bytes);
  MDB_val id_val = lmdb::val(id_bytes, lmdb::kIdBytes);
  MDB_val term_val = lmdb::val(encoded);
  lmdb::check(mdb_put(txn, dbs.terms, &id_val, &term_val, 0), "write term");
  if (encoded.size() <= kMaxInlineKey) {
    lmdb::check(mdb_put(txn, dbs.ids, &term_val, &id_val, 0), "write term index");
  } else {
    put_long(txn, dbs, id, encoded);
  }
  text_index::add(txn, dbs, id, encoded);
}

void put_long(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded) {
  unsigned char id_bytes[lmdb::kIdBytes];
  lmdb::put_id(id, id_bytes);
  MDB_val id_val = lmdb::val(id_bytes, lmdb::kIdBytes);
  Hash h = hash_of(encoded);
  MDB_val key = lmdb::val(h.bytes, sizeof h.bytes);
  lmdb::check(mdb_put(txn, dbs.long_ids, &key, &id_val, 0), "write long term index");
}

TermId intern(MDB_txn* txn, const Databases& dbs, std::string_view encoded) {
  if (auto id = lookup(txn, dbs, encoded)) return *id;
  TermId id = make_id(encoded_kind(encoded), reserve(txn, dbs, 1));
  put(txn, dbs, id, encoded);
  return id;
}

}  // namespace moivre::graph::dictionary
