// Tables of a pattern's matches kept across queries (scans.cpp, graph/snapshot_cache.hpp): a
// later query on the same snapshot uses them, and no query sees another snapshot's table.
#include <gtest/gtest.h>

#include <functional>

#include "graph/snapshot_cache.hpp"
#include "graph/store.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "support/temp_store.hpp"

using namespace moivre;

namespace {

constexpr int kSubjects = 3000;
const char* kCount =
    "SELECT (COUNT(*) AS ?n) { ?s a <http://x/C> ; <http://x/p> ?o . ?o <http://x/q> ?v }";

// Subjects first..last-1, each typed C with one p whose object carries one q: whichever pattern
// the plan starts with, the others are looked up once per row, enough for tables.
void fill(graph::Store& store, int first = 0, int last = kSubjects) {
  auto txn = store.write();
  auto iri = [&](const std::string& s) { return txn.intern(graph::Term::iri(s)); };
  for (int i = first; i < last; ++i) {
    auto s = iri("http://x/s" + std::to_string(i));
    auto o = iri("http://x/o" + std::to_string(i));
    txn.insert({{s, iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), iri("http://x/C"),
                 graph::kDefaultGraph}});
    txn.insert({{s, iri("http://x/p"), o, graph::kDefaultGraph}});
    txn.insert({{o, iri("http://x/q"), iri("http://x/v"), graph::kDefaultGraph}});
  }
  txn.commit();
}

// The first value of a query's first row.
std::string first_value(const graph::ReadTransaction& txn, const std::string& text) {
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  query::Execution execution(txn, algebra, {});
  query::TermRow row;
  EXPECT_TRUE(execution.next(row));
  return !row.empty() && row[0] ? row[0]->value : "unbound";
}

std::string count(const graph::ReadTransaction& txn) {
  return first_value(txn, kCount);
}

// `subjects` subjects with a p each (subject i named s<i * stride % subjects>), those for
// which `typed(i)` typed C: the query below looks p up once per typed subject.
void fill_typed_among(graph::Store& store, int subjects, const std::function<bool(int)>& typed,
                      int stride = 1) {
  auto txn = store.write();
  auto iri = [&](const std::string& s) { return txn.intern(graph::Term::iri(s)); };
  for (int i = 0; i < subjects; ++i) {
    auto s = iri("http://x/s" + std::to_string(i * stride % subjects));
    if (typed(i))
      txn.insert({{s, iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), iri("http://x/C"),
                   graph::kDefaultGraph}});
    txn.insert(
        {{s, iri("http://x/p"), iri("http://x/o" + std::to_string(i % 10)), graph::kDefaultGraph}});
  }
  txn.commit();
}
const char* kTypedWithP = "SELECT (COUNT(*) AS ?n) { ?s a <http://x/C> ; <http://x/p> ?o }";

void remove_q(graph::Store& store, int i) {
  auto txn = store.write();
  graph::Quad quad{{*txn.lookup(graph::Term::iri("http://x/o" + std::to_string(i))),
                    *txn.lookup(graph::Term::iri("http://x/q")),
                    *txn.lookup(graph::Term::iri("http://x/v")), graph::kDefaultGraph}};
  ASSERT_TRUE(txn.remove(quad));
  txn.commit();
}

}  // namespace

TEST(SnapshotTables, AQueryKeepsItsTableForTheNextOnTheSameSnapshot) {
  test::TempStore store;
  fill(*store);
  auto txn = store->read();
  graph::SnapshotCache& cache = *txn.snapshot_cache();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_EQ(count(txn), std::to_string(kSubjects));
  EXPECT_GE(cache.size(), 1u);  // the table read for the lookups
  size_t kept = cache.size();
  EXPECT_EQ(count(store->read()), std::to_string(kSubjects));
  EXPECT_EQ(cache.size(), kept);  // used, not read again
}

