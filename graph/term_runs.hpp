// Statements numbered locally, in runs, and the merge that gives their terms store ids (internal
// to graph/, for the bulk loader).
//
// A RunBuilder numbers the terms of the statements it is given in its own small table. Sealed, it
// becomes a Run: its distinct terms sorted (front-coded: shared prefix length, suffix length,
// suffix), and its statements as four 32-bit ranks into that sorted list (kNoGraph for the
// load's default graph). Runs are independent, so any number of threads can build them.
//
// merge_terms() reads the sorted term lists of all runs at once, in order, like a merge sort:
// each distinct term is looked up or given a fresh id once, the new ones are written to the
// dictionary in key order, and each run gets its rank -> id table as a stream of 8-byte ids.
//
// A document's blank node labels are its own: the builder names a blank node by the document's
// number and its label, behind a NUL byte no stored label starts with; the merge gives each such
// node a fresh store-wide label.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/scratch.hpp"
#include "graph/store.hpp"

namespace moivre::graph::term_runs {

inline constexpr uint32_t kNoGraph = ~uint32_t{0};
using LocalQuad = std::array<uint32_t, 4>;  // S, P, O, G

struct Run {
  scratch::Stream terms;  // sorted, front-coded
  scratch::Stream quads;  // LocalQuad, raw
  uint64_t term_count = 0;
  uint64_t quad_count = 0;
  scratch::Stream ids;  // filled by merge_terms(): TermId per rank, raw 8 bytes each

  size_t memory() const { return terms.memory() + quads.memory() + ids.memory(); }
};

class RunBuilder {
 public:
  // `memory`: about what the builder may hold before it is sealed (sizes its allocations).
  explicit RunBuilder(size_t memory = size_t{64} << 20);

  // `graph`: the encoded graph for statements in a document's default graph, empty for the
  // store's default graph.
  void add(std::string_view s, std::string_view p, std::string_view o, std::string_view g,
           uint32_t document, std::string_view graph);
  size_t memory() const { return arena_bytes_ + numbers_.size() * 48 + quads_.size() * 16; }
  bool empty() const { return quads_.empty(); }
  // Sorts the terms and hands back the run; the builder starts empty again.
  Run seal();

 private:
  uint32_t number(std::string_view encoded, uint32_t document);
  uint32_t intern(std::string_view encoded);
  std::string_view store(std::string_view bytes);

  std::unordered_map<std::string_view, uint32_t> numbers_;
  std::vector<std::string_view> terms_;  // by local number
  std::deque<std::unique_ptr<char[]>> arena_;
  size_t arena_block_;
  char* arena_end_ = nullptr;
  size_t arena_left_ = 0;
  size_t arena_bytes_ = 0;
  std::vector<LocalQuad> quads_;
  std::string blank_;
};

struct MergeSummary {
  uint64_t terms_added = 0;
};

// Gives every term of `runs` an id (existing or fresh) inside `txn`, writes the new terms, and
// fills each run's `ids`. `spill` is asked after every batch of work whether the ids streams held
// in memory should go to disk.
MergeSummary merge_terms(WriteTransaction& txn, std::vector<Run>& runs,
                         const std::function<void()>& spill);

}  // namespace moivre::graph::term_runs
