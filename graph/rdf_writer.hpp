// Streaming RDF writers (N-Triples, N-Quads, Turtle, TriG) on serd.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "graph/rdf_syntax.hpp"
#include "graph/term.hpp"

struct SerdWriterImpl;
struct SerdEnvImpl;

namespace moivre::graph {

using Prefixes = std::vector<std::pair<std::string, std::string>>;  // name -> namespace IRI

// Prefixes of the vocabularies most data uses (rdf, rdfs, xsd, owl, ...), for Turtle and TriG.
const Prefixes& common_prefixes();

class RdfWriter {
 public:
  // `prefixes` are declared at the top of Turtle and TriG output and used to abbreviate IRIs.
  RdfWriter(std::ostream& out, RdfSyntax syntax, const Prefixes& prefixes = {});
  ~RdfWriter();
  RdfWriter(const RdfWriter&) = delete;
  RdfWriter& operator=(const RdfWriter&) = delete;

  // `graph` null or kind-less writes to the default graph. Triple syntaxes ignore the graph.
  void write(const Term& subject, const Term& predicate, const Term& object,
             const Term* graph = nullptr);
  // Flushes pending output; further writes start a new statement group.
  void finish();

 private:
  std::ostream& out_;
  RdfSyntax syntax_;
  SerdEnvImpl* env_ = nullptr;
  SerdWriterImpl* writer_ = nullptr;
  bool finished_ = false;
};

}  // namespace moivre::graph
