// The bulk path for loading RDF documents: parse everything into memory with provisional term
// numbers, then assign ids, write the new dictionary entries in key order, and write each index
// permutation sorted (appending when the index was empty). All of it happens inside the caller's
// write transaction, so a load either commits whole or leaves the store as it was.
//
// Parsing runs as a two-stage pipeline: the parser fills a batch of statements (their encoded
// terms copied back to back) on the caller's thread while a second thread numbers the previous
// batch's terms; only that thread touches the term table, one batch at a time, in order.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/input.hpp"
#include "graph/rdf_reader.hpp"
#include "graph/store.hpp"

namespace moivre::graph {

struct LoadProgress {
  std::string_view phase;  // "parsing", "dictionary", "indexing"
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

class BulkLoader {
 public:
  explicit BulkLoader(WriteTransaction& txn, ProgressCallback progress = {});

  // Parses one document. Its blank node labels are its own: the same label in another document
  // is another node. Statements in the document's default graph go to `graph_iri` (empty: the
  // store's default graph).
  ReadSummary add(Input& input, const ReadOptions& options, const std::string& graph_iri = {});
  ReadSummary add_string(std::string_view text, const std::string& name, const ReadOptions& options,
                         const std::string& graph_iri = {});
  // Writes what was parsed into the transaction; the caller commits.
  LoadSummary finish();

 private:
  using Provisional = uint32_t;
  static constexpr Provisional kNoGraph = ~Provisional{0};

  struct StatementBatch;
  struct TermHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using TermNumbers = std::unordered_map<std::string, Provisional, TermHash, std::equal_to<>>;

  Provisional provisional(std::string_view encoded);
  ReadSummary add_document(const std::string& graph_iri,
                           const std::function<ReadSummary(const QuadHandler&)>& read);
  void number(const StatementBatch& batch, Provisional target_graph);
  void report(std::string_view phase, bool force = false);
  // Writes one permutation's sorted, distinct rows (ids in permutation order).
  void write_index(Permutation perm, const std::vector<std::array<TermId, 4>>& rows);

  WriteTransaction& txn_;
  ProgressCallback progress_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_report_;
  TermNumbers term_numbers_;
  std::vector<const std::string*> terms_;  // by provisional number
  TermNumbers blank_labels_;               // this document's
  uint64_t blank_count_ = 0;
  std::vector<std::array<Provisional, 4>> quads_;
  LoadSummary summary_;
};

}  // namespace moivre::graph
