// The functions a SPARQL expression may call: the built-ins of SPARQL 1.1 section 17.4 (named in
// upper case, e.g. "STRLEN"), the XPath constructor casts of section 17.5 and other IRI-named
// functions (named by their IRI). One table holds them all, a row each: name, how many
// arguments it takes, and its evaluator.
//
// The translator checks every call against the table, so a call with a wrong number of
// arguments is a syntax error naming its line and column and never reaches an evaluator: an
// evaluator may read args[i] for every i below the row's minimum. A call of an IRI the table
// lacks is valid SPARQL; it evaluates to an error (section 17.3).
//
// A new function is one row in functions.cpp and one evaluator in query/builtins/.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "query/expression.hpp"

namespace moivre::query {

// Receives the arguments' values; a call whose argument is an error is an error without it.
using StrictEvaluator = Value (*)(std::span<const graph::Term> args, ExpressionContext& ctx);
// Receives the call itself, for the forms that do not evaluate every argument (BOUND, IF,
// COALESCE) or need the solution (BNODE).
using FormEvaluator = Value (*)(const algebra::Expr& call, const Row& row, ExpressionContext& ctx);

struct Function {
  std::string_view name;
  uint8_t min_args;
  uint8_t max_args;  // kVariadic: no upper bound
  StrictEvaluator strict = nullptr;
  FormEvaluator form = nullptr;
  bool variable_argument = false;  // the argument must be a variable (BOUND)
};

inline constexpr uint8_t kVariadic = 255;

// Whether a call with `count` arguments is one the function takes.
bool accepts_arity(const Function& function, size_t count);
// "1 argument", "2 or 3 arguments", "any number of arguments", for error messages.
std::string describe_arity(const Function& function);

// The function of that name (upper-case built-in name or IRI); nullptr when there is none.
const Function* find_function(std::string_view name);
// Every row of the table.
std::span<const Function> all_functions();

}  // namespace moivre::query
