// The per-query memory budget over a real socket: each operator that keeps rows stops its query
// with 503 naming the limit and the option once the rows pass --max-query-memory, where it
// cannot spill to disk (DISTINCT, MINUS, joins with nothing to split on, groups beyond what
// partitions hold); ORDER BY sorts on disk past it, and hash joins and grouping partition their
// rows on disk; the server's memory stays within the budget plus a margin; other clients are
// answered; the metrics count it.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <optional>
#include <regex>

#include "server/endpoint_fixture.hpp"

using namespace moivre;

namespace {

// The process's peak resident memory, in bytes (VmHWM).
uint64_t peak_rss() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  return 0;
}

class MemoryBudget : public ::testing::Test {
 protected:
  static constexpr uint64_t kBudget = 8 << 20;

  void SetUp() override {
    // 2,000 triples: a two-pattern cross product has 4 million rows, far past the budget.
    std::string data = "@prefix : <http://example.org/> .\n";
    for (int i = 0; i < 2000; ++i)
      data += ":s" + std::to_string(i) + " :p" + std::to_string(i % 7) + " \"v" +
              std::to_string(i) + "\" .\n";
    test::load_text(*store_, data, graph::RdfSyntax::Turtle);
    serve(*store_, options(kBudget, 60));
  }

  static server::ServerOptions options(uint64_t max_query_memory,
                                       std::optional<double> timeout_seconds = std::nullopt) {
    server::ServerOptions o;
    o.access_log = false;
    o.max_query_memory = max_query_memory;
    if (timeout_seconds) o.query_timeout_seconds = *timeout_seconds;
    return o;
  }

  // (Re)starts the server on `store`, with a client that waits `read_timeout` seconds for an
  // answer and another for /health and /metrics.
  void serve(graph::Store& store, const server::ServerOptions& o, int read_timeout = 60) {
    server_ = std::make_unique<test::RunningServer>(store, o);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
    client_->set_read_timeout(read_timeout, 0);
    other_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  httplib::Result ask(const std::string& query) {
    return client_->Post("/sparql", {{"Accept", "application/sparql-results+json"}},
                         "PREFIX : <http://example.org/> " + query, "application/sparql-query");
  }

  std::string metric(const std::string& name) {
    auto res = other_->Get("/metrics");
    std::smatch m;
    if (!res || !std::regex_search(res->body, m, std::regex(name + " (\\d+)"))) return "?";
    return m[1];
  }

  test::TempStore store_;
  std::unique_ptr<test::RunningServer> server_;
  std::unique_ptr<httplib::Client> client_, other_;
};

}  // namespace

TEST_F(MemoryBudget, EachOperatorThatKeepsRowsStopsAtTheBudget) {
  // Each counted, so that no row is sent before the operator has kept them all: the error
  // comes before the first byte (a query that fails while streaming has its connection cut).
  const std::string cross = "?a ?b ?c . ?d ?e ?f";
  auto counted = [](const std::string& select) {
    return "SELECT (COUNT(*) AS ?n) { " + select + " }";
  };
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"DISTINCT", counted("SELECT DISTINCT ?a ?d { " + cross + " }")},
      {"GROUP BY", "SELECT ?a ?d (COUNT(*) AS ?n) { " + cross + " } GROUP BY ?a ?d"},
      {"hash join", counted("SELECT * { ?x :p1 ?y { SELECT ?a ?d { " + cross + " } } }")},
      {"OPTIONAL",
       counted("SELECT * { ?x :p1 ?y OPTIONAL { { SELECT ?a ?d { " + cross + " } } } }")},
      {"MINUS",
       counted("SELECT * { ?x :p1 ?y MINUS { { SELECT ?x ?d { ?x ?b ?c . ?d ?e ?f } } } }")},
      {"UNION", counted("SELECT * { " + cross + " { ?c ?g ?h } UNION { ?f ?g ?h } }")},
  };
  uint64_t before = peak_rss();
  for (const auto& [name, query] : queries) {
    auto res = ask(query);
    ASSERT_TRUE(res) << name;
    EXPECT_EQ(res->status, 503) << name << ": " << res->body.substr(0, 200);
    EXPECT_NE(res->body.find("memory limit of 8 MiB"), std::string::npos) << name;
    EXPECT_NE(res->body.find("--max-query-memory"), std::string::npos) << name;
    auto health = other_->Get("/health");
    ASSERT_TRUE(health && health->status == 200) << "no answer after " << name;
  }
  // Held rows are charged by estimate, not measured: a margin for the allocator and the rest.
  // (AddressSanitizer keeps freed memory in quarantine and pads every block: there the peak says
  // nothing of the budget.)
