// Expected SPARQL results of the W3C tests: SPARQL XML (.srx), JSON (.srj), TSV (.tsv) and
// RDF result sets (.ttl, rs: vocabulary), read into one form for comparison.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "graph/term.hpp"
#include "query/results_reader.hpp"

namespace moivre::test {

using ResultSet = query::SolutionTable;

// Throws std::runtime_error when the file cannot be read or its format is not supported.
ResultSet read_result_set(const std::filesystem::path& file);
// Results in a body: `format` is an extension (".srj") or a media type; `name` is for messages.
ResultSet read_result_text(const std::string& text, const std::string& format,
                           const std::string& name);

// Equal as multisets of solutions (as sequences when `ordered`) with the same columns, under one
// bijection of blank nodes; numbers by exact value within their datatype, other terms exactly.
bool same_results(const ResultSet& expected, const ResultSet& actual, bool ordered,
                  std::string* diff);

}  // namespace moivre::test
