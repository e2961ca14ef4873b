// Group numbers (query/exec/group_numbers.hpp) against a map: the same key always gets the same
// number, new keys the next one, whatever the ids (0, kUnbound, computed ids) and widths.
#include "query/exec/group_numbers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

using namespace moivre::query;
using namespace moivre::query::exec;

namespace {

void agree_with_a_map(size_t width, uint64_t seed) {
  std::mt19937_64 random(seed);
  const TermId special[] = {0, 1, kUnbound, kComputedBit | 5, ~TermId{0} >> 1};
  GroupNumbers numbers(width);
  std::map<Row, uint32_t> reference;
  for (int i = 0; i < 20000; ++i) {
    Row key(width);
    for (auto& id : key)
      id = random() % 4 == 0 ? special[random() % 5] : random() % (i < 10000 ? 3000 : 1000000);
    auto [number, added] = numbers.find_or_add(key);
    auto [it, fresh] = reference.try_emplace(key, static_cast<uint32_t>(reference.size()));
    ASSERT_EQ(added, fresh) << "width " << width << ", key " << i;
    ASSERT_EQ(number, it->second) << "width " << width << ", key " << i;
  }
  EXPECT_EQ(numbers.size(), reference.size());
}

}  // namespace

TEST(GroupNumbers, OneIdKeysAgreeWithAMap) {
  agree_with_a_map(1, 1);
}
TEST(GroupNumbers, LongerKeysAgreeWithAMap) {
  agree_with_a_map(2, 2);
  agree_with_a_map(3, 3);
}
TEST(GroupNumbers, TheEmptyKeyIsOneGroup) {
  GroupNumbers numbers(0);
  EXPECT_EQ(numbers.find_or_add({}), std::make_pair(0u, true));
  EXPECT_EQ(numbers.find_or_add({}), std::make_pair(0u, false));
  EXPECT_EQ(numbers.size(), 1u);
}
