// Helpers for the registry tests: ASK queries over one imported graph, SPARQL string literals
// (and, through support/files.hpp, reading sample files).
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "graph/store.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "support/files.hpp"

namespace moivre::test {

// ASK { GRAPH <https://id.moivre.org/graph/GRAPH> { WHERE } }, with the usual prefixes.
inline bool ask_in(graph::Store& store, const std::string& graph, const std::string& where) {
  std::string text =
      "PREFIX mv: <https://id.moivre.org/vocab#>\n"
      "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
      "PREFIX org: <http://www.w3.org/ns/org#>\n"
      "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
      "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
      "PREFIX schema: <http://schema.org/>\n"
      "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
      "ASK { GRAPH <https://id.moivre.org/graph/" +
      graph + "> { " + where + " } }";
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = store.read();
  query::Execution execution(txn, algebra);
  return execution.ask();
}

// A SPARQL string literal of `s`.
inline std::string literal(const std::string& s) {
  std::string out = "\"";
  for (char c : s) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return out + "\"";
}

}  // namespace moivre::test
