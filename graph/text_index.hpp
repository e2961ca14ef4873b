// The name search's index (internal to graph/): the words of every string literal.
//
// `text` (DUPSORT, DUPFIXED) key: a word (graph/text_tokens.hpp), at most kMaxTokenBytes bytes
//                          values: the 6-byte big-endian ids of the literals holding it
// meta "text_documents", "text_words": literals indexed and their words, plus one each (BM25's
// average length).
//
// A literal is indexed when it enters the dictionary, in the same write transaction: by
// dictionary::put one at a time, by Writer in bulk loads. Simple and language-tagged literals
// are indexed (xsd:string literals are stored as simple ones); other typed literals (numbers,
// dates) are not. Since dictionary entries outlive the quads that used them, a literal found
// here may no longer be in any quad: a search's caller checks that in the same snapshot.
#pragma once

#include <lmdb.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/quad.hpp"
#include "graph/store.hpp"

namespace moivre::graph::text_index {

// Whether a term of this encoding is indexed.
bool indexed(std::string_view encoded);

// The distinct words under which a term of this encoding is indexed (none if it is not).
std::vector<std::string> words_of(std::string_view encoded);
// Whether the index holds the literal `id` under `word`.
bool holds(MDB_txn* txn, const Databases& dbs, std::string_view word, TermId id);

// Indexes one literal (a no-op for terms that are not indexed).
void add(MDB_txn* txn, const Databases& dbs, TermId id, std::string_view encoded);

// Indexes many literals, sorting their words in batches of bounded size before writing them.
class Writer {
 public:
  Writer(MDB_txn* txn, const Databases& dbs) : txn_(txn), dbs_(dbs) {}
  void add(TermId id, std::string_view encoded);
  // Writes what is buffered and the counters; call before commit. Returns the literals added.
  uint64_t finish();

 private:
  void flush();
  MDB_txn* txn_;
  const Databases& dbs_;
  std::vector<std::pair<std::string, TermId>> postings_;
  size_t buffered_bytes_ = 0;
  uint64_t documents_ = 0, words_ = 0;
};

// Entries, and bytes of pages: LMDB's statistics count a DUPSORT database's own pages only, so
// the pages of words with too many literals to stay inline (sub-databases) are added, counted
// from their literals.
IndexSize size(MDB_txn* txn, const Databases& dbs);

// Empties the index and indexes every literal of `terms` again; returns the literals indexed.
uint64_t rebuild(MDB_txn* txn, const Databases& dbs);

std::vector<TextMatch> search(MDB_txn* txn, const Databases& dbs, std::string_view query,
                              const TextSearchOptions& options);

}  // namespace moivre::graph::text_index
