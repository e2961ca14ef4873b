#include "query/nesting.hpp"

#include <utility>
#include <vector>

namespace moivre::query {
namespace {

// An IRI reference at text[i] == '<': no white space, quotes or brackets before its '>'. Any
// other '<' is the less-than operator. Returns the offset of the '>' or npos.
size_t iri_end(std::string_view text, size_t i) {
  for (size_t j = i + 1; j < text.size(); ++j) {
    char c = text[j];
    if (c == '>') return j;
    if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '^' || c == '`' || c == '\\')
      return std::string_view::npos;
  }
  return std::string_view::npos;
}

// The offset just past the string literal that starts at text[i] (a quote), or text.size().
size_t string_end(std::string_view text, size_t i) {
  char quote = text[i];
  bool long_form = text.substr(i, 3) == std::string(3, quote);
  size_t j = i + (long_form ? 3 : 1);
  while (j < text.size()) {
    char c = text[j];
    if (c == '\\') {
      j += 2;
    } else if (c == quote && (!long_form || text.substr(j, 3) == std::string(3, quote))) {
      return j + (long_form ? 3 : 1);
    } else if (!long_form && (c == '\n' || c == '\r')) {
      return j;  // not a valid string: the parser will say so
    } else {
      ++j;
    }
  }
  return text.size();
}

}  // namespace

size_t find_excess_nesting(std::string_view text) {
  size_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '#':
        while (i < text.size() && text[i] != '\n') ++i;
        break;
      case '"':
      case '\'':
        i = string_end(text, i) - 1;
        break;
      case '<': {
        size_t end = iri_end(text, i);
        if (end != std::string_view::npos) i = end;
        break;
      }
      case '{':
      case '(':
      case '[':
        if (++depth > kMaxBracketDepth) return i;
        break;
      case '}':
      case ')':
      case ']':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return std::string_view::npos;
}

const Node* node_below_depth(const Node& root, size_t cap) {
  std::vector<std::pair<const Node*, size_t>> pending{{&root, 1}};
  while (!pending.empty()) {
    auto [node, depth] = pending.back();
    pending.pop_back();
    if (depth > cap) return node;
    for (const Node& child : node->children) pending.emplace_back(&child, depth + 1);
  }
  return nullptr;
}

void dismantle(Node& root) {
  std::vector<Node> pending;
  for (Node& child : root.children) pending.push_back(std::move(child));
  root.children.clear();
  while (!pending.empty()) {
    Node node = std::move(pending.back());
    pending.pop_back();
    for (Node& child : node.children) pending.push_back(std::move(child));
    node.children.clear();
  }
}

}  // namespace moivre::query
