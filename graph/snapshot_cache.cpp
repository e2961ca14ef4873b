#include "graph/snapshot_cache.hpp"

namespace moivre::graph {

std::shared_ptr<const void> SnapshotCache::find(uint64_t snapshot, const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (snapshot != snapshot_) return nullptr;
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second);
  return it->second->value;
}

void SnapshotCache::insert(uint64_t snapshot, const std::string& key,
                           std::shared_ptr<const void> value, size_t bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (snapshot < snapshot_ || bytes > capacity_) return;
  if (snapshot > snapshot_) {
    recency_.clear();
    entries_.clear();
    bytes_ = 0;
    snapshot_ = snapshot;
  }
  if (auto it = entries_.find(key); it != entries_.end()) {
    bytes_ -= it->second->bytes;
    recency_.erase(it->second);
    entries_.erase(it);
  }
  evict_to(capacity_ - bytes);
  recency_.push_front({key, std::move(value), bytes});
  entries_[key] = recency_.begin();
  bytes_ += bytes;
}

void SnapshotCache::evict_to(size_t limit) {
  while (bytes_ > limit && !recency_.empty()) {
    bytes_ -= recency_.back().bytes;
    entries_.erase(recency_.back().key);
    recency_.pop_back();
  }
}

size_t SnapshotCache::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

size_t SnapshotCache::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return entries_.size();
}

}  // namespace moivre::graph
