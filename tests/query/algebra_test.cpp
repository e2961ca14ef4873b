// Translation of queries to the SPARQL algebra (section 18.2), checked as S-expressions.
#include "query/algebra.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "query/parser.hpp"

using namespace moivre::query;

namespace {

std::string algebra_of(const std::string& text) {
  auto q = algebra::translate(parse_query(text), text, "http://example.org/base/");
  return algebra::to_sse(q.pattern);
}

const std::string kEx = "PREFIX : <http://example.org/>\n";

}  // namespace

TEST(Algebra, BasicGraphPatternsMergeAndFiltersWrapTheGroup) {
  EXPECT_EQ(algebra_of(kEx + "SELECT ?s { ?s :p ?o FILTER(?o > 1) ?s :q ?x }"),
            "(project (?s) (filter (> ?o \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) "
            "(bgp (triple ?s <http://example.org/p> ?o) (triple ?s <http://example.org/q> ?x))))");
}

TEST(Algebra, OptionalWithFilterBecomesLeftJoinWithCondition) {
  EXPECT_EQ(algebra_of(kEx + "SELECT * { ?s :p ?o OPTIONAL { ?s :q ?x FILTER(?x != ?o) } }"),
            "(project (?s ?o ?x) (leftjoin (bgp (triple ?s <http://example.org/p> ?o)) "
            "(bgp (triple ?s <http://example.org/q> ?x)) (!= ?x ?o)))");
}

TEST(Algebra, UnionMinusBindAndValues) {
  EXPECT_EQ(
      algebra_of(kEx + "SELECT ?a { { ?a :p 1 } UNION { ?a :q 2 } MINUS { ?a :r 3 } "
                       "BIND(STR(?a) AS ?s) VALUES ?a { :x UNDEF } }"),
      "(project (?a) (join (extend ((?s (STR ?a))) (minus (union "
      "(bgp (triple ?a <http://example.org/p> \"1\"^^<http://www.w3.org/2001/XMLSchema#integer>)) "
      "(bgp (triple ?a <http://example.org/q> \"2\"^^<http://www.w3.org/2001/XMLSchema#integer>))) "
      "(bgp (triple ?a <http://example.org/r> "
      "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>)))) "
      "(table (vars ?a) (row [?a <http://example.org/x>]) (row))))");
}

TEST(Algebra, PathsBecomeTriplesWhereTheyCan) {
  EXPECT_EQ(algebra_of(kEx + "SELECT * { ?s :p/^:q ?o . ?o :r+ ?z }"),
            "(project (?s ?o ?z) (join (bgp (triple ?s <http://example.org/p> ??#0) "
            "(triple ?o <http://example.org/q> ??#0)) "
            "(path ?o (path+ <http://example.org/r>) ?z)))");
}

TEST(Algebra, GroupingLiftsAggregates) {
  EXPECT_EQ(
      algebra_of(kEx + "SELECT ?s (COUNT(DISTINCT ?o) AS ?n) { ?s :p ?o } GROUP BY ?s "
                       "HAVING (SUM(?o) > 10) ORDER BY DESC(?n) LIMIT 5"),
      "(slice 0 5 (project (?s ?n) (order ((desc ?n)) (extend ((?n ??agg0)) (filter (> ??agg1 "
      "\"10\"^^<http://www.w3.org/2001/XMLSchema#integer>) (group (?s) ((??agg0 (COUNT "
      "distinct ?o)) (??agg1 (SUM ?o))) (bgp (triple ?s <http://example.org/p> ?o))))))))");
}

TEST(Algebra, CollectionsAndBlankNodes) {
  EXPECT_EQ(algebra_of(kEx + "ASK { _:b :list (1 [ :p ?x ]) }"),
            "(bgp (triple ??#0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> "
            "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>) "
            "(triple ??#0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> ??#1) "
            "(triple ??#2 <http://example.org/p> ?x) "
            "(triple ??#1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ??#2) "
            "(triple ??#1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#rest> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#nil>) "
            "(triple ??b <http://example.org/list> ??#0))");
}

TEST(Algebra, UndefinedPrefixIsReported) {
  try {
    algebra_of("SELECT * { ?s nope:p ?o }");
    FAIL();
  } catch (const QuerySyntaxError& e) {
    EXPECT_EQ(e.column(), 15u);
    EXPECT_NE(e.expected().find("nope"), std::string::npos);
  }
}

TEST(Algebra, EveryEvaluationQueryOfTheW3CSuitesTranslates) {
  int translated = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(SPARQL_DIR)) {
    const auto& path = entry.path();
    if (path.extension() != ".rq" || path.string().find("/syntax-") != std::string::npos) continue;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    Node tree;
    try {
      tree = parse_query(text.str());
    } catch (const QuerySyntaxError&) {
      continue;  // the negative tests and withdrawn drafts, checked in parser_test
    }
    EXPECT_NO_THROW(algebra::translate(tree, text.str(), "file://" + path.string())) << path;
    ++translated;
  }
  EXPECT_GT(translated, 400);
}

// A language tag is the tag alone: "x"@en, not "x"@@en (the '@' once leaked into the tag).
TEST(Algebra, LanguageTagsLeaveOutTheAt) {
  auto q = algebra::translate(parse_query("SELECT * { ?s ?p \"chat\"@FR }"), "");
  EXPECT_EQ(algebra::to_sse(q.pattern), "(project (?s ?p) (bgp (triple ?s ?p \"chat\"@fr)))");
}
