#include "registry/source_file.hpp"

#include <nettle/sha2.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <optional>

#include "graph/error.hpp"
#include "graph/input.hpp"
#include "registry/registry.hpp"

namespace moivre::registry {

struct SourceFile::Impl {
  std::optional<graph::Input> input;
  zip_t* archive = nullptr;
  zip_file_t* member = nullptr;
  ~Impl() {
    if (member) zip_fclose(member);
    if (archive) zip_close(archive);
  }
};

namespace {

bool is_zip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, 4);
  return in.gcount() == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

}  // namespace

SourceFile::SourceFile(const std::string& path, const std::string& member_extension)
    : impl_(std::make_unique<Impl>()), path_(path), name_(path) {
  if (!is_zip(path)) {
    try {
      impl_->input.emplace(path);
    } catch (const graph::InputError& e) {
      throw ImportError(e.what());
    }
    return;
  }
  int error = 0;
  impl_->archive = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!impl_->archive) throw ImportError(path + ": not a readable zip archive");
  zip_int64_t entries = zip_get_num_entries(impl_->archive, 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    std::string member = zip_get_name(impl_->archive, i, 0);
    if (member.size() >= member_extension.size() &&
        member.compare(member.size() - member_extension.size(), member_extension.size(),
                       member_extension) == 0) {
      impl_->member = zip_fopen_index(impl_->archive, i, 0);
      if (!impl_->member) throw ImportError(path + ": cannot read " + member);
      name_ = path + ":" + member;
      return;
    }
  }
  throw ImportError(path + ": the archive holds no " + member_extension + " file");
}

SourceFile::~SourceFile() = default;

size_t SourceFile::read(char* buffer, size_t size) {
  if (impl_->input) {
    try {
      return impl_->input->read(buffer, size);
    } catch (const graph::InputError& e) {
      throw ImportError(e.what());
    }
  }
  zip_int64_t n = zip_fread(impl_->member, buffer, size);
  if (n < 0) throw ImportError(name_ + ": the archive member is damaged");
  return static_cast<size_t>(n);
}

std::string sha256_of_file(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw ImportError("cannot open " + path);
  sha256_ctx ctx;
  sha256_init(&ctx);
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
    sha256_update(&ctx, n, reinterpret_cast<const uint8_t*>(buffer));
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) throw ImportError("cannot read " + path);
  uint8_t digest[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof digest, digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) out += {hex[b >> 4], hex[b & 15]};
  return out;
}

}  // namespace moivre::registry
