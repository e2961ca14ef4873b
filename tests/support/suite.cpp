#include "support/suite.hpp"

#include "graph/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <vector>

namespace moivre::test {

int run_suite(int argc, char** argv,
              const std::function<bool(const Manifest&, const graph::Term&)>& applies,
              const std::function<std::string(const Manifest&, const graph::Term&)>& run) {
  bool verbose = false;
  std::string only;
  int at_least = -1;
  std::vector<std::string> manifests;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--verbose") == 0)
      verbose = true;
    else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      only = argv[++i];
    else if (std::strcmp(argv[i], "--at-least") == 0 && i + 1 < argc)
      at_least = std::atoi(argv[++i]);
    else if (argv[i][0] == '-') {
      std::fprintf(stderr,
                   "usage: %s [--verbose] [--only TEST-NAME] [--at-least N] MANIFEST.ttl...\n"
                   "Runs the W3C tests of each manifest and prints pass counts; with --at-least,\n"
                   "fails (exit 1) when fewer than N pass.\n",
                   argv[0]);
      return std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0 ? 0 : 2;
    } else
      manifests.push_back(argv[i]);
  }
  int passed = 0, failed = 0, skipped = 0;
  for (const auto& path : manifests) {
    int p = 0, f = 0, s = 0;
    std::optional<Manifest> loaded;
    try {
      loaded.emplace(path);
    } catch (const graph::Error& e) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), e.what());
      return 2;
    }
    const Manifest& m = *loaded;
    for (const auto& entry : m.entries()) {
      if (!applies(m, entry)) continue;
      auto name = m.object(entry, std::string(kMf) + "name");
      std::string test_name = name ? name->value : entry.value;
      if (!only.empty() && test_name != only) continue;
      std::string error;
      try {
        error = run(m, entry);
      } catch (const TestSkipped& skip) {
        ++s;
        std::cout << "SKIP " << test_name << ": " << skip.what() << "\n";
        continue;
      } catch (const std::exception& e) {
        error = e.what();
      }
      if (error.empty()) {
        ++p;
      } else {
        ++f;
        std::cout << "FAIL " << test_name;
        if (verbose || !only.empty()) std::cout << "\n  " << error;
        std::cout << "\n";
      }
    }
    std::printf("  %-64s %4d passed, %d failed, %d skipped\n", path.c_str(), p, f, s);
    passed += p, failed += f, skipped += s;
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (at_least >= 0) {
    if (passed >= at_least) return 0;
    std::printf("regression: fewer than %d tests passed\n", at_least);
    return 1;
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace moivre::test
