// The rows of a CSV registry export, one at a time: `;`-separated (or another separator), fields
// in double quotes with "" inside, line breaks allowed inside quotes, an optional UTF-8 byte
// order mark, a header line naming the columns. Rows are read by column name, never position.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "registry/source_file.hpp"

namespace moivre::registry {

class CsvRecords {
 public:
  // Reads the header. Throws RecordError when there is none or it is not UTF-8.
  CsvRecords(SourceFile& source, char separator = ';');

  const std::vector<std::string>& header() const { return header_; }
  bool has(const std::string& column) const { return columns_.count(column) > 0; }

  // The next row; false at the end. Throws RecordError for a row whose field count differs from
  // the header's or that is not UTF-8 (the row is consumed: the next call reads on).
  bool next();
  // A field of the current row by column name; empty when the column is absent.
  const std::string& operator[](const std::string& column) const;
  // Where the current row starts: "file:LINE".
  std::string where() const;
  uint64_t line() const { return row_line_; }

 private:
  bool read_row(std::vector<std::string>& fields);
  int get();

  SourceFile& source_;
  char separator_;
  std::string buffer_;
  size_t at_ = 0;
  uint64_t line_ = 1, row_line_ = 0;
  bool at_end_ = false;  // the last row read ended at the end of the file, not a line break
  std::vector<std::string> header_, fields_;
  std::map<std::string, size_t> columns_;
};

}  // namespace moivre::registry
