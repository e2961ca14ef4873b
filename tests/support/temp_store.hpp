// A store in a fresh temporary directory, removed afterwards.
#pragma once

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "graph/store.hpp"

namespace moivre::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("moivre-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct TempStore {
  TempDir dir;
  std::unique_ptr<graph::Store> store = std::make_unique<graph::Store>(dir.path() / "db");
  graph::Store& operator*() { return *store; }
  graph::Store* operator->() { return store.get(); }
  void reopen() {
    store.reset();
    store = std::make_unique<graph::Store>(dir.path() / "db");
  }
};

}  // namespace moivre::test
