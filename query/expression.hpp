// Evaluation of SPARQL expressions (section 17) over one solution. Errors (an unbound variable,
// a type error) are values, not exceptions: evaluate() returns nullopt, and FILTER treats that
// as false, BIND leaves the variable unbound, as the specification says.
#pragma once

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>

#include "query/algebra.hpp"
#include "query/solution.hpp"

namespace moivre::query {

using Value = std::optional<graph::Term>;

struct ExpressionContext {
  QueryTerms& terms;
  Slots& slots;
  // Evaluates EXISTS { pattern } for the current row.
  std::function<bool(const algebra::Op&, const Row&)> exists;
  // Views of strings that outlive the context: one is made per evaluation, and copies of
  // these cost two allocations per row.
  std::string_view base_iri;  // resolves IRI("relative")
  std::string_view now;       // NOW(): one xsd:dateTime for the whole query
  std::mt19937_64* random;    // RAND(), UUID(), STRUUID()
  uint64_t* blank_counter;    // BNODE()
  // BNODE("name"): the node made for each solution and name. A solution is told by its
  // bindings but those of BIND and SELECT expressions (`extended`, by slot): in
  // (BNODE("x") AS ?a) (BNODE("x") AS ?b), ?a and ?b are one node.
  std::unordered_map<std::string, graph::Term>* named_blanks = nullptr;
  const std::vector<bool>* extended = nullptr;
};

Value evaluate(const algebra::Expr& expr, const Row& row, ExpressionContext& ctx);
// The effective boolean value (section 17.2.2); nullopt on error.
std::optional<bool> effective_boolean(const Value& value);
// effective_boolean(evaluate(expr, row, ctx)), without making the boolean terms of comparisons,
// && || ! and (NOT) EXISTS, or copying the terms they compare (what FILTER asks per row).
std::optional<bool> evaluate_condition(const algebra::Expr& expr, const Row& row,
                                       ExpressionContext& ctx);
// SPARQL's ORDER BY ordering of two terms (unbound first, then blank nodes, IRIs, literals).
int order_compare(const Value& a, const Value& b);
// a + b, a - b, a * b or a / b on numeric literals (type promotion, exact integers and
// decimals); nullopt on a type error or a division of an integer or decimal by zero.
Value arithmetic(char op, const graph::Term& a, const graph::Term& b);

}  // namespace moivre::query
