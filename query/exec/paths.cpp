// Property paths: the (subject, object) pairs a path connects, computed per pair of ends (and
// kept while they fit), joined to each input row. Closures walk breadth first from the bound
// end, or from every node of the graph when neither end is bound.
#include <algorithm>
#include <map>
#include <set>

#include "query/algebra.hpp"
#include "query/exec/builder.hpp"

namespace moivre::query::exec {
namespace {

// Extends each input row with the (subject, object) pairs of a property path.
//
// The result is that of evaluating the path alone and joining (section 18.4). A path that can
// match zero steps pairs every node of the active graph with itself, so when an end is a
// variable the input already bound, a zero-length match needs that term to be a node of the
// graph (`is_node`; null when the path cannot match zero steps). A constant end of the query
// matches itself whether or not the graph holds it.
class PathIter : public Iter {
 public:
  using Pairs = std::vector<std::pair<TermId, TermId>>;
  using PairsFn = std::function<std::shared_ptr<const Pairs>(TermId, TermId)>;
  using NodeFn = std::function<bool(TermId)>;
  PathIter(IterPtr input, PatternSlot subject, PatternSlot object, PairsFn pairs, NodeFn is_node)
      : input_(std::move(input)),
        subject_(subject),
        object_(object),
        pairs_(std::move(pairs)),
        is_node_(std::move(is_node)) {}

  bool next(Row& out) override {
    for (;;) {
      while (pairs_now_ && pos_ < pairs_now_->size()) {
        auto [s, o] = (*pairs_now_)[pos_++];
        Row row = base_;
        if (!assign(subject_, s, row) || !assign(object_, o, row)) continue;
        out = std::move(row);
        return true;
      }
      if (!input_->next(base_)) return false;
      if (subject_.missing || object_.missing) continue;
      TermId s = value(subject_, base_), o = value(object_, base_);
      if (!bound_end_is_node(subject_, s) || !bound_end_is_node(object_, o)) {
        pairs_now_.reset();
        pos_ = 0;
        continue;
      }
      pairs_now_ = pairs_(s, o);
      pos_ = 0;
    }
  }

 private:
  static TermId value(const PatternSlot& p, const Row& row) {
    return p.is_var ? row[p.slot] : p.id;
  }
  // A term outside the store (computed by the query) is a node of no graph.
  bool bound_end_is_node(const PatternSlot& p, TermId id) const {
    if (!p.is_var || id == kUnbound) return true;
    if (id & kComputedBit) return false;
    return !is_node_ || is_node_(id);
  }
  static bool assign(const PatternSlot& p, TermId id, Row& row) {
    if (!p.is_var) return p.id == id;
    if (row[p.slot] == kUnbound) row[p.slot] = id;
    return row[p.slot] == id;
  }

