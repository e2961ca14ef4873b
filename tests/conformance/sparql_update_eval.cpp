// Runs W3C SPARQL 1.1 Update evaluation tests: load the "before" dataset, run the request in one
// write transaction, and compare every graph of the store with the "after" dataset up to blank
// node renaming. Prints counts per manifest and a closing "N passed, N failed, N skipped" line.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/parser.hpp"
#include "query/update.hpp"
#include "support/isomorphism.hpp"
#include "support/manifest.hpp"
#include "support/suite.hpp"
#include "support/temp_store.hpp"

namespace {

using namespace moivre;

constexpr const char* kUt = "http://www.w3.org/2009/sparql/tests/test-update#";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The dataset a manifest node describes: ut:data for the default graph, ut:graphData with
// ut:graph (file) and rdfs:label (graph name) for named graphs.
test::Dataset expected_dataset(const test::Manifest& m, const graph::Term& node) {
  test::Dataset out;
  for (const auto& data : m.objects(node, std::string(kUt) + "data")) {
    auto path = test::Manifest::local_path(data.value).string();
    for (auto q : test::read_dataset_file(path, *graph::syntax_from_path(path), data.value)) {
      q.has_graph = false;
      out.push_back(q);
    }
  }
  for (const auto& gd : m.objects(node, std::string(kUt) + "graphData")) {
    auto file = m.object(gd, std::string(kUt) + "graph");
    auto label = m.object(gd, std::string(test::kRdfs) + "label");
    if (!file) continue;
    std::string name = label ? label->value : file->value;
    auto path = test::Manifest::local_path(file->value).string();
    for (auto q : test::read_dataset_file(path, *graph::syntax_from_path(path), file->value)) {
      q.has_graph = true;
      q.g = graph::Term::iri(name);
      out.push_back(q);
    }
  }
  return out;
}

void load(graph::Store& store, const test::Dataset& dataset) {
  auto txn = store.write();
  for (const auto& q : dataset) {
    graph::Quad quad{{txn.intern(q.s), txn.intern(q.p), txn.intern(q.o),
                      q.has_graph ? txn.intern(q.g) : graph::kDefaultGraph}};
    txn.insert(quad);
  }
  txn.commit();
}

test::Dataset store_dataset(graph::Store& store) {
  test::Dataset out;
  auto txn = store.read();
  graph::Quad q;
  for (auto scan = txn.scan(graph::QuadPattern{}); scan.next(q);) {
    test::TermQuad tq{
        txn.term(q.s()), txn.term(q.p()), txn.term(q.o()), q.g() != graph::kDefaultGraph, {}};
    if (tq.has_graph) tq.g = txn.term(q.g());
    out.push_back(std::move(tq));
  }
  return out;
}

std::string run_test(const test::Manifest& m, const graph::Term& entry,
                     const std::filesystem::path& scratch) {
  auto action = m.object(entry, std::string(test::kMf) + "action");
  auto result = m.object(entry, std::string(test::kMf) + "result");
  if (!action || !result) return "no action or result";
  auto request = m.object(*action, std::string(kUt) + "request");
  if (!request) return "no request";

  std::filesystem::remove_all(scratch);
  graph::Store store(scratch);
  load(store, expected_dataset(m, *action));

  std::string text = read_file(test::Manifest::local_path(request->value));
  auto update = query::algebra::translate_update(query::parse_update(text), text, request->value);
  // No test of these suites expects the request to fail: an error is a failure.
  {
    auto txn = store.write();
    query::execute_update(txn, update);
    txn.commit();
  }
  auto actual = store_dataset(store);
  auto expected = expected_dataset(m, *result);
  if (test::isomorphic(actual, expected)) return {};
  return "store differs:\n" + test::to_nquads(actual) + "expected:\n" + test::to_nquads(expected);
}

}  // namespace

int main(int argc, char** argv) {
  test::TempDir scratch;
  return test::run_suite(
      argc, argv,
      [](const test::Manifest& m, const graph::Term& entry) {
        auto type = m.object(entry, std::string(test::kRdf) + "type");
        return type && type->value.find("UpdateEvaluationTest") != std::string::npos;
      },
      [&](const test::Manifest& m, const graph::Term& entry) {
        return run_test(m, entry, scratch.path() / "db");
      });
}
