#include "graph/store.hpp"

#include "graph/snapshot_cache.hpp"

#include <sys/stat.h>

#include <bit>
#include <cerrno>
#include <mutex>
#include <system_error>
#include <unordered_map>
#include <unordered_set>

#include "graph/dictionary.hpp"
#include "graph/index.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/text_index.hpp"

namespace moivre::graph {
namespace {

constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormat = "moivre-store-4";
constexpr std::string_view kBlankKey = "next_blank";
// Address space only: LMDB maps it but the file grows with the data.
constexpr uint64_t kDefaultMapSize = uint64_t{1} << 40;  // 1 TiB
constexpr uint64_t kSmallestMapSize = uint64_t{1} << 30;

uint64_t size_on_disk(const std::filesystem::path& file) {
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  return ec ? 0 : size;
}

IndexSize size_of(MDB_txn* txn, unsigned dbi) {
  MDB_stat st;
  lmdb::check(mdb_stat(txn, dbi, &st), "read database statistics");
  return {st.ms_entries,
          uint64_t{st.ms_psize} * (st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages)};
}

}  // namespace

// --- Store ----------------------------------------------------------------------------------

Store::Store(const std::filesystem::path& dir, StoreOptions options)
    : dir_(dir), options_(options) {
  std::error_code ec;
  if (!options.read_only) {
    std::filesystem::create_directories(dir, ec);
    if (ec) throw StoreError("cannot create store directory " + dir.string(), EACCES);
  } else if (!std::filesystem::exists(dir / "data.mdb")) {
    throw StoreError("no store at " + dir.string(), ENOENT);
  }
  lmdb::check(mdb_env_create(&env_), "create LMDB environment");
  try {
    lmdb::check(mdb_env_set_maxdbs(env_, 16), "set database count");
    lmdb::check(mdb_env_set_maxreaders(env_, 1024), "set reader count");
    uint64_t map_size = options.map_size ? options.map_size : kDefaultMapSize;
    map_size = std::max(map_size, 2 * size_on_disk(dir / "data.mdb"));
    unsigned flags =
        MDB_NOTLS | (options.read_only ? MDB_RDONLY : 0u) | (options.sync ? 0u : MDB_NOSYNC);
    // Where address space is limited (ulimit -v), settle for a smaller map.
    for (;;) {
      lmdb::check(mdb_env_set_mapsize(env_, map_size), "set map size");
      int rc = mdb_env_open(env_, dir.c_str(), flags, 0644);
      if (rc == ENOMEM && !options.map_size && map_size > kSmallestMapSize) {
        map_size /= 2;
        continue;
      }
      lmdb::check(rc, ("open store " + dir.string()).c_str());
      break;
    }

    MDB_txn* txn = begin(options.read_only);
    unsigned open_flags = options.read_only ? 0u : MDB_CREATE;
    auto open = [&](const char* name, unsigned extra) {
      unsigned dbi;
      int rc = mdb_dbi_open(txn, name, open_flags | extra, &dbi);
      if (rc == MDB_NOTFOUND) throw StoreError(dir.string() + " is not a Moivre store", rc);
      lmdb::check(rc, "open database");
      return dbi;
    };
    try {
      dbs_.stats = std::make_shared<PredicateStatsCache>();
      dbs_.derived = std::make_shared<SnapshotCache>();
      // The format first: another format's databases may not even open with these flags.
      dbs_.meta = open("meta", 0);
      MDB_val key = lmdb::val(kFormatKey), data;
      int rc = mdb_get(txn, dbs_.meta, &key, &data);
      if (rc == MDB_NOTFOUND && !options.read_only) {
        data = lmdb::val(kFormat);
        lmdb::check(mdb_put(txn, dbs_.meta, &key, &data, 0), "write format version");
      } else {
        lmdb::check(rc, "read format version");
        if (lmdb::view(data) != kFormat)
          throw StoreError(dir.string() + " has store format '" + std::string(lmdb::view(data)) +
                               "', this program reads '" + std::string(kFormat) +
                               "': export it with the Moivre that wrote it and load the export",
                           MDB_VERSION_MISMATCH);
      }
      dbs_.terms = open("terms", 0);
      dbs_.ids = open("ids", 0);
      dbs_.long_ids = open("long_ids", MDB_DUPSORT | MDB_DUPFIXED);
      dbs_.counts = open("counts", 0);
      dbs_.text = open("text", MDB_DUPSORT | MDB_DUPFIXED);
      for (Permutation perm : kPermutations) {
        unsigned dbi = open(std::string(permutation_name(perm)).c_str(), 0);
        lmdb::check(mdb_set_compare(txn, dbi, index::compare_keys), "set key order");
        dbs_.index[static_cast<int>(perm)] = dbi;
      }
      lmdb::check(mdb_txn_commit(txn), "initialise store");
    } catch (...) {
      mdb_txn_abort(txn);
      throw;
    }
  } catch (...) {
    mdb_env_close(env_);
    throw;
  }
}

Store::~Store() {
  if (env_) mdb_env_close(env_);
}

MDB_txn* Store::begin(bool read_only) const {
  if (!read_only && options_.read_only) throw StoreError("store is open read-only", EACCES);
  MDB_txn* txn = nullptr;
  int rc = mdb_txn_begin(env_, nullptr, read_only ? MDB_RDONLY : 0, &txn);
  if (rc == MDB_MAP_RESIZED) {
    // Another process grew the map: adopt its size and retry.
    lmdb::check(mdb_env_set_mapsize(env_, 0), "adopt map size");
    rc = mdb_txn_begin(env_, nullptr, read_only ? MDB_RDONLY : 0, &txn);
  }
  lmdb::check(rc, read_only ? "begin read transaction" : "begin write transaction");
  return txn;
}

ReadTransaction Store::read() const {
  return ReadTransaction(begin(true), &dbs_);
}

WriteTransaction Store::write() {
  WriteTransaction txn(begin(false), &dbs_);
  txn.writable_ = true;
  return txn;
}

void Store::sync() {
  lmdb::check(mdb_env_sync(env_, 1), "sync store");
}

void Store::backup(const std::filesystem::path& target) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(target, ec))
    throw StoreError("backup target " + target.string() + " already exists", EEXIST);
  fs::path partial = target;
  partial += ".partial";
  fs::remove_all(partial, ec);
  fs::create_directories(partial, ec);
  if (ec) throw StoreError("cannot create " + partial.string() + ": " + ec.message(), EACCES);
  int rc = mdb_env_copy2(env_, partial.c_str(), MDB_CP_COMPACT);
  if (rc != MDB_SUCCESS) {
    fs::remove_all(partial, ec);
    lmdb::check(rc, ("copy the store to " + partial.string()).c_str());
  }
  fs::rename(partial, target, ec);
  if (ec) throw StoreError("cannot rename " + partial.string() + ": " + ec.message(), EACCES);
}

