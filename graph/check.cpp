#include "graph/check.hpp"

#include <xxhash.h>

#include <algorithm>

#include "graph/dictionary.hpp"
#include "graph/index.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/text_index.hpp"

namespace moivre::graph {
namespace {

constexpr size_t kMaxProblems = 20;
constexpr uint64_t kProgressEvery = 1 << 20;

class Checker {
 public:
  Checker(const ReadTransaction& txn, const CheckProgress& progress)
      : txn_(txn), handle_(txn.handle()), dbs_(txn.databases()), progress_(progress) {}

  CheckReport run() {
    check_dictionary();
    check_reverse_maps();
    if (!full()) check_text_index();
    check_permutations();
    report_.terms = term_ids_.size();
    return std::move(report_);
  }

 private:
  void problem(std::string text) {
    if (report_.problems.size() < kMaxProblems) report_.problems.push_back(std::move(text));
  }
  bool full() const { return report_.problems.size() >= kMaxProblems; }
  void tick(std::string_view stage, uint64_t done, uint64_t total) {
    if (progress_ && done % kProgressEvery == 0) progress_(stage, done, total);
  }
  uint64_t entries(MDB_dbi dbi) {
    MDB_stat st;
    lmdb::check(mdb_stat(handle_, dbi, &st), "read database statistics");
    return st.ms_entries;
  }
  uint64_t next_sequence() {
    MDB_val key = lmdb::val(std::string_view("next_sequence")), data;
    int rc = mdb_get(handle_, dbs_.meta, &key, &data);
    if (rc == MDB_NOTFOUND) return 1;
    lmdb::check(rc, "read counter");
    if (data.mv_size != 8) {
      problem("meta: next_sequence is " + std::to_string(data.mv_size) + " bytes, not 8");
      return kMaxSequence + 1;
    }
    return lmdb::get_be64(static_cast<unsigned char*>(data.mv_data));
  }

  // terms: id -> encoding, and each encoding found again through ids/long_ids.
  void check_dictionary() {
    uint64_t next = next_sequence();
    uint64_t total = entries(dbs_.terms);
    term_ids_.reserve(total);
    lmdb::Cursor cursor(handle_, dbs_.terms);
    MDB_val key, data;
    uint64_t done = 0;
    for (bool ok = cursor.get(key, data, MDB_FIRST); ok && !full();
         ok = cursor.get(key, data, MDB_NEXT)) {
      tick("dictionary", ++done, total);
      if (key.mv_size != lmdb::kIdBytes) {
        problem("terms: a key of " + std::to_string(key.mv_size) + " bytes");
        continue;
      }
      TermId id = lmdb::get_id(static_cast<unsigned char*>(key.mv_data));
      std::string_view encoded = lmdb::view(data);
      std::string name = "term " + std::to_string(id);
      term_ids_.push_back(id);
      if ((id & kMaxSequence) >= next)
        problem(name + ": sequence number at or above next_sequence " + std::to_string(next));
      try {
        Term term = decode_term(encoded);
        if (term.kind != id_kind(id)) problem(name + ": its id's kind differs from its encoding");
      } catch (const CorruptStore& e) {
        problem(name + ": " + e.what());
        continue;
      }
      for (const auto& word : text_index::words_of(encoded)) {
        ++text_postings_;
        if (!text_index::holds(handle_, dbs_, word, id))
          problem(name + ": the text index lacks it under the word '" + word + "'");
      }
      auto back = dictionary::lookup(handle_, dbs_, encoded);
      if (!back)
        problem(name + ": its encoding is not in the reverse map");
      else if (*back != id)
        problem(name + ": its encoding maps to another id, " + std::to_string(*back));
    }
  }

  // `text` holds no entry beyond those of the literals of `terms` (each found there, above).
  void check_text_index() {
    uint64_t held = entries(dbs_.text);
    if (held != text_postings_)
      problem("text index: " + std::to_string(held) + " entries for " +
              std::to_string(text_postings_) + " words of literals");
  }

  // ids/long_ids hold no entry beyond those of `terms` (each term found there once, above).
  void check_reverse_maps() {
    uint64_t reverse = entries(dbs_.ids) + entries(dbs_.long_ids);
    if (reverse != term_ids_.size())
      problem("dictionary: " + std::to_string(reverse) + " reverse entries for " +
              std::to_string(term_ids_.size()) + " terms");
  }

  bool known_term(TermId id) const {
    return std::binary_search(term_ids_.begin(), term_ids_.end(), id);
  }

  struct Summary {
    uint64_t count = 0;
    uint64_t checksum = 0;  // sum of the quads' hashes: the same whatever the order
    uint64_t named_count = 0, named_checksum = 0;  // the same over the named graphs' quads
  };

