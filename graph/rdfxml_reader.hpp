// RDF/XML reading through raptor2 (internal to graph/; callers use read_rdf()).
#pragma once

#include "graph/rdf_reader.hpp"

namespace moivre::graph {

ReadSummary read_rdfxml(Input& input, const ReadOptions& options, const QuadHandler& handler);
ReadSummary read_rdfxml_string(std::string_view text, const std::string& name,
                               const ReadOptions& options, const QuadHandler& handler);

}  // namespace moivre::graph
