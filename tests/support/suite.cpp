#include "support/suite.hpp"

#include "graph/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <vector>

namespace moivre::test {
namespace {

// The expected-failures list: one test a line ("DIR#NAME", DIR the manifest's folder), a '#'
// after whitespace starting the reason; blank lines and lines starting with '#' are comments.
std::map<std::string, std::string> read_expected_failures(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the expected failures " + path);
  std::map<std::string, std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t end = line.find_first_of(" \t");
    std::string id = line.substr(0, end);
    size_t hash = end == std::string::npos ? end : line.find('#', end);
    out[id] = hash == std::string::npos ? "" : line.substr(hash + 1);
  }
  return out;
}

// "DIR#NAME": the manifest's folder and the test's local name in it.
std::string test_id(const std::string& manifest, const graph::Term& entry,
                    const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(manifest).parent_path();
  std::string local = entry.value.substr(entry.value.find_last_of("#/") + 1);
  return dir.parent_path().filename().string() + "/" + dir.filename().string() + "#" +
         (local.empty() ? name : local);
}

}  // namespace

int run_suite(int argc, char** argv,
              const std::function<bool(const Manifest&, const graph::Term&)>& applies,
              const std::function<std::string(const Manifest&, const graph::Term&)>& run) {
  bool verbose = false;
  std::string only;
  std::map<std::string, std::string> expected_failures;
  std::vector<std::string> manifests;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--verbose") == 0)
      verbose = true;
    else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc)
      only = argv[++i];
    else if (std::strcmp(argv[i], "--expected-failures") == 0 && i + 1 < argc) {
      try {
        expected_failures = read_expected_failures(argv[++i]);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
      }
    } else if (argv[i][0] == '-') {
      std::fprintf(stderr,
                   "usage: %s [--verbose] [--only TEST-NAME] [--expected-failures FILE] "
                   "MANIFEST.ttl...\n"
                   "Runs the W3C tests of each manifest and prints pass counts. Exit 1 when a\n"
                   "test fails that FILE does not list, or passes that it lists.\n",
                   argv[0]);
      return std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0 ? 0 : 2;
    } else
      manifests.push_back(argv[i]);
  }
  int passed = 0, failed = 0, skipped = 0, unexpected = 0;
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
      std::string id = test_id(path, entry, test_name);
      auto listed = expected_failures.find(id);
      if (error.empty()) {
        ++p;
        if (listed != expected_failures.end()) {
          ++unexpected;
          std::cout << "UNEXPECTED PASS " << id << " (listed as an expected failure)\n";
        }
      } else {
        ++f;
        bool expected = listed != expected_failures.end();
        unexpected += !expected;
        std::cout << (expected ? "EXPECTED FAIL " : "FAIL ") << id << " (" << test_name << ")";
        if (expected) std::cout << ":" << listed->second;
        if (verbose || !only.empty()) std::cout << "\n  " << error;
        std::cout << "\n";
      }
    }
    std::printf("  %-64s %4d passed, %d failed, %d skipped\n", path.c_str(), p, f, s);
    passed += p, failed += f, skipped += s;
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  if (unexpected)
    std::printf("%d unexpected results (see FAIL and UNEXPECTED PASS above)\n", unexpected);
  return unexpected == 0 ? 0 : 1;
}

}  // namespace moivre::test
