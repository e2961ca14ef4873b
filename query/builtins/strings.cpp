// Functions on strings (section 17.4.3). Positions and lengths count code points; case mapping
// is Unicode's full mapping (ICU), so UCASE("ß") is "SS".
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>

#include "query/builtins/builtins.hpp"
#include "query/numeric.hpp"
#include "query/regex.hpp"

namespace moivre::query::builtins {
namespace {

size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The byte offset of code point `index` (0-based), or the size when the string is shorter.
size_t offset_of(std::string_view s, uint64_t index) {
  size_t i = 0;
  for (uint64_t cp = 0; i < s.size() && cp < index; ++cp) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// An xsd:integer argument as an int64, clamped far past any string's length.
std::optional<int64_t> position(const Term& t) {
  auto n = Number::of(t);
  if (!n || n->type() != NumericType::Integer) return std::nullopt;
  constexpr int64_t kFar = int64_t{1} << 60;
  if (n->unscaled() > kFar) return kFar;
  if (n->unscaled() < -kFar) return -kFar;
  return static_cast<int64_t>(n->unscaled());
}

std::string map_case(const std::string& text, bool upper) {
  bool ascii = true;
  for (unsigned char c : text) ascii &= c < 0x80;
  if (ascii) {
    std::string out = text;
    for (char& c : out) {
      if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
      if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    return out;
  }
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
  if (upper)
    s.toUpper(icu::Locale::getRoot());
  else
    s.toLower(icu::Locale::getRoot());
  std::string out;
  s.toUTF8String(out);
  return out;
}

// Unicode's full case folding (ß and SS fold alike), the caseless match XPath's i flag asks for
// (XPath 3.1 section 5.6.2). ASCII text needs none beyond what the regex engine does itself.
std::string fold(const std::string& text) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
  s.foldCase(U_FOLD_CASE_DEFAULT);
  std::string out;
  s.toUTF8String(out);
  return out;
}

bool is_ascii(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x80; });
}

// A pattern without metacharacters (but an optional leading ^ and trailing $) and without flags
// other than q is a plain substring test: done on the UTF-8 bytes, no regex machinery.
std::optional<bool> literal_match(const std::string& text, const std::string& pattern,
                                  const std::string& flags) {
  if (!flags.empty() && flags != "q") return std::nullopt;
  std::string_view p = pattern;
  bool anchored_start = false, anchored_end = false;
  if (flags.empty()) {
    if (!p.empty() && p.front() == '^') anchored_start = true, p.remove_prefix(1);
    if (!p.empty() && p.back() == '$') anchored_end = true, p.remove_suffix(1);
    // A table, not find_first_of: that calls memchr on the set for every character.
    static constexpr auto kMeta = [] {
      std::array<bool, 256> meta{};
      for (char c : std::string_view("\\^$.|?*+()[]{}")) meta[static_cast<unsigned char>(c)] = true;
      return meta;
    }();
    for (char c : p)
      if (kMeta[static_cast<unsigned char>(c)]) return std::nullopt;
  }
  std::string_view t = text;
  if (anchored_start && anchored_end) return t == p;
  if (anchored_start) return t.substr(0, p.size()) == p;
  if (anchored_end) return t.size() >= p.size() && t.substr(t.size() - p.size()) == p;
  return t.find(p) != std::string_view::npos;
}

}  // namespace

Value strlen(Args a, ExpressionContext&) {
  if (!is_string_like(a[0])) return std::nullopt;
  return integer(static_cast<int64_t>(code_points(a[0].value)));
}

