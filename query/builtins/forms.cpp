// The functional forms that do not evaluate every argument (section 17.4.1), and BNODE, whose
// value depends on the solution.
#include "query/builtins/builtins.hpp"

namespace moivre::query::builtins {

Value bound(const algebra::Expr& call, const Row& row, ExpressionContext& ctx) {
  const auto& v = call.args[0];
  return boolean(ctx.slots.has(v.name) && row[ctx.slots.slot(v.name)] != kUnbound);
}

Value if_(const algebra::Expr& call, const Row& row, ExpressionContext& ctx) {
  auto condition = effective_boolean(evaluate(call.args[0], row, ctx));
  if (!condition) return std::nullopt;
  return evaluate(call.args[*condition ? 1 : 2], row, ctx);
}

Value coalesce(const algebra::Expr& call, const Row& row, ExpressionContext& ctx) {
  for (const auto& arg : call.args)
    if (Value v = evaluate(arg, row, ctx)) return v;
  return std::nullopt;
}

// BNODE(): a new blank node per call. BNODE("x"): one blank node per solution and string, so
// that two calls with the same string in one solution give the same node (section 17.4.2.9).
Value bnode(const algebra::Expr& call, const Row& row, ExpressionContext& ctx) {
  if (!ctx.blank_counter) return std::nullopt;
  auto fresh = [&] { return Term::blank("q" + std::to_string((*ctx.blank_counter)++)); };
  if (call.args.empty()) return fresh();
  Value name = evaluate(call.args[0], row, ctx);
  if (!name || !is_simple(*name) || !ctx.named_blanks) return std::nullopt;
  std::string key;
  for (size_t i = 0; i < row.size(); ++i) {
    TermId id = ctx.extended && i < ctx.extended->size() && (*ctx.extended)[i] ? kUnbound : row[i];
    key.append(reinterpret_cast<const char*>(&id), sizeof id);
  }
  key += name->value;
  auto [it, inserted] = ctx.named_blanks->try_emplace(std::move(key));
  if (inserted) it->second = fresh();
  return it->second;
}

}  // namespace moivre::query::builtins
