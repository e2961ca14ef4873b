// Sorting quads in every permutation order past the memory budget, and the scratch streams
// beneath it, against plain std::set references.
#include "graph/quad_sort.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "graph/error.hpp"
#include "graph/row_codec.hpp"
#include "support/temp_store.hpp"

using namespace moivre::graph;
using moivre::graph::quad_sort::Row;

namespace {

TermId random_id(std::mt19937_64& rng, uint64_t range) {
  auto kind = static_cast<TermKind>(1 + rng() % 5);
  return make_id(kind, rng() % range);
}

std::vector<Row> sort_all(std::vector<Row> quads, size_t memory, Permutation perm,
                          moivre::test::TempDir& dir) {
  scratch::Directory scratch(dir.path());
  quad_sort::QuadSorter sorter(memory, scratch);
  for (const Row& q : quads) sorter.add(q);
  std::vector<Row> out;
  sorter.finish([&](Permutation p, quad_sort::RowSource& rows) {
    Row row;
    while (rows.next(row))
      if (p == perm) out.push_back(row);
  });
  return out;
}

}  // namespace

TEST(QuadSort, PackingKeepsTheOrderOfRows) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    Row a{random_id(rng, 1ull << 40), random_id(rng, 3), random_id(rng, 1ull << 40), rng() % 2},
        b{random_id(rng, 1ull << 40), random_id(rng, 3), random_id(rng, 1ull << 40), rng() % 2};
    if (i % 3 == 0) b[0] = a[0];
    if (i % 9 == 0) b[1] = a[1], b[2] = a[2];
    ASSERT_EQ(quad_sort::unpack(quad_sort::pack(a)), a);
    ASSERT_EQ(quad_sort::pack(a) < quad_sort::pack(b), a < b);
  }
}

// Every permutation's rows come out sorted and distinct, whether the buffer held everything or
// was spilled many times; empty and one-row inputs too.
TEST(QuadSort, EveryOrderMatchesASortedSet) {
  moivre::test::TempDir dir;
  std::mt19937_64 rng(11);
  for (size_t count : {0u, 1u, 5000u}) {
    std::vector<Row> quads;
    for (size_t i = 0; i < count; ++i) {
      Row q{random_id(rng, 300), random_id(rng, 7), random_id(rng, 1ull << 39),
            i % 4 ? kDefaultGraph : random_id(rng, 3)};
      quads.push_back(q);
      if (i % 10 == 0) quads.push_back(q);  // duplicates
    }
    for (size_t memory : {size_t{1} << 30, size_t{1}}) {
      for (Permutation perm : kPermutations) {
        const auto& order = permutation_order(perm);
        std::set<Row> expected;
        for (const Row& q : quads)  // the G-first permutations hold the named graphs only
          if (holds_default_graph(perm) || q[G] != kDefaultGraph)
            expected.insert({q[order[0]], q[order[1]], q[order[2]], q[order[3]]});
        auto got = sort_all(quads, memory, perm, dir);
        ASSERT_EQ(got, std::vector<Row>(expected.begin(), expected.end()))
            << permutation_name(perm) << ", " << count << " quads, memory " << memory;
      }
    }
  }
}

TEST(Scratch, SpilledStreamsReadBackWhatWasWritten) {
  moivre::test::TempDir dir;
  scratch::Directory scratch(dir.path());
  scratch::Stream memory, spilled;
  std::string big(3 << 20, 'q');
  std::vector<uint64_t> numbers = {0, 1, 127, 128, 300, 1ull << 40, ~0ull};
  for (scratch::Stream* s : {&memory, &spilled}) {
    for (uint64_t n : numbers) rows::put_varint(s->buffer(), n);
    if (s == &spilled) s->spill(scratch);
    s->append(big);
    for (uint64_t n : numbers) rows::put_varint(s->buffer(), n);
    s->flush_buffer();
  }
  EXPECT_TRUE(spilled.spilled());
  for (scratch::Stream* s : {&memory, &spilled}) {
    auto reader = s->reader();
    for (uint64_t n : numbers) EXPECT_EQ(reader.varint(), n);
    std::string back(big.size(), '\0');
    reader.read(back.data(), back.size());
    EXPECT_EQ(back, big);
    for (uint64_t n : numbers) EXPECT_EQ(reader.varint(), n);
    EXPECT_TRUE(reader.at_end());
    EXPECT_THROW(reader.varint(), moivre::graph::CorruptStore);
  }
  auto path = dir.path();
  spilled.release();
  scratch::Directory::remove_stale(path);
  EXPECT_TRUE(std::filesystem::is_empty(path));
}
