// What the evaluators share.
#include "query/builtins/builtins.hpp"

namespace moivre::query::builtins {

Term boolean(bool value) {
  static const Term yes = Term::typed_literal("true", kXsd + "boolean");
  static const Term no = Term::typed_literal("false", kXsd + "boolean");
  return value ? yes : no;
}

Term integer(int64_t value) {
  return Term::typed_literal(std::to_string(value), kXsd + "integer");
}

bool compatible(const Term& a, const Term& b) {
  if (!is_string_like(a) || !is_string_like(b)) return false;
  if (b.kind == graph::TermKind::Literal) return true;
  return a.kind == graph::TermKind::LangLiteral && a.qualifier == b.qualifier;
}

Term like(const Term& source, std::string value) {
  Term t = source;
  t.value = std::move(value);
  return t;
}

}  // namespace moivre::query::builtins
