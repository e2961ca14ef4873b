#include "graph/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <climits>
#include <cstring>

#include "graph/error.hpp"

namespace moivre::graph {

Input::Input(const std::string& path) : name_(path == "-" ? "<stdin>" : path) {
  int fd = path == "-" ? dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError("cannot open " + name_ + ": " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd);
      throw InputError("cannot read " + name_ + ": it is a directory");
    }
    if (S_ISREG(st.st_mode)) raw_size_ = st.st_size;
  }
  gz_ = gzdopen(fd, "rb");
  if (!gz_) {
    ::close(fd);
    throw InputError("cannot open " + name_ + ": out of memory");
  }
  gzbuffer(static_cast<gzFile>(gz_), 1 << 17);
}

Input::~Input() {
  if (gz_) gzclose(static_cast<gzFile>(gz_));
}

size_t Input::read(void* buffer, size_t size) {
  int n = gzread(static_cast<gzFile>(gz_), buffer,
                 static_cast<unsigned>(std::min<size_t>(size, INT_MAX)));
  if (n < 0) {
    int code = 0;
    const char* message = gzerror(static_cast<gzFile>(gz_), &code);
    throw InputError("cannot read " + name_ + ": " +
                     (code == Z_ERRNO ? std::strerror(errno) : message));
  }
  return static_cast<size_t>(n);
}

uint64_t Input::raw_offset() const {
  auto offset = gzoffset(static_cast<gzFile>(gz_));
  return offset < 0 ? 0 : static_cast<uint64_t>(offset);
}

}  // namespace moivre::graph
