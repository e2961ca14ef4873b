// Functions on dates and times (section 17.4.5): the components as written, not normalised to
// UTC; YEAR, MONTH and DAY read xsd:date too.
#include "query/builtins/builtins.hpp"
#include "query/datetime.hpp"
#include "query/numeric.hpp"

namespace moivre::query::builtins {
namespace {

std::optional<DateTime> date_time(const Term& t, bool date_allowed) {
  auto v = DateTime::of(t);
  if (!v) return std::nullopt;
  if (v->type == TemporalType::DateTime || (date_allowed && v->type == TemporalType::Date))
    return v;
  return std::nullopt;
}

}  // namespace

Value now(Args, ExpressionContext& ctx) {
  return Term::typed_literal(std::string(ctx.now), kXsd + "dateTime");
}

// A component of a date, as written (not normalised to UTC).
template <class Get>
Value component(const Term& t, bool date_allowed, Get get) {
  auto v = date_time(t, date_allowed);
  return v ? Value(integer(get(*v))) : std::nullopt;
}

Value year(Args a, ExpressionContext&) {
  return component(a[0], true, [](const DateTime& v) { return v.year; });
}
Value month(Args a, ExpressionContext&) {
  return component(a[0], true, [](const DateTime& v) { return v.month; });
}
Value day(Args a, ExpressionContext&) {
  return component(a[0], true, [](const DateTime& v) { return v.day; });
}
Value hours(Args a, ExpressionContext&) {
  return component(a[0], false, [](const DateTime& v) { return v.hour; });
}
Value minutes(Args a, ExpressionContext&) {
  return component(a[0], false, [](const DateTime& v) { return v.minute; });
}

Value seconds(Args a, ExpressionContext&) {
  auto v = date_time(a[0], false);
  if (!v) return std::nullopt;
  std::string digits = std::to_string(v->second) + v->fraction;
  return Number::decimal(Number::digits_value(digits), static_cast<int>(v->fraction.size())).term();
}

Value timezone(Args a, ExpressionContext&) {
  auto v = date_time(a[0], true);
  if (!v || !v->timezone_minutes) return std::nullopt;
  return Term::typed_literal(timezone_duration(*v->timezone_minutes), kXsd + "dayTimeDuration");
}

Value tz(Args a, ExpressionContext&) {
  auto v = date_time(a[0], true);
  if (!v) return std::nullopt;
  if (!v->timezone_minutes) return Term::literal("");
  int m = *v->timezone_minutes;
  if (m == 0) return Term::literal("Z");
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", m < 0 ? '-' : '+', std::abs(m) / 60,
                std::abs(m) % 60);
  return Term::literal(buf);
}

}  // namespace moivre::query::builtins
