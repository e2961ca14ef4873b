// Each join algorithm of query/exec/joins.hpp against a nested loop over every pair of rows, on
// random inputs: empty sides, duplicate rows, unbound values, and (for the merge join) every
// order of its keys.
#include "query/exec/joins.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace {

using moivre::query::kUnbound;
using moivre::query::Row;
using namespace moivre::query::exec;

constexpr size_t kWidth = 4;

struct Generator {
  std::mt19937_64 random;
  explicit Generator(uint64_t seed) : random(seed) {}

  size_t below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random); }

  // Key slots for a hash join: each slot with probability 1/3 (none at all sometimes).
  std::vector<size_t> keys() {
    std::vector<size_t> out;
    for (size_t s = 0; s < kWidth; ++s)
      if (below(3) == 0) out.push_back(s);
    return out;
  }

  // Values 1..3 (many duplicates), unbound with probability 1/4 except in `bound` slots.
  std::vector<Row> rows(size_t max_rows, const std::vector<size_t>& bound = {}) {
    std::vector<Row> out(below(max_rows + 1));
    for (auto& row : out) {
      row.assign(kWidth, kUnbound);
      for (size_t slot = 0; slot < kWidth; ++slot) {
        bool must = std::find(bound.begin(), bound.end(), slot) != bound.end();
        if (must || below(4) != 0) row[slot] = 1 + below(3);
      }
    }
    return out;
  }
};

std::vector<Row> nested_loop_join(const std::vector<Row>& left, const std::vector<Row>& right) {
  std::vector<Row> out;
  for (const auto& l : left)
    for (const auto& r : right)
      if (compatible(l, r)) {
        Row merged = r;
        merge_into(merged, l);
        out.push_back(merged);
      }
  return out;
}

std::vector<Row> sorted(std::vector<Row> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

std::vector<Row> run(Iter& it) {
  Deadline deadline;
  return drain(it, deadline);
}

void sort_on(std::vector<Row>& rows, const std::vector<size_t>& keys) {
  std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
    for (size_t k : keys)
      if (a[k] != b[k]) return a[k] < b[k];
    return false;
  });
}

// Every ordered choice of one to three key slots out of the first three.
std::vector<std::vector<size_t>> key_orders() {
  std::vector<std::vector<size_t>> out;
  for (unsigned mask = 1; mask < 8; ++mask) {
    std::vector<size_t> keys;
    for (size_t s = 0; s < 3; ++s)
      if (mask >> s & 1) keys.push_back(s);
    do out.push_back(keys);
    while (std::next_permutation(keys.begin(), keys.end()));
  }
  return out;
}

TEST(JoinAlgorithms, HashJoinMatchesNestedLoops) {
  Generator gen(1);
  for (int round = 0; round < 400; ++round) {
    // Keys: slots every right row binds; left rows may lack them.
    std::vector<size_t> keys = gen.keys();
    auto left = gen.rows(12), right = gen.rows(12, keys);
    Deadline deadline;
    HashJoinIter join(deadline, std::make_unique<RowsIter>(left), right, keys);
    ASSERT_EQ(sorted(run(join)), sorted(nested_loop_join(left, right))) << "round " << round;
  }
}

TEST(JoinAlgorithms, MergeJoinMatchesNestedLoopsInEveryKeyOrder) {
  Generator gen(2);
  auto orders = key_orders();
  ASSERT_EQ(orders.size(), 15u);
  for (const auto& keys : orders) {
    for (int round = 0; round < 60; ++round) {
      auto left = gen.rows(15, keys), right = gen.rows(15, keys);
      sort_on(left, keys);
      sort_on(right, keys);
      Deadline deadline;
      MergeJoinIter join(deadline, std::make_unique<RowsIter>(left), right, keys);
      ASSERT_EQ(sorted(run(join)), sorted(nested_loop_join(left, right)))
          << "keys of size " << keys.size() << ", round " << round;
    }
  }
}

TEST(JoinAlgorithms, MergeJoinGallopsOverALargeSide) {
  // A few left keys against many right rows: the answer of the nested loop, whatever the skips.
  Generator gen(3);
  std::vector<Row> right;
  for (uint64_t k = 1; k <= 5000; ++k)
    for (int dup = 0; dup < 1 + static_cast<int>(k % 3); ++dup)
      right.push_back({k, static_cast<uint64_t>(dup + 1), kUnbound, k % 2 ? kUnbound : 7});
  for (int round = 0; round < 50; ++round) {
    std::vector<Row> left;
    for (size_t n = gen.below(20); n > 0; --n)
      left.push_back({1 + gen.below(5200), gen.below(2) ? kUnbound : 1 + gen.below(3), 9,
                      gen.below(2) ? kUnbound : 7});
    sort_on(left, {0});
    Deadline deadline;
    MergeJoinIter join(deadline, std::make_unique<RowsIter>(left), right, {0});
    ASSERT_EQ(sorted(run(join)), sorted(nested_loop_join(left, right)));
  }
}

