// The SPARQL algebra (SPARQL 1.1, section 18): what a parsed query means, independent of how
// it is written. translate() builds it from the syntax tree; the planner and executor consume it.
//
// Blank nodes in query patterns are variables that are never projected: they are named "_:label"
// (a colon cannot occur in a SPARQL variable name, so they never clash with the query's own).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "graph/term.hpp"
#include "query/syntax_tree.hpp"

namespace moivre::query {
struct Function;  // query/functions.hpp
}

namespace moivre::query::algebra {

struct Variable {
  std::string name;
  friend bool operator==(const Variable&, const Variable&) = default;
};

// A position of a triple pattern: a variable or a constant term.
using PatternTerm = std::variant<Variable, graph::Term>;

struct TriplePattern {
  PatternTerm subject, predicate, object;
};

// Property path expressions (section 18.1.7).
struct Path {
  enum class Kind {
    Link,
    Inverse,
    Sequence,
    Alternative,
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
    Negated
  };
  Kind kind = Kind::Link;
  std::string iri;                            // Link
  std::vector<Path> parts;                    // Inverse (1), Sequence, Alternative, *, +, ? (1)
  std::vector<std::string> forward, inverse;  // Negated: !(forward | ^inverse)
};

struct PathPattern {
  PatternTerm subject;
  Path path;
  PatternTerm object;
};

struct Op;

// Expressions. Function names of built-ins are upper case (e.g. "STRLEN"); operators are their
// symbols ("+", "=", "&&", "!", ...); IRI-named functions (casts, extensions) keep the IRI.
struct Expr {
  enum class Kind {
    Constant,  // term
    Variable,  // name
    Operator,  // name = symbol; args
    Function,  // name = upper-case built-in or function IRI; args
    In,        // args[0] IN args[1..]
    NotIn,
    Exists,  // pattern
    NotExists,
    Aggregate,  // name = COUNT, SUM, ...; distinct; args (empty for COUNT(*)); separator
  };
  Kind kind = Kind::Constant;
  graph::Term term;
  std::string name;
  const Function* function = nullptr;  // Function: its row of the table (none: an unknown IRI)
  // Variable: its slot in the rows of the numbering (query::Slots) whose id is `slots_id`,
  // found once instead of by name for every row.
  mutable uint64_t slots_id = 0;
  mutable size_t slot = 0;
  std::vector<Expr> args;
  // Function: its arguments' values for the row being evaluated, kept so that the next row's
  // are assigned into the same strings instead of allocated (an expression is evaluated by one
  // query on one thread, and never within its own arguments).
  mutable std::vector<graph::Term> arg_values;
  std::shared_ptr<Op> pattern;
  bool distinct = false;
  std::optional<std::string> separator;
};

struct OrderKey {
  Expr expr;
  bool descending = false;
};

struct Binding {
  Variable var;
  Expr expr;
};

// A row of VALUES: one optional term per variable (nullopt = UNDEF).
using ValuesRow = std::vector<std::optional<graph::Term>>;

struct Op {
  enum class Kind {
    Bgp,       // triples
    Path,      // path
    Join,      // children[0], children[1]
    LeftJoin,  // children[0], children[1], filters (empty = true)
    Filter,    // filters (conjunction), children[0]
    Union,     // children[0], children[1]
    Minus,     // children[0], children[1]
    Graph,     // graph (variable or IRI), children[0]
    Service,   // graph = endpoint, silent, children[0], text (the group's SPARQL), prologue
    Extend,    // bindings[0], children[0]
    Values,    // vars, rows
    Group,     // group_keys (expr, optional alias var), aggregates (alias -> aggregate), child
    OrderBy,   // order, children[0]
    Project,   // vars, children[0]
    Distinct,  // children[0]
    Reduced,   // children[0]
    Slice,     // offset, limit, children[0]
    // Name search (query/text_query.hpp): triples[0] = {resource, score, literal}, text, limit,
    // text_property (empty: any)
    TextSearch,
  };
  Kind kind = Kind::Bgp;
  std::vector<Op> children;
  std::vector<TriplePattern> triples;
  std::optional<PathPattern> path;
  std::vector<Expr> filters;
  PatternTerm graph;
  bool silent = false;
  std::vector<Binding> bindings;  // Extend: one; Group: the keys (var empty when unnamed)
  std::vector<Binding> aggregates;
  std::vector<Variable> vars;
  std::vector<ValuesRow> rows;
  std::vector<OrderKey> order;
  uint64_t offset = 0;
  std::optional<uint64_t> limit;
  std::string text, text_property;  // TextSearch; Service: text
  std::string prologue;             // Service: the query's BASE and PREFIX declarations
};

enum class QueryForm { Select, Construct, Describe, Ask };

struct Query {
  QueryForm form = QueryForm::Select;
  Op pattern;                                     // the whole algebra expression
  std::vector<TriplePattern> construct_template;  // CONSTRUCT
  std::vector<PatternTerm> describe;              // DESCRIBE targets (empty with *)
  bool describe_all = false;
  std::vector<std::string> from, from_named;  // dataset clauses
  std::string base_iri;                       // resolves IRI() on relative strings
  // With `from` given: keep every named graph visible to GRAPH (an update's WITH) rather than
  // none but `from_named` (FROM, USING).
  bool keep_named_graphs = false;
  // The query's PREFIX declarations (name, IRI), in order: to show IRIs to people compactly.
  std::vector<std::pair<std::string, std::string>> prefixes;
};

// Translates a parsed query (parse_query) into the algebra. Throws QuerySyntaxError for what
// only shows here (an undefined prefix, a relative IRI without a base).
// SPARQL Update (section 3 of SPARQL 1.1 Update), translated.
struct QuadTemplate {
  PatternTerm subject, predicate, object;
  std::optional<PatternTerm> graph;  // none: the default graph (or WITH's graph)
};

struct GraphRef {
  enum class Kind { Graph, Default, Named, All } kind = Kind::Default;
  std::string iri;
};

struct UpdateOperation {
  enum class Kind {
    Load,
    Clear,
    Drop,
    Create,
    Add,
    Move,
    Copy,
    InsertData,
    DeleteData,
    DeleteWhere,
    Modify
  };
  Kind kind = Kind::InsertData;
  bool silent = false;
  std::vector<QuadTemplate> remove, insert;  // DELETE and INSERT templates (or DATA)
  std::optional<Op> where;                   // DELETE WHERE and Modify
  std::string with;                          // WITH <g>
  std::vector<std::string> using_default, using_named;
  GraphRef source, target;  // CLEAR/DROP/CREATE: target; ADD/MOVE/COPY: source -> target
  std::string load_iri;
};

struct Update {
  std::vector<UpdateOperation> operations;
};

Update translate_update(const Node& syntax, std::string_view text,
                        const std::string& base_iri = {});

// `base_iri` resolves relative IRIs when the query declares no BASE (e.g. the query file's IRI).
Query translate(const Node& syntax, std::string_view text, const std::string& base_iri = {});

// S-expressions in the style of the SPARQL algebra examples: (project (?x) (bgp ...)).
std::string to_sse(const Op& op);
std::string to_sse(const Expr& expr);
std::string to_sse(const PatternTerm& term);

}  // namespace moivre::query::algebra
