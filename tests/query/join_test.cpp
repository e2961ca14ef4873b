// Joins, OPTIONAL and MINUS on inputs with unbound values, where a hashed side must fall back to
// comparing rows: the answers the specification gives (sections 18.5, 18.6).
#include <gtest/gtest.h>

#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
using Rows = std::vector<std::string>;

namespace {

const std::string kPrefix = "PREFIX : <http://example.org/> ";
const char* kData = R"(
<http://example.org/a> <http://example.org/p> 1 .
<http://example.org/b> <http://example.org/p> 2 .
<http://example.org/c> <http://example.org/p> 3 .
<http://example.org/a> <http://example.org/q> <http://example.org/x> .
<http://example.org/b> <http://example.org/q> <http://example.org/y> .
<http://example.org/x> <http://example.org/r> "rx" .
)";

std::string iri(const char* local) {
  return std::string("<http://example.org/") + local + ">";
}

}  // namespace

TEST(Joins, MinusKeyedOnTheVariablesBothSidesBind) {
  QueryRunner db(kData);
  // The right side binds ?s and ?o; the left only ?s: keyed on ?s.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s :p ?v MINUS { ?s :q ?o } }"), (Rows{iri("c")}));
  // A left row without the key (OPTIONAL left it unbound) is compared with every right row.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s ?o { ?s :p ?v OPTIONAL { ?s :q ?o } MINUS { ?o :r ?w } }"),
            (Rows{iri("b") + "\t" + iri("y"), iri("c") + "\tUNDEF"}));
  // Rows of the right side binding different variables.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s :p ?v MINUS { { ?s :q :x } UNION { ?v :r ?w } } }"),
            (Rows{iri("b"), iri("c")}));
  // No shared variable: nothing is removed.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s :p ?v MINUS { ?x :r ?w } }"),
            (Rows{iri("a"), iri("b"), iri("c")}));
}

TEST(Joins, HashJoinOnlyOnVariablesTheLeftSideBinds) {
  QueryRunner db(kData);
  // The subquery binds ?s and ?n; the left side ?s only.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s ?n { ?s :q ?o { SELECT ?s (COUNT(*) AS ?n) { ?s :p ?v } "
                              "GROUP BY ?s } }"),
            (Rows{iri("a") + "\t\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                  iri("b") + "\t\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"}));
}

TEST(Joins, OptionalSidePlannedWithTheLeftSidesVariables) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s ?w { ?s :p ?v OPTIONAL { ?o :r ?w . ?s :q ?o } }"),
            (Rows{iri("a") + "\t\"rx\"", iri("b") + "\tUNDEF", iri("c") + "\tUNDEF"}));
}

TEST(Joins, ExplainNamesEachJoinsAlgorithmAndKeys) {
  QueryRunner db(kData);
  std::string plan = db.explain(kPrefix +
                                "SELECT * { ?s :p ?v { SELECT ?s (COUNT(*) AS ?n) { ?s :q ?o } "
                                "GROUP BY ?s } OPTIONAL { { ?s :q ?x } UNION { ?s :r ?x } } }");
  EXPECT_NE(plan.find("hash join on ?s: 2 rows hashed"), std::string::npos) << plan;
  EXPECT_NE(plan.find("hash left join on ?s: 3 rows hashed"), std::string::npos) << plan;
  plan = db.explain(kPrefix + "SELECT * { ?s :p ?v { ?s :q ?o } UNION { ?s :r ?o } ?o :r ?w }");
  EXPECT_NE(plan.find("bind join: union, bound to"), std::string::npos) << plan;
}

// A FILTER (NOT) EXISTS over one pattern probed by thousands of rows reads the ids at its bound
// position once: into a bitmap when they are dense (subjects, all IRIs), else a sorted list
// (objects mixing IRIs and literals). Both must answer as the per-row probe does.
TEST(Joins, ExistsProbedByManyRowsAnswersAsPerRow) {
  std::string data;
  for (int i = 0; i < 6000; ++i) {
    std::string s = "<http://example.org/s" + std::to_string(i) + ">";
    data += s + " <http://example.org/p> " + std::to_string(i) + " .\n";
    if (i % 2 == 0) data += s + " <http://example.org/q> <http://example.org/x> .\n";
    if (i % 3 == 0)
      data += "<http://example.org/y> <http://example.org/r> " + std::to_string(i) + " .\n";
    if (i % 5 == 0)
      data += "<http://example.org/y> <http://example.org/r> <http://example.org/o" +
              std::to_string(i) + "> .\n";
  }
  QueryRunner db(data);
  EXPECT_EQ(
      db.value(kPrefix + "SELECT (COUNT(*) AS ?n) { ?s :p ?v FILTER NOT EXISTS { ?s :q ?o } }"),
      "\"3000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(db.value(kPrefix + "SELECT (COUNT(*) AS ?n) { ?s :p ?v FILTER EXISTS { ?s :q ?o } }"),
            "\"3000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(db.value(kPrefix + "SELECT (COUNT(*) AS ?n) { ?s :p ?v FILTER EXISTS { ?y :r ?v } }"),
            "\"2000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  EXPECT_EQ(db.value(kPrefix + "SELECT (COUNT(*) AS ?n) { ?s :p ?v MINUS { ?s :q ?o } }"),
            "\"3000\"^^<http://www.w3.org/2001/XMLSchema#integer>");
}
