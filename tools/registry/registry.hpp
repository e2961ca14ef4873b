// tools/registry: importing the public research registries (ROR, CORDIS, ORCID, Wikidata) from
// their published formats into a store, and linking our own entities to them.
//
// Each registry lands in its own named graph, <BASE graph/ror> and so on, that also describes
// itself (PROV): the source files with their SHA-256, the release when the data or the file name
// says it, the import time and the tool version. An import runs in one write transaction that
// first empties the graph: re-importing replaces it atomically, and importing the very same files
// again changes nothing. Records stream one at a time (memory is bounded by the largest record,
// not the file); a malformed record is reported with its position and skipped, or, with `strict`,
// fails the whole import and the store stays as it was.
//
// Registry entities keep the registry's own IRIs (https://ror.org/041kmwe10); the mapping onto
// W3C ORG, SKOS, schema.org and DCTERMS is documented field by field in tools/README.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::registry {

// A record the importer cannot read, with where it is ("record 12", "line 40").
// `fatal`: the file's structure is broken there (truncated, not the format), so no later record
// can be found and the import stops; otherwise only this record is bad.
class RecordError : public std::runtime_error {
 public:
  RecordError(std::string where, const std::string& what, bool fatal = false)
      : std::runtime_error(where + ": " + what), where_(std::move(where)), fatal_(fatal) {}
  const std::string& where() const { return where_; }
  bool fatal() const { return fatal_; }

 private:
  std::string where_;
  bool fatal_;
};

// A whole import failing (unreadable file, --strict and a bad record): nothing was changed.
class ImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImportProgress {
  uint64_t records = 0;
  std::chrono::steady_clock::duration elapsed{};
};

struct ImportOptions {
  bool strict = false;
  std::string base_iri = "https://id.moivre.org/";
  std::function<void(const ImportProgress&)> progress;  // called every so often
};

struct ImportSummary {
  bool unchanged = false;             // the same files were imported before: nothing was done
  std::string graph;                  // the named graph written
  uint64_t records = 0;               // records imported
  uint64_t skipped = 0;               // malformed records skipped
  uint64_t quads = 0;                 // quads in the graph afterwards
  std::vector<std::string> problems;  // one line per skipped record
  std::vector<std::string> notes;     // about the files (unexpected or missing columns)
};

// ROR data dump (JSON array, schema v2 or v1; plain, .gz or .zip) or single ROR record files.
ImportSummary import_ror(graph::Store& store, const std::vector<std::string>& files,
                         const ImportOptions& options = {});

// ORCID public API JSON: v3.0 /record, /person, /works and /work answers, v2.x records.
ImportSummary import_orcid(graph::Store& store, const std::vector<std::string>& files,
                           const ImportOptions& options = {});

// Wikidata entity JSON (EntityData answers, single entities, dump arrays) and search answers.
ImportSummary import_wikidata(graph::Store& store, const std::vector<std::string>& files,
                              const ImportOptions& options = {});

// CORDIS open-data CSV (organization.csv and project.csv, found by their headers; plain, .gz or
// the published zip) of one framework programme ("h2020", "horizon", "fp7"): the graph is
// <BASE graph/cordis-PROGRAMME>.
ImportSummary import_cordis(graph::Store& store, const std::vector<std::string>& files,
                            const ImportOptions& options, const std::string& programme);
// The programme a CORDIS file's path names ("cordis-h2020projects-csv.zip" -> "h2020"), or "".
std::string cordis_programme_from_path(const std::string& path);

}  // namespace moivre::registry