#ifndef __SANITIZE_ADDRESS__
  EXPECT_LT(peak_rss() - before, kBudget + (64 << 20));
#else
  (void)before;
#endif
  EXPECT_EQ(metric("moivre_query_memory_stops_total"), std::to_string(queries.size()));
  EXPECT_EQ(metric("moivre_query_memory_bytes"), "0");  // all given back
}

// DISTINCT streams its rows: past the budget once the answer is on its way, the connection is
// cut before the end, so that no client takes a partial answer for a whole one.
TEST_F(MemoryBudget, PastTheBudgetWhileStreamingCutsTheConnection) {
  auto res = ask("SELECT DISTINCT ?a ?d { ?a ?b ?c . ?d ?e ?f }");
  EXPECT_TRUE(!res || res->body.find("]}}") == std::string::npos);
  auto health = other_->Get("/health");
  ASSERT_TRUE(health && health->status == 200);
  EXPECT_EQ(metric("moivre_query_memory_stops_total"), "1");
}

// A sort past the budget goes to disk in sorted runs and gives the same answer as in memory.
TEST_F(MemoryBudget, OrderBySortsOnDiskPastTheBudget) {
  const std::string query =
      "SELECT ?c ?f { ?a :p1 ?c . ?d :p2 ?f } ORDER BY DESC(?f) ?c";  // 286 x 286 rows
  auto spilled = ask(query);
  ASSERT_TRUE(spilled);
  ASSERT_EQ(spilled->status, 200) << spilled->body.substr(0, 200);
  serve(*store_, options(0));  // all in memory
  auto in_memory = ask(query);
  ASSERT_TRUE(in_memory);
  EXPECT_EQ(in_memory->status, 200);
  EXPECT_EQ(spilled->body.size(), in_memory->body.size());
  EXPECT_TRUE(spilled->body == in_memory->body);
  EXPECT_EQ(std::count(spilled->body.begin(), spilled->body.end(), '{') - 3, 286 * 286 * 3);
  // And the cross product of the whole store, counted after sorting on disk.
  serve(*store_, options(kBudget), 120);
  auto counted = ask("SELECT (COUNT(*) AS ?n) { SELECT * { ?a :p1 ?c . ?d ?e ?f } ORDER BY ?f }");
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->status, 200);
  EXPECT_NE(counted->body.find("\"572000\""), std::string::npos) << counted->body;
}

// Hash joins (inner and OPTIONAL) with a key to split on and grouping (counting and other
// aggregates) past the budget go to disk in partitions, and give the answer they give in memory,
// the server's memory staying within the budget plus a margin.
TEST_F(MemoryBudget, HashJoinsAndGroupingSpillPastTheBudget) {
  // The right sides: every subject with each :p2 subject, 2,000 x 286 = 572,000 rows.
  const std::string right = "{ SELECT ?x ?d { ?x ?b ?c . ?d :p2 ?f } }";
  const std::vector<std::pair<std::string, std::string>> queries = {
      {"hash join", "SELECT (COUNT(*) AS ?n) { ?x :p1 ?y " + right + " }"},
      {"OPTIONAL", "SELECT (COUNT(*) AS ?n) { ?x :p1 ?y OPTIONAL " + right + " }"},
      {"GROUP BY counting",
       "SELECT (COUNT(*) AS ?n) { SELECT ?a ?d (COUNT(*) AS ?k) "
       "{ ?a :p1 ?c . ?d :p2 ?f } GROUP BY ?a ?d }"},
      {"GROUP BY min",
       "SELECT ?a ?d (MIN(?c) AS ?least) { ?a :p1 ?c . ?d :p2 ?f } GROUP BY ?a ?d "
       "ORDER BY ?a ?d"},
  };
  auto answers = [&](uint64_t budget) {
    serve(*store_, options(budget, 120), 120);
    std::vector<std::string> out;
    for (const auto& [name, query] : queries) {
      auto res = ask(query);
      EXPECT_TRUE(res && res->status == 200) << name << ": " << (res ? res->body : "no answer");
      out.push_back(res ? res->body : "");
    }
    return out;
  };
  uint64_t before = peak_rss();
  auto spilled = answers(kBudget);
#ifndef __SANITIZE_ADDRESS__
  EXPECT_LT(peak_rss() - before, kBudget + (64 << 20));
#else
  (void)before;
#endif
  auto in_memory = answers(0);
  for (size_t i = 0; i < queries.size(); ++i)
    EXPECT_EQ(spilled[i], in_memory[i]) << queries[i].first;
  EXPECT_NE(spilled[0].find("\"81796\""), std::string::npos) << spilled[0];  // 286 x 286
  EXPECT_NE(spilled[1].find("\"81796\""), std::string::npos) << spilled[1];
  EXPECT_NE(spilled[2].find("\"81796\""), std::string::npos) << spilled[2];
  EXPECT_EQ(std::count(spilled[3].begin(), spilled[3].end(), '{') - 3, 81796 * 4);
}

