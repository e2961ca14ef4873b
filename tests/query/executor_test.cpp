// The executor over a real store: LUBM row counts, plan order, time-out and cancellation.
#include "query/executor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "graph/graph.hpp"
#include "query/parser.hpp"
#include "support/temp_store.hpp"

using namespace moivre;

namespace {

// One LUBM(1) store for the whole suite: loading it takes a fraction of a second.
class Lubm : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new test::TempStore;
    auto txn = (*store_)->write();
    graph::BulkLoader loader(txn);
    graph::Input input(std::string(BENCH_DIR) + "/data/lubm1.nt.gz");
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::NTriples;
    loader.add(input, options);
    loader.finish();
    txn.commit();
  }
  static void TearDownTestSuite() { delete store_; }

  static uint64_t count_rows(const std::string& text, query::ExecutionOptions options = {}) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = (*store_)->read();
    query::Execution execution(txn, algebra, options);
    query::TermRow row;
    uint64_t n = 0;
    while (execution.next(row)) ++n;
    return n;
  }

  static test::TempStore* store_;
};
test::TempStore* Lubm::store_ = nullptr;

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_F(Lubm, BenchmarkQueriesGiveTheExpectedRowCounts) {
  // shared/bench/README.md, LUBM(1) column.
  const std::map<std::string, uint64_t> expected = {
      {"q01", 4},  {"q02", 0},    {"q03", 6},   {"q04", 34}, {"q05", 719}, {"q06", 7790},
      {"q07", 67}, {"q08", 7790}, {"q09", 208}, {"q10", 4},  {"q11", 224}, {"q12", 15},
      {"q13", 1},  {"q14", 5916}, {"x01", 10},  {"x02", 13}, {"x03", 125}, {"x04", 15},
      {"x05", 1},  {"x06", 20},   {"x07", 1},   {"x08", 12}};
  for (const auto& [name, rows] : expected)
    EXPECT_EQ(count_rows(read(std::string(BENCH_DIR) + "/queries/" + name + ".rq")), rows) << name;
}

TEST_F(Lubm, AnswersAreRight) {
  auto text = std::string(
      "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> "
      "SELECT (COUNT(*) AS ?n) (MAX(?name) AS ?last) WHERE { ?x a ub:FullProfessor ; ub:name ?name "
      "}");
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = (*store_)->read();
  query::Execution execution(txn, algebra);
  query::TermRow row;
  ASSERT_TRUE(execution.next(row));
  EXPECT_EQ(row[0]->value, "125");
  EXPECT_EQ(row[1]->value, "FullProfessor9");
}

TEST_F(Lubm, LimitStopsEarly) {
  // A cross product of the whole store would never finish; LIMIT makes it instant.
  EXPECT_EQ(count_rows("SELECT * { ?a ?b ?c . ?d ?e ?f } LIMIT 10"), 10u);
}

