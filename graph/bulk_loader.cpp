#include "graph/bulk_loader.hpp"

#include <algorithm>
#include <future>
#include <numeric>

#include "graph/dictionary.hpp"
#include "graph/error.hpp"
#include "graph/index.hpp"
#include "graph/lmdb_util.hpp"

namespace moivre::graph {
namespace {

constexpr auto kReportInterval = std::chrono::milliseconds(500);

// Provisional encoding of a document's blank node: kind byte, NUL, load-wide number. Real labels
// never contain NUL, so these cannot collide with a stored term.
bool is_provisional_blank(std::string_view encoded) {
  return encoded.size() > 1 && encoded[0] == static_cast<char>(TermKind::Blank) &&
         encoded[1] == '\0';
}

bool database_empty(MDB_txn* txn, unsigned dbi) {
  MDB_stat st;
  lmdb::check(mdb_stat(txn, dbi, &st), "read database statistics");
  return st.ms_entries == 0;
}

}  // namespace

BulkLoader::BulkLoader(WriteTransaction& txn, ProgressCallback progress)
    : txn_(txn),
      progress_(std::move(progress)),
      start_(std::chrono::steady_clock::now()),
      last_report_(start_) {}

void BulkLoader::report(std::string_view phase, bool force) {
  if (!progress_) return;
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_report_ < kReportInterval) return;
  last_report_ = now;
  progress_(LoadProgress{phase, summary_.statements, now - start_});
}

BulkLoader::Provisional BulkLoader::provisional(std::string_view encoded) {
  if (auto it = term_numbers_.find(encoded); it != term_numbers_.end()) return it->second;
  if (terms_.size() == kNoGraph) throw Error("too many distinct terms for one load");
  auto it = term_numbers_.emplace(std::string(encoded), static_cast<Provisional>(terms_.size()));
  terms_.push_back(&it.first->first);
  return it.first->second;
}

// Parsed statements waiting to be numbered: their four encoded terms (the graph's empty for the
// document's default graph), back to back.
struct BulkLoader::StatementBatch {
  static constexpr size_t kStatements = 32768;
  std::string bytes;
  std::vector<uint32_t> ends;  // end of each term in `bytes`

  void add(const ParsedQuad& q) {
    for (std::string_view term : {q.subject, q.predicate, q.object, q.graph}) {
      bytes.append(term);
      ends.push_back(static_cast<uint32_t>(bytes.size()));
    }
  }
  bool full() const { return ends.size() >= 4 * kStatements || bytes.size() >= (1u << 30); }
};

void BulkLoader::number(const StatementBatch& batch, Provisional target_graph) {
  auto number = [this](std::string_view encoded) {
    if (encoded_kind(encoded) != TermKind::Blank) return provisional(encoded);
    auto label = encoded.substr(1);
    if (auto it = blank_labels_.find(label); it != blank_labels_.end()) return it->second;
    std::string name;
    encode_blank(std::string(1, '\0') + std::to_string(blank_count_++), name);
    Provisional n = provisional(name);
    blank_labels_.emplace(std::string(label), n);
    return n;
  };
  std::string_view bytes = batch.bytes;
  uint32_t start = 0;
  auto term = [&](size_t i) {
    std::string_view t = bytes.substr(start, batch.ends[i] - start);
    start = batch.ends[i];
    return t;
  };
  for (size_t i = 0; i < batch.ends.size(); i += 4) {
    std::array<Provisional, 4> quad;
    quad[S] = number(term(i));
    quad[P] = number(term(i + 1));
    quad[O] = number(term(i + 2));
    std::string_view graph = term(i + 3);
    quad[G] = graph.empty() ? target_graph : number(graph);
    quads_.push_back(quad);
  }
}