TEST_F(MemoryBudget, QueriesWithinTheBudgetAnswer) {
  auto res = ask("SELECT ?s ?o { ?s :p1 ?o } ORDER BY DESC(?o) LIMIT 3");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  res = ask("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?p { ?s ?p ?o } }");
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"7\""), std::string::npos) << res->body;
  // Counting the cross product keeps no rows: no limit applies to it.
  res = ask("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d :p1 ?f }");
  EXPECT_EQ(res->status, 200);
}

TEST_F(MemoryBudget, AnUpdatePastTheBudgetChangesNothing) {
  auto with_writes = options(kBudget);
  with_writes.write_token = "w";
  serve(*store_, with_writes);
  httplib::Client writer("127.0.0.1", server_->port());
  auto res = writer.Post("/sparql", {{"Authorization", "Bearer w"}},
                         "PREFIX : <http://example.org/> INSERT { ?a :q ?f } WHERE { SELECT "
                         "DISTINCT ?a ?f { ?a ?b ?c . ?d ?e ?f } }",
                         "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("nothing was changed"), std::string::npos);
  EXPECT_EQ(store_->read().stats().quads, 2000u);
}

// The server-wide budget: a query whose rows would pass what all running queries may hold
// together is told to come back (503, Retry-After), though its own budget would allow it.
TEST_F(MemoryBudget, TheServerWideBudgetAsksToRetry) {
  auto server_wide = options(64 << 20);
  server_wide.max_memory = 4 << 20;
  serve(*store_, server_wide);
  auto res = ask("SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?f ?c");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  EXPECT_NE(res->body.find("--max-memory"), std::string::npos) << res->body;
  EXPECT_EQ(ask("SELECT ?s { ?s :p1 ?o } ORDER BY ?o LIMIT 2")->status, 200);
  EXPECT_EQ(metric("moivre_query_memory_bytes"), "0");
}

// A property path's closure is charged as it grows: a chain of 3,000 links has 4.5 M pairs
// under :next*, far past the budget.
TEST_F(MemoryBudget, PathClosuresStopAtTheBudget) {
  test::TempStore chain;
  std::string data = "@prefix : <http://example.org/> .\n";
  for (int i = 0; i < 3000; ++i)
    data += ":n" + std::to_string(i) + " :next :n" + std::to_string(i + 1) + " .\n";
  test::load_text(*chain, data, graph::RdfSyntax::Turtle);
  serve(*chain, options(kBudget, 60));
  auto res = ask("SELECT (COUNT(*) AS ?n) { ?a :next* ?b }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body.substr(0, 200);
  EXPECT_NE(res->body.find("--max-query-memory"), std::string::npos);
  // From one end the closure is small.
  res = ask("SELECT (COUNT(*) AS ?n) { :n2990 :next* ?b }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("\"11\""), std::string::npos) << res->body;
  EXPECT_EQ(metric("moivre_query_memory_bytes"), "0");
}
