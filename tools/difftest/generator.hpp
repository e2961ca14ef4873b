// Random small datasets and random SPARQL queries over them, for moivre-difftest. Both are
// drawn from one vocabulary (ex: = http://example.org/), in which each predicate has one kind of
// object, so that queries can be typed: an expression that wants a number gets one, most of the
// time (and, on purpose, something else some of the time: the error cases).
//
// The generator stays clear of the known divergences between Moivre and Oxigraph
// (known-divergences.md): where the specification leaves a choice to the implementation, or
// where Oxigraph departs from it. Each place it does so names the entry.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace moivre::difftest {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // An integer in [lo, hi].
  int between(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(engine_); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(engine_) < p; }
  template <class Container>
  const auto& pick(const Container& c) {
    return c[static_cast<size_t>(between(0, static_cast<int>(std::size(c)) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

// A TriG document: a default graph and up to three named graphs, with blank nodes, cycles,
// numbers of every XSD type SPARQL computes with, language tags and dates.
std::string random_dataset(Random& random);

struct GeneratedQuery {
  std::string form;  // "select", "ask" or "construct"
  std::string text;
};
GeneratedQuery random_query(Random& random);

}  // namespace moivre::difftest
