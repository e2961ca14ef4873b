// query/: SPARQL 1.1 — parsing (Spirit X3, split over query/parser/*.cpp) into a syntax tree.
//
// parse_query() turns query text into a syntax tree (query/syntax_tree.hpp) or throws
// QuerySyntaxError naming the line, column, the text found there and what was expected.
// The grammar follows the SPARQL 1.1 Query Language, section 19.8; codepoint escapes (\uXXXX)
// are decoded before parsing, as the specification requires.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "query/syntax_tree.hpp"

namespace moivre::query {

class QuerySyntaxError : public std::runtime_error {
 public:
  QuerySyntaxError(unsigned line, unsigned column, std::string found, std::string expected);
  unsigned line() const { return line_; }
  unsigned column() const { return column_; }
  const std::string& found() const { return found_; }        // the offending text
  const std::string& expected() const { return expected_; }  // what the grammar wanted there

 private:
  unsigned line_, column_;
  std::string found_, expected_;
};

Node parse_query(std::string_view text);
// A SPARQL 1.1 Update request: one or more operations separated by ';'.
Node parse_update(std::string_view text);

// The line and column (both from 1, columns in characters) of a byte offset in `text`.
std::pair<unsigned, unsigned> line_and_column(std::string_view text, size_t offset);
// The text at `offset` for an error message, quoted: at most `length` bytes of its line, cut at a
// character boundary, control characters escaped (\u0000); "end of query" past the end.
std::string excerpt(std::string_view text, size_t offset, size_t length = 24);

}  // namespace moivre::query