  Summary scan_permutation(Permutation perm, bool check_terms) {
    std::string name(permutation_name(perm));
    const auto& order = permutation_order(perm);
    Summary summary;
    Quad quad;
    std::array<TermId, 4> previous{};
    uint64_t expected = index::total_count(handle_, dbs_);
    uint64_t run = 0, firsts = 0;
    auto check_run = [&] {
      if (run == 0) return;
      ++firsts;
      uint64_t counted = index::first_count(handle_, dbs_, perm, previous[0]);
      if (counted != run)
        problem(name + ": " + std::to_string(run) + " rows start with term " +
                std::to_string(previous[0]) + ", its count says " + std::to_string(counted));
    };
    for (auto scan = txn_.scan(QuadPattern{}, perm); scan.next(quad) && !full();) {
      std::array<TermId, 4> key;
      for (int i = 0; i < 4; ++i) key[i] = quad.ids[order[i]];
      if (summary.count > 0 && !(previous < key))
        problem(name + ": entry " + std::to_string(summary.count) + " is out of order");
      if (summary.count > 0 && key[0] != previous[0]) check_run(), run = 0;
      ++run;
      previous = key;
      ++summary.count;
      uint64_t hash = XXH3_64bits(quad.ids.data(), sizeof quad.ids);
      summary.checksum += hash;
      if (quad.g() != kDefaultGraph) ++summary.named_count, summary.named_checksum += hash;
      tick(name, summary.count, expected);
      if (!check_terms) continue;
      for (int pos = 0; pos < 4; ++pos) {
        TermId id = quad.ids[pos];
        if (pos == G && id == kDefaultGraph) continue;
        if (!known_term(id))
          problem(name + ": quad " + std::to_string(summary.count) + " uses term id " +
                  std::to_string(id) + ", which is not in the dictionary");
      }
    }
    check_run();
    // GSPO also counts the default graph's quads, which it does not hold.
    if (perm == Permutation::GSPO) {
      uint64_t in_default = total_count_of_default();
      if (in_default + summary.count != expected)
        problem(name + ": counts " + std::to_string(in_default) + " default-graph quads where " +
                std::to_string(expected - summary.count) + " are stored");
      firsts += in_default > 0;
    }
    if (!full() && counted_firsts(perm) != firsts)
      problem(name + ": " + std::to_string(counted_firsts(perm)) + " counts for " +
              std::to_string(firsts) + " distinct first terms");
    return summary;
  }

  uint64_t total_count_of_default() {
    return index::first_count(handle_, dbs_, Permutation::GSPO, kDefaultGraph);
  }

  // Entries of `counts` for a permutation.
  uint64_t counted_firsts(Permutation perm) {
    lmdb::Cursor cursor(handle_, dbs_.counts);
    unsigned char start[1 + kStoredIdBytes] = {static_cast<unsigned char>(perm)};
    MDB_val key = lmdb::val(start, sizeof start), data;
    uint64_t n = 0;
    for (bool ok = cursor.get(key, data, MDB_SET_RANGE); ok; ok = cursor.get(key, data, MDB_NEXT)) {
      if (key.mv_size != sizeof start || static_cast<unsigned char*>(key.mv_data)[0] != start[0])
        break;
      ++n;
    }
    return n;
  }

  void check_permutations() {
    Summary reference = scan_permutation(Permutation::SPOG, true);
    report_.quads = reference.count;
    uint64_t total = index::total_count(handle_, dbs_);
    if (total != reference.count)
      problem("counts: a total of " + std::to_string(total) + " quads where spog has " +
              std::to_string(reference.count));
    for (Permutation perm : kPermutations) {
      if (perm == Permutation::SPOG || full()) continue;
      Summary other = scan_permutation(perm, false);
      std::string name(permutation_name(perm));
      // The G-first permutations hold the named graphs' quads only.
      bool all = holds_default_graph(perm);
      uint64_t count = all ? reference.count : reference.named_count;
      uint64_t checksum = all ? reference.checksum : reference.named_checksum;
      if (other.count != count)
        problem(name + ": " + std::to_string(other.count) + " quads where spog has " +
                std::to_string(count));
      else if (other.checksum != checksum)
        problem(name + ": holds other quads than spog (checksums differ)");
      else if (!all && other.named_count != other.count)
        problem(name + ": holds quads of the default graph");
    }
  }

  const ReadTransaction& txn_;
  MDB_txn* handle_;
  const Databases& dbs_;
  const CheckProgress& progress_;
  uint64_t text_postings_ = 0;
  std::vector<TermId> term_ids_;  // in id order: `terms` is sorted by its big-endian keys
  CheckReport report_;
};

}  // namespace

CheckReport check_store(const ReadTransaction& txn, const CheckProgress& progress) {
  return Checker(txn, progress).run();
}

}  // namespace moivre::graph
