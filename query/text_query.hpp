// The SPARQL name-search extension, in the form of Jena's text:query
// (PREFIX text: <http://jena.apache.org/text#>):
//
//   ?s text:query "words"                          resources holding a literal with the words
//   ?s text:query (rdfs:label "words" 20)          only literals of rdfs:label; at most 20
//   (?s ?score ?literal) text:query "words"        also the score (xsd:double) and the literal
//
// The words are matched as by GET /search: folded case and accents, every word present, the
// last one possibly the beginning of a longer one; matches come best first. Without a limit, at
// most kDefaultTextLimit matches. The triple is taken out of its basic graph pattern and becomes
// a TextSearch operator joined with the rest; the literal's holders are read in the active
// graph.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "query/algebra.hpp"

namespace moivre::query {

inline constexpr const char* kTextQuery = "http://jena.apache.org/text#query";
inline constexpr uint64_t kDefaultTextLimit = 10000;

// Takes the text:query triples (and the list triples of their arguments) out of `triples` and
// returns their TextSearch operators. `fail` reports a malformed use; it must throw.
std::vector<algebra::Op> take_text_queries(std::vector<algebra::TriplePattern>& triples,
                                           const std::function<void(const std::string&)>& fail);

}  // namespace moivre::query
