// The records of a JSON registry file, one at a time: the elements of a top-level array (a dump)
// or a single top-level object (one API record). Only one record's text is held at a time, so a
// dump of any size streams. The split follows JSON's strings and nesting; each record's text is
// then parsed on its own (RapidJSON), so a malformed record can be skipped and the next found.
#pragma once

#include <cstdint>
#include <string>

#include "registry/source_file.hpp"

namespace moivre::registry {

class JsonRecords {
 public:
  explicit JsonRecords(SourceFile& source);

  // The next record's text; false after the last. Throws RecordError when the file's structure
  // breaks (truncated, not JSON): no later record can be found then.
  bool next(std::string& text);
  // Of the record last returned: its number (from 1) and byte offset in the content.
  uint64_t number() const { return number_; }
  uint64_t offset() const { return start_; }
  std::string where() const;

 private:
  int peek();
  int take();
  void skip_space();
  [[noreturn]] void fail(const std::string& what);

  SourceFile& source_;
  std::string buffer_;
  size_t at_ = 0;
  uint64_t consumed_ = 0;  // bytes before buffer_
  uint64_t number_ = 0, start_ = 0;
  enum class Shape { Unknown, Array, Single, Done } shape_ = Shape::Unknown;
};

}  // namespace moivre::registry
