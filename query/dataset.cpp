#include "query/dataset.hpp"

#include <algorithm>
#include <array>
#include <set>

namespace moivre::query {
namespace {

class VectorSource : public QuadSource {
 public:
  explicit VectorSource(std::vector<graph::Quad> quads) : quads_(std::move(quads)) {}
  bool next(graph::Quad& quad) override {
    if (pos_ >= quads_.size()) return false;
    quad = quads_[pos_++];
    return true;
  }

 private:
  std::vector<graph::Quad> quads_;
  size_t pos_ = 0;
};

class EmptySource : public QuadSource {
 public:
  bool next(graph::Quad&) override { return false; }
};

std::vector<TermId> ids_of(const graph::ReadTransaction& txn,
                           const std::vector<std::string>& iris) {
  std::vector<TermId> ids;
  for (const auto& iri : iris)
    if (auto id = txn.lookup(graph::Term::iri(iri))) ids.push_back(*id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

DatasetView::DatasetView(const graph::ReadTransaction& txn, const std::vector<std::string>& from,
                         const std::vector<std::string>& from_named, bool keep_named_graphs)
    : txn_(txn) {
  if (from.empty() && from_named.empty()) {
    named_graphs_ = txn.graphs();
    return;
  }
  merged_ = ids_of(txn, from);
  // One FROM graph is that graph, read through its own indexes; several are merged.
  default_graph_ = merged_.empty()       ? kEmptyGraph
                   : merged_.size() == 1 ? merged_.front()
                                         : kMergedDefault;
  if (keep_named_graphs && from_named.empty())
    named_graphs_ = txn.graphs();
  else
    named_graphs_ = ids_of(txn, from_named);
}

bool DatasetView::is_named_graph(GraphId graph) const {
  return std::binary_search(named_graphs_.begin(), named_graphs_.end(), graph);
}

std::unique_ptr<QuadSource> DatasetView::scan(const graph::QuadPattern& pattern) const {
  GraphId graph = pattern.ids[graph::G];
  if (is_stored(graph)) return std::make_unique<ScanSource>(txn_.scan(pattern));
  if (graph == kEmptyGraph) return std::make_unique<EmptySource>();
  std::set<std::array<TermId, 3>> seen;
  std::vector<graph::Quad> quads;
  graph::QuadPattern part = pattern;
  for (TermId g : merged_) {
    part.ids[graph::G] = g;
    graph::Quad q;
    for (auto scan = txn_.scan(part); scan.next(q);)
      if (seen.insert({q.s(), q.p(), q.o()}).second) {
        q.ids[graph::G] = kMergedDefault;
        quads.push_back(q);
      }
  }
  return std::make_unique<VectorSource>(std::move(quads));
}

uint64_t DatasetView::count(const graph::QuadPattern& pattern, uint64_t cap) const {
  GraphId graph = pattern.ids[graph::G];
  if (is_stored(graph)) return txn_.count(pattern, cap);
  uint64_t n = 0;
  graph::Quad q;
  for (auto source = scan(pattern); n < cap && source->next(q);) ++n;
  return n;
}

uint64_t DatasetView::estimate(const graph::QuadPattern& pattern) const {
  GraphId graph = pattern.ids[graph::G];
  if (is_stored(graph)) return txn_.estimate(pattern);
  uint64_t sum = 0;
  graph::QuadPattern part = pattern;
  if (graph == kMergedDefault)
    for (TermId g : merged_) {
      part.ids[graph::G] = g;
      sum += txn_.estimate(part);
    }
  return sum;
}

uint64_t DatasetView::extent_size(const graph::QuadPattern& extent, uint64_t cap) const {
  bool predicate_only = extent.bound(graph::P) && !extent.bound(graph::S) &&
                        !extent.bound(graph::O) && extent.ids[graph::G] == graph::kDefaultGraph;
  return predicate_only ? txn_.predicate_stats(extent.ids[graph::P]).quads : count(extent, cap);
}

graph::PredicateStats DatasetView::predicate_stats(TermId predicate) const {
  return txn_.predicate_stats(predicate);
}

bool DatasetView::is_node(TermId term, GraphId graph) const {
  graph::QuadPattern as_subject, as_object;
  as_subject.ids[graph::S] = term;
  as_subject.ids[graph::G] = graph;
  as_object.ids[graph::O] = term;
  as_object.ids[graph::G] = graph;
  if (graph == kMergedDefault) {
    for (TermId g : merged_)
      if (is_node(term, g)) return true;
    return false;
  }
  return count(as_subject, 1) > 0 || count(as_object, 1) > 0;
}

std::vector<GraphId> DatasetView::all_graphs() const {
  std::vector<GraphId> graphs{default_graph_};
  for (GraphId g : named_graphs_)
    if (g != default_graph_) graphs.push_back(g);
  return graphs;
}

}  // namespace moivre::query
