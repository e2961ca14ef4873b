// The common driver of the W3C conformance runners: arguments (--verbose, --only NAME,
// --expected-failures FILE, MANIFEST...), a line per failed or skipped test, counts per manifest
// and in total, and the exit status: 0 when every test passes but those FILE lists, which must
// fail (a listed test that passes is an error too, so that the list cannot go stale).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

#include "graph/term.hpp"
#include "support/manifest.hpp"

namespace moivre::test {

// Thrown by a test to be counted as skipped, with the reason.
class TestSkipped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `applies` picks the manifest entries this runner runs; `run` returns "" when the test passes,
// else what went wrong (an exception counts as a failure, TestSkipped as a skip).
int run_suite(int argc, char** argv,
              const std::function<bool(const Manifest&, const graph::Term&)>& applies,
              const std::function<std::string(const Manifest&, const graph::Term&)>& run);

}  // namespace moivre::test
