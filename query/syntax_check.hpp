// The rules of SPARQL that the grammar alone does not enforce (section 18.2 and 19.8's notes):
// variable scope of BIND and SELECT expressions, grouping, VALUES arity, blank node labels
// confined to one basic graph pattern, aggregates only where allowed.
#pragma once

#include <string_view>

#include "query/syntax_tree.hpp"

namespace moivre::query {

// Throws QuerySyntaxError (with the line and column of the offending part) when the parsed
// query breaks one of those rules. `text` is the text the offsets refer to.
void check_query(const Node& query, std::string_view text);
// The same for an update request: no variables in INSERT DATA / DELETE DATA, no blank nodes in
// what is deleted, blank node labels not shared between operations, and the query rules in
// every WHERE.
void check_update(const Node& update, std::string_view text);

}  // namespace moivre::query