// --- ReadTransaction ------------------------------------------------------------------------

ReadTransaction::ReadTransaction(ReadTransaction&& o) noexcept
    : txn_(o.txn_), dbs_(o.dbs_), writable_(o.writable_) {
  o.txn_ = nullptr;
}

ReadTransaction& ReadTransaction::operator=(ReadTransaction&& o) noexcept {
  std::swap(txn_, o.txn_);
  dbs_ = o.dbs_;
  writable_ = o.writable_;
  return *this;
}

uint64_t ReadTransaction::snapshot_id() const {
  return mdb_txn_id(txn_);
}

ReadTransaction::~ReadTransaction() {
  if (txn_) mdb_txn_abort(txn_);
}

std::optional<TermId> ReadTransaction::lookup(const Term& term) const {
  return lookup_encoded(encode_term(term));
}

std::optional<TermId> ReadTransaction::lookup_encoded(std::string_view encoded) const {
  return dictionary::lookup(txn_, *dbs_, encoded);
}

Term ReadTransaction::term(TermId id) const {
  return decode_term(encoded_term(id));
}

std::string_view ReadTransaction::encoded_term(TermId id) const {
  return dictionary::get(txn_, *dbs_, id);
}

void ReadTransaction::encoded_terms(
    std::span<const TermId> ascending,
    const std::function<void(size_t, std::string_view)>& visit) const {
  dictionary::get_ascending(txn_, *dbs_, ascending, visit);
}

QuadScan ReadTransaction::scan(const QuadPattern& pattern) const {
  return scan(pattern, best_permutation(pattern.index_mask()));
}

