// The machinery every importer shares: one named graph per registry, written in one transaction
// that replaces what the graph held, with the graph's own provenance, skipping or failing on bad
// records as the options say.
#pragma once

#include <rapidjson/document.h>

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/store.hpp"
#include "graph/term.hpp"
#include "registry/registry.hpp"
#include "registry/source_file.hpp"

namespace moivre::registry {

namespace vocab {
inline const std::string kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline const std::string kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";
inline const std::string kOrg = "http://www.w3.org/ns/org#";
inline const std::string kSkos = "http://www.w3.org/2004/02/skos/core#";
inline const std::string kSchema = "http://schema.org/";
inline const std::string kFoaf = "http://xmlns.com/foaf/0.1/";
inline const std::string kDcterms = "http://purl.org/dc/terms/";
inline const std::string kProv = "http://www.w3.org/ns/prov#";
inline const std::string kOwl = "http://www.w3.org/2002/07/owl#";
}  // namespace vocab

// Adds triples to one graph of a write transaction, interning terms through a bounded cache.
class GraphWriter {
 public:
  GraphWriter(graph::WriteTransaction& txn, graph::TermId graph) : txn_(txn), graph_(graph) {}
  void add(const graph::Term& s, const graph::Term& p, const graph::Term& o);
  // Shorthands: predicate and object IRIs, literals that skip empty values.
  void iri(const graph::Term& s, const std::string& p, const std::string& o) {
    if (!o.empty()) add(s, graph::Term::iri(p), graph::Term::iri(o));
  }
  void text(const graph::Term& s, const std::string& p, const std::string& value,
            const std::string& lang = {}) {
    if (!value.empty())
      add(s, graph::Term::iri(p),
          lang.empty() ? graph::Term::literal(value) : graph::Term::lang_literal(value, lang));
  }
  void typed(const graph::Term& s, const std::string& p, const std::string& value,
             const std::string& datatype) {
    if (!value.empty()) add(s, graph::Term::iri(p), graph::Term::typed_literal(value, datatype));
  }

 private:
  graph::TermId id(const graph::Term& t);
  graph::WriteTransaction& txn_;
  graph::TermId graph_;
  std::unordered_map<std::string, graph::TermId> cache_;
};

// Counts records as an importer reads them: progress, skipped records, --strict.
class RecordSink {
 public:
  RecordSink(ImportSummary& summary, const ImportOptions& options)
      : summary_(summary), options_(options), start_(std::chrono::steady_clock::now()) {}
  void imported();
  // A malformed record: skipped and counted, or with --strict an ImportError.
  void failed(const RecordError& e);
  // Something about a file worth telling (columns missing or unknown).
  void note(const std::string& text) { summary_.notes.push_back(text); }
  void report();

 private:
  ImportSummary& summary_;
  const ImportOptions& options_;
  std::chrono::steady_clock::time_point start_;
};

struct ImportJob {
  std::string registry;          // "ror": the graph is <BASE graph/ror>
  std::string title;             // "Research Organization Registry (ROR)"
  std::string member_extension;  // in a zip: ".json", ".csv"
  // Reads one file into `out`, telling `sink` of each record imported or failed; throws
  // RecordError when the file cannot be read further.
  std::function<void(SourceFile& file, GraphWriter& out, RecordSink& sink)> read;
};

ImportSummary run_import(graph::Store& store, const std::vector<std::string>& files,
                         const ImportJob& job, const ImportOptions& options);

// Parses each JSON record of `file` and hands it to `map`, which returns how many records it held
// (an answer may wrap several) and throws RecordError for one it cannot use; malformed JSON and
// such records go to `sink`.
void read_json_records(
    SourceFile& file, RecordSink& sink,
    const std::function<int(const rapidjson::Value& record, const std::string& where)>& map);

// Removes every quad of graph `g` (in the caller's transaction).
void clear_graph(graph::WriteTransaction& txn, graph::TermId g);

}  // namespace moivre::registry
