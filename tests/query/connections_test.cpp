// The relationship finder: every shortest path, in both directions, never through vocabulary,
// provenance or hubs, within its length and path limits.
#include "query/connections.hpp"

#include <gtest/gtest.h>

#include <set>

#include "graph/graph.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using graph::Term;
using graph::TermId;

namespace {

class Connections : public ::testing::Test {
 protected:
  void load(const std::string& turtle) {
    auto txn = store_->write();
    graph::BulkLoader loader(txn);
    graph::ReadOptions read;
    read.syntax = graph::RdfSyntax::Turtle;
    loader.add_string(
        "@prefix : <http://example.org/> .\n"
        "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix prov: <http://www.w3.org/ns/prov#> .\n" +
            turtle,
        "data.ttl", read);
    loader.finish();
    txn.commit();
  }

  TermId id(const graph::ReadTransaction& txn, const std::string& local) {
    auto found = txn.lookup(Term::iri("http://example.org/" + local));
    EXPECT_TRUE(found) << local;
    return found.value_or(0);
  }

  // Each path as "a -p-> b <-q- c": the nodes' local names, each link's direction as stored.
  std::set<std::string> paths(const std::string& from, const std::string& to,
                              query::ConnectionOptions options = {}) {
    auto txn = store_->read();
    auto found = query::find_connections(txn, id(txn, from), id(txn, to), options);
    std::set<std::string> out;
    auto local = [&](TermId t) { return txn.term(t).value.substr(19); };
    for (const auto& path : found.paths) {
      std::string text = local(path.front().from);
      for (const auto& step : path) {
        EXPECT_EQ(step.from, &step == &path.front() ? id(txn, from) : (&step - 1)->to);
        text += step.forward ? " -" + local(step.predicate) + "-> "
                             : " <-" + local(step.predicate) + "- ";
        text += local(step.to);
      }
      EXPECT_EQ(path.back().to, id(txn, to));
      out.insert(text);
    }
    return out;
  }

  test::TempStore store_;
};

}  // namespace

TEST_F(Connections, GivesEveryShortestPathBothWays) {
  load(R"(:alice :memberOf :lab . :bob :memberOf :lab .
          :alice :wrote :paper . :paper :author :bob .
          :alice :knows :carol . :carol :knows :dave . :dave :knows :bob .)");
  EXPECT_EQ(paths("alice", "bob"), (std::set<std::string>{"alice -memberOf-> lab <-memberOf- bob",
                                                          "alice -wrote-> paper -author-> bob"}));
  // From the other end, the same links walked the other way.
  EXPECT_EQ(paths("bob", "alice"), (std::set<std::string>{"bob -memberOf-> lab <-memberOf- alice",
                                                          "bob <-author- paper <-wrote- alice"}));
}

TEST_F(Connections, LongerPathsOnlyWhenNoShorterOne) {
  load(R"(:a :p :b . :b :p :c . :c :p :d . :d :p :e . :e :p :f .)");
  EXPECT_EQ(paths("a", "e"), (std::set<std::string>{"a -p-> b -p-> c -p-> d -p-> e"}));
  query::ConnectionOptions three;
  three.max_length = 3;
  EXPECT_TRUE(paths("a", "e", three).empty());
  EXPECT_TRUE(paths("a", "f").empty());  // 5 links: past the default of 4
  query::ConnectionOptions five;
  five.max_length = 5;
  EXPECT_EQ(paths("a", "f", five).size(), 1u);
}

TEST_F(Connections, NeverThroughTypesClassesRolesOrProvenance) {
  load(R"(:alice a :Person ; :role :Member ; prov:wasDerivedFrom :source .
          :bob a :Person ; :role :Member ; prov:wasDerivedFrom :source .
          :Member a org:Role .
          :alice :likes :knows . :bob :likes :knows . :x :knows :y .
          :carol a :Person .)");
  // Sharing a class, a role, a source or a property links nothing.
  EXPECT_TRUE(paths("alice", "bob").empty());
  // An end may itself be one of them.
  EXPECT_EQ(paths("alice", "Member"), (std::set<std::string>{"alice -role-> Member"}));
}

TEST_F(Connections, HubsAreNotPassedThrough) {
  std::string turtle = ":alice :in :hub . :bob :in :hub . :alice :p :m . :m :p :n . :n :p :bob .\n";
  for (int i = 0; i < 20; ++i) turtle += ":x" + std::to_string(i) + " :in :hub .\n";
  load(turtle);
  query::ConnectionOptions options;
  options.hub_degree = 10;
  EXPECT_EQ(paths("alice", "bob", options),
            (std::set<std::string>{"alice -p-> m -p-> n -p-> bob"}));
  options.hub_degree = 100;
  EXPECT_EQ(paths("alice", "bob", options), (std::set<std::string>{"alice -in-> hub <-in- bob"}));
}

TEST_F(Connections, StopsAtMaxPaths) {
  std::string turtle;
  for (int i = 0; i < 30; ++i)
    turtle += ":a :p :m" + std::to_string(i) + " . :m" + std::to_string(i) + " :p :b .\n";
  load(turtle);
  EXPECT_EQ(paths("a", "b").size(), 10u);
  query::ConnectionOptions options;
  options.max_paths = 50;
  EXPECT_EQ(paths("a", "b", options).size(), 30u);
}

TEST_F(Connections, LinksInNamedGraphsCountOnce) {
  auto txn = store_->write();
  auto iri = [&](const char* local) {
    return txn.intern(Term::iri(std::string("http://example.org/") + local));
  };
  for (const char* g : {"g1", "g2"}) {
    txn.insert({{iri("a"), iri("p"), iri("b"), iri(g)}});
    txn.insert({{iri("b"), iri("p"), iri("c"), iri(g)}});
  }
  txn.commit();
  EXPECT_EQ(paths("a", "c"), (std::set<std::string>{"a -p-> b -p-> c"}));
}

TEST_F(Connections, TimeLimitStopsTheSearch) {
  std::string turtle;
  for (int i = 0; i < 2000; ++i) turtle += ":a :p :m" + std::to_string(i) + " .\n";
  turtle += ":z :q :y .\n";
  load(turtle);
  query::ConnectionOptions options;
  options.execution.deadline = std::chrono::steady_clock::now();
  auto txn = store_->read();
  EXPECT_THROW(query::find_connections(txn, id(txn, "a"), id(txn, "z"), options),
               query::QueryTimeout);
  EXPECT_THROW(query::find_connections(txn, id(txn, "a"), id(txn, "a")), std::invalid_argument);
}
