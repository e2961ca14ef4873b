// Runs W3C SPARQL query evaluation tests: loads each test's data into a fresh store, runs the
// query, and compares with the expected results (solutions as multisets, or sequences when the
// query orders them; blank nodes as placeholders; graphs up to blank node renaming). Prints
// pass/fail/skip counts per manifest, the skips with their reasons, and a closing
// "N passed, N failed, N skipped" line.
//
// SERVICE tests (qt:serviceData) get their endpoints in process: each endpoint's data in a store
// of its own, answering the engine's SERVICE requests (as text, parsed and run there, nested
// SERVICE included); an endpoint the test does not describe fails as an unreachable one. The
// HTTP side of SERVICE is tested between real servers (tests/server/federation_test.cpp).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/service.hpp"
#include "support/isomorphism.hpp"
#include "support/manifest.hpp"
#include "support/result_set.hpp"
#include "support/suite.hpp"
#include "support/temp_store.hpp"

namespace {

using namespace moivre;

constexpr const char* kQt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
constexpr const char* kDawgt = "http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool is_ordered(const query::algebra::Op& op) {
  using K = query::algebra::Op::Kind;
  if (op.kind == K::OrderBy) return true;
  if (op.kind == K::Slice || op.kind == K::Distinct || op.kind == K::Reduced ||
      op.kind == K::Project)
    return is_ordered(op.children.front());
  return false;
}

void load(graph::BulkLoader& loader, const std::string& iri, const std::string& graph_name) {
  auto path = test::Manifest::local_path(iri);
  auto syntax = graph::syntax_from_path(path.string());
  if (!syntax) throw test::TestSkipped("data in an unknown syntax: " + path.extension().string());
  graph::Input input(path.string());
  graph::ReadOptions options;
  options.syntax = *syntax;
  options.base_iri = iri;
  loader.add(input, options, graph_name);
}

// The endpoints of a SERVICE test, each a store of its data.
class TestEndpoints : public query::ServiceClient {
 public:
  void add(const std::string& endpoint, std::unique_ptr<graph::Store> store) {
    stores_[endpoint] = std::move(store);
  }
  query::SolutionTable select(const std::string& endpoint, const std::string& text,
                              std::chrono::steady_clock::time_point deadline) const override {
    auto it = stores_.find(endpoint);
    if (it == stores_.end()) throw query::ServiceFailed("no endpoint <" + endpoint + "> here");
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = it->second->read();
    query::ExecutionOptions options;
    options.deadline = deadline;
    options.services = this;
    query::Execution execution(txn, algebra, options);
    query::SolutionTable table;
    table.variables = execution.variables();
    query::TermRow row;
    while (execution.next(row)) table.rows.push_back(row);
    return table;
  }

 private:
  std::map<std::string, std::unique_ptr<graph::Store>> stores_;
};

// Returns an empty string on success, else what went wrong.
std::string run_test(const test::Manifest& m, const graph::Term& entry,
                     const std::filesystem::path& scratch) {
  auto action = m.object(entry, std::string(test::kMf) + "action");
  auto result = m.object(entry, std::string(test::kMf) + "result");
  if (!action || !result) throw test::TestSkipped("no action or result");
  auto query_iri = m.object(*action, std::string(kQt) + "query");
  if (!query_iri) throw test::TestSkipped("no query");
  auto result_path = test::Manifest::local_path(result->value);
  auto ext = result_path.extension().string();
  if (ext == ".csv")
    throw test::TestSkipped("CSV results are lossy; compared by the result-format tests");

  std::string text = read_file(test::Manifest::local_path(query_iri->value));
  auto algebra = query::algebra::translate(query::parse_query(text), text, query_iri->value);

  for (int i = 0; i < 8; ++i)
    std::filesystem::remove_all(scratch.parent_path() / ("endpoint" + std::to_string(i)));
  std::filesystem::remove_all(scratch);
  graph::Store store(scratch);
  {
    auto txn = store.write();
    graph::BulkLoader loader(txn);
    for (const auto& data : m.objects(*action, std::string(kQt) + "data"))
      load(loader, data.value, "");
    for (const auto& data : m.objects(*action, std::string(kQt) + "graphData"))
      load(loader, data.value, data.value);
    // A query's FROM and FROM NAMED name local files: load each as the graph of that name.
    std::set<std::string> dataset(algebra.from.begin(), algebra.from.end());
    dataset.insert(algebra.from_named.begin(), algebra.from_named.end());
    for (const auto& iri : dataset)
      if (iri.rfind("file://", 0) == 0) load(loader, iri, iri);
    loader.finish();
    txn.commit();
  }
  TestEndpoints endpoints;
  int endpoint_number = 0;
  for (const auto& service : m.objects(*action, std::string(kQt) + "serviceData")) {
    auto endpoint = m.object(service, std::string(kQt) + "endpoint");
    if (!endpoint) throw test::TestSkipped("serviceData without an endpoint");
    auto endpoint_store = std::make_unique<graph::Store>(
        scratch.parent_path() / ("endpoint" + std::to_string(endpoint_number++)));
    auto write = endpoint_store->write();
    graph::BulkLoader loader(write);
    for (const auto& data : m.objects(service, std::string(kQt) + "data"))
      load(loader, data.value, "");
    loader.finish();
    write.commit();
    endpoint_store->sync();
    endpoints.add(endpoint->value, std::move(endpoint_store));
  }
  auto txn = store.read();
  query::ExecutionOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  options.services = &endpoints;
  query::Execution execution(txn, algebra, options);

  using query::algebra::QueryForm;
  if (algebra.form == QueryForm::Construct || algebra.form == QueryForm::Describe) {
    test::Dataset actual;
    graph::Term s, p, o;
    while (execution.next_triple(s, p, o)) actual.push_back({s, p, o, false, {}});
    auto syntax = graph::syntax_from_path(result_path.string()).value_or(graph::RdfSyntax::Turtle);
    auto expected = test::read_dataset_file(result_path.string(), syntax, result->value);
    if (test::isomorphic(actual, expected)) return {};
    return "graph differs:\n" + test::to_nquads(actual) + "expected:\n" + test::to_nquads(expected);
  }
  test::ResultSet actual;
  if (algebra.form == QueryForm::Ask) {
    actual.is_boolean = true;
    actual.boolean = execution.ask();
  } else {
    actual.variables = execution.variables();
    query::TermRow row;
    while (execution.next(row)) actual.rows.push_back(row);
  }
  auto expected = test::read_result_set(result_path);
  std::string diff;
  if (test::same_results(expected, actual, is_ordered(algebra.pattern), &diff)) return {};
  return diff;
}

}  // namespace

int main(int argc, char** argv) {
  test::TempDir scratch;
  return test::run_suite(
      argc, argv,
      [](const test::Manifest& m, const graph::Term& entry) {
        auto type = m.object(entry, std::string(test::kRdf) + "type");
        return type && type->value.find("QueryEvaluationTest") != std::string::npos;
      },
      [&](const test::Manifest& m, const graph::Term& entry) {
        auto approval = m.object(entry, std::string(kDawgt) + "approval");
        if (approval && approval->value == std::string(kDawgt) + "Withdrawn")
          throw test::TestSkipped("withdrawn");
        return run_test(m, entry, scratch.path() / "db");
      });
}
