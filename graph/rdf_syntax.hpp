// The RDF syntaxes Moivre reads and writes, and how to name them.
#pragma once

#include <optional>
#include <string_view>

namespace moivre::graph {

// RdfXml is read only (through raptor2); the others are read and written (through serd).
enum class RdfSyntax { NTriples, NQuads, Turtle, TriG, RdfXml };

// "nt", "ntriples", "n-triples", "nq", "ttl", "turtle", "trig", "rdf", "rdfxml", or a media type
// (application/n-triples, application/n-quads, text/turtle, application/trig,
// application/rdf+xml).
std::optional<RdfSyntax> syntax_from_name(std::string_view name);
// From a file name's extension, ignoring a trailing ".gz".
std::optional<RdfSyntax> syntax_from_path(std::string_view path);
std::string_view syntax_name(RdfSyntax syntax);        // "nt", "nq", "ttl", "trig"
std::string_view syntax_media_type(RdfSyntax syntax);  // "application/n-triples", ...
// Whether the syntax can name graphs.
inline bool syntax_has_graphs(RdfSyntax s) {
  return s == RdfSyntax::NQuads || s == RdfSyntax::TriG;
}
// Whether graph/'s writers can produce it.
inline bool syntax_writable(RdfSyntax s) { return s != RdfSyntax::RdfXml; }

}  // namespace moivre::graph
