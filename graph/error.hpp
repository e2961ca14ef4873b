// Typed errors of the graph part. Each carries a message a user can act on.
#pragma once

#include <stdexcept>
#include <string>

namespace moivre::graph {

// The base of every error the graph part throws.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// LMDB reported a failure (I/O, disk full, a locked or incompatible store, ...).
class StoreError : public Error {
 public:
  StoreError(const std::string& what, int code);
  int code() const { return code_; }
  // The map size, the disk or a file size limit is reached: the write failed and was rolled
  // back; reads go on.
  bool out_of_space() const;

 private:
  int code_;
};

// The store's bytes do not decode: a bug or a damaged file.
class CorruptStore : public Error {
 public:
  using Error::Error;
};

// An RDF document is malformed. what() is "FILE:LINE:COLUMN: message".
class SyntaxError : public Error {
 public:
  SyntaxError(std::string file, unsigned line, unsigned column, std::string message);
  const std::string& file() const { return file_; }
  unsigned line() const { return line_; }
  unsigned column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  unsigned line_;
  unsigned column_;
  std::string message_;
};

// An input could not be opened or read.
class InputError : public Error {
 public:
  using Error::Error;
};

// Output could not be written (a closed pipe, a full disk).
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace moivre::graph
