// Functions on numerics (section 17.4.4), exact for xsd:integer and xsd:decimal.
#include "query/builtins/builtins.hpp"
#include "query/numeric.hpp"

namespace moivre::query::builtins {
namespace {

template <class F>
Value on_number(const Term& t, F f) {
  auto n = Number::of(t);
  if (!n) return std::nullopt;
  return f(*n).term();
}

}  // namespace

Value abs(Args a, ExpressionContext&) {
  return on_number(a[0], [](const Number& n) { return n.abs(); });
}
Value round(Args a, ExpressionContext&) {
  return on_number(a[0], [](const Number& n) { return n.round(); });
}
Value ceil(Args a, ExpressionContext&) {
  return on_number(a[0], [](const Number& n) { return n.ceil(); });
}
Value floor(Args a, ExpressionContext&) {
  return on_number(a[0], [](const Number& n) { return n.floor(); });
}

Value rand(Args, ExpressionContext& ctx) {
  if (!ctx.random) return std::nullopt;
  double r = std::uniform_real_distribution<double>(0, 1)(*ctx.random);
  return Number::real(r, NumericType::Double).term();
}

}  // namespace moivre::query::builtins
