// The cache of values derived from a snapshot: kept per snapshot id, least recently used out
// first, older snapshots dropped, none for a writer.
#include "graph/snapshot_cache.hpp"

#include <gtest/gtest.h>

#include "graph/store.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

std::shared_ptr<const void> value(int n) {
  return std::make_shared<const int>(n);
}
int held(const std::shared_ptr<const void>& v) {
  return v ? *static_cast<const int*>(v.get()) : -1;
}

}  // namespace

TEST(SnapshotCache, GivesAValueOnlyForItsSnapshotAndKey) {
  SnapshotCache cache(1000);
  cache.insert(5, "a", value(1), 10);
  EXPECT_EQ(held(cache.find(5, "a")), 1);
  EXPECT_EQ(held(cache.find(5, "b")), -1);
  EXPECT_EQ(held(cache.find(4, "a")), -1);
  EXPECT_EQ(held(cache.find(6, "a")), -1);
  cache.insert(5, "a", value(2), 20);  // replaced, counted once
  EXPECT_EQ(held(cache.find(5, "a")), 2);
  EXPECT_EQ(cache.bytes(), 20u);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(SnapshotCache, ANewerSnapshotDropsTheOlderOnesValues) {
  SnapshotCache cache(1000);
  cache.insert(5, "a", value(1), 10);
  cache.insert(5, "b", value(2), 10);
  cache.insert(7, "c", value(3), 10);
  EXPECT_EQ(held(cache.find(5, "a")), -1);
  EXPECT_EQ(held(cache.find(7, "c")), 3);
  EXPECT_EQ(cache.size(), 1u);
  // A reader still on the older snapshot computes its own and does not displace the newer.
  cache.insert(5, "a", value(4), 10);
  EXPECT_EQ(held(cache.find(5, "a")), -1);
  EXPECT_EQ(held(cache.find(7, "c")), 3);
}

TEST(SnapshotCache, TheLeastRecentlyUsedGoFirstPastTheBudget) {
  SnapshotCache cache(100);
  cache.insert(1, "a", value(1), 40);
  cache.insert(1, "b", value(2), 40);
  EXPECT_EQ(held(cache.find(1, "a")), 1);  // a is now the most recent
  cache.insert(1, "c", value(3), 40);
  EXPECT_EQ(held(cache.find(1, "b")), -1);
  EXPECT_EQ(held(cache.find(1, "a")), 1);
  EXPECT_EQ(held(cache.find(1, "c")), 3);
  EXPECT_EQ(cache.bytes(), 80u);
  cache.insert(1, "huge", value(4), 101);  // alone over the budget: not kept, nothing dropped
  EXPECT_EQ(held(cache.find(1, "huge")), -1);
  EXPECT_EQ(cache.size(), 2u);
}

TEST(SnapshotCache, ReadersOfOneSnapshotShareItsIdAndAWriterHasNoCache) {
  test::TempStore store;
  auto first = store->read();
  auto second = store->read();
  EXPECT_EQ(first.snapshot_id(), second.snapshot_id());
  ASSERT_NE(first.snapshot_cache(), nullptr);
  EXPECT_EQ(first.snapshot_cache(), second.snapshot_cache());
  {
    auto txn = store->write();
    EXPECT_EQ(txn.snapshot_cache(), nullptr);
    auto moved = std::move(txn);
    EXPECT_EQ(moved.snapshot_cache(), nullptr);
    moved.insert(Quad{{moved.intern(Term::iri("http://s")), moved.intern(Term::iri("http://p")),
                       moved.intern(Term::iri("http://o")), kDefaultGraph}});
    moved.commit();
  }
  auto after = store->read();
  EXPECT_GT(after.snapshot_id(), first.snapshot_id());
  EXPECT_EQ(first.snapshot_id(), second.snapshot_id());
}

TEST(SnapshotCache, EstimatesCountedByBlocksAreKeptPerSnapshot) {
  test::TempStore store;
  auto add = [&](int first, int last) {
    auto txn = store->write();
    for (int i = first; i < last; ++i)
      txn.insert(Quad{{txn.intern(Term::iri("http://s/" + std::to_string(i))),
                       txn.intern(Term::iri("http://p")), txn.intern(Term::iri("http://o")),
                       kDefaultGraph}});
    txn.commit();
  };
  add(0, 10);
  auto before = store->read();
  QuadPattern pattern;  // ?s <p> <o>: two positions bound, counted by blocks
  pattern.ids[P] = *before.lookup(Term::iri("http://p"));
  pattern.ids[O] = *before.lookup(Term::iri("http://o"));
  EXPECT_EQ(before.estimate(pattern), 10u);
  EXPECT_EQ(before.snapshot_cache()->size(), 1u);
  EXPECT_EQ(store->read().estimate(pattern), 10u);  // the kept count
  add(10, 15);
  EXPECT_EQ(store->read().estimate(pattern), 15u);
  EXPECT_EQ(before.estimate(pattern), 10u);
  auto txn = store->write();  // a writer counts afresh
  txn.insert(
      Quad{{txn.intern(Term::iri("http://s/new")), pattern.ids[P], pattern.ids[O], kDefaultGraph}});
  EXPECT_EQ(txn.estimate(pattern), 16u);
}
