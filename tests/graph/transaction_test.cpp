// MVCC snapshots, atomic commit and abort.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "graph/error.hpp"
#include "graph/store.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

Quad numbered(WriteTransaction& txn, int i) {
  return Quad{{txn.intern(Term::iri("http://s/" + std::to_string(i))),
               txn.intern(Term::iri("http://p")), txn.intern(Term::literal(std::to_string(i))),
               kDefaultGraph}};
}

}  // namespace

TEST(Transaction, ReaderSnapshotDoesNotSeeLaterCommit) {
  test::TempStore store;
  {
    auto txn = store->write();
    txn.insert(numbered(txn, 1));
    txn.commit();
  }
  auto snapshot = store->read();
  {
    auto txn = store->write();  // a writer proceeds while the reader is open
    txn.insert(numbered(txn, 2));
    txn.commit();
  }
  EXPECT_EQ(snapshot.count(QuadPattern{}), 1u);
  EXPECT_FALSE(snapshot.lookup(Term::iri("http://s/2")).has_value());
  EXPECT_EQ(store->read().count(QuadPattern{}), 2u);
}

TEST(Transaction, UncommittedWritesVanish) {
  test::TempStore store;
  {
    auto txn = store->write();
    txn.insert(numbered(txn, 1));
    // destroyed without commit
  }
  {
    auto txn = store->write();
    txn.insert(numbered(txn, 2));
    txn.abort();
  }
  auto txn = store->read();
  EXPECT_EQ(txn.count(QuadPattern{}), 0u);
  EXPECT_EQ(txn.stats().terms, 0u);
}

TEST(Transaction, CommitIsDurableAcrossReopen) {
  test::TempStore store;
  {
    auto txn = store->write();
    for (int i = 0; i < 100; ++i) txn.insert(numbered(txn, i));
    txn.commit();
  }
  store.reopen();
  EXPECT_EQ(store->read().count(QuadPattern{}), 100u);
}

TEST(Transaction, ConcurrentReadersSeeWholeCommitsOnly) {
  // Each commit adds a batch of 10 quads; a reader must never see a partial batch.
  test::TempStore store;
  std::atomic<bool> done{false};
  std::atomic<int> bad{0}, reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (!done) {
        auto txn = store->read();
        uint64_t n = txn.count(QuadPattern{});
        if (n % 10 != 0) ++bad;
        if (txn.count(QuadPattern{}) != n) ++bad;  // stable within the snapshot
        ++reads;
      }
    });
  for (int batch = 0; batch < 30; ++batch) {
    auto txn = store->write();
    for (int i = 0; i < 10; ++i) txn.insert(numbered(txn, batch * 10 + i));
    txn.commit();
  }
  done = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(bad, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(store->read().count(QuadPattern{}), 300u);
}

TEST(Transaction, ReadOnlyStoreRefusesWrites) {
  test::TempStore store;
  auto path = store->path();
  store.store.reset();
  Store ro(path, {.read_only = true});
  EXPECT_THROW(ro.write(), StoreError);
  EXPECT_EQ(ro.read().count(QuadPattern{}), 0u);
}

TEST(Transaction, MissingReadOnlyStoreIsAClearError) {
  test::TempDir dir;
  try {
    Store ro(dir.path() / "absent", {.read_only = true});
    FAIL() << "opened a store that does not exist";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("no store at"), std::string::npos);
  }
}
