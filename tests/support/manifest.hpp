// Reading W3C test manifests (Turtle, mf: vocabulary) into a small in-memory graph.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graph/term.hpp"

namespace moivre::test {

inline constexpr const char* kMf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
inline constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr const char* kRdfs = "http://www.w3.org/2000/01/rdf-schema#";

class Manifest {
 public:
  // Reads `path` with its file: IRI as base.
  explicit Manifest(const std::filesystem::path& path);

  // Objects of (subject, predicate).
  std::vector<graph::Term> objects(const graph::Term& subject, const std::string& predicate) const;
  std::optional<graph::Term> object(const graph::Term& subject, const std::string& predicate) const;
  // The members of the RDF list starting at `head`.
  std::vector<graph::Term> list(const graph::Term& head) const;
  // The test entries in order (mf:entries of the manifest node).
  std::vector<graph::Term> entries() const;

  // A file: IRI in the manifest back to a local path.
  static std::filesystem::path local_path(const std::string& iri);
  // The IRI a test document is known by: mf:assumedTestBase + its path relative to the
  // manifest's folder, or its file: IRI when the manifest names no base.
  std::string public_iri(const std::string& file_iri) const;

  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::string manifest_iri_;
  std::string assumed_base_;
  std::map<std::string, std::map<std::string, std::vector<graph::Term>>> triples_;
};

}  // namespace moivre::test
