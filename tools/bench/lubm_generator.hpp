// A generator of LUBM (Lehigh University Benchmark) data, written from the benchmark's published
// description (Guo, Pan, Heflin 2005, "LUBM: a benchmark for OWL knowledge base systems", and the
// univ-bench ontology): universities of 15-25 departments; per department 7-10 full, 10-14
// associate and 8-11 assistant professors and 5-7 lecturers, 8-14 undergraduates and 3-4
// graduate students per faculty member, 10-20 research groups; each faculty member teaches 1-2
// courses and 1-2 graduate courses and writes publications (full 15-20, associate 10-18,
// assistant 5-10, lecturer 0-5); undergraduates take 2-4 courses, a fifth of them have an
// advisor; graduate students take 1-3 graduate courses, all have an advisor, co-author 0-5 of
// their department's publications, a fifth to a quarter assist in teaching and a quarter to a
// third in research; degrees come from any of 1,000 universities. IRIs and literals follow the
// original's naming (http://www.Department0.University0.edu/FullProfessor0), so the LUBM queries
// run unchanged.
//
// Deterministic: the same seed and university number give the same triples, on any platform
// (a SplitMix64 stream of our own per university, not the C++ library's distributions).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace moivre::bench {

// Called with each statement as an N-Triples line (with its newline).
using LineSink = std::function<void(const std::string& line)>;

// Writes university `u` (of the data set seeded by `seed`).
void generate_university(uint64_t seed, int u, const LineSink& out);

}  // namespace moivre::bench
