#include "query/connections.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "query/labels.hpp"

namespace moivre::query {
namespace {

using graph::Quad;
using graph::QuadPattern;
using graph::Term;
using graph::TermId;
using graph::TermKind;

constexpr std::string_view kProv = "http://www.w3.org/ns/prov#";

const char* const kSkippedPredicates[] = {
    kRdfType,
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf",
    "http://www.w3.org/2000/01/rdf-schema#domain",
    "http://www.w3.org/2000/01/rdf-schema#range",
    "http://www.w3.org/2004/02/skos/core#inScheme",
};

const char* const kVocabularyTypes[] = {
    "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/2002/07/owl#AnnotationProperty",
    "http://www.w3.org/2002/07/owl#Ontology",
    "http://www.w3.org/2004/02/skos/core#ConceptScheme",
    "http://www.w3.org/ns/org#Role",
};

// A link out of a node: `out` when the store holds (node predicate other).
struct Link {
  TermId predicate, other;
  bool out;
  friend bool operator==(const Link&, const Link&) = default;
};

// Where a node was reached from: on the side of `from`, the node before it on the path; on the
// side of `to`, the node after it.
struct Visit {
  int depth = 0;
  std::vector<PathStep> steps;  // the steps joining it to the layer before
};

struct Side {
  std::unordered_map<TermId, Visit> visited;
  std::vector<TermId> frontier;
  int depth = 0;
};

class Search {
 public:
  Search(const graph::ReadTransaction& txn, TermId from, TermId to,
         const ConnectionOptions& options)
      : txn_(txn), from_(from), to_(to), options_(options) {
    for (const char* p : kSkippedPredicates)
      if (auto id = txn.lookup(Term::iri(p))) skipped_predicates_.insert(*id);
    for (const char* t : kVocabularyTypes)
      if (auto id = txn.lookup(Term::iri(t))) vocabulary_types_.insert(*id);
    type_ = txn.lookup(Term::iri(kRdfType));
  }

  ConnectionResult run() {
    ConnectionResult result;
    Side forward_side, backward_side;
    forward_side.visited[from_] = Visit{};
    forward_side.frontier = {from_};
    backward_side.visited[to_] = Visit{};
    backward_side.frontier = {to_};
    while (forward_side.depth + backward_side.depth < options_.max_length &&
           !forward_side.frontier.empty() && !backward_side.frontier.empty()) {
      bool grow_forward = forward_side.frontier.size() <= backward_side.frontier.size();
      Side& side = grow_forward ? forward_side : backward_side;
      Side& other = grow_forward ? backward_side : forward_side;
      expand(side, grow_forward);
      result.visited = forward_side.visited.size() + backward_side.visited.size();
      if (result.visited > options_.max_visited) {
        result.gave_up = true;
        return result;
      }
      // The nodes both sides reached, at the least total depth.
      std::vector<TermId> meetings;
      int best = INT32_MAX;
      for (TermId node : side.frontier) {
        auto it = other.visited.find(node);
        if (it == other.visited.end()) continue;
        int length = side.depth + it->second.depth;
        if (length < best) best = length, meetings.clear();
        if (length == best) meetings.push_back(node);
      }
      if (meetings.empty()) continue;
      std::sort(meetings.begin(), meetings.end());
      for (TermId node : meetings) {
        if (result.paths.size() >= options_.max_paths) break;
        std::vector<Connection> heads, tails;
        collect(forward_side, node, true, {}, heads);
        collect(backward_side, node, false, {}, tails);
        for (const auto& head : heads)
          for (const auto& tail : tails) {
            if (result.paths.size() >= options_.max_paths) break;
            Connection path(head.rbegin(), head.rend());
            path.insert(path.end(), tail.begin(), tail.end());
            result.paths.push_back(std::move(path));
          }
      }
      return result;
    }
    return result;
  }

 private:
  // Grows `side` by one layer. On the side of `from` a link leads from the node reached to the new
  // one; on the side of `to`, from the new one to the node reached.
  void expand(Side& side, bool forward_side) {
    std::vector<TermId> next;
    for (TermId node : side.frontier) {
      for (const Link& link : links(node)) {
        tick();
        if (!passable(link.other)) continue;
        PathStep step = forward_side ? PathStep{node, link.predicate, link.other, link.out}
                                     : PathStep{link.other, link.predicate, node, !link.out};
        auto [it, fresh] = side.visited.try_emplace(link.other);
        if (fresh) {
          it->second.depth = side.depth + 1;
          next.push_back(link.other);
        } else if (it->second.depth != side.depth + 1) {
          continue;  // reached by a shorter way
        }
        it->second.steps.push_back(step);
      }
    }
    side.frontier = std::move(next);
    ++side.depth;
  }

