#include "registry/csv_records.hpp"

#include "query/utf8.hpp"
#include "registry/registry.hpp"

namespace moivre::registry {

CsvRecords::CsvRecords(SourceFile& source, char separator)
    : source_(source), separator_(separator) {
  int first = get();
  if (first == 0xEF) {
    get(), get();  // UTF-8 byte order mark
  } else if (first >= 0) {
    --at_;
  }
  if (first == 0xFF || first == 0xFE)
    throw RecordError(source_.name() + ":1", "not UTF-8 text (a UTF-16 byte order mark)", true);
  row_line_ = line_;
  if (!read_row(header_)) throw RecordError(source_.name() + ":1", "the file is empty", true);
  for (size_t i = 0; i < header_.size(); ++i) columns_[header_[i]] = i;
}

int CsvRecords::get() {
  if (at_ == buffer_.size()) {
    buffer_.resize(1 << 16);
    buffer_.resize(source_.read(buffer_.data(), buffer_.size()));
    at_ = 0;
    if (buffer_.empty()) return -1;
  }
  return static_cast<unsigned char>(buffer_[at_++]);
}

bool CsvRecords::read_row(std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false, any = false, was_quoted = false;
  for (;;) {
    int c = get();
    if (c < 0) {
      if (quoted)
        throw RecordError(where(), "the file ends inside a quoted field (truncated?)", true);
      if (!any) return false;
      fields.push_back(std::move(field));
      at_end_ = true;
      return true;
    }
    any = true;
    if (quoted) {
      if (c == '"') {
        int d = get();
        if (d == '"') {
          field += '"';
          continue;
        }
        quoted = false;
        if (d < 0) continue;
        c = d;  // the character after the closing quote, handled below
      } else {
        if (c == '\n') ++line_;
        field += static_cast<char>(c);
        continue;
      }
    }
    if (c == '"' && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (c == separator_) {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\n') {
      ++line_;
      fields.push_back(std::move(field));
      return true;
    } else if (c != '\r') {
      field += static_cast<char>(c);
    }
  }
}

bool CsvRecords::next() {
  row_line_ = line_;
  if (!read_row(fields_)) return false;
  if (fields_.size() == 1 && fields_[0].empty()) return next();  // a blank line
  for (size_t i = 0; i < fields_.size(); ++i) {
    size_t bad = query::invalid_utf8_at(fields_[i]);
    if (bad != std::string::npos)
      throw RecordError(where(), "field '" + (i < header_.size() ? header_[i] : "?") +
                                     "' is not UTF-8 (byte " + std::to_string(bad + 1) + ")");
  }
  if (fields_.size() != header_.size() && at_end_)
    throw RecordError(where(), "the file ends inside this row (truncated?)", true);
  if (fields_.size() != header_.size())
    throw RecordError(where(), std::to_string(fields_.size()) + " fields where the header has " +
                                   std::to_string(header_.size()));
  return true;
}

const std::string& CsvRecords::operator[](const std::string& column) const {
  static const std::string empty;
  auto it = columns_.find(column);
  return it == columns_.end() || it->second >= fields_.size() ? empty : fields_[it->second];
}

std::string CsvRecords::where() const {
  return source_.name() + ":" + std::to_string(row_line_);
}

}  // namespace moivre::registry
