// SPARQL 1.1 Update (productions 3, 29-51): graph management, INSERT/DELETE DATA, DELETE WHERE
// and DELETE/INSERT ... WHERE, several operations separated by ';'.
#include "query/parser/rules.hpp"

namespace moivre::query::parser {
namespace {

MOIVRE_LOCAL_RULE(update_operation, "an update operation")
MOIVRE_LOCAL_RULE(graph_ref_all, "GRAPH <IRI>, DEFAULT, NAMED or ALL")
MOIVRE_LOCAL_RULE(graph_ref, "GRAPH <IRI>")
MOIVRE_LOCAL_RULE(graph_or_default, "DEFAULT or a graph IRI")
MOIVRE_LOCAL_RULE(quad_block, "{ quads }")
MOIVRE_LOCAL_RULE(quads_graph, "GRAPH ... { triples }")
MOIVRE_LOCAL_RULE(modify, "DELETE, INSERT or WITH")
MOIVRE_LOCAL_RULE(using_clause, "USING")
MOIVRE_LOCAL_RULE(with_clause, "WITH")
MOIVRE_LOCAL_RULE(delete_clause, "DELETE { ... }")
MOIVRE_LOCAL_RULE(insert_clause, "INSERT { ... }")
MOIVRE_LOCAL_RULE(modify_where, "WHERE { ... }")

struct op_start {
  const char* name;
  template <class Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx) = Node(NodeKind::UpdateOp);
    x3::_val(ctx).text = name;
    x3::_val(ctx).offset = offset_of(x3::_where(ctx).begin());
  }
};

struct target {
  const char* name;
  template <class Context>
  void operator()(Context& ctx) const {
    x3::_val(ctx) = Node(NodeKind::GraphTarget);
    x3::_val(ctx).text = name;
    x3::_val(ctx).offset = offset_of(x3::_where(ctx).begin());
  }
};

const auto silent = -kw("SILENT")[set_extra{"silent"}];

const auto graph_iri_target = [](auto& ctx) {
  Node node(NodeKind::GraphTarget);
  node.text = "graph";
  node.offset = x3::_attr(ctx).offset;
  node.children.push_back(std::move(x3::_attr(ctx)));
  x3::_val(ctx) = std::move(node);
};

}  // namespace

// Update ::= Prologue ( Update1 ( ';' Update )? )? : a ';' only ever follows an operation.
const auto update_unit_def = x3::eps[start<NodeKind::Update>] >> prologue[push] >>
                             -(update_operation[push] >>
                               *(';' >> prologue[push] >> update_operation[push]) >>
                               -(';' >> prologue[push]));

const auto update_operation_def =
    (kw("LOAD")[op_start{"LOAD"}] >> silent > iri[push] >> -(kw("INTO") > graph_ref[push])) |
    (kw("CLEAR")[op_start{"CLEAR"}] >> silent > graph_ref_all[push]) |
    (kw("DROP")[op_start{"DROP"}] >> silent > graph_ref_all[push]) |
    (kw("CREATE")[op_start{"CREATE"}] >> silent > graph_ref[push]) |
    (kw("ADD")[op_start{"ADD"}] >> silent > graph_or_default[push] > kw("TO") >
     graph_or_default[push]) |
    (kw("MOVE")[op_start{"MOVE"}] >> silent > graph_or_default[push] > kw("TO") >
     graph_or_default[push]) |
    (kw("COPY")[op_start{"COPY"}] >> silent > graph_or_default[push] > kw("TO") >
     graph_or_default[push]) |
    ((kw("INSERT") >> kw("DATA"))[op_start{"INSERT DATA"}] > quad_block[push]) |
    ((kw("DELETE") >> kw("DATA"))[op_start{"DELETE DATA"}] > quad_block[push]) |
    ((kw("DELETE") >> kw("WHERE"))[op_start{"DELETE WHERE"}] > quad_block[push]) | modify[assign];

const auto graph_ref_def = kw("GRAPH") > iri[graph_iri_target];
const auto graph_ref_all_def = graph_ref[assign] | kw("DEFAULT")[target{"default"}] |
                               kw("NAMED")[target{"named"}] | kw("ALL")[target{"all"}];
const auto graph_or_default_def =
    kw("DEFAULT")[target{"default"}] | (-kw("GRAPH") >> iri[graph_iri_target]);

const auto quad_block_def = x3::lit('{')[start<NodeKind::QuadBlock>] >>
                            -construct_triples[splice] >>
                            *(quads_graph[push] >> -x3::lit('.') >> -construct_triples[splice]) >
                            '}';
const auto quads_graph_def = kw("GRAPH")[start<NodeKind::QuadsGraph>] > var_or_iri[push] > '{' >>
                             -construct_triples[splice] > '}';

const auto modify_def = x3::eps[op_start{"MODIFY"}] >> -with_clause[push] >>
                        ((delete_clause[push] >> -insert_clause[push]) | insert_clause[push]) >>
                        *using_clause[push] > modify_where[push];
const auto with_clause_def = kw("WITH") > iri[wrap<NodeKind::With>];
const auto delete_clause_def = kw("DELETE") > quad_block[wrap<NodeKind::DeleteClause>];
const auto insert_clause_def = kw("INSERT") > quad_block[wrap<NodeKind::InsertClause>];
const auto modify_where_def = kw("WHERE") > group_graph_pattern[wrap<NodeKind::Where>];
const auto using_clause_def = kw("USING")[start<NodeKind::Using>] >>
                              -kw("NAMED")[set_extra{"named"}] > iri[push];

BOOST_SPIRIT_DEFINE(update_unit, update_operation, graph_ref, graph_ref_all, graph_or_default,
                    quad_block, quads_graph, modify, using_clause, with_clause, delete_clause,
                    insert_clause, modify_where)

BOOST_SPIRIT_INSTANTIATE(update_unit_type, iterator_type, context_type)

}  // namespace moivre::query::parser
