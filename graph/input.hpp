// Byte sources for the RDF readers: a file or standard input, plain or gzip-compressed
// (detected from the bytes, not the name).
#pragma once

#include <cstdint>
#include <string>

namespace moivre::graph {

class Input {
 public:
  // `path` "-" reads standard input. Throws InputError when it cannot be opened.
  explicit Input(const std::string& path);
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Reads up to `size` decompressed bytes; 0 at the end. Throws InputError on a read failure.
  size_t read(void* buffer, size_t size);
  // The name to use in messages: the path, or "<stdin>".
  const std::string& name() const { return name_; }
  // Compressed bytes consumed so far (for progress against the file size).
  uint64_t raw_offset() const;
  // The file's size in bytes, or 0 when unknown (a pipe).
  uint64_t raw_size() const { return raw_size_; }

 private:
  std::string name_;
  void* gz_ = nullptr;  // gzFile
  uint64_t raw_size_ = 0;
};

}  // namespace moivre::graph
