// Reading a registry file whatever its packing: plain, gzip (by content) or a zip archive (its
// first member with the wanted extension), with the SHA-256 of the file as published.
#pragma once

#include <memory>
#include <string>

namespace moivre::registry {

class SourceFile {
 public:
  // `member_extension`: in a zip, the member to read (".json", ".csv"). Throws ImportError.
  SourceFile(const std::string& path, const std::string& member_extension);
  ~SourceFile();
  SourceFile(const SourceFile&) = delete;
  SourceFile& operator=(const SourceFile&) = delete;

  // Up to `size` bytes of content; 0 at the end.
  size_t read(char* buffer, size_t size);
  const std::string& path() const { return path_; }
  // What is read: the path, or "archive.zip:member.json".
  const std::string& name() const { return name_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string path_, name_;
};

// The file's SHA-256, in hexadecimal. Throws ImportError when it cannot be read.
std::string sha256_of_file(const std::string& path);

}  // namespace moivre::registry