QuadScan ReadTransaction::scan(const QuadPattern& pattern, Permutation perm) const {
  // The G-first permutations hold no default-graph quads: the same order comes from the
  // permutation after G, filtered on G.
  if (pattern.ids[G] == kDefaultGraph) perm = default_graph_permutation(perm);
  return QuadScan(txn_, dbs_->index[static_cast<int>(perm)], perm, pattern);
}

uint64_t ReadTransaction::count(const QuadPattern& pattern, uint64_t cap) const {
  unsigned mask = pattern.index_mask();
  if (mask != pattern.bound_mask()) {
    // Bound to the default graph, which the G-first permutations lack. When the store holds
    // other graphs, their quads share the ranges: counted row by row.
    uint64_t in_default = index::first_count(txn_, *dbs_, Permutation::GSPO, kDefaultGraph);
    if (mask == 0) return std::min(in_default, cap);
    if (in_default != index::total_count(txn_, *dbs_)) {
      uint64_t n = 0;
      Quad q;
      for (auto it = scan(pattern); n < cap && it.next(q);) ++n;
      return n;
    }
  }
  Permutation perm = best_permutation(mask);
  int prefix = bound_prefix_length(perm, mask);
  const auto& order = permutation_order(perm);
  if (prefix == 0) return std::min(index::total_count(txn_, *dbs_), cap);
  if (prefix == 1)
    return std::min(index::first_count(txn_, *dbs_, perm, pattern.ids[order[0]]), cap);
  index::Row bound{};
  for (int i = 0; i < prefix; ++i) bound[i] = pattern.ids[order[i]];
  return index::count_prefix(txn_, dbs_->index[static_cast<int>(perm)], bound, prefix, cap);
}

uint64_t ReadTransaction::estimate(const QuadPattern& pattern) const {
  unsigned mask = pattern.index_mask();
  // One bound position or none is counted exactly from `counts`; bound to the default graph too
  // when the store holds nothing else (no row of another graph to filter).
  bool other_graphs = mask != pattern.bound_mask() &&
                      index::first_count(txn_, *dbs_, Permutation::GSPO, kDefaultGraph) !=
                          index::total_count(txn_, *dbs_);
  if (!other_graphs && bound_prefix_length(best_permutation(mask), mask) <= 1)
    return count(pattern);
  // Counted by blocks, which for a large count takes a good part of a millisecond: kept for the
  // next queries on this snapshot.
  SnapshotCache* cache = snapshot_cache();
  std::string key;
  if (cache) {
    key = SnapshotCache::pattern_key("estimate", pattern);
    if (auto known = cache->find_as<uint64_t>(snapshot_id(), key)) return *known;
  }
  uint64_t n = count(pattern, kEstimateCap);
  if (cache)
    cache->insert(snapshot_id(), key, std::make_shared<const uint64_t>(n), 64 + key.size());
  return n;
}

struct PredicateStatsCache {
  std::mutex mutex;
  std::unordered_map<TermId, PredicateStats> stats;
};

PredicateStats ReadTransaction::predicate_stats(TermId predicate) const {
  QuadPattern pattern;
  pattern.ids[P] = predicate;
  uint64_t quads = count(pattern);
  auto& cache = *dbs_->stats;
  {
    std::lock_guard<std::mutex> lock(cache.mutex);
    auto it = cache.stats.find(predicate);
    if (it != cache.stats.end() && it->second.quads * 10 <= quads * 11 &&
        quads * 10 <= it->second.quads * 11)
      return it->second;
  }
  // One pass over the predicate in POSG order: objects come grouped; subjects are counted in a
  // set, extrapolated past a million so that memory stays bounded.
  constexpr size_t kSubjectSample = 1 << 20;
  PredicateStats st;
  std::unordered_set<TermId> subjects;
  TermId last_object = kAny;
  uint64_t sampled = 0;
  Quad q;
  for (auto scan = this->scan(pattern, Permutation::POSG); scan.next(q);) {
    ++st.quads;
    if (q.o() != last_object) ++st.objects, last_object = q.o();
    if (subjects.size() < kSubjectSample) subjects.insert(q.s()), ++sampled;
  }
  st.subjects = sampled == st.quads || sampled == 0
                    ? subjects.size()
                    : static_cast<uint64_t>(double(subjects.size()) * st.quads / sampled);
  std::lock_guard<std::mutex> lock(cache.mutex);
  cache.stats[predicate] = st;
  return st;
}

