// Runs a W3C RDF 1.1 syntax test manifest (N-Triples, N-Quads, Turtle, TriG) against Moivre's
// readers: positive syntax tests must parse, negative ones must be rejected, evaluation tests
// must give the expected dataset up to blank node renaming. Prints counts per test type and a
// closing "N passed, N failed" line; exits 1 when any test failed.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>

#include "graph/graph.hpp"
#include "support/isomorphism.hpp"
#include "support/manifest.hpp"

namespace {

using namespace moivre;

constexpr const char* kRdft = "http://www.w3.org/ns/rdftest#";

struct Outcome {
  bool passed = false;
  std::string detail;
};

test::Dataset parse(const std::filesystem::path& file, graph::RdfSyntax syntax,
                    const std::string& base) {
  return test::read_dataset_file(file.string(), syntax, base);
}

Outcome run_test(const std::string& type, const std::filesystem::path& action,
                 const std::string& base, const std::optional<std::filesystem::path>& result) {
  graph::RdfSyntax syntax = type.find("NTriples") != std::string::npos ? graph::RdfSyntax::NTriples
                            : type.find("NQuads") != std::string::npos ? graph::RdfSyntax::NQuads
                            : type.find("Trig") != std::string::npos   ? graph::RdfSyntax::TriG
                                                                       : graph::RdfSyntax::Turtle;
  bool negative = type.find("Negative") != std::string::npos;
  bool eval = type.find("Eval") != std::string::npos && !negative;
  try {
    auto actual = parse(action, syntax, base);
    if (negative) return {false, "accepted a malformed document"};
    if (!eval) return {true, {}};
    if (!result) return {false, "evaluation test without mf:result"};
    auto expected_syntax =
        graph::syntax_from_path(result->string()).value_or(graph::RdfSyntax::NQuads);
    auto expected = parse(*result, expected_syntax, base);
    if (test::isomorphic(actual, expected)) return {true, {}};
    return {false, "got:\n" + test::to_nquads(actual) + "expected:\n" + test::to_nquads(expected)};
  } catch (const graph::SyntaxError& e) {
    if (negative) return {true, {}};
    return {false, e.what()};
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: rdf-suite MANIFEST [--verbose] [TEST-NAME]\n";
    return 2;
  }
  bool verbose = false;
  std::string only;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--verbose") == 0)
      verbose = true;
    else
      only = argv[i];
  }
  try {
    test::Manifest manifest(argv[1]);
    std::map<std::string, std::pair<int, int>> by_type;  // passed, failed
    int passed = 0, failed = 0;
    for (const auto& entry : manifest.entries()) {
      auto type = manifest.object(entry, std::string(test::kRdf) + "type");
      auto name = manifest.object(entry, std::string(test::kMf) + "name");
      auto action = manifest.object(entry, std::string(test::kMf) + "action");
      auto result = manifest.object(entry, std::string(test::kMf) + "result");
      auto approval = manifest.object(entry, std::string(kRdft) + "approval");
      if (!type || !action) continue;
      if (approval && approval->value == std::string(kRdft) + "Rejected") continue;
      std::string type_name = type->value.substr(type->value.find('#') + 1);
      std::string test_name = name ? name->value : entry.value;
      if (!only.empty() && test_name != only) continue;
      std::optional<std::filesystem::path> result_path;
      if (result) result_path = test::Manifest::local_path(result->value);
      Outcome outcome = run_test(type_name, test::Manifest::local_path(action->value),
                                 manifest.public_iri(action->value), result_path);
      auto& counts = by_type[type_name];
      if (outcome.passed) {
        ++passed, ++counts.first;
      } else {
        ++failed, ++counts.second;
        std::cout << "FAIL " << test_name << " (" << type_name << ")";
        if (verbose || !only.empty()) std::cout << "\n  " << outcome.detail;
        std::cout << "\n";
      }
    }
    std::cout << "suite " << argv[1] << "\n";
    for (const auto& [type, counts] : by_type)
      std::printf("  %-34s %4d passed, %d failed\n", type.c_str(), counts.first, counts.second);
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "rdf-suite: " << e.what() << "\n";
    return 2;
  }
}