TEST(SnapshotTables, NoQuerySeesATableOfAnotherSnapshot) {
  test::TempStore store;
  fill(*store);
  auto before = store->read();
  EXPECT_EQ(count(before), std::to_string(kSubjects));
  remove_q(*store, 7);
  remove_q(*store, 2500);
  auto after = store->read();
  EXPECT_EQ(count(after), std::to_string(kSubjects - 2));
  // The reader of the older snapshot still sees its own data, and the newer its own.
  EXPECT_EQ(count(before), std::to_string(kSubjects));
  EXPECT_EQ(count(store->read()), std::to_string(kSubjects - 2));
  remove_q(*store, 0);
  EXPECT_EQ(count(store->read()), std::to_string(kSubjects - 3));
  // New subjects are in every pattern's extent: a table of an older snapshot would miss them.
  fill(*store, kSubjects, kSubjects + 2);
  EXPECT_EQ(count(store->read()), std::to_string(kSubjects - 1));
}

// 2,000 subjects typed C among 12,000 with a p each: the plan expects 2,000 lookups of p, which
// cost more than reading p's 12,000 quads once (at 8 quads a lookup), so the table is read at
// the first check; the lookups made (1,024 then, 2,048 never reached) alone would not justify it.
TEST(SnapshotTables, ATableIsReadWhenThePlanExpectsEnoughLookups) {
  test::TempStore store;
  fill_typed_among(*store, 12000, [](int i) { return i < 2000; });
  auto txn = store->read();
  EXPECT_EQ(first_value(txn, kTypedWithP), "2000");
  EXPECT_GT(txn.snapshot_cache()->bytes(), 12000 * sizeof(graph::Quad));
}

// FILTER NOT EXISTS probed by every row reads the ids of its pattern once (exists.cpp) and
// keeps them for the snapshot: the next query uses them from its first row, and a query on a
// later snapshot reads them again.
TEST(SnapshotTables, ExistsSetsAreKeptPerSnapshot) {
  test::TempStore store;
  auto tag = [&](int first, int last) {
    auto txn = store->write();
    auto iri = [&](const std::string& s) { return txn.intern(graph::Term::iri(s)); };
    for (int i = first; i < last; ++i)
      txn.insert({{iri("http://x/s" + std::to_string(i)), iri("http://x/r"), iri("http://x/v"),
                   graph::kDefaultGraph}});
    txn.commit();
  };
  fill(*store);
  tag(0, 1000);
  const std::string text =
      "SELECT (COUNT(*) AS ?n) { ?s a <http://x/C> FILTER NOT EXISTS { ?s <http://x/r> ?v } }";
  auto untagged = [&] { return first_value(store->read(), text); };
  EXPECT_EQ(untagged(), std::to_string(kSubjects - 1000));
  size_t kept = store->read().snapshot_cache()->size();
  EXPECT_GE(kept, 1u);
  EXPECT_EQ(untagged(), std::to_string(kSubjects - 1000));
  EXPECT_EQ(store->read().snapshot_cache()->size(), kept);
  tag(2000, 2500);
  EXPECT_EQ(untagged(), std::to_string(kSubjects - 1500));
  EXPECT_EQ(untagged(), std::to_string(kSubjects - 1500));
}

// 2,000 subjects typed C among 40,000 with a p each: one query's 2,000 lookups of p are not
// worth reading its 40,000 quads (at 8 quads a lookup), but the lookups of all queries on the
// snapshot add up, and the third query reads the table that the next ones then use.
TEST(SnapshotTables, LookupsOfSeveralQueriesAddUpToATable) {
  test::TempStore store;
  fill_typed_among(
      *store, 40000, [](int i) { return i % 20 == 0; }, 7919);
  auto run = [&] {
    auto txn = store->read();
    EXPECT_EQ(first_value(txn, kTypedWithP), "2000");
    return txn.snapshot_cache()->bytes();
  };
  const size_t table = 40000 * sizeof(graph::Quad);
  EXPECT_LT(run(), table);  // one query's lookups: no table
  EXPECT_LT(run(), table);
  EXPECT_GT(run(), table);  // the third: the tally passes the read's cost
  EXPECT_GT(run(), table);
}