bool ReadTransaction::contains(const Quad& quad) const {
  QuadPattern pattern{quad.ids};
  return count(pattern, 1) == 1;
}

uint64_t WriteTransaction::rebuild_text_index() {
  return text_index::rebuild(txn_, *dbs_);
}

std::vector<TextMatch> ReadTransaction::text_search(std::string_view query,
                                                    const TextSearchOptions& options) const {
  return text_index::search(txn_, *dbs_, query, options);
}

std::vector<TermId> ReadTransaction::graphs() const {
  // The counts of GSPO's first ids: one key per graph holding quads.
  std::vector<TermId> out;
  lmdb::Cursor cursor(txn_, dbs_->counts);
  unsigned char start[1 + kStoredIdBytes] = {static_cast<unsigned char>(Permutation::GSPO)};
  MDB_val key = lmdb::val(start, sizeof start), data;
  for (bool ok = cursor.get(key, data, MDB_SET_RANGE); ok; ok = cursor.get(key, data, MDB_NEXT)) {
    auto* bytes = static_cast<unsigned char*>(key.mv_data);
    if (key.mv_size != sizeof start || bytes[0] != start[0]) break;
    TermId g = lmdb::get_id(bytes + 1);
    if (g != kDefaultGraph) out.push_back(g);
  }
  return out;
}

StoreStats ReadTransaction::stats() const {
  StoreStats st;
  st.quads = index::total_count(txn_, *dbs_);
  uint64_t in_default = index::first_count(txn_, *dbs_, Permutation::GSPO, kDefaultGraph);
  for (Permutation perm : kPermutations) {
    IndexSize size = size_of(txn_, dbs_->index[static_cast<int>(perm)]);
    size.entries = holds_default_graph(perm) ? st.quads : st.quads - in_default;
    st.indexes[static_cast<int>(perm)] = size;
  }
  IndexSize terms = size_of(txn_, dbs_->terms);
  IndexSize ids = size_of(txn_, dbs_->ids);
  IndexSize long_ids = size_of(txn_, dbs_->long_ids);
  st.terms = terms.entries;
  st.dictionary = {terms.entries, terms.bytes + ids.bytes + long_ids.bytes};
  st.counts = size_of(txn_, dbs_->counts);
  st.text = text_index::size(txn_, *dbs_);
  st.graphs = graphs().size();
  QuadPattern default_graph;
  default_graph.ids[G] = kDefaultGraph;
  st.default_graph_quads = count(default_graph);
  MDB_env* env = mdb_txn_env(txn_);
  const char* path = nullptr;
  if (mdb_env_get_path(env, &path) == MDB_SUCCESS && path)
    st.file_bytes = size_on_disk(std::filesystem::path(path) / "data.mdb");
  return st;
}

// --- WriteTransaction -----------------------------------------------------------------------

WriteTransaction::~WriteTransaction() = default;

TermId WriteTransaction::intern(const Term& term) {
  return intern_encoded(encode_term(term));
}

TermId WriteTransaction::intern_encoded(std::string_view encoded) {
  return dictionary::intern(txn_, *dbs_, encoded);
}

bool WriteTransaction::insert(const Quad& quad) {
  return index::insert(txn_, *dbs_, quad);
}

bool WriteTransaction::remove(const Quad& quad) {
  return index::remove(txn_, *dbs_, quad);
}

std::string WriteTransaction::fresh_blank_label() {
  return "b" + std::to_string(reserve_blank_numbers(1));
}

uint64_t WriteTransaction::reserve_blank_numbers(uint64_t count) {
  return lmdb::reserve_counter(txn_, dbs_->meta, kBlankKey, count);
}

void WriteTransaction::commit() {
  if (!txn_) throw StoreError("commit of a finished transaction", EINVAL);
  MDB_txn* txn = txn_;
  txn_ = nullptr;
  int rc = mdb_txn_commit(txn);  // frees txn even on failure
  lmdb::check(rc, "commit");
}

void WriteTransaction::abort() {
  if (txn_) mdb_txn_abort(txn_);
  txn_ = nullptr;
}

}  // namespace moivre::graph
