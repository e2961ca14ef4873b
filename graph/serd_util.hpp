// Internal helpers shared by the serd-based reader and writer (only graph/*.cpp include it).
#pragma once

#include <serd/serd.h>

#include "graph/rdf_syntax.hpp"

namespace moivre::graph {

inline SerdSyntax to_serd(RdfSyntax syntax) {
  switch (syntax) {
    case RdfSyntax::NTriples:
      return SERD_NTRIPLES;
    case RdfSyntax::NQuads:
      return SERD_NQUADS;
    case RdfSyntax::Turtle:
      return SERD_TURTLE;
    case RdfSyntax::TriG:
      return SERD_TRIG;
    case RdfSyntax::RdfXml:
      break;  // not serd's: graph/rdfxml_reader.cpp
  }
  return SERD_TURTLE;
}

}  // namespace moivre::graph
