// The query's dataset (FROM, FROM NAMED, the protocol's graphs) seen by every kind of pattern:
// triple patterns, property paths, EXISTS, MINUS, DESCRIBE and GRAPH; and zero-length paths.
// Each case here gave a wrong answer before the dataset view (query/dataset.hpp).
#include <gtest/gtest.h>

#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
using Rows = std::vector<std::string>;

namespace {

const char* kData = R"(
<http://example.org/s> <http://example.org/q> <http://example.org/d> .
<http://example.org/g> {
  <http://example.org/s> <http://example.org/p> <http://example.org/o> .
  <http://example.org/o> <http://example.org/p> <http://example.org/o2> .
}
<http://example.org/h> {
  <http://example.org/o2> <http://example.org/p> <http://example.org/o3> .
  <http://example.org/s> <http://example.org/r> "in h" .
}
)";

const std::string kPrefix = "PREFIX : <http://example.org/> ";

}  // namespace

TEST(Dataset, PropertyPathsReadTheFromGraph) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g { :s :p+ ?x }"),
            (Rows{"<http://example.org/o2>", "<http://example.org/o>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g { :s :p/:p ?x }"),
            (Rows{"<http://example.org/o2>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g { :s !:q ?x }"), (Rows{"<http://example.org/o>"}));
  // Two FROM graphs merge: the path crosses from one into the other.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g FROM :h { :s :p+ ?x }"),
            (Rows{"<http://example.org/o2>", "<http://example.org/o3>", "<http://example.org/o>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g FROM :h { :s !(:q|:p) ?x }"), (Rows{"\"in h\""}));
  // Without FROM, the store's default graph.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { :s :p+ ?x }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { :s :q* ?x }"),
            (Rows{"<http://example.org/d>", "<http://example.org/s>"}));
}

TEST(Dataset, ProtocolGraphsReplaceTheQuerysDataset) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { :s :p+ ?x }", true, {"http://example.org/g"}),
            (Rows{"<http://example.org/o2>", "<http://example.org/o>"}));
}

TEST(Dataset, ExistsReadsTheActiveGraph) {
  QueryRunner db(kData);
  // Inside GRAPH: the named graph, not the store's default graph.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { GRAPH :g { :s :p ?x FILTER EXISTS { ?x :p ?y } } }"),
            (Rows{"<http://example.org/o>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { GRAPH :g { :s :p ?x FILTER NOT EXISTS { ?x :p ?y } } }"),
            Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?g ?x { GRAPH ?g { ?x :p ?y FILTER EXISTS { ?y :p ?z } } }"),
            (Rows{"<http://example.org/g>\t<http://example.org/s>"}));
  // Under FROM: the FROM graph.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g { :s :p ?x FILTER EXISTS { ?x :p :o2 } }"),
            (Rows{"<http://example.org/o>"}));
  EXPECT_EQ(db.rows(kPrefix + "ASK FROM :g { FILTER EXISTS { :s :q :d } }"), (Rows{"false"}));
  // FROM NAMED alone: the default graph is empty.
  EXPECT_EQ(db.rows(kPrefix + "ASK FROM NAMED :g { FILTER EXISTS { :s :q :d } }"), (Rows{"false"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM NAMED :g { GRAPH :g { :s :p ?x } "
                              "FILTER EXISTS { ?x :p ?y } }"),
            Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM NAMED :g { GRAPH :g { :s :p ?x "
                              "FILTER EXISTS { ?x :p ?y } } }"),
            (Rows{"<http://example.org/o>"}));
}

TEST(Dataset, MinusReadsTheActiveGraph) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x FROM :g { ?x :p ?y MINUS { ?x :p :o } }"),
            (Rows{"<http://example.org/o>"}));
}

TEST(Dataset, GraphSeesOnlyTheNamedGraphsOfTheDataset) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT DISTINCT ?g FROM NAMED :h { GRAPH ?g { ?s ?p ?o } }"),
            (Rows{"<http://example.org/h>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?o FROM NAMED :h { GRAPH :g { ?s ?p ?o } }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"),
            (Rows{"<http://example.org/g>", "<http://example.org/h>"}));
}

TEST(Dataset, DescribeReadsEveryGraphOfTheDataset) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "DESCRIBE :s"),
            (Rows{"<http://example.org/s> <http://example.org/p> <http://example.org/o>",
                  "<http://example.org/s> <http://example.org/q> <http://example.org/d>",
                  "<http://example.org/s> <http://example.org/r> \"in h\""}));
  EXPECT_EQ(db.rows(kPrefix + "DESCRIBE :s FROM :g"),
            (Rows{"<http://example.org/s> <http://example.org/p> <http://example.org/o>"}));
  EXPECT_EQ(db.rows(kPrefix + "DESCRIBE ?x FROM :h { ?x :r ?v }"),
            (Rows{"<http://example.org/s> <http://example.org/r> \"in h\""}));
}

// Section 18.4: a path's result is that of the path alone, joined. Alone, ?x :p* ?y pairs each
// node of the graph with itself, so a bound ?x that is no node (here a predicate) has no match.
TEST(Dataset, ZeroLengthPathsStartOnlyAtNodesOfTheGraph) {
  QueryRunner db("<http://example.org/a> <http://example.org/p> <http://example.org/b> .");
  EXPECT_EQ(db.rows(kPrefix + "SELECT * { ?s ?x ?o . ?x :p* ?y }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT * { ?s ?x ?o . ?x :p? ?y }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT * { ?s ?x ?o . ?y :p* ?x }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?y { ?s ?x ?o . ?o :p* ?y }"),
            (Rows{"<http://example.org/b>"}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?y { ?s ?x ?o . ?s (:q|:p?) ?y }"),
            (Rows{"<http://example.org/a>", "<http://example.org/b>"}));
  // A BIND'ed term outside the store is no node either; a constant of the query matches itself.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?y { BIND(:zz AS ?x) ?x :p* ?y }"), Rows{});
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?y { :zz :p* ?y }"), (Rows{"<http://example.org/zz>"}));
  // Evaluated alone, the same path gives every node.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?x { ?x :p* ?x }"),
            (Rows{"<http://example.org/a>", "<http://example.org/b>"}));
}
