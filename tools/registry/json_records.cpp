#include "registry/json_records.hpp"

#include "registry/registry.hpp"

namespace moivre::registry {

JsonRecords::JsonRecords(SourceFile& source) : source_(source) {}

int JsonRecords::peek() {
  if (at_ == buffer_.size()) {
    consumed_ += buffer_.size();
    buffer_.resize(1 << 16);
    buffer_.resize(source_.read(buffer_.data(), buffer_.size()));
    at_ = 0;
    if (buffer_.empty()) return -1;
  }
  return static_cast<unsigned char>(buffer_[at_]);
}

int JsonRecords::take() {
  int c = peek();
  if (c >= 0) ++at_;
  return c;
}

void JsonRecords::skip_space() {
  for (int c = peek(); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek()) ++at_;
}

std::string JsonRecords::where() const {
  return source_.name() + ": record " + std::to_string(number_) + " (byte " +
         std::to_string(start_) + ")";
}

void JsonRecords::fail(const std::string& what) {
  throw RecordError(where(), what);
}

bool JsonRecords::next(std::string& text) {
  text.clear();
  if (shape_ == Shape::Done) return false;
  if (shape_ == Shape::Unknown) {
    // A UTF-8 byte order mark is allowed; other encodings are not JSON as published.
    if (peek() == 0xEF) {
      take(), take(), take();
    }
    skip_space();
    int c = peek();
    if (c == '[') {
      take();
      shape_ = Shape::Array;
    } else if (c == '{') {
      shape_ = Shape::Single;
    } else {
      number_ = 1;
      fail(c < 0 ? "the file is empty"
                 : "not a JSON array or object of UTF-8 text (does it start with a byte order "
                   "mark of UTF-16?)");
    }
  }
  skip_space();
  if (shape_ == Shape::Array) {
    if (peek() == ']') {
      shape_ = Shape::Done;
      return false;
    }
    if (number_ > 0) {
      if (take() != ',') {
        ++number_;
        start_ = consumed_ + at_;
        fail("expected ',' or ']' between records");
      }
      skip_space();
    }
  }
  ++number_;
  start_ = consumed_ + at_;
  if (peek() != '{')
    fail(peek() < 0 ? "the file ends before the array is closed (truncated?)"
                    : "a record is not a JSON object");
  int depth = 0;
  bool in_string = false, escape = false;
  for (;;) {
    int c = take();
    if (c < 0) fail("the file ends inside this record (truncated?)");
    text += static_cast<char>(c);
    if (in_string) {
      if (escape)
        escape = false;
      else if (c == '\\')
        escape = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) break;
    }
  }
  if (shape_ == Shape::Single) {
    skip_space();
    if (peek() >= 0) fail("more than one JSON value at the top level");
    shape_ = Shape::Done;
  }
  return true;
}

}  // namespace moivre::registry
