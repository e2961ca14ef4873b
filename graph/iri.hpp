// IRI reference resolution (RFC 3986, section 5.2). serd's own resolver keeps some dot
// segments ("g/./h", "../" past the root), which the W3C suites check, so we resolve here.
#pragma once

#include <string>
#include <string_view>

namespace moivre::graph {

// True when `iri` starts with a scheme ("http:", "urn:", ...).
bool has_scheme(std::string_view iri);
// `reference` resolved against the absolute `base`.
std::string resolve_iri(std::string_view base, std::string_view reference);

}  // namespace moivre::graph
