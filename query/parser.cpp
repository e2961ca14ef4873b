#include "query/parser.hpp"

#include <cstdio>

#include "query/nesting.hpp"
#include "query/parser/rules.hpp"
#include "query/parser/tokens.hpp"
#include "query/syntax_check.hpp"

namespace moivre::query {
namespace {

[[noreturn]] void fail(std::string_view text, size_t offset, const std::string& expected) {
  // Point at the next token, past white space and comments.
  while (offset < text.size()) {
    char c = text[offset];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++offset;
    } else if (c == '#') {
      while (offset < text.size() && text[offset] != '\n') ++offset;
    } else {
      break;
    }
  }
  auto [line, column] = line_and_column(text, offset);
  throw QuerySyntaxError(line, column, excerpt(text, offset), expected);
}

}  // namespace

QuerySyntaxError::QuerySyntaxError(unsigned line, unsigned column, std::string found,
                                   std::string expected)
    : std::runtime_error("syntax error at line " + std::to_string(line) + ", column " +
                         std::to_string(column) + ": found " + found +
                         (expected.empty() ? "" : ", expected " + expected)),
      line_(line),
      column_(column),
      found_(std::move(found)),
      expected_(std::move(expected)) {}

std::string excerpt(std::string_view text, size_t offset, size_t length) {
  if (offset >= text.size()) return "end of query";
  std::string_view rest = text.substr(offset, length);
  auto newline = rest.find('\n');
  if (newline != std::string_view::npos) rest = rest.substr(0, newline);
  // Whole characters only: a cut inside one would make the message invalid UTF-8.
  size_t end = rest.size();
  if (offset + end < text.size())
    while (end > 0 && (static_cast<unsigned char>(text[offset + end]) & 0xC0) == 0x80) --end;
  std::string out = "'";
  for (unsigned char c : rest.substr(0, end)) {
    if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::pair<unsigned, unsigned> line_and_column(std::string_view text, size_t offset) {
  unsigned line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

namespace {

template <class Rule>
Node parse_with(std::string_view text, const Rule& rule, const char* what, const char* end) {
  namespace x3 = boost::spirit::x3;
  std::string decoded;
  size_t bad_escape = 0;
  if (!parser::decode_codepoint_escapes(text, decoded, bad_escape))
    fail(text, bad_escape, "a \\u or \\U escape of a valid code point");

  size_t too_deep = find_excess_nesting(decoded);
  if (too_deep != std::string_view::npos)
    fail(decoded, too_deep,
         "at most " + std::to_string(kMaxBracketDepth) + " brackets open at once (nesting limit)");

  parser::iterator_type first = decoded.data(), last = decoded.data() + decoded.size();
  parser::text_base() = first;
  Node result;
  try {
    bool ok = x3::phrase_parse(first, last, rule > x3::eoi, parser::skipper, result);
    if (!ok) fail(decoded, static_cast<size_t>(first - decoded.data()), what);
  } catch (const ChainTooDeep& e) {
    fail(decoded, e.offset,
         "a query whose expressions nest at most " + std::to_string(kMaxTreeDepth) +
             " levels deep (an operator chain counts one level per operator)");
  } catch (const x3::expectation_failure<parser::iterator_type>& e) {
    std::string expected = e.which();
    if (expected == "eoi") expected = end;
    // Parsers without a rule name describe themselves by their C++ type: not for users.
    if (expected.find("boost") != std::string::npos) expected = "something else";
    fail(decoded, static_cast<size_t>(e.where() - decoded.data()), expected);
  }
  if (const Node* deep = node_below_depth(result, kMaxTreeDepth)) {
    size_t offset = deep->offset;
    dismantle(result);
    fail(decoded, offset,
         "a query whose expressions nest at most " + std::to_string(kMaxTreeDepth) +
             " levels deep (an operator chain counts one level per operator)");
  }
  if (result.kind == NodeKind::Update)
    check_update(result, decoded);
  else
    check_query(result, decoded);
  return result;
}

}  // namespace

Node parse_query(std::string_view text) {
  return parse_with(text, parser::query_unit, "a query", "the end of the query");
}

Node parse_update(std::string_view text) {
  return parse_with(text, parser::update_unit, "an update operation", "the end of the update");
}

}  // namespace moivre::query