ReadSummary BulkLoader::add_document(const std::string& graph_iri,
                                     const std::function<ReadSummary(const QuadHandler&)>& read) {
  blank_labels_.clear();
  Provisional target_graph = kNoGraph;
  if (!graph_iri.empty()) {
    std::string encoded;
    encode_iri(graph_iri, encoded);
    target_graph = provisional(encoded);
  }
  // The batch being numbered; its future's destructor waits for it, also when parsing throws.
  std::future<void> numbering;
  auto batch = std::make_unique<StatementBatch>();
  auto hand_over = [&] {
    if (numbering.valid()) numbering.get();
    numbering = std::async(std::launch::async, [this, b = std::move(batch), target_graph] {
      number(*b, target_graph);
    });
    batch = std::make_unique<StatementBatch>();
  };
  ReadSummary summary = read([&](const ParsedQuad& q) {
    batch->add(q);
    if (batch->full()) hand_over();
    if ((++summary_.statements & 0xFFFF) == 0) report("parsing");
  });
  hand_over();
  numbering.get();
  summary_.skipped += summary.skipped;
  return summary;
}

ReadSummary BulkLoader::add(Input& input, const ReadOptions& options,
                            const std::string& graph_iri) {
  return add_document(
      graph_iri, [&](const QuadHandler& handler) { return read_rdf(input, options, handler); });
}

ReadSummary BulkLoader::add_string(std::string_view text, const std::string& name,
                                   const ReadOptions& options, const std::string& graph_iri) {
  return add_document(graph_iri, [&](const QuadHandler& handler) {
    return read_rdf_string(text, name, options, handler);
  });
}

LoadSummary BulkLoader::finish() {
  report("dictionary", true);
  MDB_txn* txn = txn_.handle();
  const Databases& dbs = txn_.databases();

  // Ids: existing terms keep theirs; new ones get fresh sequence numbers.
  std::vector<TermId> ids(terms_.size(), 0);
  std::vector<Provisional> fresh;
  bool dictionary_empty = database_empty(txn, dbs.terms);
  uint64_t blanks = 0;
  for (Provisional n = 0; n < terms_.size(); ++n) {
    const std::string& encoded = *terms_[n];
    if (is_provisional_blank(encoded)) {
      ++blanks;
      fresh.push_back(n);
    } else if (auto id = dictionary_empty ? std::nullopt : dictionary::lookup(txn, dbs, encoded)) {
      ids[n] = *id;
    } else {
      fresh.push_back(n);
    }
  }
  uint64_t first_blank = blanks ? txn_.reserve_blank_numbers(blanks) : 0;
  uint64_t sequence = fresh.empty() ? 0 : dictionary::reserve(txn, dbs, fresh.size());
  // Final encodings of the new terms (blank nodes get their store-wide labels).
  std::vector<std::string> relabelled(blanks);
  std::vector<std::string_view> fresh_encoded(fresh.size());
  for (size_t i = 0, b = 0; i < fresh.size(); ++i) {
    const std::string& encoded = *terms_[fresh[i]];
    if (is_provisional_blank(encoded)) {
      uint64_t local = std::stoull(encoded.substr(2));
      encode_blank("b" + std::to_string(first_blank + local), relabelled[b]);
      fresh_encoded[i] = relabelled[b++];
    } else {
      fresh_encoded[i] = encoded;
    }
    ids[fresh[i]] = make_id(encoded_kind(fresh_encoded[i]), sequence + i);
  }
  summary_.terms_added = fresh.size();

  // Indexes: one sorted pass per permutation. The next permutation is sorted on another
  // thread while this one is written (LMDB writes stay on the transaction's thread); the
  // first while the dictionary is written.
  using Rows = std::vector<std::array<TermId, 4>>;
  auto sorted_rows = [this, &ids](Permutation perm) {
    const auto& order = permutation_order(perm);
    Rows rows(quads_.size());
    for (size_t i = 0; i < quads_.size(); ++i)
      for (int k = 0; k < 4; ++k) {
        Provisional n = quads_[i][order[k]];
        rows[i][k] = n == kNoGraph ? kDefaultGraph : ids[n];
      }
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    return rows;
  };
  std::future<Rows> next = std::async(std::launch::async, sorted_rows, kPermutations[0]);

  // Dictionary writes in key order: id -> term, then term -> id.
  {
    std::vector<size_t> order(fresh.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return ids[fresh[a]] < ids[fresh[b]]; });
    lmdb::Cursor cursor(txn, dbs.terms);
    unsigned flags = dictionary_empty ? MDB_APPEND : 0;
    for (size_t i : order) {
      unsigned char id_bytes[lmdb::kIdBytes];
      lmdb::put_id(ids[fresh[i]], id_bytes);
      MDB_val key = lmdb::val(id_bytes, lmdb::kIdBytes), data = lmdb::val(fresh_encoded[i]);
      lmdb::check(mdb_cursor_put(cursor.get(), &key, &data, flags), "write term");
    }
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return fresh_encoded[a] < fresh_encoded[b]; });
    lmdb::Cursor by_term(txn, dbs.ids);
    bool ids_empty = database_empty(txn, dbs.ids);
    for (size_t i : order) {
      std::string_view encoded = fresh_encoded[i];
      unsigned char id_bytes[lmdb::kIdBytes];
      lmdb::put_id(ids[fresh[i]], id_bytes);
      MDB_val id_val = lmdb::val(id_bytes, lmdb::kIdBytes);
      if (encoded.size() > dictionary::kMaxInlineKey) {
        // Long terms go through the hashed table; put() also rewrites `terms`, harmlessly.
        dictionary::put(txn, dbs, ids[fresh[i]], encoded);
        continue;
      }
      MDB_val key = lmdb::val(encoded);
      lmdb::check(mdb_cursor_put(by_term.get(), &key, &id_val, ids_empty ? MDB_APPEND : 0),
                  "write term index");
    }
  }
  term_numbers_.clear();
  terms_.clear();

  report("indexing", true);
  for (size_t p = 0; p < kPermutations.size(); ++p) {
    Permutation perm = kPermutations[p];
    Rows rows = next.get();
    if (p + 1 < kPermutations.size())
      next = std::async(std::launch::async, sorted_rows, kPermutations[p + 1]);
    write_index(perm, rows);
    report("indexing", true);
  }
  quads_.clear();
  return summary_;
}

