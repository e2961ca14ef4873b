// Words of a text as the name search indexes and looks them up: Unicode-normalised (NFKD),
// accents removed, case-folded, split at anything that is not a letter or a digit. So
// "Mathématiques" gives "mathematiques" and "Marc-Emmanuel Dumas" gives "marc", "emmanuel",
// "dumas". A word is cut at kMaxTokenBytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace moivre::graph {

inline constexpr size_t kMaxTokenBytes = 64;

// The words of `text` in order, repeats kept.
std::vector<std::string> text_tokens(std::string_view text);

}  // namespace moivre::graph
