// Writing query results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV, and a text table for
// people. CONSTRUCT and DESCRIBE results go through graph/'s RDF writers.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string_view>

#include "query/executor.hpp"

namespace moivre::query {

enum class ResultFormat { Table, Json, Xml, Csv, Tsv };

// "table", "json", "xml", "csv", "tsv", or a media type (application/sparql-results+json and
// application/json, application/sparql-results+xml and application/xml, text/csv,
// text/tab-separated-values).
std::optional<ResultFormat> result_format_from_name(std::string_view name);
// The media type a format is sent as ("" for Table).
std::string_view result_media_type(ResultFormat format);
// Every media type a result may be asked for by, in order of preference.
const std::vector<std::string>& result_media_types();

// Writes a SELECT result one row at a time, so a caller can hand each part to the client as it
// is made (JSON reaches the stream in pieces of at most 16 KiB, and whole at finish()). Json, Xml, Csv and Tsv only (write_select writes a Table: its first 1,000 rows size
// the columns, the rest stream out).
class SelectWriter {
 public:
  SelectWriter(ResultFormat format, const std::vector<std::string>& variables, std::ostream& out);
  ~SelectWriter();
  void row(const TermRow& row);
  // Closes the document; no row may follow.
  void finish();

 private:
  struct Json;
  ResultFormat format_;
  const std::vector<std::string>& variables_;
  std::ostream& out_;
  std::unique_ptr<Json> json_;
};

// Streams every solution of a SELECT (at most `max_rows`, 0: all); returns the rows written.
uint64_t write_select(Execution& execution, ResultFormat format, std::ostream& out,
                      uint64_t max_rows = 0);
void write_ask(bool answer, ResultFormat format, std::ostream& out);

}  // namespace moivre::query
