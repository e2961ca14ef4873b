// Runs queries on a small store made from TriG text, for tests that check answers: each
// solution as a line of N-Triples terms ("UNDEF" for an unbound variable) in projection order,
// tab-separated; the lines sorted unless the query orders them.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "support/temp_store.hpp"

namespace moivre::test {

class QueryRunner {
 public:
  explicit QueryRunner(const std::string& trig = {}) {
    auto txn = store_->write();
    graph::BulkLoader loader(txn);
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::TriG;
    options.base_iri = "http://example.org/";
    loader.add_string(trig, "data.trig", options);
    loader.finish();
    txn.commit();
  }

  // The solutions of a SELECT, as lines; ASK gives "true" or "false"; CONSTRUCT and DESCRIBE
  // give their triples in N-Triples, sorted.
  std::vector<std::string> rows(const std::string& text, bool sorted = true,
                                const std::vector<std::string>& default_graphs = {},
                                const std::vector<std::string>& named_graphs = {}) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    if (!default_graphs.empty() || !named_graphs.empty()) {
      algebra.from = default_graphs;
      algebra.from_named = named_graphs;
    }
    auto txn = store_->read();
    query::Execution execution(txn, algebra);
    std::vector<std::string> out;
    if (algebra.form == query::algebra::QueryForm::Ask) {
      out.push_back(execution.ask() ? "true" : "false");
      return out;
    }
    if (algebra.form != query::algebra::QueryForm::Select) {
      graph::Term s, p, o;
      while (execution.next_triple(s, p, o))
        out.push_back(s.to_ntriples() + " " + p.to_ntriples() + " " + o.to_ntriples());
      std::sort(out.begin(), out.end());
      return out;
    }
    query::TermRow row;
    while (execution.next(row)) {
      std::string line;
      for (size_t i = 0; i < row.size(); ++i) {
        if (i) line += '\t';
        line += row[i] ? row[i]->to_ntriples() : "UNDEF";
      }
      out.push_back(line);
    }
    if (sorted) std::sort(out.begin(), out.end());
    return out;
  }

  // The plan of a query after running it to the end (what --explain prints).
  std::string explain(const std::string& text) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = store_->read();
    query::Execution execution(txn, algebra);
    query::TermRow row;
    while (execution.next(row)) {
    }
    return execution.explain();
  }

  // The one value of a one-row, one-column SELECT ("UNDEF" when unbound).
  std::string value(const std::string& text) {
    auto r = rows(text);
    return r.size() == 1 ? r.front() : "(" + std::to_string(r.size()) + " rows)";
  }

  graph::Store& store() { return *store_; }

 private:
  TempStore store_;
};

}  // namespace moivre::test
