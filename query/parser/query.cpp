// Query forms (productions 1-28): prologue, SELECT, CONSTRUCT, DESCRIBE, ASK, sub-selects,
// dataset clauses and solution modifiers.
#include "query/parser/rules.hpp"

namespace moivre::query::parser {
namespace {

#define MOIVRE_LOCAL_RULE(name, label) \
  struct name##_class;                 \
  const x3::rule<name##_class, Node> name = label;

MOIVRE_LOCAL_RULE(base_decl, "BASE <IRI>")
MOIVRE_LOCAL_RULE(prefix_decl, "PREFIX name: <IRI>")
MOIVRE_LOCAL_RULE(query_form, "SELECT, CONSTRUCT, DESCRIBE or ASK")
MOIVRE_LOCAL_RULE(select_query, "SELECT")
MOIVRE_LOCAL_RULE(construct_query, "CONSTRUCT")
MOIVRE_LOCAL_RULE(describe_query, "DESCRIBE")
MOIVRE_LOCAL_RULE(ask_query, "ASK")
MOIVRE_LOCAL_RULE(projection, "'*', variables or (expression AS ?var)")
MOIVRE_LOCAL_RULE(project_as, "(expression AS ?var)")
MOIVRE_LOCAL_RULE(dataset_clause, "FROM")
MOIVRE_LOCAL_RULE(where_clause, "WHERE { ... }")
MOIVRE_LOCAL_RULE(group_clause, "GROUP BY")
MOIVRE_LOCAL_RULE(group_condition, "a grouping condition")
MOIVRE_LOCAL_RULE(having_clause, "HAVING")
MOIVRE_LOCAL_RULE(order_clause, "ORDER BY")
MOIVRE_LOCAL_RULE(order_condition, "an ordering condition")
MOIVRE_LOCAL_RULE(limit_clause, "LIMIT")
MOIVRE_LOCAL_RULE(whole_number, "a whole number")
MOIVRE_LOCAL_RULE(offset_clause, "OFFSET")
MOIVRE_LOCAL_RULE(values_clause, "VALUES")
MOIVRE_LOCAL_RULE(describe_targets, "'*', variables or IRIs")
MOIVRE_LOCAL_RULE(construct_where, "WHERE { triples }")

const auto set_text_from = [](auto& ctx) { x3::_val(ctx).text = x3::_attr(ctx).text; };
const auto set_extra_from = [](auto& ctx) { x3::_val(ctx).extra = x3::_attr(ctx).text; };
const auto set_prefix_name = [](auto& ctx) {
  const std::string& raw = x3::_attr(ctx).text;
  x3::_val(ctx).text = raw.substr(0, raw.size() - 1);  // without the ':'
};
const auto push_star = [](auto& ctx) { x3::_val(ctx).children.push_back(Node(NodeKind::Star)); };
struct direction {
  const char* value;
  template <class Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx) = Node(NodeKind::OrderCondition);
    x3::_val(ctx).extra = value;
    x3::_val(ctx).offset = offset_of(x3::_where(ctx).begin());
  }
};
// CONSTRUCT WHERE { T }: T is the template and the pattern both.
const auto template_and_pattern = [](auto& ctx) {
  Node& form = x3::_val(ctx);
  Node tmpl = std::move(x3::_attr(ctx));
  Node block(NodeKind::TriplesBlock);
  block.children = tmpl.children;
  Node group(NodeKind::Group);
  group.children.push_back(std::move(block));
  Node where(NodeKind::Where);
  where.children.push_back(std::move(group));
  tmpl.extra = "where";
  form.children.push_back(std::move(tmpl));
  form.children.push_back(std::move(where));
};
const auto empty_template = [](auto& ctx) { x3::_val(ctx) = Node(NodeKind::Template); };

const auto make_number = [](auto& ctx) {
  auto range = x3::_attr(ctx);
  x3::_val(ctx) = Node(NodeKind::Integer);
  x3::_val(ctx).text.assign(range.begin(), range.end());
};

const auto solution_modifier = -group_clause[push] >> -having_clause[push] >> -order_clause[push] >>
                               -((limit_clause[push] >> -offset_clause[push]) |
                                 (offset_clause[push] >> -limit_clause[push]));

const auto distinct_or_reduced =
    -(kw("DISTINCT")[set_extra{"distinct"}] | kw("REDUCED")[set_extra{"reduced"}]);

}  // namespace

const auto query_unit_def =
    x3::eps[start<NodeKind::Query>] >> prologue[push] >> query_form[push] >> -values_clause[push];

