// Reads SPARQL query results in the two formats the Protocol names for SELECT and ASK: SPARQL
// JSON (application/sparql-results+json) and SPARQL XML (application/sparql-results+xml). Used
// for SERVICE's answers from other endpoints, which may be anything: every shape is checked and
// a malformed body is a ResultsFormatError, never a crash.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "graph/term.hpp"

namespace moivre::query {

struct SolutionTable {
  bool is_boolean = false;  // an ASK answer
  bool boolean = false;
  std::vector<std::string> variables;
  std::vector<std::vector<std::optional<graph::Term>>> rows;  // by `variables`; nullopt: unbound
};

class ResultsFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `media_type` may carry parameters ("; charset=utf-8"); `name` is for messages.
SolutionTable read_sparql_results(std::string_view body, std::string_view media_type,
                                  const std::string& name);
SolutionTable read_sparql_json(std::string_view body, const std::string& name);
SolutionTable read_sparql_xml(std::string_view body, const std::string& name);

}  // namespace moivre::query
