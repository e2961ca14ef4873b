// The quad store: an LMDB environment holding the dictionary and the six index permutations.
// See graph/graph.hpp for the on-disk layout.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "graph/quad.hpp"
#include "graph/row_codec.hpp"
#include "graph/term.hpp"

struct MDB_env;
struct MDB_txn;
struct MDB_cursor;

namespace moivre::graph {

// The LMDB database handles of an open store.
// Per-predicate statistics for join ordering.
struct PredicateStats {
  uint64_t quads = 0;
  uint64_t subjects = 0;  // distinct
  uint64_t objects = 0;   // distinct
};
struct PredicateStatsCache;
class SnapshotCache;

// A string literal whose words match a name search, and how well (BM25, with literals whose
// words are exactly the query's first, then those that start with them).
struct TextMatch {
  TermId literal = 0;
  double score = 0;
  bool exact = false;  // the literal's words are the query's
};
struct TextSearchOptions {
  // The last word of the query also matches longer words it begins (type-ahead).
  bool prefix = true;
  // Literals read per query word at most: a one-letter prefix does not read the whole index.
  size_t max_candidates = 100000;
};

struct Databases {
  unsigned meta = 0;      // string key -> value: format version, id counters
  unsigned terms = 0;     // 8-byte id -> encoded term
  unsigned ids = 0;       // encoded term (short) -> 8-byte id
  unsigned long_ids = 0;  // 16-byte hash of a long encoded term -> 8-byte ids (duplicates)
  unsigned counts = 0;    // rows per first id of each permutation, and the quad total
  unsigned text = 0;      // word -> ids of the string literals holding it (graph/text_index.hpp)
  std::array<unsigned, kPermutationCount> index{};  // per Permutation
  std::shared_ptr<PredicateStatsCache> stats;       // shared by all transactions of the store
  std::shared_ptr<SnapshotCache> derived;           // values derived from a snapshot's data
};

struct StoreOptions {
  bool read_only = false;
  // Bytes of address space to map; 0 picks a size far above any disk (it is not allocated).
  uint64_t map_size = 0;
  // fsync at each commit. Off: commits are much faster but the last ones may be lost (not
  // corrupted) by a machine crash; for scratch stores only.
  bool sync = true;
};

struct IndexSize {
  uint64_t entries = 0;  // quads, for an index
  uint64_t bytes = 0;    // bytes of pages
};

struct StoreStats {
  uint64_t quads = 0;
  uint64_t terms = 0;
  uint64_t graphs = 0;  // named graphs holding at least one quad
  uint64_t default_graph_quads = 0;
  std::array<IndexSize, kPermutationCount> indexes{};
  IndexSize dictionary;
  IndexSize counts;  // entries: ids counted in first positions, and the total
  IndexSize text;    // entries: (word, literal) pairs of the name search's index
  uint64_t file_bytes = 0;
};

class Store;

// A sorted range scan over one permutation. Quads come in that permutation's order.
class QuadScan {
 public:
  QuadScan(QuadScan&&) noexcept = default;
  QuadScan& operator=(QuadScan&&) noexcept = default;

  bool next(Quad& out);
  Permutation permutation() const { return perm_; }
  // Starts over on another pattern with the same cursor (nothing allocated): false, and nothing
  // changed, when that pattern would be scanned in another permutation. A pattern whose prefix
  // sorts after the last one's goes on from the row that ended that scan when its rows can be
  // in the same block: lookups in ascending order (an index nested loop over sorted rows)
  // neither seek nor decode a block again.
  bool restart(const QuadPattern& pattern);

 private:
  friend class ReadTransaction;
  QuadScan(MDB_txn* txn, unsigned dbi, Permutation perm, const QuadPattern& pattern);
  void start(const QuadPattern& pattern);
  bool next_block();
  // <0, 0, >0: the row's bound prefix before, at or past the pattern's.
  int compare_prefix(const rows::Row& row) const;

  struct CursorCloser {
    void operator()(MDB_cursor* cursor) const;
  };
  std::unique_ptr<MDB_cursor, CursorCloser> cursor_;
  Permutation perm_;
  std::array<Position, 4> order_{};  // the permutation's order of positions
  QuadPattern pattern_;
  int prefix_len_ = 0;
  bool filtered_ = false;  // some bound position lies outside the prefix
  rows::Row start_{};      // the bound prefix in permutation order, then zeros
  bool started_ = false;
  bool done_ = false;
  bool resumed_ = false;  // going on in the block of the last scan
  bool reached_ = false;  // a row of the prefix was read
  rows::Row ahead_{};     // the row that ended the last scan (past its prefix), not yet given
  bool have_ahead_ = false;
  rows::BlockReader block_;
};

// A consistent read-only snapshot of the store (an LMDB read transaction). Writers never block it
// and it never sees their commits. Use from one thread at a time.
class ReadTransaction {
 public:
  ReadTransaction(ReadTransaction&&) noexcept;
  ReadTransaction& operator=(ReadTransaction&&) noexcept;
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  virtual ~ReadTransaction();

