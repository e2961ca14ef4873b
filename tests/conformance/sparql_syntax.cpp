// Runs the SPARQL syntax tests of W3C manifests against the query and update parsers: positive
// tests must parse, negative ones must be rejected. Prints counts per manifest and a closing
// "N passed, N failed" line.
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "query/parser.hpp"
#include "support/manifest.hpp"

namespace {

using namespace moivre;

constexpr const char* kDawgt = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: sparql-syntax [--verbose] MANIFEST...\n";
    return 2;
  }
  bool verbose = false;
  int passed = 0, failed = 0, skipped = 0;
  // --queries-of DIR: every query of the evaluation tests under DIR (the *.rq files outside the
  // syntax-* folders) must parse.
  if (argc == 3 && std::strcmp(argv[1], "--queries-of") == 0) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[2])) {
      auto path = entry.path();
      if (path.extension() != ".rq" || path.string().find("/syntax-") != std::string::npos)
        continue;
      try {
        query::parse_query(read_file(path));
        ++passed;
      } catch (const query::QuerySyntaxError& e) {
        ++failed;
        std::cout << "FAIL " << path.string() << "\n  " << e.what() << "\n";
      }
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
  }
  for (int a = 1; a < argc; ++a) {
    if (std::strcmp(argv[a], "--verbose") == 0) {
      verbose = true;
      continue;
    }
    int p = 0, f = 0, s = 0;
    try {
      test::Manifest manifest(argv[a]);
      for (const auto& entry : manifest.entries()) {
        auto type = manifest.object(entry, std::string(test::kRdf) + "type");
        auto action = manifest.object(entry, std::string(test::kMf) + "action");
        auto name = manifest.object(entry, std::string(test::kMf) + "name");
        auto approval = manifest.object(entry, std::string(kDawgt) + "approval");
        if (!type || !action || !action->is_iri()) continue;
        std::string type_name = type->value.substr(type->value.find('#') + 1);
        bool positive = type_name.rfind("PositiveSyntaxTest", 0) == 0;
        bool negative = type_name.rfind("NegativeSyntaxTest", 0) == 0;
        bool update = type_name.find("Update") != std::string::npos;
        if (!positive && !negative && !update) continue;
        std::string test_name = name ? name->value : entry.value;
        if (approval && approval->value == std::string(kDawgt) + "Withdrawn") {
          ++s;
          continue;
        }
        positive = type_name.find("Positive") != std::string::npos;
        std::string text = read_file(test::Manifest::local_path(action->value));
        std::string error;
        bool parsed = true;
        try {
          if (update)
            query::parse_update(text);
          else
            query::parse_query(text);
        } catch (const query::QuerySyntaxError& e) {
          parsed = false;
          error = e.what();
        }
        if (parsed == positive) {
          ++p;
        } else {
          ++f;
          std::cout << "FAIL " << test_name << " (" << type_name << ") "
                    << test::Manifest::local_path(action->value).filename().string();
          if (verbose && !error.empty()) std::cout << "\n  " << error;
          std::cout << "\n";
        }
      }
    } catch (const std::exception& e) {
      std::cerr << "sparql-syntax: " << argv[a] << ": " << e.what() << "\n";
      return 2;
    }
    std::printf("  %-60s %4d passed, %d failed, %d skipped\n", argv[a], p, f, s);
    passed += p, failed += f, skipped += s;
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed == 0 ? 0 : 1;
}
