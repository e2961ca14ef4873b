#include "graph/rdf_syntax.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace moivre::graph {
namespace {

struct SyntaxNames {
  RdfSyntax syntax;
  std::array<std::string_view, 4> names;
  std::string_view media_type;
};

constexpr std::array<SyntaxNames, 5> kSyntaxes = {{
    {RdfSyntax::NTriples,
     {"nt", "ntriples", "n-triples", "application/n-triples"},
     "application/n-triples"},
    {RdfSyntax::NQuads, {"nq", "nquads", "n-quads", "application/n-quads"}, "application/n-quads"},
    {RdfSyntax::Turtle, {"ttl", "turtle", "text/turtle", "application/x-turtle"}, "text/turtle"},
    {RdfSyntax::TriG,
     {"trig", "application/trig", "application/x-trig", "trig"},
     "application/trig"},
    {RdfSyntax::RdfXml, {"rdf", "rdfxml", "application/rdf+xml", "owl"}, "application/rdf+xml"},
}};

}  // namespace

std::optional<RdfSyntax> syntax_from_name(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& entry : kSyntaxes)
    for (auto candidate : entry.names)
      if (lower == candidate) return entry.syntax;
  return std::nullopt;
}

std::optional<RdfSyntax> syntax_from_path(std::string_view path) {
  if (path.ends_with(".gz")) path.remove_suffix(3);
  auto dot = path.rfind('.');
  auto slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash))
    return std::nullopt;
  return syntax_from_name(path.substr(dot + 1));
}

std::string_view syntax_name(RdfSyntax syntax) {
  return kSyntaxes[static_cast<int>(syntax)].names[0];
}

std::string_view syntax_media_type(RdfSyntax syntax) {
  return kSyntaxes[static_cast<int>(syntax)].media_type;
}

}  // namespace moivre::graph
