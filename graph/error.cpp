#include "graph/error.hpp"

#include <lmdb.h>

#include <cerrno>

namespace moivre::graph {

namespace {

// What a user can do about the failures that come from the machine rather than from Moivre.
std::string advice(int code) {
  switch (code) {
    case MDB_MAP_FULL:
      return " (the store reached its map size; the write was rolled back)";
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
      return " (the disk or the file size limit is full; the write was rolled back)";
    case MDB_READERS_FULL:
      return " (too many open readers: are stale processes holding the store?)";
    default:
      return "";
  }
}

}  // namespace

StoreError::StoreError(const std::string& what, int code)
    : Error(what + ": " + mdb_strerror(code) + advice(code)), code_(code) {}

bool StoreError::out_of_space() const {
  return code_ == MDB_MAP_FULL || code_ == ENOSPC || code_ == EFBIG || code_ == EDQUOT;
}

SyntaxError::SyntaxError(std::string file, unsigned line, unsigned column, std::string message)
    : Error(line ? file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message
                 : file + ": " + message),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(std::move(message)) {}

}  // namespace moivre::graph
