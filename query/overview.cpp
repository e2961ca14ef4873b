#include "query/overview.hpp"

#include <algorithm>

#include "query/labels.hpp"

namespace moivre::query {

namespace {

std::vector<GraphCount> graph_counts(const graph::ReadTransaction& txn, size_t max_graphs,
                                     size_t& total) {
  graph::QuadPattern in_default;
  in_default.ids[graph::G] = graph::kDefaultGraph;
  std::vector<std::pair<uint64_t, graph::TermId>> named;
  for (graph::TermId g : txn.graphs()) {
    graph::QuadPattern in_graph;
    in_graph.ids[graph::G] = g;
    named.emplace_back(txn.count(in_graph), g);
  }
  total = named.size() + 1;
  std::sort(named.begin(), named.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<GraphCount> out{{"", txn.count(in_default)}};
  for (size_t i = 0; i < named.size() && i < max_graphs; ++i)
    out.push_back({txn.term(named[i].second).node_name(), named[i].first});
  return out;
}

// Classes that describe a vocabulary (owl:Class, rdf:Property, owl:ObjectProperty, ...) rather
// than the things the data is about.
bool schema_level(const graph::ReadTransaction& txn, graph::TermId cls) {
  if (graph::id_kind(cls) != graph::TermKind::Iri) return false;
  std::string iri = txn.term(cls).value;
  for (const char* ns : {"http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                         "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2002/07/owl#"})
    if (iri.rfind(ns, 0) == 0) return true;
  return false;
}

}  // namespace

StoreOverview overview(const graph::ReadTransaction& txn, size_t max_graphs, size_t max_classes) {
  StoreOverview out;
  out.quads = txn.count(graph::QuadPattern{});
  out.graphs = graph_counts(txn, max_graphs, out.graphs_total);

  auto type = txn.lookup(graph::Term::iri(kRdfType));
  if (!type) return out;
  // In P-O-S order a class's instances come together and sorted, so distinct subjects are
  // counted by their changes (a statement in several graphs repeats its subject).
  graph::QuadPattern typed;
  typed.ids[graph::P] = *type;
  std::vector<std::pair<uint64_t, graph::TermId>> counts;
  graph::Quad q;
  graph::TermId last_class = graph::kAny, last_subject = graph::kAny;
  bool skipping = false;  // the current class is schema_level
  for (auto scan = txn.scan(typed, graph::Permutation::POSG); scan.next(q);) {
    if (q.o() != last_class) {
      last_class = q.o();
      last_subject = graph::kAny;
      skipping = schema_level(txn, q.o());
      if (!skipping) counts.emplace_back(0, q.o());
    }
    if (skipping) continue;
    if (q.s() != last_subject) ++counts.back().first;
    last_subject = q.s();
  }
  out.classes_total = counts.size();
  size_t shown_count = std::min(max_classes, counts.size());
  std::partial_sort(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(shown_count),
                    counts.end(), [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first > b.first : a.second < b.second;
                    });
  Labels labels(txn);
  for (size_t i = 0; i < shown_count; ++i)
    out.classes.push_back(
        {txn.term(counts[i].second).node_name(), labels.name(counts[i].second), counts[i].first});
  // Ties by IRI, as people read them (ids follow the order terms were first met).
  std::stable_sort(out.classes.begin(), out.classes.end(), [](const auto& a, const auto& b) {
    return a.instances != b.instances ? a.instances > b.instances : a.iri < b.iri;
  });
  return out;
}

}  // namespace moivre::query
