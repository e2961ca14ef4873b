// Graph patterns (productions 53-104): groups, triples with property lists, collections and
// property paths, OPTIONAL, UNION, MINUS, GRAPH, SERVICE, FILTER, BIND, VALUES.
#include "query/parser/rules.hpp"

namespace moivre::query::parser {
namespace {

#define MOIVRE_LOCAL_RULE(name, label) \
  struct name##_class;                 \
  const x3::rule<name##_class, Node> name = label;

MOIVRE_LOCAL_RULE(triples_block, "triples")
MOIVRE_LOCAL_RULE(triples_same_subject_path, "a triple pattern")
MOIVRE_LOCAL_RULE(property_list_path, "a predicate and objects")
MOIVRE_LOCAL_RULE(property_objects_path, "a predicate and objects")
MOIVRE_LOCAL_RULE(graph_node_path, "an object")
MOIVRE_LOCAL_RULE(triples_node_path, "a collection or blank node property list")
MOIVRE_LOCAL_RULE(collection_path, "a collection")
MOIVRE_LOCAL_RULE(blank_node_property_list_path, "a blank node property list")
MOIVRE_LOCAL_RULE(path, "a property path")
MOIVRE_LOCAL_RULE(path_sequence, "a property path")
MOIVRE_LOCAL_RULE(path_elt_or_inverse, "a property path")
MOIVRE_LOCAL_RULE(path_elt, "a property path")
MOIVRE_LOCAL_RULE(path_primary, "a property path")
MOIVRE_LOCAL_RULE(path_negated, "a negated property set")
MOIVRE_LOCAL_RULE(path_one_in_set, "an IRI or ^IRI")
MOIVRE_LOCAL_RULE(iri_or_a, "an IRI or 'a'")
MOIVRE_LOCAL_RULE(verb_path, "a predicate or property path")
MOIVRE_LOCAL_RULE(triples_same_subject, "a triple")
MOIVRE_LOCAL_RULE(property_list, "a predicate and objects")
MOIVRE_LOCAL_RULE(property_objects, "a predicate and objects")
MOIVRE_LOCAL_RULE(graph_node, "an object")
MOIVRE_LOCAL_RULE(triples_node, "a collection or blank node property list")
MOIVRE_LOCAL_RULE(verb, "a predicate")
MOIVRE_LOCAL_RULE(graph_pattern_not_triples, "a graph pattern")
MOIVRE_LOCAL_RULE(group_or_union, "a group graph pattern")
MOIVRE_LOCAL_RULE(values_one_var, "VALUES data")
MOIVRE_LOCAL_RULE(values_full, "VALUES data")
MOIVRE_LOCAL_RULE(values_var_list, "a variable list")
MOIVRE_LOCAL_RULE(values_row, "a row of values")

const auto rdf_type = [](auto& ctx) {
  Node node(NodeKind::IriRef);
  node.text = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
  node.offset = offset_of(x3::_where(ctx).begin());
  x3::_val(ctx) = std::move(node);
};
const auto keyword_a = x3::lexeme[x3::lit('a') >> !(x3::alnum | x3::char_("_:-"))];

const auto path_mod_token = x3::raw[x3::lexeme[(x3::char_('?') >> !(x3::alnum | x3::char_('_'))) |
                                               x3::char_('*') | (x3::char_('+') >> !x3::digit)]];
const auto apply_path_mod = [](auto& ctx) {
  Node node(NodeKind::PathMod);
  auto range = x3::_attr(ctx);
  node.text.assign(range.begin(), range.end());
  node.offset = x3::_val(ctx).offset;
  node.children.push_back(std::move(x3::_val(ctx)));
  x3::_val(ctx) = std::move(node);
};

// Folds `{...} UNION {...}` into one Union node.
const auto union_fold = [](auto& ctx) {
  auto& node = x3::_val(ctx);
  if (node.kind != NodeKind::Union) {
    Node u(NodeKind::Union);
    u.offset = node.offset;
    u.children.push_back(std::move(node));
    node = std::move(u);
  }
  node.children.push_back(std::move(x3::_attr(ctx)));
};

const auto one_var = [](auto& ctx) {
  Node vars(NodeKind::VarList);
  vars.children.push_back(std::move(x3::_attr(ctx)));
  x3::_val(ctx).children.push_back(std::move(vars));
};
const auto one_row = [](auto& ctx) {
  Node row(NodeKind::Row);
  row.children.push_back(std::move(x3::_attr(ctx)));
  x3::_val(ctx).children.push_back(std::move(row));
};

}  // namespace

// --- groups ---------------------------------------------------------------------------------

const auto group_graph_pattern_def =
    x3::lit('{')[start<NodeKind::Group>] >>
    (sub_select[push] | (-triples_block[push] >> *(graph_pattern_not_triples[push] >>
                                                   -x3::lit('.') >> -triples_block[push]))) > '}';

const auto triples_block_def = x3::eps[start<NodeKind::TriplesBlock>] >>
                               triples_same_subject_path[push] % '.' >> -x3::lit('.');

const auto graph_pattern_not_triples_def =
    group_or_union[assign] | (kw("OPTIONAL") > group_graph_pattern[wrap<NodeKind::Optional>]) |
    (kw("MINUS") > group_graph_pattern[wrap<NodeKind::Minus>]) |
    (kw("GRAPH")[start<NodeKind::Graph>] > var_or_iri[push] > group_graph_pattern[push]) |
    (kw("SERVICE")[start<NodeKind::Service>] >> -kw("SILENT")[set_extra{"silent"}] >
     var_or_iri[push] > group_graph_pattern[push]) |
    (kw("FILTER")[start<NodeKind::Filter>] > constraint[push]) |
    (kw("BIND")[start<NodeKind::Bind>] > '(' > expression[push] > kw("AS") > var[push] > ')') |
    (kw("VALUES") > data_block[assign]);

const auto group_or_union_def = group_graph_pattern[assign] >>
                                *(kw("UNION") > group_graph_pattern[union_fold]);

// --- triples in patterns: paths allowed ------------------------------------------------------

const auto triples_same_subject_path_def =
    (var_or_term[wrap<NodeKind::TriplesSameSubject>] >> property_list_path[splice]) |
    (triples_node_path[wrap<NodeKind::TriplesSameSubject>] >> -property_list_path[splice]);

const auto property_list_path_def = x3::eps[start<NodeKind::Row>] >> property_objects_path[push] >>
                                    *(';' >> -property_objects_path[push]);

const auto property_objects_path_def = verb_path[wrap<NodeKind::PropertyObjects>] >
                                       graph_node_path[push] >> *(',' > graph_node_path[push]);
const auto verb_path_def = var[assign] | path[assign];

const auto graph_node_path_def = var_or_term[assign] | triples_node_path[assign];
const auto triples_node_path_def = collection_path[assign] | blank_node_property_list_path[assign];
const auto collection_path_def =
    x3::lit('(')[start<NodeKind::Collection>] >> +graph_node_path[push] > ')';
const auto blank_node_property_list_path_def =
    x3::lit('[')[start<NodeKind::BlankPropertyList>] >> property_list_path[splice] > ']';

const auto path_def = x3::eps[start<NodeKind::PathAlternative>] >>
                      (path_sequence[push] % '|') >> x3::eps[collapse];
const auto path_sequence_def = x3::eps[start<NodeKind::PathSequence>] >>
                               (path_elt_or_inverse[push] % '/') >> x3::eps[collapse];
const auto path_elt_or_inverse_def =
    ('^' > path_elt[wrap<NodeKind::PathInverse>]) | path_elt[assign];
const auto path_elt_def = path_primary[assign] >> -path_mod_token[apply_path_mod];
const auto path_primary_def =
    iri_or_a[assign] | ('!' > path_negated[assign]) | ('(' > path[assign] > ')');
const auto path_negated_def =
    (x3::lit('(')[start<NodeKind::PathNegated>] >> -(path_one_in_set[push] % '|') > ')') |
    path_one_in_set[wrap<NodeKind::PathNegated>];
const auto path_one_in_set_def = iri_or_a[assign] | ('^' > iri_or_a[wrap<NodeKind::PathInverse>]);
const auto iri_or_a_def = iri[assign] | keyword_a[rdf_type];

// --- triples in templates: no paths ----------------------------------------------------------

const auto construct_triples_def = x3::eps[start<NodeKind::Template>] >>
                                   triples_same_subject[push] % '.' >> -x3::lit('.');
const auto triples_same_subject_def =
    (var_or_term[wrap<NodeKind::TriplesSameSubject>] >> property_list[splice]) |
    (triples_node[wrap<NodeKind::TriplesSameSubject>] >> -property_list[splice]);
const auto property_list_def = x3::eps[start<NodeKind::Row>] >> property_objects[push] >>
                               *(';' >> -property_objects[push]);
const auto property_objects_def = verb[wrap<NodeKind::PropertyObjects>] > graph_node[push] >>
                                  *(',' > graph_node[push]);
const auto verb_def = var[assign] | iri[assign] | keyword_a[rdf_type];
const auto graph_node_def = var_or_term[assign] | triples_node[assign];
const auto triples_node_def =
    (x3::lit('(')[start<NodeKind::Collection>] >> +graph_node[push] > ')') |
    (x3::lit('[')[start<NodeKind::BlankPropertyList>] >> property_list[splice] > ']');

// --- VALUES ---------------------------------------------------------------------------------

const auto data_block_def = values_one_var[assign] | values_full[assign];
const auto values_one_var_def =
    x3::eps[start<NodeKind::Values>] >> var[one_var] > '{' >> *data_value[one_row] > '}';
const auto values_full_def =
    x3::eps[start<NodeKind::Values>] >> values_var_list[push] > '{' >> *values_row[push] > '}';
const auto values_var_list_def = x3::eps[start<NodeKind::VarList>] >>
                                 (nil | ('(' >> *var[push] > ')'));
const auto values_row_def = x3::eps[start<NodeKind::Row>] >>
                            (nil | ('(' >> *data_value[push] > ')'));

BOOST_SPIRIT_DEFINE(group_graph_pattern, triples_block, graph_pattern_not_triples, group_or_union,
                    triples_same_subject_path, property_list_path, property_objects_path,
                    graph_node_path, triples_node_path, collection_path,
                    blank_node_property_list_path, path, path_sequence, path_elt_or_inverse,
                    path_elt, path_primary, path_negated, path_one_in_set, iri_or_a, verb_path,
                    construct_triples, triples_same_subject, property_list, property_objects, verb,
                    graph_node, triples_node, data_block, values_one_var, values_full,
                    values_var_list, values_row)

BOOST_SPIRIT_INSTANTIATE(group_graph_pattern_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(construct_triples_type, iterator_type, context_type)
BOOST_SPIRIT_INSTANTIATE(data_block_type, iterator_type, context_type)

}  // namespace moivre::query::parser
