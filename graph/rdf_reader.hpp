// Streaming RDF readers (N-Triples, N-Quads, Turtle, TriG) on serd. Statements arrive as
// encoded terms (graph/term.hpp), IRIs resolved against the base.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "graph/input.hpp"
#include "graph/rdf_syntax.hpp"

namespace moivre::graph {

// One parsed statement. `graph` is empty for the default graph. Blank nodes carry the document's
// own labels: scoping them is the caller's job. Views are valid only during the callback.
struct ParsedQuad {
  std::string_view subject, predicate, object, graph;
};

struct ReadOptions {
  RdfSyntax syntax = RdfSyntax::Turtle;
  // Base IRI for relative references; empty: none (relative IRIs are then an error).
  std::string base_iri;
  // Skip malformed statements (counting them) instead of failing on the first.
  bool lenient = false;
};

struct ReadSummary {
  uint64_t statements = 0;
  uint64_t skipped = 0;  // malformed statements passed over (lenient mode)
};

using QuadHandler = std::function<void(const ParsedQuad&)>;

// The file: IRI of a local path (made absolute), percent-encoded where needed.
std::string file_iri(const std::string& path);

// Reads a whole document. Throws SyntaxError ("FILE:LINE:COLUMN: message") on the first error
// unless lenient, InputError when the input cannot be read, and passes on what `handler` throws.
ReadSummary read_rdf(Input& input, const ReadOptions& options, const QuadHandler& handler);
// The same over a string (tests, small documents).
ReadSummary read_rdf_string(std::string_view text, const std::string& name,
                            const ReadOptions& options, const QuadHandler& handler);

}  // namespace moivre::graph
