// Values derived from one snapshot of a store, kept for the next readers of the same snapshot.
//
// A read transaction sees a snapshot that never changes (LMDB's MVCC), named by its transaction
// id: whatever is computed from it alone (a query's table of a pattern's matches) holds for every
// later reader of that id. The cache keeps such values per store, by snapshot id and a key the
// caller composes, up to a byte budget: the least recently used go first, and every value of an
// older snapshot goes as soon as a newer one is stored (readers still on it keep their own
// shared_ptr). Values are immutable, so they are shared across threads without locks; the map
// itself is guarded by a mutex.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "graph/quad.hpp"

namespace moivre::graph {

class SnapshotCache {
 public:
  static constexpr size_t kDefaultCapacity = size_t{256} << 20;

  explicit SnapshotCache(size_t capacity_bytes = kDefaultCapacity) : capacity_(capacity_bytes) {}

  // A key for a value derived from a quad pattern: what the value is (`kind`), the pattern's
  // ids, and a position or mask of positions it depends on.
  static std::string pattern_key(std::string_view kind, const QuadPattern& pattern,
                                 unsigned detail = 0) {
    std::string key(kind);
    key.append(reinterpret_cast<const char*>(pattern.ids.data()), sizeof pattern.ids);
    key.push_back(static_cast<char>(detail));
    return key;
  }

  // The value kept under `key` for `snapshot`, or null.
  std::shared_ptr<const void> find(uint64_t snapshot, const std::string& key);
  // The same, as the type it was kept as.
  template <typename T>
  std::shared_ptr<const T> find_as(uint64_t snapshot, const std::string& key) {
    return std::static_pointer_cast<const T>(find(snapshot, key));
  }
  // Keeps `value` (of about `bytes`) under `key` for `snapshot`, unless it alone exceeds the
  // budget or the snapshot is older than the newest kept.
  void insert(uint64_t snapshot, const std::string& key, std::shared_ptr<const void> value,
              size_t bytes);

  size_t bytes() const;
  size_t size() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const void> value;
    size_t bytes = 0;
  };
  void evict_to(size_t limit);

  size_t capacity_;
  mutable std::mutex mutex_;
  uint64_t snapshot_ = 0;     // the snapshot whose values are kept
  std::list<Entry> recency_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> entries_;
  size_t bytes_ = 0;
};

}  // namespace moivre::graph