// XPath fn:substring: the code points at positions p (from 1) with start <= p < start + length.
Value substr(Args a, ExpressionContext&) {
  if (!is_string_like(a[0])) return std::nullopt;
  auto start = position(a[1]);
  if (!start) return std::nullopt;
  int64_t end = INT64_MAX;
  if (a.size() > 2) {
    auto length = position(a[2]);
    if (!length) return std::nullopt;
    end = *start + *length;
  }
  int64_t first = std::max<int64_t>(*start, 1);
  if (end <= first) return like(a[0], "");
  const std::string& s = a[0].value;
  size_t from = offset_of(s, static_cast<uint64_t>(first - 1));
  size_t to = end == INT64_MAX ? s.size()
                               : from + offset_of(std::string_view(s).substr(from),
                                                  static_cast<uint64_t>(end - first));
  return like(a[0], s.substr(from, to - from));
}

Value ucase(Args a, ExpressionContext&) {
  if (!is_string_like(a[0])) return std::nullopt;
  return like(a[0], map_case(a[0].value, true));
}

Value lcase(Args a, ExpressionContext&) {
  if (!is_string_like(a[0])) return std::nullopt;
  return like(a[0], map_case(a[0].value, false));
}

Value strstarts(Args a, ExpressionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return boolean(a[0].value.compare(0, a[1].value.size(), a[1].value) == 0 &&
                 a[0].value.size() >= a[1].value.size());
}

Value strends(Args a, ExpressionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  const std::string &s = a[0].value, &t = a[1].value;
  return boolean(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
}

Value contains(Args a, ExpressionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return boolean(a[0].value.find(a[1].value) != std::string::npos);
}

Value strbefore(Args a, ExpressionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  size_t at = a[0].value.find(a[1].value);
  if (at == std::string::npos) return Term::literal("");
  return like(a[0], a[0].value.substr(0, at));
}

Value strafter(Args a, ExpressionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  size_t at = a[0].value.find(a[1].value);
  if (at == std::string::npos) return Term::literal("");
  return like(a[0], a[0].value.substr(at + a[1].value.size()));
}

Value encode_for_uri(Args a, ExpressionContext&) {
  if (!is_string_like(a[0])) return std::nullopt;
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : a[0].value) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return Term::literal(out);
}

// A language-tagged result when every argument has the same tag, else a simple literal.
Value concat(Args a, ExpressionContext&) {
  std::string out;
  for (const auto& t : a) {
    if (!is_string_like(t)) return std::nullopt;
    out += t.value;
  }
  bool same_tag = !a.empty() && a[0].kind == graph::TermKind::LangLiteral;
  for (const auto& t : a)
    same_tag &= t.kind == graph::TermKind::LangLiteral && t.qualifier == a[0].qualifier;
  return same_tag ? Term::lang_literal(out, a[0].qualifier) : Term::literal(out);
}

Value regex(Args a, ExpressionContext&) {
  if (!is_string_like(a[0]) || !is_simple(a[1])) return std::nullopt;
  if (a.size() > 2 && !is_simple(a[2])) return std::nullopt;
  std::string flags = a.size() > 2 ? a[2].value : "";
  // Folded text and pattern, when folding can change more than the engine's own (simple)
  // case-insensitivity does; not with escapes in the pattern, which folding would change (\S)
  // and which the i flag leaves alone (\p{Lu} still matches upper case only).
  if (flags.find('i') != std::string::npos && a[1].value.find('\\') == std::string::npos &&
      (!is_ascii(a[0].value) || !is_ascii(a[1].value))) {
    auto match = regex_search(fold(a[0].value), fold(a[1].value), flags);
    return match ? Value(boolean(*match)) : std::nullopt;
  }
  auto match = literal_match(a[0].value, a[1].value, flags);
  if (!match) match = regex_search(a[0].value, a[1].value, flags);
  if (!match) return std::nullopt;
  return boolean(*match);
}

Value replace(Args a, ExpressionContext&) {
  if (!is_string_like(a[0]) || !is_simple(a[1]) || !is_simple(a[2])) return std::nullopt;
  if (a.size() > 3 && !is_simple(a[3])) return std::nullopt;
  auto replaced = regex_replace(a[0].value, a[1].value, a[2].value, a.size() > 3 ? a[3].value : "");
  if (!replaced) return std::nullopt;
  return like(a[0], *replaced);
}

}  // namespace moivre::query::builtins
