// A byte filter in front of serd's Turtle/TriG reader, for one of its bugs: in a long string
// ("""…""" or '''…'''), serd takes the character right after a lone quote verbatim, so an escape
// there is not decoded ("""a"\tb""" reads as a, quote, backslash, t, b). The filter follows the
// lexical structure of Turtle (comments, IRIs, short and long strings, escapes) and rewrites
// such a lone quote as the equivalent escape \" (or \'), after which serd decodes what follows.
// Positions in error messages are unaffected: they are counted on the bytes before the filter.
#pragma once

#include <string>
#include <string_view>

namespace moivre::graph {

class LongStringFix {
 public:
  // Appends the filtered form of `in` to `out`. A quote may be held back until the next byte.
  void feed(std::string_view in, std::string& out);
  // Releases what is held back, at the end of the input.
  void finish(std::string& out);

 private:
  enum class State { Normal, Comment, Iri, Short, Long };
  State state_ = State::Normal;
  char quote_ = 0;       // the string's quote character
  int quotes_ = 0;       // quotes seen in a row: opening (Normal) or inside a long string
  bool escape_ = false;  // the previous byte was a backslash starting an escape
  void byte(char c, std::string& out);
};

}  // namespace moivre::graph
