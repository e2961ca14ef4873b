// The dictionary: encoded term <-> TermId, both directions in LMDB (internal to graph/).
//
// `terms`    key: 6-byte big-endian id       value: encoded term (graph/term.hpp)
// `ids`      key: encoded term (<= kMaxInlineKey bytes)   value: 6-byte big-endian id
// `long_ids` key: XXH3-128 of the encoded term (16 bytes) value: 6-byte ids (DUPSORT), for terms
//            too long for an LMDB key (511 bytes); a lookup compares the stored bytes.
// Ids are never reused; meta key "next_sequence" holds the next sequence number.
#pragma once

#include <lmdb.h>

#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "graph/quad.hpp"
#include "graph/store.hpp"

namespace moivre::graph::dictionary {

inline constexpr size_t kMaxInlineKey = 480;

std::optional<TermId> lookup(MDB_txn* txn, const Databases& dbs, std::string_view encoded);
// Throws CorruptStore when the id is unknown.
std::string_view get(MDB_txn* txn, const Databases& dbs, TermId id);
// The terms of `ascending` ids (repeats allowed), each given to `visit` with its index: the
// dictionary walked with one cursor, stepping to a near id and seeking a far one. Throws
// CorruptStore when an id is unknown.
void get_ascending(MDB_txn* txn, const Databases& dbs, std::span<const TermId> ascending,
                   const std::function<void(size_t, std::string_view)>& visit);
// Reserves `count` consecutive sequence numbers and returns the first.
uint64_t reserve(MDB_txn* txn, const Databases& dbs, uint64_t count);
// Stores a new term under a reserved id, both directions.
void put(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded);
TermId intern(MDB_txn* txn, const Databases& dbs, std::string_view encoded);
// Indexes a term too long for `ids` (> kMaxInlineKey bytes) by its hash in `long_ids`.
void put_long(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded);

}  // namespace moivre::graph::dictionary
