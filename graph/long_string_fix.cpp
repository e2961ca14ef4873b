#include "graph/long_string_fix.hpp"

namespace moivre::graph {

void LongStringFix::feed(std::string_view in, std::string& out) {
  for (char c : in) byte(c, out);
}

void LongStringFix::finish(std::string& out) {
  if (state_ == State::Long) out.append(quotes_, quote_);
  if (state_ == State::Normal && quotes_ == 1) state_ = State::Short;
  quotes_ = 0;
}

void LongStringFix::byte(char c, std::string& out) {
  switch (state_) {
    case State::Normal:
      if (quotes_ > 0) {
        // Opening quotes seen: three open a long string, one a short one, two an empty one.
        if (c == quote_ && quotes_ < 3) {
          out += c;
          if (++quotes_ == 3) state_ = State::Long, quotes_ = 0;
          return;
        }
        bool one = quotes_ == 1;
        quotes_ = 0;
        if (one) {
          state_ = State::Short;
          return byte(c, out);
        }
      }
      out += c;
      if (escape_) {
        escape_ = false;
      } else if (c == '\\') {
        escape_ = true;  // a local name's escape (ex:O\'Brien): the quote is not an opening
      } else if (c == '#') {
        state_ = State::Comment;
      } else if (c == '<') {
        state_ = State::Iri;
      } else if (c == '"' || c == '\'') {
        quote_ = c;
        quotes_ = 1;
      }
      return;
    case State::Comment:
      out += c;
      if (c == '\n' || c == '\r') state_ = State::Normal;
      return;
    case State::Iri:
      out += c;
      if (c == '>') state_ = State::Normal;
      return;
    case State::Short:
      out += c;
      if (escape_)
        escape_ = false;
      else if (c == '\\')
        escape_ = true;
      else if (c == quote_)
        state_ = State::Normal;
      return;
    case State::Long:
      if (escape_) {
        out += c;
        escape_ = false;
        return;
      }
      if (c == quote_) {
        if (++quotes_ == 3) {
          out.append(3, quote_);
          quotes_ = 0;
          state_ = State::Normal;
        }
        return;
      }
      if (c == '\\') {
        // The bug's case: a lone quote right before an escape goes out as an escape itself.
        if (quotes_ == 1) out += '\\';
        out.append(quotes_, quote_);
        quotes_ = 0;
        out += c;
        escape_ = true;
        return;
      }
      out.append(quotes_, quote_);
      quotes_ = 0;
      out += c;
      return;
  }
}

}  // namespace moivre::graph
