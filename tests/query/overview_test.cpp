// The store's overview (query/overview.hpp): graphs and classes with exact counts, checked
// against the counts written into the data and against SPARQL's own COUNT.
#include "query/overview.hpp"

#include <gtest/gtest.h>

#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
namespace query = moivre::query;

namespace {

const char* kData = R"(
@prefix : <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
:a a :Person . :b a :Person . :c a :Person , :Fellow .
:lab a :Lab .
:Person a owl:Class . :Lab a owl:Class . :Fellow a owl:Class . :name a owl:DatatypeProperty .
:g1 { :a a :Person . :d a :Person . :x :p :y . }
:g2 { :e a :Lab . }
)";

const std::string kEx = "http://example.org/";

}  // namespace

TEST(Overview, CountsGraphsAndDistinctInstances) {
  QueryRunner db(kData);
  auto txn = db.store().read();
  auto seen = query::overview(txn);
  EXPECT_EQ(seen.quads, 13u);
  ASSERT_EQ(seen.graphs.size(), 3u);
  EXPECT_EQ(seen.graphs[0].iri, "");  // the default graph first
  EXPECT_EQ(seen.graphs[0].quads, 9u);
  EXPECT_EQ(seen.graphs[1].iri, kEx + "g1");  // then the named ones by size
  EXPECT_EQ(seen.graphs[1].quads, 3u);
  EXPECT_EQ(seen.graphs[2].iri, kEx + "g2");
  EXPECT_EQ(seen.graphs_total, 3u);

  // :a is a Person in two graphs and counted once; owl:Class and owl:DatatypeProperty, the
  // vocabulary's own classes, are left out.
  ASSERT_EQ(seen.classes.size(), 3u);
  EXPECT_EQ(seen.classes_total, 3u);
  EXPECT_EQ(seen.classes[0].iri, kEx + "Person");
  EXPECT_EQ(seen.classes[0].instances, 4u);
  EXPECT_EQ(seen.classes[1].iri, kEx + "Lab");
  EXPECT_EQ(seen.classes[1].instances, 2u);
  EXPECT_EQ(seen.classes[2].iri, kEx + "Fellow");
  EXPECT_EQ(seen.classes[2].instances, 1u);
  // The same counts as SPARQL's, over every graph.
  for (const auto& c : seen.classes)
    EXPECT_EQ(
        db.value("SELECT (COUNT(DISTINCT ?s) AS ?n) { { ?s a <" + c.iri +
                 "> } UNION { GRAPH ?g { ?s a <" + c.iri + "> } } }"),
        "\"" + std::to_string(c.instances) + "\"^^<http://www.w3.org/2001/XMLSchema#integer>");
}

TEST(Overview, ListsAsManyAsAskedAndSaysHowManyThereAre) {
  QueryRunner db(kData);
  auto txn = db.store().read();
  auto seen = query::overview(txn, 1, 1);
  ASSERT_EQ(seen.graphs.size(), 2u);  // the default graph and the largest named one
  EXPECT_EQ(seen.graphs[1].iri, kEx + "g1");
  EXPECT_EQ(seen.graphs_total, 3u);
  ASSERT_EQ(seen.classes.size(), 1u);
  EXPECT_EQ(seen.classes[0].iri, kEx + "Person");
  EXPECT_EQ(seen.classes_total, 3u);
}

TEST(Overview, AnEmptyStoreHasItsDefaultGraphAndNoClass) {
  QueryRunner db;
  auto txn = db.store().read();
  auto seen = query::overview(txn);
  EXPECT_EQ(seen.quads, 0u);
  ASSERT_EQ(seen.graphs.size(), 1u);
  EXPECT_EQ(seen.graphs[0].quads, 0u);
  EXPECT_TRUE(seen.classes.empty());
}