const auto query_form_def =
    select_query[assign] | construct_query[assign] | describe_query[assign] | ask_query[assign];
const auto prologue_def = x3::eps[start<NodeKind::Prologue>] >>
                          *(base_decl[push] | prefix_decl[push]);
const auto base_decl_def = kw("BASE")[start<NodeKind::Base>] > iri_ref_text[set_text_from];
const auto prefix_decl_def = kw("PREFIX")[start<NodeKind::Prefix>] >
                             prefix_decl_name[set_prefix_name] > iri_ref_text[set_extra_from];

const auto select_query_def = kw("SELECT")[start<NodeKind::Select>] >> distinct_or_reduced >
                              projection[push] >> *dataset_clause[push] > where_clause[push] >>
                              solution_modifier;

const auto sub_select_def = kw("SELECT")[start<NodeKind::SubSelect>] >> distinct_or_reduced >
                            projection[push] > where_clause[push] >> solution_modifier >>
                            -values_clause[push];

const auto projection_def = x3::eps[start<NodeKind::Projection>] >>
                            (x3::lit('*')[push_star] | +(var[push] | project_as[push]));
const auto project_as_def = x3::lit('(')[start<NodeKind::ProjectAs>] > expression[push] >
                            kw("AS") > var[push] > ')';

const auto construct_query_def =
    kw("CONSTRUCT")[start<NodeKind::Construct>] >>
    (('{' >> (construct_triples[push] | x3::eps[empty_template]) > '}' >> *dataset_clause[push] >
      where_clause[push] >> solution_modifier) |
     (*dataset_clause[push] >> construct_where[template_and_pattern] >> solution_modifier));
const auto construct_where_def = kw("WHERE") > '{' >>
                                 (construct_triples[assign] | x3::eps[empty_template]) > '}';

const auto describe_query_def = kw("DESCRIBE")[start<NodeKind::Describe>] >
                                describe_targets[push] >> *dataset_clause[push] >>
                                -where_clause[push] >> solution_modifier;
const auto describe_targets_def = x3::eps[start<NodeKind::Projection>] >>
                                  (x3::lit('*')[push_star] | +var_or_iri[push]);

const auto ask_query_def = kw("ASK")[start<NodeKind::Ask>] >> *dataset_clause[push] >
                           where_clause[push] >> solution_modifier;

const auto dataset_clause_def = kw("FROM")[start<NodeKind::From>] >>
                                -kw("NAMED")[set_extra{"named"}] > iri[push];
const auto where_clause_def = -kw("WHERE") >> group_graph_pattern[wrap<NodeKind::Where>];

const auto group_clause_def = kw("GROUP")[start<NodeKind::GroupBy>] > kw("BY") >
                              +group_condition[push];
const auto group_condition_def = builtin_call[assign] | function_call[assign] |
                                 (x3::lit('(')[start<NodeKind::ProjectAs>] > expression[push] >>
                                  -(kw("AS") > var[push]) > x3::lit(')')[collapse]) |
                                 var[assign];
const auto having_clause_def = kw("HAVING")[start<NodeKind::Having>] > +constraint[push];
const auto order_clause_def = kw("ORDER")[start<NodeKind::OrderBy>] > kw("BY") >
                              +order_condition[push];
const auto order_condition_def = (kw("ASC")[direction{"asc"}] > bracketted_expression[push]) |
                                 (kw("DESC")[direction{"desc"}] > bracketted_expression[push]) |
                                 (x3::eps[direction{"asc"}] >> (constraint[push] | var[push]));
const auto limit_clause_def = kw("LIMIT")[start<NodeKind::Limit>] > whole_number[set_text_from];
const auto offset_clause_def = kw("OFFSET")[start<NodeKind::Offset>] > whole_number[set_text_from];
const auto whole_number_def = x3::raw[x3::lexeme[+x3::digit]][make_number];
const auto values_clause_def = kw("VALUES") > data_block[assign];

BOOST_SPIRIT_DEFINE(query_unit, query_form, prologue, base_decl, prefix_decl, select_query,
                    sub_select, projection, project_as, construct_query, construct_where,
                    describe_query, describe_targets, ask_query, dataset_clause, where_clause,
                    group_clause, group_condition, having_clause, order_clause, order_condition,
                    limit_clause, offset_clause, whole_number, values_clause)

BOOST_SPIRIT_INSTANTIATE(query_unit_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(prologue_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(sub_select_type, iterator_type, context_type)

}  // namespace moivre::query::parser
