// Functions on RDF terms (section 17.4.2).
#include <algorithm>

#include "graph/iri.hpp"
#include "query/builtins/builtins.hpp"
#include "query/numeric.hpp"

namespace moivre::query::builtins {
namespace {

std::string make_uuid(std::mt19937_64& random) {
  uint8_t b[16];
  for (int i = 0; i < 16; i += 8) {
    uint64_t r = random();
    for (int k = 0; k < 8; ++k) b[i + k] = static_cast<uint8_t>(r >> (8 * k));
  }
  b[6] = (b[6] & 0x0F) | 0x40;  // version 4
  b[8] = (b[8] & 0x3F) | 0x80;  // RFC 4122 variant
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += digits[b[i] >> 4];
    out += digits[b[i] & 15];
  }
  return out;
}

// BCP 47 in the form RDF 1.1 and Turtle accept: letters, then groups of letters and digits.
bool valid_language_tag(std::string_view tag) {
  if (tag.empty()) return false;
  size_t i = 0, run = 0;
  for (; i < tag.size() && tag[i] != '-'; ++i, ++run)
    if (!std::isalpha(static_cast<unsigned char>(tag[i]))) return false;
  if (run == 0 || run > 8) return false;
  while (i < tag.size()) {
    ++i;  // '-'
    run = 0;
    for (; i < tag.size() && tag[i] != '-'; ++i, ++run)
      if (!std::isalnum(static_cast<unsigned char>(tag[i]))) return false;
    if (run == 0 || run > 8) return false;
  }
  return true;
}

bool lang_range_matches(std::string tag, std::string range) {
  auto lower = [](std::string& s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  };
  lower(tag);
  lower(range);
  if (range == "*") return !tag.empty();
  return tag == range || (tag.size() > range.size() && tag.compare(0, range.size(), range) == 0 &&
                          tag[range.size()] == '-');
}

}  // namespace

Value str(Args a, ExpressionContext&) {
  if (a[0].is_blank()) return std::nullopt;
  return Term::literal(a[0].value);
}

Value lang(Args a, ExpressionContext&) {
  if (!a[0].is_literal()) return std::nullopt;
  return Term::literal(a[0].kind == graph::TermKind::LangLiteral ? a[0].qualifier : "");
}

Value datatype(Args a, ExpressionContext&) {
  if (!a[0].is_literal()) return std::nullopt;
  return Term::iri(std::string(a[0].datatype()));
}

// The characters RFC 3987 keeps out of IRIs (SPARQL's IRIREF excludes the same): white space
// and controls, and <>"{}|\^`.
bool valid_iri_characters(std::string_view iri) {
  for (unsigned char c : iri)
    if (c <= 0x20 || c == 0x7F ||
        std::string_view("<>\"{}|\\^`").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

Value iri(Args a, ExpressionContext& ctx) {
  if (a[0].is_iri()) return a[0];
  if (!is_simple(a[0]) || !valid_iri_characters(a[0].value)) return std::nullopt;
  if (graph::has_scheme(a[0].value)) return Term::iri(a[0].value);
  if (ctx.base_iri.empty()) return std::nullopt;  // a relative IRI with nothing to resolve it
  return Term::iri(graph::resolve_iri(ctx.base_iri, a[0].value));
}

Value strdt(Args a, ExpressionContext&) {
  if (!is_simple(a[0]) || !a[1].is_iri()) return std::nullopt;
  return Term::typed_literal(a[0].value, a[1].value);
}

Value strlang(Args a, ExpressionContext&) {
  if (!is_simple(a[0]) || !is_simple(a[1]) || !valid_language_tag(a[1].value)) return std::nullopt;
  return Term::lang_literal(a[0].value, a[1].value);
}

Value uuid(Args, ExpressionContext& ctx) {
  if (!ctx.random) return std::nullopt;
  return Term::iri("urn:uuid:" + make_uuid(*ctx.random));
}

Value struuid(Args, ExpressionContext& ctx) {
  if (!ctx.random) return std::nullopt;
  return Term::literal(make_uuid(*ctx.random));
}

Value is_iri(Args a, ExpressionContext&) {
  return boolean(a[0].is_iri());
}
Value is_blank(Args a, ExpressionContext&) {
  return boolean(a[0].is_blank());
}
Value is_literal(Args a, ExpressionContext&) {
  return boolean(a[0].is_literal());
}
Value is_numeric(Args a, ExpressionContext&) {
  return boolean(Number::of(a[0]).has_value());
}
Value same_term(Args a, ExpressionContext&) {
  return boolean(a[0] == a[1]);
}

Value lang_matches(Args a, ExpressionContext&) {
  if (!is_simple(a[0]) || !is_simple(a[1])) return std::nullopt;
  return boolean(lang_range_matches(a[0].value, a[1].value));
}

}  // namespace moivre::query::builtins
