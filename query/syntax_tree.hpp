// The SPARQL syntax tree: what the parser produces and the algebra translation consumes.
//
// One node type for every construct keeps the Spirit X3 grammar free of attribute plumbing; the
// translator (query/algebra) gives the tree its types. Each node has a kind, up to two strings
// and ordered children; `offset` is the byte offset in the query text where it starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace moivre::query {

enum class NodeKind {
  // Terms. text: variable name / IRI / prefix; extra: local name / language tag.
  Var,
  IriRef,        // text = IRI as written (unescaped), relative IRIs resolved later
  PrefixedName,  // text = prefix, extra = local name (unescaped)
  Literal,       // text = lexical form; extra = language tag; child 0 = datatype IRI, if any
  Integer,       // text = lexical form (sign included)
  Decimal,
  Double,
  Boolean,     // text = "true" | "false"
  BlankLabel,  // text = label
  Anon,        // []
  Nil,         // ()
  Undef,       // UNDEF in VALUES

  // Query forms.
  Query,       // children: Prologue, form (Select|Construct|Describe|Ask), optional Values
  Prologue,    // children: Base | Prefix
  Base,        // text = IRI
  Prefix,      // text = prefix name, extra = IRI
  Select,      // extra = "" | "distinct" | "reduced"; children: Projection, From*, Where, modifiers
  SubSelect,   // as Select, plus optional Values
  Construct,   // children: Template (absent in CONSTRUCT WHERE), From*, Where, modifiers
  Describe,    // children: Projection (vars/IRIs or Star), From*, optional Where, modifiers
  Ask,         // children: From*, Where, modifiers
  Projection,  // children: Var | ProjectAs | Star
  ProjectAs,   // children: expression, Var
  Star,
  From,            // extra = "named" or ""; child: IRI
  Where,           // child: Group
  Template,        // children: TriplesSameSubject
  GroupBy,         // children: expressions or ProjectAs (expression AS var)
  Having,          // children: expressions
  OrderBy,         // children: OrderCondition
  OrderCondition,  // extra = "asc" | "desc"; child: expression
  Limit,           // text = the number
  Offset,
  Values,  // children: VarList, then Row*
  VarList,
  Row,  // children: terms or Undef

  // Graph patterns.
  Group,               // children: the elements of a group graph pattern, in order
  TriplesBlock,        // children: TriplesSameSubject
  TriplesSameSubject,  // child 0: subject (term, Collection or BlankPropertyList); then
                       // PropertyObjects
  PropertyObjects,     // child 0: verb (Var, IRI or path); then objects
  Collection,          // children: graph nodes
  BlankPropertyList,   // children: PropertyObjects
  PathAlternative,     // children: paths
  PathSequence,        // children: paths
  PathInverse,         // child: path
  PathMod,             // text = "?" | "*" | "+"; child: path
  PathNegated,         // children: IRIs or PathInverse(IRI)
  Optional,            // child: Group
  Union,               // children: Groups
  Minus,               // child: Group
  Graph,               // children: Var or IRI, Group
  Service,             // extra = "silent" or ""; children: Var or IRI, Group
  Filter,              // child: expression
  Bind,                // children: expression, Var

  // Expressions.
  Or,
  And,
  Compare,  // text = "=" "!=" "<" ">" "<=" ">="; two children
  In,       // child 0: expression; then the list
  NotIn,
  Arithmetic,  // text = "+" "-" "*" "/"; two children
  Unary,       // text = "!" "+" "-"; one child
  BuiltIn,     // text = function name in upper case; children: arguments
  Function,    // child 0: IRI; extra = "distinct" or ""; then arguments
  Aggregate,   // text = COUNT, SUM, ...; extra = "distinct" or ""; text2 in `separator`
  Exists,      // child: Group
  NotExists,

  // SPARQL Update.
  Update,        // children: Prologue, then operations (each may be preceded by a Prologue)
  UpdateOp,      // text = LOAD CLEAR DROP CREATE ADD MOVE COPY "INSERT DATA" "DELETE DATA"
                 //        "DELETE WHERE" MODIFY; extra = "silent" or ""; children as the op needs
  GraphTarget,   // text = "graph" (child: IRI), "default", "named" or "all"
  QuadBlock,     // children: TriplesSameSubject or QuadsGraph
  QuadsGraph,    // child 0: Var or IRI; then TriplesSameSubject
  DeleteClause,  // child: QuadBlock
  InsertClause,  // child: QuadBlock
  Using,         // extra = "named" or ""; child: IRI
  With,          // child: IRI
};

struct Node {
  NodeKind kind = NodeKind::Group;
  std::string text;
  std::string extra;
  std::vector<Node> children;
  size_t offset = 0;
  uint32_t chain_depth = 1;  // operator levels below (kept while parsing, for the nesting limit)
  std::string separator;     // GROUP_CONCAT's SEPARATOR, when given
  bool has_separator = false;

  Node() = default;
  explicit Node(NodeKind k) : kind(k) {}
};

const char* node_kind_name(NodeKind kind);
// The tree as an S-expression, for tests and --explain: (Select (Projection (Var x)) ...)
std::string to_sexpr(const Node& node);

}  // namespace moivre::query
