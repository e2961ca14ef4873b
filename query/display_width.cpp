#include "query/display_width.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace moivre::query {
namespace {

// The width of the character at `i`, which `i` passes.
size_t next_width(std::string_view text, size_t& i) {
  int32_t at = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), at, static_cast<int32_t>(text.size()), c);
  i = static_cast<size_t>(at);
  if (c < 0) return 1;
  int8_t type = u_charType(c);
  if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK || type == U_FORMAT_CHAR) return 0;
  int width = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return width == U_EA_WIDE || width == U_EA_FULLWIDTH ? 2 : 1;
}

}  // namespace

size_t display_width(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) width += next_width(text, i);
  return width;
}

std::string_view fit_width(std::string_view text, size_t width) {
  size_t used = 0;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    used += next_width(text, i);
    if (used > width) return text.substr(0, start);
  }
  return text;
}

std::string pad_to_width(std::string_view text, size_t width) {
  std::string_view fitted = fit_width(text, width);
  std::string out(fitted);
  out.append(width - display_width(fitted), ' ');
  return out;
}

}  // namespace moivre::query
