// Expressions (productions 110-135): operators by precedence, built-in calls, aggregates,
// function calls, EXISTS.
#include <algorithm>
#include <cctype>

#include "query/parser/rules.hpp"

namespace moivre::query::parser {
namespace {

struct expression_list_class;
struct arg_list_class;
struct or_class;
struct and_class;
struct relational_class;
struct additive_class;
struct multiplicative_class;
struct unary_class;
struct primary_class;
struct iri_or_function_class;
struct aggregate_class;
struct unsigned_number_class;
const x3::rule<expression_list_class, Node> expression_list = "an expression list";
const x3::rule<arg_list_class, Node> arg_list = "an argument list";
const x3::rule<or_class, Node> or_expression = "an expression";
const x3::rule<and_class, Node> and_expression = "an expression";
const x3::rule<relational_class, Node> relational_expression = "an expression";
const x3::rule<additive_class, Node> additive_expression = "an expression";
const x3::rule<multiplicative_class, Node> multiplicative_expression = "an expression";
const x3::rule<unary_class, Node> unary_expression = "an expression";
const x3::rule<primary_class, Node> primary_expression = "an expression";
const x3::rule<iri_or_function_class, Node> iri_or_function = "an IRI or a function call";
const x3::rule<aggregate_class, Node> aggregate = "an aggregate";
const x3::rule<unsigned_number_class, Node> unsigned_number = "a number";

const auto digit = x3::char_('0', '9');
const auto exponent = x3::char_("eE") >> -x3::char_("+-") >> +digit;

template <NodeKind K>
const auto make_number = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(K);
  node.text.assign(range.begin(), range.end());
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

struct in_fold {
  NodeKind kind;
  template <class Context>
  void operator()(Context& ctx) const {
    Node node(kind);
    node.offset = x3::_val(ctx).offset;
    node.children.push_back(std::move(x3::_val(ctx)));
    for (auto& item : x3::_attr(ctx).children) node.children.push_back(std::move(item));
    x3::_val(ctx) = std::move(node);
  }
};

struct unary_fn {
  const char* op;
  template <class Context>
  void operator()(Context& ctx) const {
    Node node(NodeKind::Unary);
    node.text = op;
    node.offset = offset_of(x3::_where(ctx).begin());
    node.children.push_back(std::move(x3::_attr(ctx)));
    x3::_val(ctx) = std::move(node);
  }
};

// IRI followed by an argument list: a call of that function.
const auto make_function = [](auto& ctx) {
  Node node(NodeKind::Function);
  node.offset = x3::_val(ctx).offset;
  node.children.push_back(std::move(x3::_val(ctx)));
  auto& args = x3::_attr(ctx);
  node.extra = args.extra;
  for (auto& a : args.children) node.children.push_back(std::move(a));
  x3::_val(ctx) = std::move(node);
};

// Appends an argument list's expressions to the node.
const auto append_args = [](auto& ctx) {
  for (auto& a : x3::_attr(ctx).children) x3::_val(ctx).children.push_back(std::move(a));
};

template <NodeKind K>
const auto named = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  Node node(K);
  node.text.assign(range.begin(), range.end());
  std::transform(node.text.begin(), node.text.end(), node.text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  node.offset = offset_of(range.begin());
  x3::_val(ctx) = std::move(node);
};

const auto set_separator = [](auto& ctx) {
  x3::_val(ctx).separator = x3::_attr(ctx).text;
  x3::_val(ctx).has_separator = true;
};

const auto star = [](auto& ctx) { x3::_val(ctx).children.push_back(Node(NodeKind::Star)); };

const auto word_end = !(x3::alnum | x3::char_("_:"));

const auto builtin_name = x3::raw
    [x3::lexeme[x3::no_case[x3::lit("STRLANG") | "STRDT" | "STRLEN" | "STRSTARTS" | "STRENDS" |
                            "STRBEFORE" | "STRAFTER" | "STRUUID" | "STR" | "LANGMATCHES" | "LANG" |
                            "DATATYPE" | "BOUND" | "IRI" | "URI" | "BNODE" | "RAND" | "ABS" |
                            "CEIL" | "FLOOR" | "ROUND" | "CONCAT" | "UCASE" | "LCASE" |
                            "ENCODE_FOR_URI" | "CONTAINS" | "YEAR" | "MONTH" | "DAY" | "HOURS" |
                            "MINUTES" | "SECONDS" | "TIMEZONE" | "TZ" | "NOW" | "UUID" | "MD5" |
                            "SHA1" | "SHA256" | "SHA384" | "SHA512" | "COALESCE" | "IF" |
                            "SAMETERM" | "ISIRI" | "ISURI" | "ISBLANK" | "ISLITERAL" | "ISNUMERIC" |
                            "REGEX" | "SUBSTR" | "REPLACE"] >>
                word_end]];

const auto aggregate_name =
    x3::raw[x3::lexeme[x3::no_case[x3::lit("COUNT") | "SUM" | "MIN" | "MAX" | "AVG" | "SAMPLE" |
                                   "GROUP_CONCAT"] >>
                       word_end]];

}  // namespace

const auto expression_def = or_expression[assign];
const auto or_expression_def = and_expression[assign] >>
                               *("||" > and_expression[fold<NodeKind::Or>("||")]);
const auto and_expression_def = relational_expression[assign] >>
                                *("&&" > relational_expression[fold<NodeKind::And>("&&")]);
const auto relational_expression_def =
    additive_expression[assign] >>
    -(("=" > additive_expression[fold<NodeKind::Compare>("=")]) |
      ("!=" > additive_expression[fold<NodeKind::Compare>("!=")]) |
      (!iri_ref_text >> "<=" > additive_expression[fold<NodeKind::Compare>("<=")]) |
      (">=" > additive_expression[fold<NodeKind::Compare>(">=")]) |
      (!iri_ref_text >> "<" > additive_expression[fold<NodeKind::Compare>("<")]) |
      (">" > additive_expression[fold<NodeKind::Compare>(">")]) |
      (kw("IN") > expression_list[in_fold{NodeKind::In}]) |
      (kw("NOT") >> kw("IN") > expression_list[in_fold{NodeKind::NotIn}]));
const auto additive_expression_def =
    multiplicative_expression[assign] >>
    *(('+' > multiplicative_expression[fold<NodeKind::Arithmetic>("+")]) |
      ('-' > multiplicative_expression[fold<NodeKind::Arithmetic>("-")]));
const auto multiplicative_expression_def =
    unary_expression[assign] >> *(('*' > unary_expression[fold<NodeKind::Arithmetic>("*")]) |
                                  ('/' > unary_expression[fold<NodeKind::Arithmetic>("/")]));
const auto unary_expression_def =
    ('!' > primary_expression[unary_fn{"!"}]) | ('+' > primary_expression[unary_fn{"+"}]) |
    ('-' > primary_expression[unary_fn{"-"}]) | primary_expression[assign];
const auto primary_expression_def = bracketted_expression[assign] | builtin_call[assign] |
                                    iri_or_function[assign] | rdf_literal[assign] |
                                    unsigned_number[assign] | boolean_literal[assign] | var[assign];
const auto unsigned_number_def =
    x3::raw[x3::lexeme[(+digit >> '.' >> *digit >> exponent) | ('.' >> +digit >> exponent) |
                       (+digit >> exponent)]][make_number<NodeKind::Double>] |
    x3::raw[x3::lexeme[*digit >> '.' >> +digit]][make_number<NodeKind::Decimal>] |
    x3::raw[x3::lexeme[+digit]][make_number<NodeKind::Integer>];
const auto bracketted_expression_def = '(' > expression[assign] > ')';
const auto expression_list_def = x3::eps[start<NodeKind::Row>] >>
                                 (nil | ('(' >> (expression[push] % ',') > ')'));
const auto arg_list_def = x3::eps[start<NodeKind::Row>] >>
                          (nil | ('(' >> -kw("DISTINCT")[set_extra{"distinct"}] >>
                                  (expression[push] % ',') > ')'));
const auto iri_or_function_def = iri[assign] >> -arg_list[make_function];
const auto function_call_def = iri[assign] >> arg_list[make_function];
const auto aggregate_def = aggregate_name[named<NodeKind::Aggregate>] > '(' >>
                           -kw("DISTINCT")[set_extra{"distinct"}] >>
                           (x3::lit('*')[star] | expression[push]) >>
                           -(';' > kw("SEPARATOR") > '=' > string_value[set_separator]) > ')';
const auto builtin_call_def =
    aggregate[assign] |
    (kw("NOT") >> kw("EXISTS") > group_graph_pattern[wrap<NodeKind::NotExists>]) |
    (kw("EXISTS") > group_graph_pattern[wrap<NodeKind::Exists>]) |
    (builtin_name[named<NodeKind::BuiltIn>] > arg_list[append_args]);
const auto constraint_def =
    bracketted_expression[assign] | builtin_call[assign] | function_call[assign];

BOOST_SPIRIT_DEFINE(expression, or_expression, and_expression, relational_expression,
                    additive_expression, multiplicative_expression, unary_expression,
                    primary_expression, unsigned_number, bracketted_expression, expression_list,
                    arg_list, iri_or_function, function_call, aggregate, builtin_call, constraint)

BOOST_SPIRIT_INSTANTIATE(expression_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(bracketted_expression_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(builtin_call_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(function_call_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(constraint_type, iterator_type, context_type)

}  // namespace moivre::query::parser