  std::optional<TermId> lookup(const Term& term) const;
  std::optional<TermId> lookup_encoded(std::string_view encoded) const;
  Term term(TermId id) const;
  // The encoded bytes of a term; valid until the transaction ends.
  std::string_view encoded_term(TermId id) const;
  // The encoded bytes of many terms, of `ascending` ids (repeats allowed), each given to `visit`
  // with its index: read in one walk of the dictionary, several times faster than a lookup per
  // id when the ids are close together.
  void encoded_terms(std::span<const TermId> ascending,
                     const std::function<void(size_t, std::string_view)>& visit) const;

  QuadScan scan(const QuadPattern& pattern) const;
  // A scan in a given order; bound positions outside its prefix are filtered. A G-first order
  // reads the named graphs only, unless G is bound to the default graph (graph/quad.hpp).
  QuadScan scan(const QuadPattern& pattern, Permutation perm) const;
  // The exact number of matching quads, counting no further than `cap`.
  uint64_t count(const QuadPattern& pattern, uint64_t cap = UINT64_MAX) const;
  // A cheap cardinality for planning: exact when at most one position of the best permutation's
  // prefix is bound (O(1), from the counts), else exact up to about kEstimateCap (counted by
  // blocks: the cost grows with the count / ~150, not with the count).
  uint64_t estimate(const QuadPattern& pattern) const;
  static constexpr uint64_t kEstimateCap = 1000000;
  // Quads, distinct subjects and distinct objects of a predicate (over all graphs). Computed on
  // first use and kept for the store; recomputed when the predicate's size moved by a tenth.
  PredicateStats predicate_stats(TermId predicate) const;
  bool contains(const Quad& quad) const;
  // String literals holding every word of `query` (graph/text_tokens.hpp), best first. A
  // literal may be in no quad any more (the caller checks); none when the query has no word.
  std::vector<TextMatch> text_search(std::string_view query,
                                     const TextSearchOptions& options = {}) const;
  // Named graphs that hold at least one quad, in id order.
  std::vector<TermId> graphs() const;
  StoreStats stats() const;

  // The store's cache of values computed from this snapshot alone, for later readers of the same
  // snapshot (graph/snapshot_cache.hpp), and the snapshot's id, its key there. A write
  // transaction's data moves as it writes: it has no cache (null).
  SnapshotCache* snapshot_cache() const { return writable_ ? nullptr : dbs_->derived.get(); }
  uint64_t snapshot_id() const;

  MDB_txn* handle() const { return txn_; }
  const Databases& databases() const { return *dbs_; }

 protected:
  ReadTransaction(MDB_txn* txn, const Databases* dbs) : txn_(txn), dbs_(dbs) {}
  friend class Store;
  MDB_txn* txn_ = nullptr;
  const Databases* dbs_ = nullptr;
  bool writable_ = false;
};

// The single writer. Changes become visible to new readers at commit(), all at once; a
// transaction destroyed without commit() leaves the store as it was.
class WriteTransaction : public ReadTransaction {
 public:
  WriteTransaction(WriteTransaction&&) noexcept = default;
  ~WriteTransaction() override;

  TermId intern(const Term& term);
  TermId intern_encoded(std::string_view encoded);
  // Returns false when the quad was already there.
  bool insert(const Quad& quad);
  // Returns false when the quad was not there.
  bool remove(const Quad& quad);
  // Builds the name search's index again from every literal of the dictionary; returns the
  // literals indexed. For stores whose index is suspect, and to time the index's build.
  uint64_t rebuild_text_index();
  // A fresh blank node label, unique in this store.
  std::string fresh_blank_label();
  // Reserves `count` blank node numbers and returns the first; number n is labelled "b<n>".
  uint64_t reserve_blank_numbers(uint64_t count);
  void commit();
  void abort();

 private:
  friend class Store;
  using ReadTransaction::ReadTransaction;
};

class Store {
 public:
  // Opens the store in directory `dir`, creating it if absent (unless read-only).
  explicit Store(const std::filesystem::path& dir, StoreOptions options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  ReadTransaction read() const;
  // Blocks while another write transaction is open.
  WriteTransaction write();
  // Flushes to disk (commits already are durable; this is for stores opened without sync).
  void sync();
  // Writes a compacted, consistent copy of the store (one read snapshot) to the new directory
  // `target`, while readers and the writer go on. The copy is built beside `target` and renamed
  // into place, so a failed backup leaves no partial store there.
  void backup(const std::filesystem::path& target) const;

  const std::filesystem::path& path() const { return dir_; }
  bool read_only() const { return options_.read_only; }

 private:
  MDB_txn* begin(bool read_only) const;

  std::filesystem::path dir_;
  StoreOptions options_;
  MDB_env* env_ = nullptr;
  Databases dbs_;
};

}  // namespace moivre::graph
