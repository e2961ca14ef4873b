#include "graph/error.hpp"

#include <lmdb.h>

namespace moivre::graph {

StoreError::StoreError(const std::string& what, int code)
    : Error(what + ": " + mdb_strerror(code)), code_(code) {}

SyntaxError::SyntaxError(std::string file, unsigned line, unsigned column, std::string message)
    : Error(line ? file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message
                 : file + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace moivre::graph
