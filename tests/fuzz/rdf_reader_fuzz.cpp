// Fuzz target: one RDF syntax reader (MOIVRE_FUZZ_SYNTAX: NTriples, NQuads, Turtle, TriG,
// RdfXml), strict and lenient, over serd or raptor and our own fixes around them. Any input must
// end in quads or a SyntaxError naming its position; each term must decode and encode back
// unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "graph/error.hpp"
#include "graph/rdf_reader.hpp"
#include "graph/term.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moivre::graph;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool lenient : {false, true}) {
    ReadOptions options;
    options.syntax = RdfSyntax::MOIVRE_FUZZ_SYNTAX;
    options.base_iri = "http://example.org/base/";
    options.lenient = lenient;
    try {
      read_rdf_string(text, "fuzz", options, [](const ParsedQuad& quad) {
        for (std::string_view encoded : {quad.subject, quad.predicate, quad.object, quad.graph}) {
          if (encoded.empty() && encoded.data() == quad.graph.data()) continue;  // default graph
          if (encode_term(decode_term(encoded)) != encoded) __builtin_trap();
        }
      });
    } catch (const SyntaxError&) {
    }
  }
  return 0;
}
