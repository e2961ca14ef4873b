// Internal helpers over the LMDB C API: error checks, RAII cursors, big-endian id bytes.
// Not part of graph/'s public interface: only graph/*.cpp include it.
#pragma once

#include <lmdb.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "graph/error.hpp"
#include "graph/quad.hpp"

namespace moivre::graph::lmdb {

inline void check(int rc, const char* what) {
  if (rc != MDB_SUCCESS) throw StoreError(what, rc);
}

inline MDB_val val(std::string_view s) {
  return MDB_val{s.size(), const_cast<char*>(s.data())};
}
inline MDB_val val(const void* data, size_t size) {
  return MDB_val{size, const_cast<void*>(data)};
}
inline std::string_view view(const MDB_val& v) {
  return {static_cast<const char*>(v.mv_data), v.mv_size};
}

inline void put_be64(uint64_t v, unsigned char* out) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<unsigned char>(v);
}
inline uint64_t get_be64(const unsigned char* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}

// Advances the 8-byte counter stored under `key` in `dbi` (starting at 1) by `count` and returns
// its value before.
inline uint64_t reserve_counter(MDB_txn* txn, MDB_dbi dbi, std::string_view key_name,
                                uint64_t count) {
  MDB_val key = val(key_name), data;
  uint64_t next = 1;
  int rc = mdb_get(txn, dbi, &key, &data);
  if (rc == MDB_SUCCESS)
    next = get_be64(static_cast<unsigned char*>(data.mv_data));
  else if (rc != MDB_NOTFOUND)
    check(rc, "read counter");
  unsigned char bytes[8];
  put_be64(next + count, bytes);
  data = val(bytes, 8);
  check(mdb_put(txn, dbi, &key, &data, 0), "write counter");
  return next;
}

// Term ids on disk: 6 big-endian bytes (graph/quad.hpp).
inline constexpr size_t kIdBytes = kStoredIdBytes;
inline void put_id(uint64_t v, unsigned char* out) {
  for (int i = static_cast<int>(kIdBytes) - 1; i >= 0; --i, v >>= 8)
    out[i] = static_cast<unsigned char>(v);
}
inline uint64_t get_id(const unsigned char* in) {
  uint64_t v = 0;
  for (size_t i = 0; i < kIdBytes; ++i) v = (v << 8) | in[i];
  return v;
}

class Cursor {
 public:
  Cursor(MDB_txn* txn, MDB_dbi dbi) { check(mdb_cursor_open(txn, dbi, &cursor_), "open cursor"); }
  ~Cursor() {
    if (cursor_) mdb_cursor_close(cursor_);
  }
  Cursor(Cursor&& other) noexcept : cursor_(other.cursor_) { other.cursor_ = nullptr; }
  Cursor& operator=(Cursor&& other) noexcept {
    std::swap(cursor_, other.cursor_);
    return *this;
  }
  Cursor(const Cursor&) = delete;
  Cursor& operator=(const Cursor&) = delete;

  // Returns false on MDB_NOTFOUND, throws on any other failure.
  bool get(MDB_val& key, MDB_val& data, MDB_cursor_op op) {
    int rc = mdb_cursor_get(cursor_, &key, &data, op);
    if (rc == MDB_NOTFOUND) return false;
    check(rc, "read cursor");
    return true;
  }
  size_t count() {
    size_t n = 0;
    check(mdb_cursor_count(cursor_, &n), "count duplicates");
    return n;
  }
  MDB_cursor* get() const { return cursor_; }

 private:
  MDB_cursor* cursor_ = nullptr;
};

}  // namespace moivre::graph::lmdb
