// Scratch space of a bulk load (internal to graph/): byte streams written once and read back
// once, in order. A stream lives in memory while the load's budget allows and is spilled to a
// file in a scratch directory otherwise, so that a load larger than memory still completes.
//
// The scratch directory is `<store>/.load-scratch-<pid>-<n>`, made on the first spill and removed
// with its files when the load ends, however it ends. Only one load writes a store at a time (it
// holds LMDB's write lock), so directories left by a killed load are removed by the next one.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace moivre::graph::scratch {

class Directory {
 public:
  explicit Directory(std::filesystem::path parent);
  ~Directory();
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  // A fresh file name inside the directory (made on first use).
  std::filesystem::path next_file();
  // Removes scratch directories an interrupted load left in `parent`.
  static void remove_stale(const std::filesystem::path& parent);

 private:
  std::filesystem::path parent_;
  std::filesystem::path path_;  // empty until the first file
  uint64_t files_ = 0;
};

class StreamReader;

// Appended to, then read once. In memory until spill(); after that, appends are buffered writes
// to its file.
class Stream {
 public:
  Stream() = default;
  Stream(Stream&&) noexcept;
  Stream& operator=(Stream&&) noexcept;
  ~Stream();

  void append(std::string_view bytes);
  // Gives direct access for appending in place (varints); call flush_buffer() now and then.
  std::string& buffer() { return buffer_; }
  // Moves what is held in memory to a new file of `dir`; later appends go there too.
  void spill(Directory& dir);
  // Writes the buffer out when the stream is spilled and the buffer has grown.
  void flush_buffer();
  bool spilled() const { return file_ != nullptr || !path_.empty(); }
  size_t memory() const { return buffer_.capacity(); }
  uint64_t size() const { return written_ + buffer_.size(); }

  // Ends writing; the stream can then be read (once).
  void close();
  StreamReader reader();
  // Frees the memory or removes the file.
  void release();

 private:
  friend class StreamReader;
  std::string buffer_;
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  uint64_t written_ = 0;
};

// Sequential reads over a closed Stream, through a window that grows to hold what is asked.
class StreamReader {
 public:
  StreamReader(StreamReader&&) noexcept;
  ~StreamReader();

  // Makes at least `n` bytes readable at data(), fewer only at the end of the stream.
  size_t fill(size_t n);
  const char* data() const { return window_ + pos_; }
  void skip(size_t n) { pos_ += n; }
  bool at_end() { return fill(1) == 0; }
  uint64_t varint();
  void read(void* out, size_t n);

 private:
  friend class Stream;
  StreamReader(const std::string* memory, const std::filesystem::path& file);

  const std::string* memory_ = nullptr;
  std::FILE* file_ = nullptr;
  std::string owned_;  // the window, for a file
  const char* window_ = nullptr;
  size_t pos_ = 0, end_ = 0;
  uint64_t file_size_ = 0;
};

}  // namespace moivre::graph::scratch
