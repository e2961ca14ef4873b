// SPARQL's REGEX and REPLACE (XPath fn:matches / fn:replace) on RE2, which matches in time linear
// in the text and never recurses: a pattern that would backtrack exponentially in a
// backtracking engine (`(a+)+b`) costs no more than any other, so a hostile FILTER cannot hang
// a query past its deadline or overflow the stack. XPath features RE2 lacks (back-references)
// make the pattern invalid, and the expression is then an error (unbound), as for any bad
// pattern.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace moivre::query {

// Whether `text` holds a match of `pattern` under XPath `flags` (s, m, i, x, q); nullopt when
// the pattern or flags are invalid.
std::optional<bool> regex_search(std::string_view text, const std::string& pattern,
                                 const std::string& flags);

// Every match replaced by `replacement` ($N: group N, \$ and \\: the characters); nullopt when
// the pattern, flags or replacement are invalid, or the pattern matches the empty string
// (err:FORX0003).
std::optional<std::string> regex_replace(std::string_view text, const std::string& pattern,
                                         const std::string& replacement, const std::string& flags);

}  // namespace moivre::query
