#include "query/parser/tokens.hpp"

#include "query/utf8.hpp"

#include <cstdint>

namespace moivre::query::parser {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string unescape_string(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\' || i + 1 == body.size()) {
      out += body[i];
      continue;
    }
    switch (body[++i]) {
      case 't':
        out += '\t';
        break;
      case 'b':
        out += '\b';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      default:
        out += body[i];  // " ' and backslash
    }
  }
  return out;
}

std::string unescape_local_name(std::string_view local) {
  std::string out;
  for (size_t i = 0; i < local.size(); ++i) {
    if (local[i] == '\\' && i + 1 < local.size()) ++i;
    out += local[i];
  }
  return out;
}

bool decode_codepoint_escapes(std::string_view text, std::string& out, size_t& error_offset) {
  out.clear();
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && (text[i + 1] == 'u' || text[i + 1] == 'U')) {
      size_t digits = text[i + 1] == 'u' ? 4 : 8;
      if (i + 2 + digits > text.size()) {
        error_offset = i;
        return false;
      }
      uint32_t cp = 0;
      for (size_t k = 0; k < digits; ++k) {
        int v = hex_value(text[i + 2 + k]);
        if (v < 0) {
          error_offset = i;
          return false;
        }
        cp = cp * 16 + static_cast<uint32_t>(v);
      }
      if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        error_offset = i;
        return false;
      }
      append_utf8(cp, out);
      i += 1 + digits;
    } else if (text[i] == '\\' && i + 1 < text.size()) {
      out += text[i];
      out += text[++i];  // keep other escapes (\\u stays literal) for the tokenizer
    } else {
      out += text[i];
    }
  }
  return true;
}

}  // namespace moivre::query::parser