TEST(JoinAlgorithms, MergeJoinStaysRightOnALeftSideOutOfOrder) {
  Generator gen(4);
  for (int round = 0; round < 200; ++round) {
    auto left = gen.rows(15, {0}), right = gen.rows(15, {0});
    sort_on(right, {0});
    Deadline deadline;
    MergeJoinIter join(deadline, std::make_unique<RowsIter>(left), right, {0});
    ASSERT_EQ(sorted(run(join)), sorted(nested_loop_join(left, right)));
  }
}

// OPTIONAL's answer by the definition: each left row with its compatible right rows that pass
// the condition, or alone when there are none.
std::vector<Row> nested_loop_left_join(const std::vector<Row>& left, const std::vector<Row>& right,
                                       const std::function<bool(const Row&)>& condition) {
  std::vector<Row> expected;
  for (const auto& l : left) {
    bool matched = false;
    for (const auto& r : right) {
      if (!compatible(l, r)) continue;
      Row merged = r;
      merge_into(merged, l);
      if (condition && !condition(merged)) continue;
      matched = true;
      expected.push_back(merged);
    }
    if (!matched) expected.push_back(l);
  }
  return expected;
}

// The join by its definition: OPTIONAL's, or the inner join's rows that pass the condition.
std::vector<Row> defined_join(const std::vector<Row>& left, const std::vector<Row>& right,
                              bool optional, const std::function<bool(const Row&)>& condition) {
  if (optional) return nested_loop_left_join(left, right, condition);
  std::vector<Row> out = nested_loop_join(left, right);
  if (condition) std::erase_if(out, [&](const Row& r) { return !condition(r); });
  return out;
}

TEST(JoinAlgorithms, NestedJoinMatchesNestedLoopsWithOptionalAndCondition) {
  Generator gen(5);
  std::function<bool(const Row&)> condition = [](const Row& r) { return r[3] != 2; };
  for (int round = 0; round < 400; ++round) {
    auto left = gen.rows(10), right = gen.rows(10);
    bool optional = gen.below(2);
    auto conditioned = gen.below(2) ? condition : nullptr;
    std::vector<Row> expected = defined_join(left, right, optional, conditioned);
    Deadline deadline;
    // One right operator, restarted for each left row.
    ReplayIter replay(std::make_shared<const std::vector<Row>>(right));
    auto right_side = [&replay](const Row&) -> Iter& {
      replay.reset();
      return replay;
    };
    NestedJoinIter join(deadline, std::make_unique<RowsIter>(left), right_side, optional,
                        conditioned);
    ASSERT_EQ(sorted(run(join)), sorted(expected)) << "round " << round;
  }
}

TEST(JoinAlgorithms, HashLeftJoinMatchesTheDefinition) {
  Generator gen(7);
  std::function<bool(const Row&)> condition = [](const Row& r) { return r[2] != r[3]; };
  for (int round = 0; round < 400; ++round) {
    std::vector<size_t> keys = gen.keys();
    auto left = gen.rows(12), right = gen.rows(12, keys);
    auto conditioned = gen.below(2) ? condition : nullptr;
    Deadline deadline;
    HashJoinIter join(deadline, std::make_unique<RowsIter>(left), right, keys, true, conditioned);
    ASSERT_EQ(sorted(run(join)), sorted(nested_loop_left_join(left, right, conditioned)))
        << "round " << round;
  }
}

TEST(JoinAlgorithms, ABindJoinFeedsOneOperatorEveryLeftRow) {
  // The right operator reads its input through a FeedIter: it sees each left row once.
  std::vector<Row> left{{1, kUnbound, kUnbound, kUnbound}, {2, kUnbound, kUnbound, kUnbound}};
  auto feed = std::make_unique<FeedIter>();
  FeedIter* feed_at = feed.get();
  MapIter side(std::move(feed), [](Row& r) { r[1] = r[0] * 10; });
  Deadline deadline;
  NestedJoinIter join(
      deadline, std::make_unique<RowsIter>(left),
      [&](const Row& l) -> Iter& {
        feed_at->set(l);
        return side;
      },
      false, nullptr);
  EXPECT_EQ(run(join),
            (std::vector<Row>{{1, 10, kUnbound, kUnbound}, {2, 20, kUnbound, kUnbound}}));
}

