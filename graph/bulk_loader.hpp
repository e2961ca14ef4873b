// The bulk path for loading RDF documents, within a memory budget and on every core.
//
// 1. Parsing: N-Triples and N-Quads are cut at line ends into pieces parsed in parallel; other
//    syntaxes are parsed on the caller's thread and their statements handed over in batches.
//    Worker threads number the terms of what they are given in runs of their own
//    (graph/term_runs.hpp); a run that fills its share of the budget is sealed and kept, in
//    memory or, past the budget, in a scratch file beside the store.
// 2. Dictionary: the runs' sorted term lists are merged; each distinct term is looked up or
//    given a fresh id once, and new terms are written in key order.
// 3. Indexes: the runs' statements, with their ids, are sorted in each permutation's order
//    (graph/quad_sort.hpp) and written, appended when the index was empty.
//
// All of it happens inside the caller's write transaction, so a load either commits whole or
// leaves the store as it was; scratch files are removed however the load ends.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "graph/input.hpp"
#include "graph/rdf_reader.hpp"
#include "graph/store.hpp"

namespace moivre::graph {

namespace scratch {
class Directory;
}
namespace term_runs {
struct Run;
}
namespace quad_sort {
class RowSource;
}

struct LoadProgress {
  std::string_view phase;  // "parsing", "dictionary", "sorting", "indexing"
  uint64_t statements = 0;
  std::chrono::steady_clock::duration elapsed{};
};
using ProgressCallback = std::function<void(const LoadProgress&)>;

struct LoadSummary {
  uint64_t statements = 0;   // statements read from the documents
  uint64_t skipped = 0;      // malformed statements skipped (lenient reads)
  uint64_t quads_added = 0;  // quads new to the store
  uint64_t terms_added = 0;
};

struct LoadOptions {
  // Bytes for the load's own buffers; what does not fit goes to scratch files beside the store.
  // LMDB's pages of the write transaction come on top.
  size_t memory = size_t{1} << 30;
  // Threads that parse and number terms; 0: one per core.
  unsigned threads = 0;
  // Size of the pieces N-Triples and N-Quads are cut into for parallel parsing.
  size_t chunk_bytes = size_t{4} << 20;
};

class BulkLoader {
 public:
  explicit BulkLoader(WriteTransaction& txn, ProgressCallback progress = {},
                      LoadOptions options = {});
  ~BulkLoader();
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  // Parses one document. Its blank node labels are its own: the same label in another document
  // is another node. Statements in the document's default graph go to `graph_iri` (empty: the
  // store's default graph). After an exception the loader is spent: abort the transaction.
  ReadSummary add(Input& input, const ReadOptions& options, const std::string& graph_iri = {});
  ReadSummary add_string(std::string_view text, const std::string& name, const ReadOptions& options,
                         const std::string& graph_iri = {});
  // Writes what was parsed into the transaction; the caller commits.
  LoadSummary finish();

 private:
  class Workers;
  struct Document;

  ReadSummary add_chunked(Input* input, std::string_view text, const Document& document);
  ReadSummary add_parsed(const Document& document,
                         const std::function<ReadSummary(const QuadHandler&)>& read);
  void keep(term_runs::Run run);
  void spill_runs(size_t limit);
  void report(std::string_view phase, bool force = false);
  void write_index(Permutation perm, quad_sort::RowSource& rows);

  WriteTransaction& txn_;
  ProgressCallback progress_;
  LoadOptions options_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_;
  std::unique_ptr<scratch::Directory> scratch_;
  std::unique_ptr<Workers> workers_;
  std::mutex runs_mutex_;  // over runs_ while workers run
  std::vector<term_runs::Run> runs_;
  uint32_t documents_ = 0;
  LoadSummary summary_;
  uint64_t default_graph_added_ = 0;  // quads of the default graph this load added
};

}  // namespace moivre::graph