  // The paths from `node` back to the side's root, each as its steps from `node` outwards (the
  // side of `from` gives them reversed).
  void collect(const Side& side, TermId node, bool forward_side, Connection so_far,
               std::vector<Connection>& out) const {
    if (out.size() >= options_.max_paths) return;
    const Visit& visit = side.visited.at(node);
    if (visit.depth == 0) {
      out.push_back(std::move(so_far));
      return;
    }
    for (const PathStep& step : visit.steps) {
      Connection longer = so_far;
      longer.push_back(step);
      collect(side, forward_side ? step.from : step.to, forward_side, std::move(longer), out);
    }
  }

  // The node's links to other resources, each (predicate, other, direction) once over all graphs
  // (SPOG and OSPG hold every graph's quads).
  std::vector<Link> links(TermId node) {
    std::vector<Link> out;
    Quad q;
    for (bool outgoing : {true, false}) {
      QuadPattern pattern;
      pattern.ids[outgoing ? graph::S : graph::O] = node;
      auto scan =
          txn_.scan(pattern, outgoing ? graph::Permutation::SPOG : graph::Permutation::OSPG);
      size_t first = out.size();
      while (scan.next(q)) {
        tick();
        TermId other = outgoing ? q.o() : q.s();
        if (is_literal(other) || other == node || skipped_predicate(q.p())) continue;
        Link link{q.p(), other, outgoing};
        // The scan's order puts the same link in several graphs side by side.
        if (out.size() == first || !(out.back() == link)) out.push_back(link);
      }
    }
    return out;
  }

  static bool is_literal(TermId id) { return graph::id_kind(id) >= TermKind::Literal; }

  bool skipped_predicate(TermId p) {
    if (skipped_predicates_.count(p)) return true;
    auto it = prov_predicates_.find(p);
    if (it != prov_predicates_.end()) return it->second;
    bool prov = txn_.encoded_term(p).substr(1).rfind(kProv, 0) == 0;
    prov_predicates_[p] = prov;
    return prov;
  }

  // Whether a path may pass through the node: not a hub nor a vocabulary node (the header).
  bool passable(TermId node) {
    if (node == from_ || node == to_) return true;
    auto it = passable_.find(node);
    if (it != passable_.end()) return it->second;
    bool ok = !hub(node) && !vocabulary(node);
    passable_[node] = ok;
    return ok;
  }

  bool hub(TermId node) const {
    QuadPattern out, in;
    out.ids[graph::S] = node;
    in.ids[graph::O] = node;
    return txn_.estimate(out) + txn_.estimate(in) > options_.hub_degree;
  }

  bool vocabulary(TermId node) const {
    QuadPattern as_predicate;
    as_predicate.ids[graph::P] = node;
    if (txn_.estimate(as_predicate) > 0) return true;
    if (!type_) return false;
    QuadPattern as_class;
    as_class.ids[graph::P] = *type_;
    as_class.ids[graph::O] = node;
    if (txn_.count(as_class, 1) > 0) return true;
    QuadPattern typed;
    typed.ids[graph::S] = node;
    typed.ids[graph::P] = *type_;
    Quad q;
    for (auto scan = txn_.scan(typed); scan.next(q);)
      if (vocabulary_types_.count(q.o())) return true;
    return false;
  }

  void tick() {
    if ((++ticks_ & 0xFF) != 0) return;
    const auto& e = options_.execution;
    if (e.cancel && e.cancel->load()) throw QueryCancelled("search cancelled");
    if (std::chrono::steady_clock::now() > e.deadline)
      throw QueryTimeout("the search for connections ran past its time limit");
  }

  const graph::ReadTransaction& txn_;
  TermId from_, to_;
  const ConnectionOptions& options_;
  std::unordered_set<TermId> skipped_predicates_, vocabulary_types_;
  std::unordered_map<TermId, bool> prov_predicates_, passable_;
  std::optional<TermId> type_;
  uint64_t ticks_ = 0;
};

}  // namespace

ConnectionResult find_connections(const graph::ReadTransaction& txn, TermId from, TermId to,
                                  const ConnectionOptions& options) {
  if (from == to) throw std::invalid_argument("the two ends are the same resource");
  return Search(txn, from, to, options).run();
}

}  // namespace moivre::query
