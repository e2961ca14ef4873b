// Writing query results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV, and a text table for
// people. CONSTRUCT and DESCRIBE results go through graph/'s RDF writers.
#pragma once

#include <optional>
#include <ostream>
#include <string_view>

#include "query/executor.hpp"

namespace moivre::query {

enum class ResultFormat { Table, Json, Xml, Csv, Tsv };

std::optional<ResultFormat> result_format_from_name(std::string_view name);

// Streams every solution of a SELECT; returns the number of rows written.
uint64_t write_select(Execution& execution, ResultFormat format, std::ostream& out);
void write_ask(bool answer, ResultFormat format, std::ostream& out);

}  // namespace moivre::query
