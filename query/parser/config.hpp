// Shared definitions of the SPARQL grammar's translation units: iterator, skipper, context, the
// keyword helper and the semantic actions that build syntax-tree nodes. Include only from
// query/parser/*.cpp: Spirit X3 is heavy.
#pragma once

#include <boost/spirit/home/x3.hpp>

#include <algorithm>

#include "query/nesting.hpp"
#include "query/syntax_tree.hpp"

// An expectation failure names what was expected by the parser's "what". A parser with a
// semantic action would describe itself by its C++ type: let it take its subject's name.
namespace boost::spirit::x3 {
template <typename Subject, typename Action>
struct get_info<action<Subject, Action>> {
  typedef std::string result_type;
  std::string operator()(const action<Subject, Action>& parser) const {
    return what(parser.subject);
  }
};
// A sequence is named by its first element: "expected an object" rather than a type name.
template <typename Left, typename Right>
struct get_info<sequence<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(const sequence<Left, Right>& parser) const { return what(parser.left); }
};
template <typename Subject>
struct get_info<plus<Subject>> {
  typedef std::string result_type;
  std::string operator()(const plus<Subject>& parser) const { return what(parser.subject); }
};
template <typename Left, typename Right>
struct get_info<list<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(const list<Left, Right>& parser) const { return what(parser.left); }
};
template <typename Left, typename Right>
struct get_info<alternative<Left, Right>> {
  typedef std::string result_type;
  std::string operator()(const alternative<Left, Right>& parser) const {
    return what(parser.left) + " or " + what(parser.right);
  }
};
}  // namespace boost::spirit::x3

namespace moivre::query::parser {

namespace x3 = boost::spirit::x3;

using iterator_type = const char*;

// White space and # comments between tokens.
struct skipper_class;
inline const auto skipper = x3::rule<skipper_class>{"white space"} =
    x3::ascii::space | x3::lexeme['#' >> *(x3::char_ - x3::eol) >> (x3::eol | x3::eoi)];
using skipper_type = std::remove_cv_t<decltype(skipper)>;
using context_type = x3::phrase_parse_context<skipper_type>::type;

// A case-insensitive keyword that is not the prefix of a longer name. Named by the word, so
// that a missing keyword reads "expected BY". `word` must be a string literal.
struct keyword_class;
inline auto kw(const char* word) {
  return x3::rule<keyword_class>{word} =
             x3::lexeme[x3::no_case[x3::lit(word)] >> !(x3::alnum | x3::char_("_:-"))];
}

// A rule private to one translation unit, building a Node.
#define MOIVRE_LOCAL_RULE(name, label) \
  struct name##_class;                 \
  const x3::rule<name##_class, Node> name = label;

// --- semantic actions -----------------------------------------------------------------------

// Where the text being parsed begins (per thread), so that nodes get byte offsets.
inline iterator_type& text_base() {
  thread_local iterator_type base = nullptr;
  return base;
}
inline size_t offset_of(iterator_type it) {
  return static_cast<size_t>(it - text_base());
}

// The rule's node becomes a fresh node of kind K, starting where the match starts.
template <NodeKind K>
struct start_fn {
  template <class Context>
  void operator()(Context& ctx) const {
    auto& node = x3::_val(ctx);
    node = Node(K);
    node.offset = offset_of(x3::_where(ctx).begin());
  }
};
template <NodeKind K>
inline constexpr start_fn<K> start{};

// Appends the parsed node to the rule's node.
inline constexpr auto push = [](auto& ctx) {
  x3::_val(ctx).children.push_back(std::move(x3::_attr(ctx)));
};
// The parsed node becomes the rule's node.
inline constexpr auto assign = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
// Sets the node's text / extra from the parsed string or matched range.
inline constexpr auto set_text = [](auto& ctx) {
  auto&& a = x3::_attr(ctx);
  x3::_val(ctx).text.assign(a.begin(), a.end());
};
// Sets the node's `extra` to a fixed word (flags such as "distinct").
struct set_extra {
  const char* value;
  template <class Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx).extra = value;
  }
};

// Wraps the rule's node so far and the parsed node into a binary node of kind K with `text` op.
template <NodeKind K>
struct fold_fn {
  const char* op;
  template <class Context>
  void operator()(Context& ctx) const {
    Node node(K);
    node.text = op;
    node.offset = x3::_val(ctx).offset;
    node.chain_depth = std::max(x3::_val(ctx).chain_depth, x3::_attr(ctx).chain_depth) + 1;
    if (node.chain_depth > kMaxTreeDepth) throw ChainTooDeep{x3::_attr(ctx).offset};
    node.children.push_back(std::move(x3::_val(ctx)));
    node.children.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(node);
  }
};
template <NodeKind K>
constexpr fold_fn<K> fold(const char* op = "") {
  return {op};
}

// The parsed node becomes the only child of a new node of kind K.
template <NodeKind K>
struct wrap_fn {
  template <class Context>
  void operator()(Context& ctx) const {
    Node node(K);
    node.offset = offset_of(x3::_where(ctx).begin());
    node.children.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(node);
  }
};
template <NodeKind K>
inline constexpr wrap_fn<K> wrap{};

// Appends the children of the parsed node (a container) to the rule's node.
inline constexpr auto splice = [](auto& ctx) {
  for (auto& child : x3::_attr(ctx).children) x3::_val(ctx).children.push_back(std::move(child));
};

// Replaces a node with one child by that child (a path of one step is that step).
inline constexpr auto collapse = [](auto& ctx) {
  auto& node = x3::_val(ctx);
  if (node.children.size() == 1) {
    Node child = std::move(node.children.front());
    node = std::move(child);
  }
};

// A leaf node of kind K whose text is the parsed string.
template <NodeKind K>
struct leaf_fn {
  template <class Context>
  void operator()(Context& ctx) const {
    Node node(K);
    auto&& a = x3::_attr(ctx);
    node.text.assign(a.begin(), a.end());
    node.offset = offset_of(x3::_where(ctx).begin());
    x3::_val(ctx) = std::move(node);
  }
};
template <NodeKind K>
inline constexpr leaf_fn<K> leaf{};

}  // namespace moivre::query::parser
