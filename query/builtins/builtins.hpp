// The evaluators of the function table (query/functions.cpp), one file per family, and what they
// share. Internal to query/: the table is the public face.
//
// Strict evaluators get their arguments' values, as many as the table allows (the translator
// checked the count); they return nullopt for a type error, as section 17.3 says.
#pragma once

#include <span>
#include <string>

#include "query/functions.hpp"

namespace moivre::query::builtins {

using graph::Term;
using Args = std::span<const Term>;

inline const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

Term boolean(bool value);
Term integer(int64_t value);

// A simple literal (an xsd:string is the same term: graph::Term stores it so).
inline bool is_simple(const Term& t) {
  return t.kind == graph::TermKind::Literal;
}
// A simple literal or a literal with a language tag: what the string functions take.
inline bool is_string_like(const Term& t) {
  return t.kind == graph::TermKind::Literal || t.kind == graph::TermKind::LangLiteral;
}
// Section 17.4.3.1.1: two string arguments are compatible when both are simple, both have the
// same language tag, or the first has a tag and the second is simple.
bool compatible(const Term& a, const Term& b);
// A string result that keeps the language tag of the source (section 17.4.3).
Term like(const Term& source, std::string value);

// --- forms (forms.cpp) -----------------------------------------------------------------------
Value bound(const algebra::Expr& call, const Row& row, ExpressionContext& ctx);
Value if_(const algebra::Expr& call, const Row& row, ExpressionContext& ctx);
Value coalesce(const algebra::Expr& call, const Row& row, ExpressionContext& ctx);
Value bnode(const algebra::Expr& call, const Row& row, ExpressionContext& ctx);

// --- terms (terms.cpp) -----------------------------------------------------------------------
Value str(Args args, ExpressionContext& ctx);
Value lang(Args args, ExpressionContext& ctx);
Value datatype(Args args, ExpressionContext& ctx);
Value iri(Args args, ExpressionContext& ctx);
Value strdt(Args args, ExpressionContext& ctx);
Value strlang(Args args, ExpressionContext& ctx);
Value uuid(Args args, ExpressionContext& ctx);
Value struuid(Args args, ExpressionContext& ctx);
Value is_iri(Args args, ExpressionContext& ctx);
Value is_blank(Args args, ExpressionContext& ctx);
Value is_literal(Args args, ExpressionContext& ctx);
Value is_numeric(Args args, ExpressionContext& ctx);
Value same_term(Args args, ExpressionContext& ctx);
Value lang_matches(Args args, ExpressionContext& ctx);

// --- strings (strings.cpp) -------------------------------------------------------------------
Value strlen(Args args, ExpressionContext& ctx);
Value substr(Args args, ExpressionContext& ctx);
Value ucase(Args args, ExpressionContext& ctx);
Value lcase(Args args, ExpressionContext& ctx);
Value strstarts(Args args, ExpressionContext& ctx);
Value strends(Args args, ExpressionContext& ctx);
Value contains(Args args, ExpressionContext& ctx);
Value strbefore(Args args, ExpressionContext& ctx);
Value strafter(Args args, ExpressionContext& ctx);
Value encode_for_uri(Args args, ExpressionContext& ctx);
Value concat(Args args, ExpressionContext& ctx);
Value regex(Args args, ExpressionContext& ctx);
Value replace(Args args, ExpressionContext& ctx);

// --- numbers (numbers.cpp) -------------------------------------------------------------------
Value abs(Args args, ExpressionContext& ctx);
Value round(Args args, ExpressionContext& ctx);
Value ceil(Args args, ExpressionContext& ctx);
Value floor(Args args, ExpressionContext& ctx);
Value rand(Args args, ExpressionContext& ctx);

// --- dates and times (dates.cpp) -------------------------------------------------------------
Value now(Args args, ExpressionContext& ctx);
Value year(Args args, ExpressionContext& ctx);
Value month(Args args, ExpressionContext& ctx);
Value day(Args args, ExpressionContext& ctx);
Value hours(Args args, ExpressionContext& ctx);
Value minutes(Args args, ExpressionContext& ctx);
Value seconds(Args args, ExpressionContext& ctx);
Value timezone(Args args, ExpressionContext& ctx);
Value tz(Args args, ExpressionContext& ctx);

// --- hashes (hashes.cpp) ---------------------------------------------------------------------
Value md5(Args args, ExpressionContext& ctx);
Value sha1(Args args, ExpressionContext& ctx);
Value sha256(Args args, ExpressionContext& ctx);
Value sha384(Args args, ExpressionContext& ctx);
Value sha512(Args args, ExpressionContext& ctx);

// --- XPath constructor casts (casts.cpp) -----------------------------------------------------
Value to_string(Args args, ExpressionContext& ctx);
Value to_boolean(Args args, ExpressionContext& ctx);
Value to_integer(Args args, ExpressionContext& ctx);
Value to_decimal(Args args, ExpressionContext& ctx);
Value to_float(Args args, ExpressionContext& ctx);
Value to_double(Args args, ExpressionContext& ctx);
Value to_date_time(Args args, ExpressionContext& ctx);

}  // namespace moivre::query::builtins
