// How wide text shows in a terminal, for the command line's tables (moivre query, moivre link):
// padding by bytes would misalign every accented name.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace moivre::query {

// Columns: East Asian wide and fullwidth characters 2, combining marks and format characters 0,
// others 1; a byte that is not UTF-8 counts 1.
size_t display_width(std::string_view text);
// The longest prefix of whole characters at most `width` columns wide.
std::string_view fit_width(std::string_view text, size_t width);
// `text` cut to `width` columns and padded with spaces to exactly `width`.
std::string pad_to_width(std::string_view text, size_t width);

}  // namespace moivre::query
