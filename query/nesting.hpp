// Limits on how deeply a query may nest, checked before and after parsing. The parser, the
// checks, the translation and the evaluation all recurse over the query's structure, so an input
// like a million '(' or '1+1+...+1' would otherwise overflow the stack of the thread answering
// it. Real queries nest a few levels; the limits are far above any of them and far below what a
// server thread's stack takes (also under AddressSanitizer, whose frames are larger).
#pragma once

#include <cstddef>
#include <string_view>

#include "query/syntax_tree.hpp"

namespace moivre::query {

// Brackets ({, (, [) open at once, outside strings, IRIs and comments.
inline constexpr size_t kMaxBracketDepth = 128;
// Depth of the syntax tree (operator chains nest one level per operator).
inline constexpr size_t kMaxTreeDepth = 1000;

// Thrown by the parser as soon as an operator chain passes kMaxTreeDepth (so that no deeper tree
// is ever built), with the offset where it happened; parse_query turns it into a syntax error.
struct ChainTooDeep {
  size_t offset;
};

// The offset of the first bracket that opens level kMaxBracketDepth + 1, or npos.
size_t find_excess_nesting(std::string_view text);

// A node deeper than `cap` in `root`'s tree (found without recursion), or null.
const Node* node_below_depth(const Node& root, size_t cap);

// Takes a tree apart without recursion (destroying a deep tree recursively overflows the stack).
void dismantle(Node& root);

}  // namespace moivre::query