TEST(JoinAlgorithms, MinusTableMatchesTheDefinition) {
  Generator gen(6);
  for (int round = 0; round < 600; ++round) {
    auto left = gen.rows(12), right = gen.rows(12);
    // Sometimes slot 0 is a constant of an enclosing EXISTS: the same value on both sides.
    bool with_constant = gen.below(3) == 0;
    std::vector<bool> constant(kWidth, false);
    if (with_constant) {
      constant[0] = true;
      for (auto& r : left) r[0] = 1;
      for (auto& r : right) r[0] = 1;
    }
    Bound left_may_bind(kWidth, false);
    for (const auto& l : left)
      for (size_t s = 0; s < kWidth; ++s) left_may_bind[s] = left_may_bind[s] || l[s] != kUnbound;
    std::vector<Row> expected;
    for (const auto& l : left) {
      bool removed = false;
      for (const auto& r : right) {
        bool shared = false;
        for (size_t s = 0; s < kWidth; ++s)
          shared |= l[s] != kUnbound && r[s] != kUnbound && !constant[s];
        removed |= shared && compatible(l, r);
      }
      if (!removed) expected.push_back(l);
    }
    MinusTable table(right, left_may_bind, constant);
    Deadline deadline;
    std::vector<Row> kept;
    for (const auto& l : left)
      if (!table.removes(l, deadline)) kept.push_back(l);
    ASSERT_EQ(sorted(kept), sorted(expected)) << "round " << round;
  }
}

TEST(JoinAlgorithms, EmptySidesGiveNothing) {
  Deadline deadline;
  std::vector<Row> some{{1, 2, 3, kUnbound}};
  HashJoinIter hash_left_empty(deadline, std::make_unique<RowsIter>(std::vector<Row>{}), some, {0});
  EXPECT_TRUE(run(hash_left_empty).empty());
  HashJoinIter hash_right_empty(deadline, std::make_unique<RowsIter>(some), {}, {0});
  EXPECT_TRUE(run(hash_right_empty).empty());
  MergeJoinIter merge_right_empty(deadline, std::make_unique<RowsIter>(some), {}, {0});
  EXPECT_TRUE(run(merge_right_empty).empty());
  MergeJoinIter merge_left_empty(deadline, std::make_unique<RowsIter>(std::vector<Row>{}), some,
                                 {0});
  EXPECT_TRUE(run(merge_left_empty).empty());
  MinusTable nothing({}, Bound(kWidth, true), {});
  EXPECT_FALSE(nothing.removes(some[0], deadline));
}

TEST(JoinAlgorithms, ACancelledJoinStops) {
  std::atomic<bool> cancel{true};
  moivre::query::ExecutionOptions options;
  options.cancel = &cancel;
  Deadline deadline(options);
  // Every left row against every right row, none compatible: work without output.
  std::vector<Row> left(100, Row{1, kUnbound, kUnbound, kUnbound});
  std::vector<Row> right(100, Row{2, kUnbound, kUnbound, kUnbound});
  HashJoinIter join(deadline, std::make_unique<RowsIter>(left), right, {});
  Row row;
  EXPECT_THROW(join.next(row), moivre::query::QueryCancelled);
}

}  // namespace

// The right side from a file, split into 1 to 8 partitions: inner and left joins, with and
// without a condition, left rows missing keys, no key at all; and each right partition charged
// to the budget, given back once joined.
TEST(JoinAlgorithms, GraceHashJoinMatchesTheDefinition) {
  Generator gen(9);
  std::function<bool(const Row&)> condition = [](const Row& r) { return r[2] != r[3]; };
  for (int round = 0; round < 600; ++round) {
    std::vector<size_t> keys = gen.keys();
    auto left = gen.rows(16), right = gen.rows(16, keys);
    bool optional = gen.below(2);
    auto conditioned = gen.below(2) ? condition : nullptr;
    std::vector<Row> expected = defined_join(left, right, optional, conditioned);
    auto file = std::make_unique<RowFile>();
    for (const auto& r : right) file->write(r);
    Deadline deadline;
    MemoryBudget budget(0);
    {
      GraceHashJoinIter join(deadline, budget, std::make_unique<RowsIter>(left), std::move(file),
                             keys, 1 + gen.below(8), optional, conditioned);
      ASSERT_EQ(sorted(run(join)), sorted(expected)) << "round " << round;
    }
    EXPECT_EQ(budget.held(), 0u);
  }
}

// A partition past the budget stops the join with the budget's error, not with a wrong answer.
TEST(JoinAlgorithms, GraceHashJoinStopsWhenOnePartitionIsPastTheBudget) {
  auto file = std::make_unique<RowFile>();
  for (uint64_t i = 0; i < 1000; ++i) file->write({7, i + 1, kUnbound, kUnbound});  // one key
  Deadline deadline;
  MemoryBudget budget(16 << 10);
  GraceHashJoinIter join(deadline, budget,
                         std::make_unique<RowsIter>(std::vector<Row>{{7, kUnbound, 1, 1}}),
                         std::move(file), {0}, 8);
  Row row;
  EXPECT_THROW(join.next(row), moivre::query::QueryMemoryExceeded);
}
