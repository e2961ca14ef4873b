#include "query/syntax_tree.hpp"

namespace moivre::query {

const char* node_kind_name(NodeKind kind) {
  switch (kind) {
#define NAME(k)     \
  case NodeKind::k: \
    return #k;
    NAME(Var)
    NAME(IriRef)
    NAME(PrefixedName)
    NAME(Literal)
    NAME(Integer)
    NAME(Decimal)
    NAME(Double)
    NAME(Boolean)
    NAME(BlankLabel)
    NAME(Anon)
    NAME(Nil)
    NAME(Undef)
    NAME(Query)
    NAME(Prologue)
    NAME(Base)
    NAME(Prefix)
    NAME(Select) NAME(SubSelect) NAME(Construct) NAME(Describe) NAME(Ask) NAME(Projection)
        NAME(ProjectAs) NAME(Star) NAME(From) NAME(Where) NAME(Template) NAME(GroupBy) NAME(Having)
            NAME(OrderBy) NAME(OrderCondition) NAME(Limit) NAME(Offset) NAME(Values) NAME(VarList)
                NAME(Row) NAME(Group) NAME(TriplesBlock) NAME(TriplesSameSubject)
                    NAME(PropertyObjects) NAME(Collection) NAME(BlankPropertyList)
                        NAME(PathAlternative) NAME(PathSequence) NAME(PathInverse) NAME(PathMod)
                            NAME(PathNegated) NAME(Optional) NAME(Union) NAME(Minus) NAME(Graph)
                                NAME(Service) NAME(Filter) NAME(Bind) NAME(Or) NAME(And)
                                    NAME(Compare) NAME(In) NAME(NotIn) NAME(Arithmetic) NAME(Unary)
                                        NAME(BuiltIn) NAME(Function) NAME(Aggregate) NAME(Exists)
                                            NAME(NotExists) NAME(Update) NAME(UpdateOp)
                                                NAME(GraphTarget) NAME(QuadBlock) NAME(QuadsGraph)
                                                    NAME(DeleteClause) NAME(InsertClause)
                                                        NAME(Using) NAME(With)
#undef NAME
  }
  return "?";
}

std::string to_sexpr(const Node& node) {
  std::string out = "(";
  out += node_kind_name(node.kind);
  if (!node.text.empty()) out += " \"" + node.text + "\"";
  if (!node.extra.empty()) out += " [" + node.extra + "]";
  if (node.has_separator) out += " sep=\"" + node.separator + "\"";
  for (const auto& child : node.children) out += " " + to_sexpr(child);
  return out + ")";
}

}  // namespace moivre::query
