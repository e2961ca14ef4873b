#include "graph/quad.hpp"

namespace moivre::graph {
namespace {

constexpr std::array<std::array<Position, 4>, kPermutationCount> kOrders = {{
    {S, P, O, G},
    {P, O, S, G},
    {O, S, P, G},
    {G, S, P, O},
    {G, P, O, S},
    {G, O, S, P},
}};

constexpr std::array<std::string_view, kPermutationCount> kNames = {"spog", "posg", "ospg",
                                                                    "gspo", "gpos", "gosp"};

}  // namespace

unsigned QuadPattern::bound_mask() const {
  unsigned mask = 0;
  for (int i = 0; i < 4; ++i)
    if (ids[i] != kAny) mask |= 1u << i;
  return mask;
}

unsigned QuadPattern::index_mask() const {
  unsigned mask = bound_mask();
  if (ids[G] == kDefaultGraph) mask &= ~(1u << G);
  return mask;
}

Permutation default_graph_permutation(Permutation perm) {
  switch (perm) {
    case Permutation::GSPO:
      return Permutation::SPOG;
    case Permutation::GPOS:
      return Permutation::POSG;
    case Permutation::GOSP:
      return Permutation::OSPG;
    default:
      return perm;
  }
}

bool QuadPattern::matches(const Quad& q) const {
  for (int i = 0; i < 4; ++i)
    if (ids[i] != kAny && ids[i] != q.ids[i]) return false;
  return true;
}

const std::array<Position, 4>& permutation_order(Permutation perm) {
  return kOrders[static_cast<int>(perm)];
}

std::string_view permutation_name(Permutation perm) {
  return kNames[static_cast<int>(perm)];
}

int bound_prefix_length(Permutation perm, unsigned bound_mask) {
  int n = 0;
  for (Position pos : permutation_order(perm)) {
    if (!(bound_mask & (1u << pos))) break;
    ++n;
  }
  return n;
}

Permutation best_permutation(unsigned bound_mask) {
  Permutation best = Permutation::SPOG;
  int best_len = -1;
  for (Permutation perm : kPermutations) {
    int len = bound_prefix_length(perm, bound_mask);
    if (len > best_len) best = perm, best_len = len;
  }
  return best;
}

}  // namespace moivre::graph
