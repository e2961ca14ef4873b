// The SPARQL grammar's rules that cross translation units. Each is defined (BOOST_SPIRIT_DEFINE)
// and instantiated for iterator_type/context_type in exactly one query/parser/*.cpp.
#pragma once

#include "query/parser/config.hpp"

namespace moivre::query::parser {

#define MOIVRE_SPARQL_RULE(name, label)             \
  struct name##_class;                              \
  using name##_type = x3::rule<name##_class, Node>; \
  inline const name##_type name{label};             \
  BOOST_SPIRIT_DECLARE(name##_type)

// terminals.cpp
MOIVRE_SPARQL_RULE(iri, "an IRI")
MOIVRE_SPARQL_RULE(var, "a variable")
MOIVRE_SPARQL_RULE(rdf_literal, "a literal")
MOIVRE_SPARQL_RULE(numeric_literal, "a number")
MOIVRE_SPARQL_RULE(boolean_literal, "true or false")
MOIVRE_SPARQL_RULE(blank_node, "a blank node")
MOIVRE_SPARQL_RULE(nil, "()")
MOIVRE_SPARQL_RULE(var_or_term, "a variable or an RDF term")
MOIVRE_SPARQL_RULE(var_or_iri, "a variable or an IRI")
MOIVRE_SPARQL_RULE(data_value, "a data value (IRI, literal or UNDEF)")
MOIVRE_SPARQL_RULE(iri_ref_text, "<IRI>")  // Node(IriRef) from an IRIREF token
MOIVRE_SPARQL_RULE(prefix_decl_name, "a prefix name ending in ':'")
MOIVRE_SPARQL_RULE(string_value, "a string")  // Node(Literal) from a string token

// expression.cpp
MOIVRE_SPARQL_RULE(expression, "an expression")
MOIVRE_SPARQL_RULE(bracketted_expression, "a bracketed expression")
MOIVRE_SPARQL_RULE(builtin_call, "a built-in function call")
MOIVRE_SPARQL_RULE(function_call, "a function call")
MOIVRE_SPARQL_RULE(constraint, "a constraint")

// pattern.cpp
MOIVRE_SPARQL_RULE(group_graph_pattern, "a group graph pattern { ... }")
MOIVRE_SPARQL_RULE(construct_triples, "triples")
MOIVRE_SPARQL_RULE(data_block, "a VALUES data block")

// query.cpp
MOIVRE_SPARQL_RULE(prologue, "BASE or PREFIX")
MOIVRE_SPARQL_RULE(query_unit, "a query")
MOIVRE_SPARQL_RULE(sub_select, "a sub-select")

// update.cpp
MOIVRE_SPARQL_RULE(update_unit, "an update")

#undef MOIVRE_SPARQL_RULE

}  // namespace moivre::query::parser