void BulkLoader::write_index(Permutation perm, const std::vector<std::array<TermId, 4>>& rows) {
  MDB_txn* txn = txn_.handle();
  unsigned dbi = txn_.databases().index[static_cast<int>(perm)];
  bool append = database_empty(txn, dbi);
  lmdb::Cursor cursor(txn, dbi);
  if (append) {
    // An empty index takes each key with all its values in one call (MDB_MULTIPLE): LMDB then
    // positions once per key, not once per quad.
    std::vector<unsigned char> values;
    for (size_t first = 0; first < rows.size();) {
      size_t last = first;
      values.clear();
      for (; last < rows.size() && rows[last][0] == rows[first][0]; ++last) {
        size_t at = values.size();
        values.resize(at + index::kDataSize);
        for (int k = 1; k < 4; ++k)
          lmdb::put_id(rows[last][k], values.data() + at + index::kKeySize * (k - 1));
      }
      unsigned char key[index::kKeySize];
      lmdb::put_id(rows[first][0], key);
      MDB_val k = lmdb::val(key, index::kKeySize);
      MDB_val d[2] = {lmdb::val(values.data(), index::kDataSize), {last - first, nullptr}};
      lmdb::check(mdb_cursor_put(cursor.get(), &k, d, MDB_APPEND | MDB_APPENDDUP | MDB_MULTIPLE),
                  "write index");
      if (d[1].mv_size != last - first)
        throw Error("write index: LMDB stored part of a key's values");
      first = last;
    }
    if (perm == Permutation::SPOG) summary_.quads_added = rows.size();
    return;
  }
  uint64_t added = 0;
  TermId previous_key = 0;
  bool first = true;
  for (const auto& row : rows) {
    unsigned char key[index::kKeySize], data[index::kDataSize];
    lmdb::put_id(row[0], key);
    for (int k = 1; k < 4; ++k) lmdb::put_id(row[k], data + index::kKeySize * (k - 1));
    MDB_val k = lmdb::val(key, index::kKeySize), d = lmdb::val(data, index::kDataSize);
    unsigned flags = MDB_NODUPDATA;
    if (append) flags = (!first && row[0] == previous_key) ? MDB_APPENDDUP : MDB_APPEND;
    int rc = mdb_cursor_put(cursor.get(), &k, &d, flags);
    if (rc == MDB_KEYEXIST) continue;
    lmdb::check(rc, "write index");
    ++added;
    previous_key = row[0];
    first = false;
  }
  if (perm == Permutation::SPOG) summary_.quads_added = added;
}

}  // namespace moivre::graph
