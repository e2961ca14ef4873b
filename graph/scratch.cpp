#include "graph/scratch.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "graph/error.hpp"
#include "graph/row_codec.hpp"

namespace moivre::graph::scratch {
namespace {

constexpr std::string_view kPrefix = ".load-scratch-";
constexpr size_t kFileBuffer = 1 << 20;
constexpr size_t kReadWindow = 256 << 10;

[[noreturn]] void fail(const std::string& what, const std::filesystem::path& path) {
  int code = errno ? errno : EIO;
  throw StoreError(what + " " + path.string() + " (scratch space of the load)", code);
}

}  // namespace

// --- Directory ------------------------------------------------------------------------------

Directory::Directory(std::filesystem::path parent) : parent_(std::move(parent)) {}

Directory::~Directory() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void Directory::remove_stale(const std::filesystem::path& parent) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(parent, ec)) {
    if (entry.path().filename().string().starts_with(kPrefix))
      std::filesystem::remove_all(entry.path(), ec);
  }
}

std::filesystem::path Directory::next_file() {
  if (path_.empty()) {
    static std::atomic<uint64_t> loads{0};
    remove_stale(parent_);
    auto path = parent_ /
                (std::string(kPrefix) + std::to_string(::getpid()) + "-" + std::to_string(loads++));
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) throw StoreError("cannot create " + path.string() + ": " + ec.message(), ec.value());
    path_ = path;
  }
  return path_ / std::to_string(files_++);
}

// --- Stream ---------------------------------------------------------------------------------

Stream::Stream(Stream&& o) noexcept
    : buffer_(std::move(o.buffer_)),
      path_(std::move(o.path_)),
      file_(std::exchange(o.file_, nullptr)),
      written_(o.written_) {
  o.path_.clear();
}

Stream& Stream::operator=(Stream&& o) noexcept {
  if (this != &o) {
    release();
    buffer_ = std::move(o.buffer_);
    path_ = std::move(o.path_);
    o.path_.clear();
    file_ = std::exchange(o.file_, nullptr);
    written_ = o.written_;
  }
  return *this;
}

Stream::~Stream() {
  release();
}

void Stream::append(std::string_view bytes) {
  buffer_.append(bytes);
  if (file_) flush_buffer();
}

void Stream::flush_buffer() {
  if (!file_ || buffer_.size() < kFileBuffer) return;
  errno = 0;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    fail("cannot write", path_);
  written_ += buffer_.size();
  buffer_.clear();
}

void Stream::spill(Directory& dir) {
  if (spilled()) return;
  path_ = dir.next_file();
  errno = 0;
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) fail("cannot create", path_);
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    fail("cannot write", path_);
  written_ += buffer_.size();
  std::string().swap(buffer_);
  buffer_.reserve(kFileBuffer);
}

void Stream::close() {
  if (!file_) return;
  errno = 0;
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
    fail("cannot write", path_);
  written_ += buffer_.size();
  std::string().swap(buffer_);
  int rc = std::fclose(file_);
  file_ = nullptr;
  if (rc != 0) fail("cannot write", path_);
}

StreamReader Stream::reader() {
  close();
  return StreamReader(path_.empty() ? &buffer_ : nullptr, path_);
}

void Stream::release() {
  if (file_) std::fclose(file_), file_ = nullptr;
  if (!path_.empty()) {
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    path_.clear();
  }
  std::string().swap(buffer_);
  written_ = 0;
}

// --- StreamReader ---------------------------------------------------------------------------

StreamReader::StreamReader(const std::string* memory, const std::filesystem::path& file)
    : memory_(memory) {
  if (memory_) {
    window_ = memory_->data();
    end_ = memory_->size();
    return;
  }
  errno = 0;
  file_ = std::fopen(file.c_str(), "rb");
  if (!file_) fail("cannot open", file);
  std::error_code ec;
  file_size_ = std::filesystem::file_size(file, ec);
  window_ = owned_.data();
}

StreamReader::StreamReader(StreamReader&& o) noexcept
    : memory_(o.memory_),
      file_(std::exchange(o.file_, nullptr)),
      owned_(std::move(o.owned_)),
      pos_(o.pos_),
      end_(o.end_),
      file_size_(o.file_size_) {
  window_ = memory_ ? o.window_ : owned_.data();
}

StreamReader::~StreamReader() {
  if (file_) std::fclose(file_);
}

size_t StreamReader::fill(size_t n) {
  if (end_ - pos_ >= n || !file_) return std::min(n, end_ - pos_);
  // Keep the unread bytes, then read enough to cover n (and a window's worth at least).
  std::memmove(owned_.data(), owned_.data() + pos_, end_ - pos_);
  end_ -= pos_;
  pos_ = 0;
  // A small file needs no more than its size (the window is zeroed when it grows).
  size_t want = std::max(n, std::min<uint64_t>(kReadWindow, file_size_));
  if (owned_.size() < want) owned_.resize(want);
  while (end_ < n) {
    size_t got = std::fread(owned_.data() + end_, 1, owned_.size() - end_, file_);
    if (got == 0) {
      if (std::ferror(file_)) throw StoreError("cannot read the load's scratch file", EIO);
      break;
    }
    end_ += got;
  }
  window_ = owned_.data();
  return std::min(n, end_);
}

uint64_t StreamReader::varint() {
  size_t have = fill(10);
  auto* at = reinterpret_cast<const unsigned char*>(window_ + pos_);
  uint64_t v;
  const unsigned char* after = rows::get_varint(at, at + have, v);
  if (!after) throw CorruptStore("a scratch file of the load ends inside a number");
  pos_ += after - at;
  return v;
}

void StreamReader::read(void* out, size_t n) {
  if (fill(n) < n) throw CorruptStore("a scratch file of the load ends early");
  std::memcpy(out, window_ + pos_, n);
  pos_ += n;
}

}  // namespace moivre::graph::scratch
