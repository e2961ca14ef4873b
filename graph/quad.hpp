// Term ids, quads, quad patterns and the index permutations over them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "graph/term.hpp"

namespace moivre::graph {

// A dictionary id: 48 significant bits, the TermKind in bits 40..47 and a sequence number in the
// low 40, so a term's kind is known without a dictionary lookup. Stored as 6 big-endian bytes.
// Id 0 names the default graph (graph position only).
using TermId = uint64_t;
inline constexpr size_t kStoredIdBytes = 6;
inline constexpr uint64_t kMaxSequence = (uint64_t{1} << 40) - 1;
inline constexpr TermId kDefaultGraph = 0;
// A wildcard in a QuadPattern.
inline constexpr TermId kAny = ~TermId{0};

inline constexpr TermKind id_kind(TermId id) {
  return static_cast<TermKind>((id >> 40) & 0xFF);
}
inline constexpr TermId make_id(TermKind kind, uint64_t sequence) {
  return (TermId{static_cast<uint8_t>(kind)} << 40) | sequence;
}

// Positions within a quad.
enum Position : int { S = 0, P = 1, O = 2, G = 3 };

struct Quad {
  std::array<TermId, 4> ids{};  // indexed by Position
  TermId s() const { return ids[S]; }
  TermId p() const { return ids[P]; }
  TermId o() const { return ids[O]; }
  TermId g() const { return ids[G]; }
  friend bool operator==(const Quad&, const Quad&) = default;
  friend auto operator<=>(const Quad&, const Quad&) = default;
};

// A quad whose positions may be kAny.
struct QuadPattern {
  std::array<TermId, 4> ids{kAny, kAny, kAny, kAny};
  bool bound(Position p) const { return ids[p] != kAny; }
  // Bit i is set when position i is bound.
  unsigned bound_mask() const;
  // The bound positions an index lookup can use: all but G when G is the default graph.
  unsigned index_mask() const;
  bool matches(const Quad& q) const;
};

// The six sorted index permutations. Together they give every combination of bound positions
// a prefix: {S}, {P}, {O}, {G} alone; all pairs; all triples; all four.
//
// The default graph's quads are stored once per position, in the three permutations that start
// with S, P or O; the G-first permutations hold the named graphs' quads only. A pattern bound to
// the default graph is therefore looked up without its G (index_mask) and its rows filtered on
// G: in the store most use, holding only the default graph, that filter never drops a row.
enum class Permutation : uint8_t { SPOG, POSG, OSPG, GSPO, GPOS, GOSP };
inline constexpr int kPermutationCount = 6;
inline constexpr std::array<Permutation, kPermutationCount> kPermutations = {
    Permutation::SPOG, Permutation::POSG, Permutation::OSPG,
    Permutation::GSPO, Permutation::GPOS, Permutation::GOSP};

// Whether a permutation holds quads of the default graph (it starts with S, P or O).
inline bool holds_default_graph(Permutation perm) { return perm < Permutation::GSPO; }
// The permutation that orders the default graph's quads as `perm` orders a named graph's (GSPO
// -> SPOG, GPOS -> POSG, GOSP -> OSPG); others are their own.
Permutation default_graph_permutation(Permutation perm);

// The quad positions in the order a permutation sorts them.
const std::array<Position, 4>& permutation_order(Permutation perm);
std::string_view permutation_name(Permutation perm);  // "spog", ...

// The permutation in which the bound positions of `mask` form the longest prefix.
Permutation best_permutation(unsigned bound_mask);
// How many leading positions of `perm` are bound in `mask`.
int bound_prefix_length(Permutation perm, unsigned bound_mask);

}  // namespace moivre::graph
