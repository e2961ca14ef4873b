// Solution sequences compared as two engines' answers should be: as multisets (or sequences,
// for ordered results) with the same columns, under one bijection of blank nodes (their labels
// are each engine's own), numbers by exact value within their datatype (their lexical forms
// need not be canonical), every other term exactly. Graphs compare as sets of triples under a
// bijection of blank nodes. Used by moivre-difftest and by the W3C runners (tests/support).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "graph/term.hpp"

namespace moivre::difftest {

using Cell = std::optional<graph::Term>;  // nullopt: unbound

struct Solutions {
  std::vector<std::string> variables;
  std::vector<std::vector<Cell>> rows;  // by `variables`
};

using Triple = std::array<graph::Term, 3>;

// A cell as compared: "UNBOUND", "_:" for any blank node, a number's exact value with its
// datatype, else the N-Triples of the term.
std::string comparison_key(const Cell& cell);

// `diff`, when given and the answers differ, says how (a few rows of each).
bool same_solutions(const Solutions& expected, const Solutions& actual, bool ordered,
                    std::string* diff);
bool same_graph(std::vector<Triple> expected, std::vector<Triple> actual, std::string* diff);

}  // namespace moivre::difftest
