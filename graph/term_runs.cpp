#include "graph/term_runs.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <queue>

#include "graph/dictionary.hpp"
#include "graph/error.hpp"
#include "graph/lmdb_util.hpp"
#include "graph/row_codec.hpp"
#include "graph/term.hpp"
#include "graph/text_index.hpp"

namespace moivre::graph::term_runs {
namespace {

bool is_provisional_blank(std::string_view encoded) {
  return encoded.size() > 1 && encoded[0] == static_cast<char>(TermKind::Blank) &&
         encoded[1] == '\0';
}

bool database_empty(MDB_txn* txn, unsigned dbi) {
  MDB_stat st;
  lmdb::check(mdb_stat(txn, dbi, &st), "read database statistics");
  return st.ms_entries == 0;
}

// One run's sorted terms, read in order.
struct TermCursor {
  scratch::StreamReader reader;
  uint64_t left;
  std::string term;

  void next() {
    size_t shared = reader.varint();
    size_t suffix = reader.varint();
    if (shared > term.size() || reader.fill(suffix) < suffix)
      throw CorruptStore("a scratch file of the load holds a malformed term list");
    term.resize(shared);
    term.append(reader.data(), suffix);
    reader.skip(suffix);
    --left;
  }
};

}  // namespace

// --- RunBuilder -----------------------------------------------------------------------------

RunBuilder::RunBuilder(size_t memory)
    : arena_block_(std::clamp<size_t>(memory / 16, 4096, size_t{1} << 20)) {}

std::string_view RunBuilder::store(std::string_view bytes) {
  if (bytes.size() > arena_left_) {
    size_t size = std::max(arena_block_, bytes.size());
    arena_.push_back(std::make_unique_for_overwrite<char[]>(size));
    arena_left_ = size;
    arena_bytes_ += size;
    // The block's end is where the next bytes go (arena_left_ counts back from it).
    arena_end_ = arena_.back().get() + size;
  }
  char* at = arena_end_ - arena_left_;
  std::memcpy(at, bytes.data(), bytes.size());
  arena_left_ -= bytes.size();
  return {at, bytes.size()};
}

uint32_t RunBuilder::intern(std::string_view encoded) {
  if (auto it = numbers_.find(encoded); it != numbers_.end()) return it->second;
  if (terms_.size() >= kNoGraph) throw Error("too many distinct terms in one run of a load");
  std::string_view kept = store(encoded);
  auto n = static_cast<uint32_t>(terms_.size());
  numbers_.emplace(kept, n);
  terms_.push_back(kept);
  return n;
}

uint32_t RunBuilder::number(std::string_view encoded, uint32_t document) {
  if (encoded_kind(encoded) != TermKind::Blank) return intern(encoded);
  blank_.assign(1, static_cast<char>(TermKind::Blank));
  blank_.push_back('\0');
  for (int shift = 24; shift >= 0; shift -= 8)
    blank_.push_back(static_cast<char>((document >> shift) & 0xFF));
  blank_.append(encoded.substr(1));
  return intern(blank_);
}

void RunBuilder::add(std::string_view s, std::string_view p, std::string_view o, std::string_view g,
                     uint32_t document, std::string_view graph) {
  LocalQuad quad;
  quad[S] = number(s, document);
  quad[P] = number(p, document);
  quad[O] = number(o, document);
  quad[G] = !g.empty() ? number(g, document) : graph.empty() ? kNoGraph : intern(graph);
  quads_.push_back(quad);
}

Run RunBuilder::seal() {
  std::vector<uint32_t> order(terms_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return terms_[a] < terms_[b]; });
  std::vector<uint32_t> rank(terms_.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;

  Run run;
  run.term_count = terms_.size();
  run.quad_count = quads_.size();
  std::string& terms = run.terms.buffer();
  std::string_view previous;
  for (uint32_t n : order) {
    std::string_view term = terms_[n];
    size_t shared = 0, limit = std::min(previous.size(), term.size());
    while (shared < limit && previous[shared] == term[shared]) ++shared;
    rows::put_varint(terms, shared);
    rows::put_varint(terms, term.size() - shared);
    terms.append(term.substr(shared));
    previous = term;
  }
  std::string& quads = run.quads.buffer();
  quads.resize(quads_.size() * sizeof(LocalQuad));
  char* out = quads.data();
  for (LocalQuad q : quads_) {
    for (uint32_t& n : q)
      if (n != kNoGraph) n = rank[n];
    std::memcpy(out, q.data(), sizeof q);
    out += sizeof q;
  }

  decltype(numbers_)().swap(numbers_);
  decltype(terms_)().swap(terms_);
  decltype(quads_)().swap(quads_);
  arena_.clear();
  arena_left_ = arena_bytes_ = 0;
  return run;
}

// --- merge ----------------------------------------------------------------------------------

MergeSummary merge_terms(WriteTransaction& txn, std::vector<Run>& runs,
                         const std::function<void()>& spill) {
  MDB_txn* handle = txn.handle();
  const Databases& dbs = txn.databases();
  bool dictionary_empty = database_empty(handle, dbs.terms);
  bool ids_empty = database_empty(handle, dbs.ids);
  // The counters are read now and advanced by what was used at the end: ids are handed out in
  // the merge's order, which is key order, so an empty dictionary is written by appending.
  uint64_t sequence = dictionary::reserve(handle, dbs, 0);
  uint64_t first_blank = txn.reserve_blank_numbers(0);
  uint64_t fresh = 0, blanks = 0;

  lmdb::Cursor terms_cursor(handle, dbs.terms);
  lmdb::Cursor ids_cursor(handle, dbs.ids);
  text_index::Writer text(handle, dbs);
  // `in_order`: the key sorts after every key written so far (true but for relabelled blanks).
  auto write_new = [&](TermId id, std::string_view encoded, bool in_order) {
    unsigned char id_bytes[lmdb::kIdBytes];
    lmdb::put_id(id, id_bytes);
    MDB_val key = lmdb::val(id_bytes, lmdb::kIdBytes), data = lmdb::val(encoded);
    lmdb::check(mdb_cursor_put(terms_cursor.get(), &key, &data, dictionary_empty ? MDB_APPEND : 0),
                "write term");
    text.add(id, encoded);
    if (encoded.size() > dictionary::kMaxInlineKey) {
      dictionary::put_long(handle, dbs, id, encoded);
      return;
    }
    MDB_val term_key = lmdb::val(encoded), id_val = lmdb::val(id_bytes, lmdb::kIdBytes);
    lmdb::check(mdb_cursor_put(ids_cursor.get(), &term_key, &id_val,
                               ids_empty && in_order ? MDB_APPEND : 0),
                "write term index");
  };

  std::vector<TermCursor> cursors;
  cursors.reserve(runs.size());
  for (Run& run : runs) cursors.push_back({run.terms.reader(), run.term_count, {}});
  auto later = [&](size_t a, size_t b) { return cursors[a].term > cursors[b].term; };
  std::priority_queue<size_t, std::vector<size_t>, decltype(later)> heap(later);
  for (size_t i = 0; i < cursors.size(); ++i)
    if (cursors[i].left) cursors[i].next(), heap.push(i);

  std::string current, relabelled;
  std::vector<size_t> holders;
  uint64_t distinct = 0;
  while (!heap.empty()) {
    holders.assign(1, heap.top());
    heap.pop();
    current = cursors[holders[0]].term;
    while (!heap.empty() && cursors[heap.top()].term == current) {
      holders.push_back(heap.top());
      heap.pop();
    }
    if (sequence + fresh > kMaxSequence)
      throw StoreError("the dictionary is full (2^40 terms)", MDB_MAP_FULL);
    TermId id;
    if (is_provisional_blank(current)) {
      relabelled.clear();
      encode_blank("b" + std::to_string(first_blank + blanks++), relabelled);
      id = make_id(TermKind::Blank, sequence + fresh++);
      write_new(id, relabelled, false);
    } else if (auto found =
                   dictionary_empty ? std::nullopt : dictionary::lookup(handle, dbs, current)) {
      id = *found;
    } else {
      id = make_id(encoded_kind(current), sequence + fresh++);
      write_new(id, current, true);
    }
    for (size_t h : holders) {
      Run& run = runs[h];
      run.ids.buffer().append(reinterpret_cast<const char*>(&id), sizeof id);
      run.ids.flush_buffer();
      if (cursors[h].left) cursors[h].next(), heap.push(h);
    }
    if ((++distinct & 0xFFFF) == 0) spill();
  }
  cursors.clear();
  text.finish();
  for (Run& run : runs) run.terms.release();
  if (fresh) dictionary::reserve(handle, dbs, fresh);
  if (blanks) txn.reserve_blank_numbers(blanks);
  return {fresh};
}

}  // namespace moivre::graph::term_runs
