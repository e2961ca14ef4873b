#include "query/service.hpp"

namespace moivre::query {
namespace {

bool iri_char(char c) {
  return static_cast<unsigned char>(c) > 0x20 && c != '<' && c != '>' && c != '"' && c != '{' &&
         c != '}' && c != '|' && c != '^' && c != '`' && c != '\\';
}

}  // namespace

std::string group_text(std::string_view q, size_t offset) {
  size_t open = 0;
  int depth = 0;
  for (size_t i = offset; i < q.size(); ++i) {
    char c = q[i];
    if (c == '{') {
      if (depth++ == 0) open = i;
    } else if (c == '}') {
      if (depth == 0) return {};
      if (--depth == 0) return std::string(q.substr(open, i - open + 1));
    } else if (c == '#') {
      while (i < q.size() && q[i] != '\n') ++i;
    } else if (c == '<') {
      // An IRI, or the less-than operator.
      size_t j = i + 1;
      while (j < q.size() && iri_char(q[j])) ++j;
      if (j < q.size() && q[j] == '>') i = j;
    } else if (c == '"' || c == '\'') {
      bool triple = q.substr(i, 3) == std::string(3, c);
      size_t j = i + (triple ? 3 : 1);
      for (; j < q.size(); ++j) {
        if (q[j] == '\\') {
          ++j;
        } else if (triple ? q.substr(j, 3) == std::string(3, c) : q[j] == c) {
          if (triple) j += 2;
          break;
        }
      }
      i = j;
    }
  }
  return {};
}

}  // namespace moivre::query