  IterPtr input_;
  PatternSlot subject_, object_;
  PairsFn pairs_;
  NodeFn is_node_;
  Row base_;
  std::shared_ptr<const Pairs> pairs_now_;
  size_t pos_ = 0;
};

// Whether a path can match zero steps.
bool nullable(const algebra::Path& p) {
  using K = algebra::Path::Kind;
  switch (p.kind) {
    case K::Link:
    case K::Negated:
      return false;
    case K::ZeroOrMore:
    case K::ZeroOrOne:
      return true;
    case K::Inverse:
    case K::OneOrMore:
      return nullable(p.parts[0]);
    case K::Sequence:
      return std::all_of(p.parts.begin(), p.parts.end(), nullable);
    case K::Alternative:
      return std::any_of(p.parts.begin(), p.parts.end(), nullable);
  }
  return false;
}

}  // namespace

IterPtr Builder::path(IterPtr input, const Op& op, TermId graph) {
  const algebra::PathPattern& pp = *op.path;
  // The pairs for each pair of ends, kept while they fit: rows bound to few distinct ends (a
  // path after a join) compute each closure once, not once per row.
  struct Memo {
    std::map<std::pair<TermId, TermId>, std::shared_ptr<const PathIter::Pairs>> pairs;
    size_t held = 0;
  };
  auto memo = std::make_shared<Memo>();
  auto pairs = [this, &pp, graph, memo](TermId s, TermId o) {
    auto key = std::make_pair(s, o);
    if (auto it = memo->pairs.find(key); it != memo->pairs.end()) return it->second;
    auto computed = path_pairs(pp.path, s, o, graph);
    auto charge = std::make_shared<Charge>(ctx_.memory);
    charge->add(computed.size() * sizeof(computed[0]) + 64);
    // The pairs keep their share of the budget for as long as they are kept (memo or row).
    auto found = std::shared_ptr<const PathIter::Pairs>(
        new PathIter::Pairs(std::move(computed)), [charge](const PathIter::Pairs* p) { delete p; });
    constexpr size_t kMaxHeld = size_t{1} << 20;  // pairs, about 16 MB
    if (memo->held + found->size() <= kMaxHeld) {
      memo->held += found->size() + 1;
      memo->pairs.emplace(key, found);
    }
    return found;
  };
  // A constant the store lacks still matches itself through a zero-length path.
  auto end = [this](const PatternTerm& t) {
    PatternSlot p = compile(t);
    if (p.missing) {
      p.missing = false;
      p.id = ctx_.terms.id_of(std::get<graph::Term>(t));
    }
    return p;
  };
  PathIter::NodeFn is_node;
  if (nullable(pp.path))
    is_node = [this, graph](TermId id) { return ctx_.data.is_node(id, graph); };
  return std::make_unique<PathIter>(std::move(input), end(pp.subject), end(pp.object), pairs,
                                    std::move(is_node));
}

// The (subject, object) pairs connected by a path; s or o may be kUnbound (any).
std::vector<std::pair<TermId, TermId>> Builder::path_pairs(const algebra::Path& p, TermId s,
                                                           TermId o, TermId graph) {
  using K = algebra::Path::Kind;
  std::vector<std::pair<TermId, TermId>> out;
  // What this step holds, against the query's budget, given back when it returns (the caller
  // charges what it keeps of the answer).
  Charge charge(ctx_.memory);
  constexpr uint64_t kPair = sizeof(std::pair<TermId, TermId>);
  constexpr uint64_t kSetNode = 48;  // a std::set node beside its value
  auto scan = [&](TermId subject, TermId predicate, TermId object, bool reversed) {
    if ((subject & kComputedBit) || (object & kComputedBit)) return;  // not in the store
    graph::QuadPattern qp;
    qp.ids[graph::S] = subject == kUnbound ? graph::kAny : subject;
    qp.ids[graph::P] = predicate;
    qp.ids[graph::O] = object == kUnbound ? graph::kAny : object;
    qp.ids[graph::G] = graph;
    graph::Quad q;
    for (auto it = ctx_.data.scan(qp); it->next(q);) {
      ctx_.check();
      charge.add(kPair);
      if (reversed)
        out.emplace_back(q.o(), q.s());
      else
        out.emplace_back(q.s(), q.o());
    }
  };
  switch (p.kind) {
    case K::Link: {
      auto id = ctx_.txn.lookup(graph::Term::iri(p.iri));
      if (id) scan(s, *id, o, false);
      return out;
    }
    case K::Inverse: {
      auto inverse = path_pairs(p.parts[0], o, s, graph);
      charge.add(2 * inverse.size() * kPair);
      for (auto [a, b] : inverse) out.emplace_back(b, a);
      return out;
    }
    case K::Alternative:
      for (const auto& part : p.parts) {
        auto more = path_pairs(part, s, o, graph);
        charge.add(more.size() * kPair);
        out.insert(out.end(), more.begin(), more.end());
      }
      return out;
    case K::Sequence: {
      // Left to right from the subject side (or right to left when only the object is bound).
      std::vector<std::pair<TermId, TermId>> current = path_pairs(p.parts[0], s, kUnbound, graph);
      Charge held(ctx_.memory);  // `current`
      held.add(current.size() * kPair);
      for (size_t i = 1; i < p.parts.size(); ++i) {
        bool last = i + 1 == p.parts.size();
        std::vector<std::pair<TermId, TermId>> next;
        std::map<TermId, std::vector<std::pair<TermId, TermId>>> memo;
        Charge step(ctx_.memory);  // `next` and `memo`
        for (auto [start, mid] : current) {
          auto it = memo.find(mid);
          if (it == memo.end()) {
            it = memo.emplace(mid, path_pairs(p.parts[i], mid, last ? o : kUnbound, graph)).first;
            step.add(it->second.size() * kPair + kSetNode);
          }
          step.add(it->second.size() * kPair);
          for (auto [m, end] : it->second) next.emplace_back(start, end);
        }
        current = std::move(next);
        held = std::move(step);
      }
      return current;
    }
    case K::Negated: {
      std::set<TermId> forward, inverse;
      for (const auto& iri : p.forward)
        if (auto id = ctx_.txn.lookup(graph::Term::iri(iri))) forward.insert(*id);
      for (const auto& iri : p.inverse)
        if (auto id = ctx_.txn.lookup(graph::Term::iri(iri))) inverse.insert(*id);
      auto negated_scan = [&](TermId subject, TermId object, const std::set<TermId>& excluded,
                              bool reversed) {
        if ((subject & kComputedBit) || (object & kComputedBit)) return;
        graph::QuadPattern qp;
        qp.ids[graph::S] = subject == kUnbound ? graph::kAny : subject;
        qp.ids[graph::O] = object == kUnbound ? graph::kAny : object;
        qp.ids[graph::G] = graph;
        // A solution per triple, as the negated set's translation into a triple pattern with
        // a filter on its predicate gives (section 18.2.2.4 leaves the multiplicity unsaid).
        graph::Quad q;
        for (auto it = ctx_.data.scan(qp); it->next(q);) {
          ctx_.check();
          if (excluded.count(q.p())) continue;
          if (reversed)
            out.emplace_back(q.o(), q.s());
          else
            out.emplace_back(q.s(), q.o());
        }
      };
      if (!p.forward.empty() || p.inverse.empty()) negated_scan(s, o, forward, false);
      if (!p.inverse.empty()) negated_scan(o, s, inverse, true);
      return out;
    }
    case K::ZeroOrOne:
    case K::ZeroOrMore:
    case K::OneOrMore: {
      bool zero = p.kind != K::OneOrMore, many = p.kind != K::ZeroOrOne;
      std::set<std::pair<TermId, TermId>> result;
      // Start nodes: the bound end, or every node of the graph.
      bool backward = s == kUnbound && o != kUnbound;
      std::vector<TermId> starts;
      if (s != kUnbound)
        starts.push_back(s);
      else if (o != kUnbound)
        starts.push_back(o);
      else
        starts = all_nodes(graph);
      charge.add(starts.size() * sizeof(TermId));
      for (TermId start : starts) {
        std::set<TermId> seen;
        Charge seen_charge(ctx_.memory);  // `seen`, given back with it
        std::vector<TermId> frontier{start};
        if (zero && result.emplace(start, start).second) charge.add(kPair + kSetNode);
        bool first = true;
        while (!frontier.empty() && (many || first)) {
          std::vector<TermId> next;
          for (TermId node : frontier) {
            auto step = backward ? path_pairs(p.parts[0], kUnbound, node, graph)
                                 : path_pairs(p.parts[0], node, kUnbound, graph);
            for (auto [a, b] : step) {
              TermId reached = backward ? a : b;
              if (seen.insert(reached).second) {
                seen_charge.add(kSetNode + sizeof(TermId));
                next.push_back(reached);
              }
            }
          }
          for (TermId r : next)
            if (result.emplace(start, r).second) charge.add(kPair + kSetNode);
          frontier = std::move(next);
          first = false;
        }
      }
      for (auto [a, b] : result) {
        std::pair<TermId, TermId> pair = backward ? std::make_pair(b, a) : std::make_pair(a, b);
        if ((s == kUnbound || pair.first == s) && (o == kUnbound || pair.second == o))
          out.push_back(pair);
      }
      return out;
    }
  }
  return out;
}

std::vector<TermId> Builder::all_nodes(TermId graph) {
  std::set<TermId> nodes;
  graph::QuadPattern qp;
  qp.ids[graph::G] = graph;
  graph::Quad q;
  for (auto it = ctx_.data.scan(qp); it->next(q);) {
    ctx_.check();
    nodes.insert(q.s());
    nodes.insert(q.o());
  }
  return {nodes.begin(), nodes.end()};
}

// A path with a constant end: at most the triples touching that constant (any predicate).
uint64_t Builder::path_estimate(const Op& path_op, TermId graph) {
  const auto& pp = *path_op.path;
  uint64_t best = UINT64_MAX;
  for (auto [term, position] :
       {std::pair{&pp.subject, graph::S}, std::pair{&pp.object, graph::O}}) {
    auto* constant = std::get_if<graph::Term>(term);
    if (!constant) continue;
    auto id = ctx_.txn.lookup(*constant);
    if (!id) return 0;
    graph::QuadPattern qp;
    qp.ids[graph::G] = graph;
    qp.ids[position] = *id;
    best = std::min(best, ctx_.data.estimate(qp));
  }
  return best;
}

}  // namespace moivre::query::exec