TEST_F(Lubm, TimeOutStopsAQuery) {
  query::ExecutionOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
  auto start = std::chrono::steady_clock::now();
  EXPECT_THROW(count_rows("SELECT * { ?a ?b ?c . ?d ?e ?f }", options), query::QueryTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST_F(Lubm, CancelStopsAQuery) {
  // Raised as the query runs (the flag is read every thousand rows or so), whenever it was set.
  std::atomic<bool> cancel{true};
  query::ExecutionOptions options;
  options.cancel = &cancel;
  EXPECT_THROW(count_rows("SELECT * { ?a ?b ?c . ?d ?e ?f }", options), query::QueryCancelled);
}

TEST_F(Lubm, SelectivePatternIsScannedFirst) {
  // Written with the unselective pattern first; the plan must start from the selective one,
  // which shows as an instant answer even under a tight time limit.
  query::ExecutionOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  EXPECT_EQ(
      count_rows("PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> "
                 "SELECT * { ?x ?p ?o . ?x ub:name \"FullProfessor9\" . "
                 "?x ub:worksFor <http://www.Department0.University0.edu> }",
                 options),
      count_rows("PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> "
                 "SELECT * { <http://www.Department0.University0.edu/FullProfessor9> ?p ?o }"));
}

TEST_F(Lubm, DescribeGivesTheResourcesTriples) {
  auto text = std::string(
      "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> "
      "DESCRIBE ?x <http://www.Department0.University0.edu> WHERE { ?x ub:name \"FullProfessor9\" "
      "; ub:worksFor <http://www.Department0.University0.edu> }");
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = (*store_)->read();
  query::Execution execution(txn, algebra);
  graph::Term s, p, o;
  std::set<std::string> subjects;
  size_t triples = 0;
  while (execution.next_triple(s, p, o)) {
    subjects.insert(s.value);
    ++triples;
  }
  EXPECT_EQ(subjects,
            (std::set<std::string>{"http://www.Department0.University0.edu",
                                   "http://www.Department0.University0.edu/FullProfessor9"}));
  EXPECT_EQ(
      triples,
      count_rows("SELECT * { <http://www.Department0.University0.edu> ?p ?o }") +
          count_rows("SELECT * { <http://www.Department0.University0.edu/FullProfessor9> ?p ?o }"));
}

// EXISTS probed by thousands of rows switches to a set of the pattern's ids (after 2,048
// probes): the answers must be those of the per-row index probes (1,227 of LUBM(1)'s 5,916
// undergraduates have an advisor).
TEST_F(Lubm, ExistsProbedByManyRowsAnswersAsBefore) {
  const std::string ub = "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> ";
  EXPECT_EQ(count_rows(ub + "SELECT ?x { ?x a ub:UndergraduateStudent "
                            "FILTER EXISTS { ?x ub:advisor ?a } }"),
            1227u);
  EXPECT_EQ(count_rows(ub + "SELECT ?x { ?x a ub:UndergraduateStudent "
                            "FILTER NOT EXISTS { ?x ub:advisor ?a } }"),
            4689u);
  EXPECT_EQ(count_rows(ub + "SELECT DISTINCT ?x { ?x a ub:UndergraduateStudent ; ub:advisor ?a }"),
            1227u);
}

// A pattern looked up thousands of times is answered from a table of its matches read once
// (BgpPlan::Learned): the rows must be exactly those of the lookups, for a join, for an OPTIONAL
// (one run per row, sharing the table) and with two positions bound per lookup.
TEST_F(Lubm, PatternsLookedUpManyTimesGiveTheSameRows) {
  const std::string ub = "http://swat.cse.lehigh.edu/onto/univ-bench.owl#";
  auto txn = (*store_)->read();
  auto id = [&](const std::string& iri) { return *txn.lookup(graph::Term::iri(iri)); };
  auto rows = [&](const std::string& text) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    query::Execution execution(txn, algebra, {});
    std::multiset<std::vector<std::string>> out;
    query::TermRow row;
    while (execution.next(row)) {
      std::vector<std::string> values;
      for (const auto& v : row) values.push_back(v ? v->to_ntriples() : "UNDEF");
      out.insert(values);
    }
    return out;
  };
  auto objects = [&](graph::TermId s, graph::TermId p) {
    std::vector<std::string> out;
    graph::QuadPattern qp;
    qp.ids = {s, p, graph::kAny, graph::kDefaultGraph};
    graph::Quad q;
    for (auto scan = txn.scan(qp); scan.next(q);) out.push_back(txn.term(q.o()).to_ntriples());
    return out;
  };
  std::vector<graph::TermId> students;
  graph::QuadPattern typed;
  typed.ids = {graph::kAny, id("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
               id(ub + "UndergraduateStudent"), graph::kDefaultGraph};
  graph::Quad q;
  for (auto scan = txn.scan(typed); scan.next(q);) students.push_back(q.s());
  ASSERT_GT(students.size(), 4096u);  // enough lookups for a table

  std::multiset<std::vector<std::string>> joined, optional;
  for (graph::TermId s : students) {
    std::string name = txn.term(s).to_ntriples();
    for (const auto& d : objects(s, id(ub + "memberOf"))) joined.insert({name, d});
    auto advisors = objects(s, id(ub + "advisor"));
    if (advisors.empty()) optional.insert({name, "UNDEF"});
    for (const auto& a : advisors) optional.insert({name, a});
  }
  const std::string prefix = "PREFIX ub: <" + ub + "> ";
  EXPECT_EQ(rows(prefix + "SELECT ?s ?d { ?s a ub:UndergraduateStudent ; ub:memberOf ?d }"),
            joined);
  EXPECT_EQ(rows(prefix + "SELECT ?s ?a { ?s a ub:UndergraduateStudent "
                          "OPTIONAL { ?s ub:advisor ?a } }"),
            optional);
  // Subject and object bound by the rows: each (student, course) pair found again.
  EXPECT_EQ(rows(prefix + "SELECT ?s ?c { ?s ub:takesCourse ?c . ?s2 ub:takesCourse ?c "
                          "FILTER(?s = ?s2) ?s ub:takesCourse ?c }")
                .size(),
            rows(prefix + "SELECT ?s ?c { ?s ub:takesCourse ?c }").size());
}

// --explain gives each scan of a basic graph pattern the rows it actually gave, after its
// estimate: here every graduate student (the first scan) and the courses they take (the second).
TEST_F(Lubm, ExplainGivesEachScanItsActualRows) {
  const std::string prefix = "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> ";
  const std::string text = prefix + "SELECT ?s ?c { ?s a ub:GraduateStudent ; ub:takesCourse ?c }";
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = (*store_)->read();
  query::Execution execution(txn, algebra, {});
  query::TermRow row;
  uint64_t rows = 0;
  while (execution.next(row)) ++rows;
  std::string plan = execution.explain();
  std::regex scan_line(R"(scan (\S+) (\S+) (\S+)   est (\d+)   rows (\d+))");
  std::vector<std::pair<std::string, uint64_t>> scans;  // predicate, actual rows
  for (std::sregex_iterator it(plan.begin(), plan.end(), scan_line), end; it != end; ++it)
    scans.emplace_back((*it)[2], std::stoull((*it)[5]));
  ASSERT_EQ(scans.size(), 2u) << plan;
  uint64_t students = count_rows(prefix + "SELECT ?s { ?s a ub:GraduateStudent }");
  EXPECT_GT(rows, students);  // students take several courses
  for (const auto& [predicate, n] : scans)
    EXPECT_EQ(n, predicate.find("takesCourse") != std::string::npos ? rows : students) << plan;
}

// ORDER BY reads its keys' terms in one walk of the dictionary (sort.cpp): the order equals the
// strings' own, ascending and descending, whole and under a LIMIT, the keys' ids in any order.
TEST_F(Lubm, OrderByAStringGivesTheStringsOrder) {
  const std::string prefix = "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#> ";
  auto column = [&](const std::string& text) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = (*store_)->read();
    query::Execution execution(txn, algebra, {});
    query::TermRow row;
    std::vector<std::string> out;
    while (execution.next(row)) out.push_back(row.at(0) ? row[0]->value : "UNDEF");
    return out;
  };
  const std::string where = "{ ?x a ub:GraduateStudent ; ub:emailAddress ?e }";
  auto expected = column(prefix + "SELECT ?e " + where);
  ASSERT_GT(expected.size(), 1000u);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(column(prefix + "SELECT ?e " + where + " ORDER BY ?e"), expected);
  auto top = column(prefix + "SELECT ?e " + where + " ORDER BY ?e LIMIT 20 OFFSET 100");
  EXPECT_EQ(top, std::vector<std::string>(expected.begin() + 100, expected.begin() + 120));
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(column(prefix + "SELECT ?e " + where + " ORDER BY DESC(?e)"), expected);
  // Names and addresses mixed in one key: their ids interleave.
  auto mixed = column(prefix +
                      "SELECT ?v { { ?x a ub:GraduateStudent ; ub:emailAddress ?v } "
                      "UNION { ?x a ub:GraduateStudent ; ub:name ?v } } ORDER BY ?v");
  EXPECT_TRUE(std::is_sorted(mixed.begin(), mixed.end()));
  EXPECT_EQ(mixed.size(), 2 * column(prefix + "SELECT ?x { ?x a ub:GraduateStudent }").size());
}
