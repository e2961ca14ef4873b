// The RDF readers on inputs that once hung them (found by tests/fuzz).
#include "graph/rdf_reader.hpp"

#include <gtest/gtest.h>

#include "graph/error.hpp"

using namespace moivre::graph;

// serd 0.30's lax mode looped forever when the input ended inside an IRI; lenient reading now
// keeps what came before, counts the unfinished statement as skipped, and returns.
TEST(RdfReader, LenientReadingEndsWhenTheInputEndsInsideATerm) {
  struct Case {
    RdfSyntax syntax;
    std::string text;
  };
  for (const Case& c : {
           Case{RdfSyntax::NTriples, "<http://x/s> <http://x/p> <http://x/o> .\n<http://x/a"},
           Case{RdfSyntax::NQuads, "<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n<ht"},
           Case{RdfSyntax::Turtle, "<http://x/s> <http://x/p> <http://x/o> .\n<s> <= <o"},
           Case{RdfSyntax::TriG, "<http://x/g> { <http://x/s> <http://x/p> <http://x/o> }\n<x"},
       }) {
    ReadOptions options;
    options.syntax = c.syntax;
    options.lenient = true;
    options.base_iri = "http://x/";
    int statements = 0;
    auto summary =
        read_rdf_string(c.text, "input", options, [&](const ParsedQuad&) { ++statements; });
    EXPECT_EQ(statements, 1) << c.text;
    EXPECT_GE(summary.skipped, 1u) << c.text;

    // Strict reading names the place.
    options.lenient = false;
    EXPECT_THROW(read_rdf_string(c.text, "input", options, [](const ParsedQuad&) {}), SyntaxError)
        << c.text;
  }
}
