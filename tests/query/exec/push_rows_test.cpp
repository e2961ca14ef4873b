// Rows pushed (Iter::for_each) against rows pulled (Iter::next) from the same operator tree: the
// same rows in the same order, when the visitor stops early, and when for_each takes over from
// next() in the middle of an input row. Basic graph patterns push their rows bound in place,
// through scans and through the tables their lookups move to (scans.cpp).
#include <gtest/gtest.h>

#include "graph/store.hpp"
#include "query/exec/builder.hpp"
#include "query/parser.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using query::Row;

namespace {

constexpr int kSubjects = 3000;

// Each subject i: p to subject 7i, q to subject 13i for even i, r to one of five literals, and
// p to itself for multiples of 11 (a variable twice in a pattern matches those).
void fill(graph::Store& store) {
  auto txn = store.write();
  auto iri = [&](const std::string& s) { return txn.intern(graph::Term::iri(s)); };
  auto s = [&](int i) { return iri("http://x/s" + std::to_string(i % kSubjects)); };
  auto p = iri("http://x/p"), q = iri("http://x/q"), r = iri("http://x/r");
  for (int i = 0; i < kSubjects; ++i) {
    txn.insert({{s(i), p, s(7 * i), graph::kDefaultGraph}});
    if (i % 2 == 0) txn.insert({{s(i), q, s(13 * i), graph::kDefaultGraph}});
    txn.insert({{s(i), r, txn.intern(graph::Term::literal("v" + std::to_string(i % 5))),
                 graph::kDefaultGraph}});
    if (i % 11 == 0) txn.insert({{s(i), p, s(i), graph::kDefaultGraph}});
  }
  txn.commit();
}

// One query's operator tree, built as Execution builds it.
struct Tree {
  query::algebra::Query algebra;
  query::exec::Context ctx;
  query::exec::Builder builder;
  query::exec::IterPtr root;
  Tree(const graph::ReadTransaction& txn, const std::string& text)
      : algebra(query::algebra::translate(query::parse_query(text), text)),
        ctx(txn, algebra, {}),
        builder(ctx) {
    builder.allocate(algebra.pattern);
    // Below the projection: the pattern's own operator (a basic graph pattern's pushes).
    const query::algebra::Op* op = &algebra.pattern;
    while (op->kind == query::algebra::Op::Kind::Project) op = &op->children[0];
    root = builder.build(*op, ctx.data.default_graph());
  }
};

std::vector<Row> pulled(const graph::ReadTransaction& txn, const std::string& text) {
  Tree tree(txn, text);
  std::vector<Row> rows;
  for (Row row; tree.root->next(row);) rows.push_back(row);
  return rows;
}

// Pulls `first` rows, then pushes the rest until `stop_after` rows in all were taken.
std::vector<Row> pushed(const graph::ReadTransaction& txn, const std::string& text,
                        size_t first = 0, size_t stop_after = SIZE_MAX) {
  Tree tree(txn, text);
  std::vector<Row> rows;
  Row row;
  while (rows.size() < first && tree.root->next(row)) rows.push_back(row);
  if (rows.size() < first) return rows;
  auto take = [&](const Row& r) {
    rows.push_back(r);
    return rows.size() < stop_after;
  };
  tree.root->for_each(take);
  return rows;
}

const char* kQueries[] = {
    "SELECT * { ?a <http://x/p> ?b }",
    "SELECT * { ?a <http://x/p> ?b . ?b <http://x/q> ?c }",
    "SELECT * { ?a <http://x/p> ?b . ?b <http://x/p> ?c . ?c <http://x/r> ?v }",
    "SELECT * { ?a <http://x/p> ?a . ?a <http://x/r> ?v }",
    "SELECT * { ?a <http://x/r> \"v3\" . ?a <http://x/p> ?b . ?b <http://x/q> ?c }",
    "SELECT * { ?a <http://x/q> ?b OPTIONAL { ?b <http://x/q> ?c } }",
    "SELECT * { { ?a <http://x/q> ?b } UNION { ?a <http://x/p> ?b . ?b <http://x/r> \"v1\" } }",
    "SELECT * { ?a <http://x/p> ?b . ?b <http://x/nothing> ?c }",
    "SELECT * { ?a <http://x/p> ?b . FILTER(?a != ?b) ?b <http://x/q> ?c }",
};

// Each test on a fresh store: no table kept in the snapshot's cache from another test's queries.
class PushRows : public ::testing::Test {
 protected:
  void SetUp() override { fill(*store_); }
  test::TempStore store_;
};

}  // namespace

TEST_F(PushRows, ForEachGivesNextsRowsInOrder) {
  auto txn = store_->read();
  for (const char* text : kQueries) {
    SCOPED_TRACE(text);
    auto expected = pulled(txn, text);
    EXPECT_EQ(pushed(txn, text), expected);
  }
  // The chains are long enough for their lookups to go to tables in the middle of the run.
  EXPECT_GT(pulled(txn, kQueries[2]).size(), size_t{kSubjects});
}

TEST_F(PushRows, AVisitorThatStopsGetsNoMoreRows) {
  auto txn = store_->read();
  for (const char* text : kQueries) {
    SCOPED_TRACE(text);
    auto all = pulled(txn, text);
    for (size_t stop : {size_t{1}, size_t{2}, size_t{1500}, all.size()}) {
      auto expected = std::vector<Row>(all.begin(), all.begin() + std::min(stop, all.size()));
      EXPECT_EQ(pushed(txn, text, 0, stop), expected) << "stopping after " << stop;
    }
  }
}

TEST_F(PushRows, ForEachTakesOverFromNext) {
  auto txn = store_->read();
  for (const char* text : kQueries) {
    SCOPED_TRACE(text);
    auto expected = pulled(txn, text);
    for (size_t first : {size_t{1}, size_t{3}, size_t{1025}})
      EXPECT_EQ(pushed(txn, text, first), expected) << "after " << first << " pulled";
  }
}
