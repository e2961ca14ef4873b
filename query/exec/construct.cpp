// CONSTRUCT and DESCRIBE: the result graph's triples, made from each solution as it comes.
#include <map>

#include "query/exec/builder.hpp"

namespace moivre::query {

using algebra::PatternTerm;
using algebra::Variable;

// DESCRIBE: each resource's triples as subject, following blank-node objects (a concise bounded
// description), each resource described once, from every graph of the dataset (the default
// graph and the named graphs), each triple once.
void Execution::describe(TermId resource) {
  auto& s = *state_;
  std::vector<TermId> todo{resource};
  std::vector<GraphId> graphs = s.ctx.data.all_graphs();
  while (!todo.empty()) {
    TermId id = todo.back();
    todo.pop_back();
    if ((id & kComputedBit) || !s.described.insert(id).second) continue;
    for (GraphId g : graphs) {
      graph::QuadPattern qp;
      qp.ids[graph::S] = id;
      qp.ids[graph::G] = g;
      graph::Quad q;
      for (auto scan = s.ctx.data.scan(qp); scan->next(q);) {
        s.ctx.check();
        if (!s.described_triples.insert({q.s(), q.p(), q.o()}).second) continue;
        s.kept.add(3 * sizeof(TermId) + 48);
        s.pending.push_back(
            {s.ctx.terms.term(q.s()), s.ctx.terms.term(q.p()), s.ctx.terms.term(q.o())});
        if (graph::id_kind(q.o()) == graph::TermKind::Blank) todo.push_back(q.o());
      }
    }
  }
}

bool Execution::next_triple(graph::Term& subject, graph::Term& predicate, graph::Term& object) {
  auto& s = *state_;
  if (s.query.form == algebra::QueryForm::Describe) {
    while (s.pending.empty()) {
      if (!s.describe_constants_done) {
        s.describe_constants_done = true;
        for (const auto& target : s.query.describe)
          if (auto* term = std::get_if<graph::Term>(&target))
            if (auto id = s.ctx.txn.lookup(*term)) describe(*id);
        continue;
      }
      Row row;
      if (!s.root->next(row)) return false;
      for (const auto& target : s.query.describe)
        if (auto* v = std::get_if<Variable>(&target))
          if (TermId id = row[s.ctx.slots.slot(v->name)]; id != kUnbound) describe(id);
      if (s.query.describe_all)
        for (size_t slot = 0; slot < s.ctx.slots.size(); ++slot)
          if (row[slot] != kUnbound && s.ctx.slots.name(slot).rfind("_:", 0) != 0)
            describe(row[slot]);
    }
    return s.take_pending(subject, predicate, object);
  }
  while (s.pending.empty()) {
    Row row;
    if (!s.root->next(row)) return false;
    std::map<std::string, graph::Term> fresh_blanks;  // template blank nodes, per solution
    for (const auto& t : s.query.construct_template) {
      std::array<graph::Term, 3> triple;
      bool ok = true;
      const PatternTerm* parts[3] = {&t.subject, &t.predicate, &t.object};
      for (int i = 0; i < 3 && ok; ++i) {
        if (auto* v = std::get_if<Variable>(parts[i])) {
          if (v->name.rfind("_:", 0) == 0) {
            auto [it, inserted] = fresh_blanks.try_emplace(v->name);
            if (inserted)
              it->second = graph::Term::blank("c" + std::to_string(s.template_blanks++));
            triple[i] = it->second;
            continue;
          }
          TermId id = row[s.ctx.slots.slot(v->name)];
          if (id == kUnbound)
            ok = false;
          else
            triple[i] = s.ctx.terms.term(id);
        } else {
          triple[i] = std::get<graph::Term>(*parts[i]);
        }
      }
      if (!ok || triple[0].is_literal() || !triple[1].is_iri()) continue;
      std::string key = triple[0].to_ntriples() + triple[1].to_ntriples() + triple[2].to_ntriples();
      if (s.emitted.insert(key).second) {
        s.kept.add(key.size() + 64);  // the set's node
        s.pending.push_back(std::move(triple));
      }
    }
  }
  return s.take_pending(subject, predicate, object);
}
}  // namespace moivre::query
