// The data a query reads: a store snapshot seen through the query's RDF dataset (SPARQL 1.1
// section 13). Every read of quads by the executor (triple patterns, property paths, EXISTS,
// MINUS, DESCRIBE, the graph names GRAPH ?g ranges over) goes through one DatasetView; nothing
// else reads a graph id.
//
// The dataset comes from FROM and FROM NAMED, the protocol's default-graph-uri and
// named-graph-uri (which replace them), or an update's USING, USING NAMED and WITH:
// - no dataset clause: the default graph is the store's default graph and every named graph of
//   the store is visible to GRAPH;
// - FROM and/or FROM NAMED: the default graph is the merge of the FROM graphs (empty when there
//   are none, or when the store lacks them), and GRAPH sees the FROM NAMED graphs only (an
//   update's WITH keeps every named graph visible).
//
// A graph is named by a GraphId: a stored graph's own id (kDefaultGraph for the store's default
// graph), or one of the markers below, which stand for graphs no index holds as such.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::query {

using graph::TermId;
using GraphId = TermId;

// The merge of several FROM graphs: each triple once, whichever graphs hold it.
inline constexpr GraphId kMergedDefault = TermId{1} << 61;
// A graph with no triples (FROM NAMED without FROM; a FROM graph the store lacks).
inline constexpr GraphId kEmptyGraph = kMergedDefault + 1;

// Quads, one at a time.
class QuadSource {
 public:
  virtual ~QuadSource() = default;
  virtual bool next(graph::Quad& quad) = 0;
};

// An index scan of one stored graph.
class ScanSource : public QuadSource {
 public:
  explicit ScanSource(graph::QuadScan scan) : scan_(std::move(scan)) {}
  bool next(graph::Quad& quad) override { return scan_.next(quad); }
  // Starts over on another pattern with the same cursor; false when it cannot.
  bool restart(const graph::QuadPattern& pattern) { return scan_.restart(pattern); }

 private:
  graph::QuadScan scan_;
};

class DatasetView {
 public:
  // `from` and `from_named` as the query gives them (IRIs); with neither, the whole store.
  DatasetView(const graph::ReadTransaction& txn, const std::vector<std::string>& from,
              const std::vector<std::string>& from_named, bool keep_named_graphs);

  const graph::ReadTransaction& txn() const { return txn_; }

  // The active graph outside any GRAPH clause.
  GraphId default_graph() const { return default_graph_; }
  // The graphs GRAPH ?g ranges over, in id order; GRAPH <g> sees <g> only if it is one of them.
  const std::vector<GraphId>& named_graphs() const { return named_graphs_; }
  bool is_named_graph(GraphId graph) const;
  // Whether a graph is one an index holds (its scans come in index order and can be restarted).
  static bool is_stored(GraphId graph) { return graph < kMergedDefault; }

  // The quads matching `pattern` in the graph pattern.ids[G].
  std::unique_ptr<QuadSource> scan(const graph::QuadPattern& pattern) const;
  // How many quads match, counting no further than `cap`.
  uint64_t count(const graph::QuadPattern& pattern, uint64_t cap = UINT64_MAX) const;
  // A cheap cardinality for planning (graph/store.hpp, ReadTransaction::estimate).
  uint64_t estimate(const graph::QuadPattern& pattern) const;
  // The size of a pattern's extent, or at least `cap` when it is larger: a predicate alone in
  // the store's default graph is sized from its statistics (all graphs: an upper bound, known
  // without counting); anything else is counted up to the cap.
  uint64_t extent_size(const graph::QuadPattern& extent, uint64_t cap) const;
  // Per-predicate statistics over the whole store, for planning.
  graph::PredicateStats predicate_stats(TermId predicate) const;

  // Whether a term is a node of a graph: the subject or object of one of its triples (the
  // terms a zero-length path may start from, section 18.4).
  bool is_node(TermId term, GraphId graph) const;

  // The graphs DESCRIBE reads: the default graph, then the named graphs.
  std::vector<GraphId> all_graphs() const;

 private:
  const graph::ReadTransaction& txn_;
  GraphId default_graph_ = graph::kDefaultGraph;
  std::vector<TermId> merged_;  // kMergedDefault: its graphs
  std::vector<GraphId> named_graphs_;
};

}  // namespace moivre::query
