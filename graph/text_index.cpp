#include "graph/text_index.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "graph/dictionary.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/text_tokens.hpp"

namespace moivre::graph::text_index {
namespace {

constexpr std::string_view kDocuments = "text_documents";
constexpr std::string_view kWords = "text_words";
constexpr size_t kBatchBytes = 64 << 20;
// BM25's constants, as Lucene and most engines set them.
constexpr double kK1 = 1.2, kB = 0.75;
// A word matched only as a prefix of the literal's word weighs this much of a whole match.
constexpr double kPrefixWeight = 0.7;
// Literals whose words are exactly the query's, then those that start with them, come first.
constexpr double kExactBonus = 1000, kStartBonus = 100;

// The lexical form of an indexed literal's encoding.
std::string_view lexical_form(std::string_view encoded) {
  if (encoded_kind(encoded) == TermKind::LangLiteral) {
    size_t nul = encoded.find('\0', 1);
    return nul == std::string_view::npos ? std::string_view{} : encoded.substr(nul + 1);
  }
  return encoded.substr(1);
}

// The distinct words of a text.
std::vector<std::string> distinct_words(std::string_view text) {
  auto words = text_tokens(text);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

void put(MDB_cursor* cursor, std::string_view word, TermId id) {
  unsigned char id_bytes[lmdb::kIdBytes];
  lmdb::put_id(id, id_bytes);
  MDB_val key = lmdb::val(word), data = lmdb::val(id_bytes, lmdb::kIdBytes);
  int rc = mdb_cursor_put(cursor, &key, &data, MDB_NODUPDATA);
  if (rc != MDB_KEYEXIST) lmdb::check(rc, "write text index");
}

void add_counts(MDB_txn* txn, const Databases& dbs, uint64_t documents, uint64_t words) {
  if (documents) lmdb::reserve_counter(txn, dbs.meta, kDocuments, documents);
  if (words) lmdb::reserve_counter(txn, dbs.meta, kWords, words);
}

uint64_t counter(MDB_txn* txn, const Databases& dbs, std::string_view name) {
  MDB_val key = lmdb::val(name), data;
  int rc = mdb_get(txn, dbs.meta, &key, &data);
  if (rc == MDB_NOTFOUND) return 1;
  lmdb::check(rc, "read text index counter");
  return lmdb::get_be64(static_cast<unsigned char*>(data.mv_data));
}

}  // namespace

bool indexed(std::string_view encoded) {
  if (encoded.empty()) return false;
  TermKind kind = encoded_kind(encoded);
  return kind == TermKind::Literal || kind == TermKind::LangLiteral;
}

std::vector<std::string> words_of(std::string_view encoded) {
  if (!indexed(encoded)) return {};
  return distinct_words(lexical_form(encoded));
}

bool holds(MDB_txn* txn, const Databases& dbs, std::string_view word, TermId id) {
  unsigned char id_bytes[lmdb::kIdBytes];
  lmdb::put_id(id, id_bytes);
  MDB_val key = lmdb::val(word), data = lmdb::val(id_bytes, lmdb::kIdBytes);
  lmdb::Cursor cursor(txn, dbs.text);
  return cursor.get(key, data, MDB_GET_BOTH);
}

void add(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded) {
  if (!indexed(encoded)) return;
  auto words = distinct_words(lexical_form(encoded));
  if (words.empty()) return;
  lmdb::Cursor cursor(txn, dbs.text);
  for (const auto& word : words) put(cursor.get(), word, id);
  add_counts(txn, dbs, 1, text_tokens(lexical_form(encoded)).size());
}

void Writer::add(TermId id, std::string_view encoded) {
  if (!indexed(encoded)) return;
  auto all = text_tokens(lexical_form(encoded));
  if (all.empty()) return;
  ++documents_;
  words_ += all.size();
  auto words = distinct_words(lexical_form(encoded));
  for (auto& word : words) {
    buffered_bytes_ += word.size() + sizeof(std::pair<std::string, TermId>);
    postings_.emplace_back(std::move(word), id);
  }
  if (buffered_bytes_ > kBatchBytes) flush();
}

void Writer::flush() {
  std::sort(postings_.begin(), postings_.end());
  lmdb::Cursor cursor(txn_, dbs_.text);
  for (const auto& [word, id] : postings_) put(cursor.get(), word, id);
  postings_.clear();
  postings_.shrink_to_fit();
  buffered_bytes_ = 0;
}

uint64_t Writer::finish() {
  if (!postings_.empty()) flush();
  add_counts(txn_, dbs_, documents_, words_);
  uint64_t added = documents_;
  documents_ = words_ = 0;
  return added;
}

IndexSize size(MDB_txn* txn, const Databases& dbs) {
  MDB_stat st;
  lmdb::check(mdb_stat(txn, dbs.text, &st), "read text index statistics");
  IndexSize out{st.ms_entries, uint64_t{st.ms_psize} *
                                   (st.ms_branch_pages + st.ms_leaf_pages + st.ms_overflow_pages)};
  // A word's ids stay in its node up to about half a page; past that they get pages of their own.
  const uint64_t inline_bytes = st.ms_psize / 2, page_payload = st.ms_psize - 16;
  lmdb::Cursor cursor(txn, dbs.text);
  MDB_val key, data;
  for (bool more = cursor.get(key, data, MDB_FIRST); more;
       more = cursor.get(key, data, MDB_NEXT_NODUP)) {
    uint64_t bytes = cursor.count() * lmdb::kIdBytes;
    if (bytes > inline_bytes) out.bytes += (bytes + page_payload - 1) / page_payload * st.ms_psize;
  }
  return out;
}

uint64_t rebuild(MDB_txn* txn, const Databases& dbs) {
  lmdb::check(mdb_drop(txn, dbs.text, 0), "empty the text index");
  for (std::string_view name : {kDocuments, kWords}) {
    MDB_val key = lmdb::val(name);
    int rc = mdb_del(txn, dbs.meta, &key, nullptr);
    if (rc != MDB_NOTFOUND) lmdb::check(rc, "reset the text index's counters");
  }
  Writer writer(txn, dbs);
  lmdb::Cursor terms(txn, dbs.terms);
  MDB_val key, data;
  for (bool more = terms.get(key, data, MDB_FIRST); more; more = terms.get(key, data, MDB_NEXT))
    writer.add(lmdb::get_id(static_cast<unsigned char*>(key.mv_data)), lmdb::view(data));
  return writer.finish();
}

std::vector<TextMatch> search(MDB_txn* txn, const Databases& dbs, std::string_view query,
                              const TextSearchOptions& options) {
  auto words = text_tokens(query);
  if (words.empty()) return {};
  double documents = static_cast<double>(counter(txn, dbs, kDocuments) - 1);
  double average_length =
      documents > 0 ? static_cast<double>(counter(txn, dbs, kWords) - 1) / documents : 1;
  auto idf = [&](double df) { return std::log(1 + (documents - df + 0.5) / (df + 0.5)); };

  // Per query word, the literals holding it and its weight there; the last word also as the
  // prefix of a longer word (type-ahead).
  std::vector<std::string> distinct = words;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<std::vector<std::pair<TermId, double>>> lists;
  lmdb::Cursor cursor(txn, dbs.text);
  for (const auto& word : distinct) {
    bool prefix = options.prefix && word == words.back();
    std::vector<std::pair<TermId, double>> list;
    MDB_val key = lmdb::val(word), data;
    bool more = cursor.get(key, data, MDB_SET_RANGE);
    while (more && list.size() < options.max_candidates) {
      std::string_view found = lmdb::view(key);
      bool whole = found == word;
      if (!whole && !(prefix && found.substr(0, word.size()) == word)) break;
      double weight = idf(static_cast<double>(cursor.count())) * (whole ? 1 : kPrefixWeight);
      for (bool dup = true; dup && list.size() < options.max_candidates;
           dup = cursor.get(key, data, MDB_NEXT_DUP))
        list.emplace_back(lmdb::get_id(static_cast<unsigned char*>(data.mv_data)), weight);
      more = cursor.get(key, data, MDB_NEXT_NODUP);
    }
    // A literal may hold several words with the prefix: its best counts.
    std::sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.first < b.first || (a.first == b.first && a.second > b.second);
    });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               list.end());
    if (list.empty()) return {};
    lists.push_back(std::move(list));
  }
  // Literals holding every word, the rarest word's list first.
  std::sort(lists.begin(), lists.end(),
            [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<std::pair<TermId, double>> hits = std::move(lists[0]);
  for (size_t i = 1; i < lists.size() && !hits.empty(); ++i) {
    std::vector<std::pair<TermId, double>> kept;
    auto it = lists[i].begin();
    for (const auto& [id, weight] : hits) {
      it = std::lower_bound(it, lists[i].end(), id,
                            [](const auto& entry, TermId v) { return entry.first < v; });
      if (it == lists[i].end()) break;
      if (it->first == id) kept.emplace_back(id, weight + it->second);
    }
    hits = std::move(kept);
  }

  std::vector<TextMatch> out;
  out.reserve(hits.size());
  for (const auto& [id, weight] : hits) {
    auto text = text_tokens(lexical_form(dictionary::get(txn, dbs, id)));
    double length = static_cast<double>(std::max<size_t>(text.size(), 1));
    double score = weight * (kK1 + 1) / (1 + kK1 * (1 - kB + kB * length / average_length));
    bool exact = text == words;
    if (exact)
      score += kExactBonus;
    else if (text.size() >= words.size() &&
             std::equal(words.begin(), words.end() - 1, text.begin()) &&
             text[words.size() - 1].rfind(words.back(), 0) == 0)
      score += kStartBonus;
    out.push_back({id, score, exact});
  }
  std::sort(out.begin(), out.end(), [](const TextMatch& a, const TextMatch& b) {
    return a.score > b.score || (a.score == b.score && a.literal < b.literal);
  });
  return out;
}

}  // namespace moivre::graph::text_index
