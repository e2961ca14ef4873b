// Decoding of SPARQL token text: string escapes, local-name escapes, \u escapes.
#pragma once

#include <string>
#include <string_view>

namespace moivre::query::parser {

// The value of a string literal's body (quotes removed): ECHAR escapes decoded.
std::string unescape_string(std::string_view body);
// A prefixed name's local part with its \-escapes removed (percent escapes stay).
std::string unescape_local_name(std::string_view local);
// Replaces \uXXXX and \UXXXXXXXX escapes by their UTF-8 encoding, as SPARQL does before parsing.
// Returns false (and leaves `out` undefined) on a malformed or surrogate escape.
bool decode_codepoint_escapes(std::string_view text, std::string& out, size_t& error_offset);

}  // namespace moivre::query::parser
