// XPath constructor functions (section 17.5): casts between the XSD types SPARQL names. A cast
// from a string reads the target type's lexical space after XSD whitespace collapsing (XPath 3.1
// section 19.2); numbers and dates come out in canonical form.
#include "query/builtins/builtins.hpp"
#include "query/datetime.hpp"
#include "query/numeric.hpp"

namespace moivre::query::builtins {
namespace {

std::string_view collapsed(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_boolean(const Term& t) {
  return t.kind == graph::TermKind::TypedLiteral && t.qualifier == kXsd + "boolean";
}

// A boolean literal's value; nullopt when its lexical form is not one of XSD's four.
std::optional<bool> boolean_value(std::string_view s) {
  if (s == "true" || s == "1") return true;
  if (s == "false" || s == "0") return false;
  return std::nullopt;
}

Value to_number(const Term& t, NumericType type) {
  if (auto n = Number::of(t)) {
    auto cast = n->cast(type);
    return cast ? Value(cast->term()) : std::nullopt;
  }
  if (is_boolean(t)) {
    auto b = boolean_value(t.value);
    if (!b) return std::nullopt;
    return Number::integer(*b ? 1 : 0).cast(type)->term();
  }
  if (is_simple(t)) {
    auto n = Number::parse(collapsed(t.value), type);
    return n ? Value(n->term()) : std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

Value to_string(Args a, ExpressionContext&) {
  const Term& t = a[0];
  if (t.is_blank()) return std::nullopt;
  if (auto n = Number::of(t)) return Term::literal(n->to_xpath_string());
  if (is_boolean(t)) {
    auto b = boolean_value(t.value);
    return Term::literal(b ? (*b ? "true" : "false") : t.value);
  }
  if (auto d = DateTime::of(t)) return Term::literal(d->canonical());
  return Term::literal(t.value);
}

Value to_boolean(Args a, ExpressionContext&) {
  const Term& t = a[0];
  if (is_boolean(t)) {
    auto b = boolean_value(t.value);
    return b ? Value(boolean(*b)) : std::nullopt;
  }
  if (auto n = Number::of(t)) return boolean(!n->is_zero() && !n->is_nan());
  if (is_simple(t)) {
    auto b = boolean_value(collapsed(t.value));
    return b ? Value(boolean(*b)) : std::nullopt;
  }
  return std::nullopt;
}

Value to_integer(Args a, ExpressionContext&) {
  return to_number(a[0], NumericType::Integer);
}
Value to_decimal(Args a, ExpressionContext&) {
  return to_number(a[0], NumericType::Decimal);
}
Value to_float(Args a, ExpressionContext&) {
  return to_number(a[0], NumericType::Float);
}
Value to_double(Args a, ExpressionContext&) {
  return to_number(a[0], NumericType::Double);
}

Value to_date_time(Args a, ExpressionContext&) {
  const Term& t = a[0];
  std::optional<DateTime> v;
  if (is_simple(t)) {
    v = DateTime::parse(collapsed(t.value), TemporalType::DateTime);
  } else if ((v = DateTime::of(t)) && v->type == TemporalType::Date) {
    v->type = TemporalType::DateTime;  // midnight, same timezone (XPath 3.1 section 19.3.6)
  } else if (v && v->type != TemporalType::DateTime) {
    v.reset();
  }
  return v ? Value(v->term()) : std::nullopt;
}

}  // namespace moivre::query::builtins
