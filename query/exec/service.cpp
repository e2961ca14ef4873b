// SERVICE (query/service.hpp): the group's text sent to the endpoint, alone or with the
// bindings of the rows before it as VALUES blocks, and the answers turned into rows.
#include "query/service.hpp"

#include <map>
#include <set>

#include "query/exec/builder.hpp"

namespace moivre::query::exec {

std::vector<Row> Builder::service_rows(const Op& op, const std::vector<Row>* left,
                                       const Bound& left_vars) {
  if (!ctx_.options.services)
    throw ServiceRefused(
        "SERVICE is disabled: no endpoint may be queried (the operator allows some with "
        "--allow-service URL-PREFIX)");
  if (op.text.empty()) throw ServiceRefused("the SERVICE group's text could not be read");
  // The variables the group mentions that the rows before it bind: sent as VALUES.
  std::set<size_t> mentioned_slots;
  mentioned(op.children[0], mentioned_slots);
  std::vector<size_t> shared;
  if (left)
    for (size_t s : mentioned_slots)
      if (s < left_vars.size() && left_vars[s]) shared.push_back(s);
  auto* endpoint_var = std::get_if<Variable>(&op.graph);
  size_t endpoint_slot = endpoint_var ? ctx_.slots.slot(endpoint_var->name) : 0;

  // Endpoint -> the distinct tuples of shared values to send there.
  std::map<std::string, std::set<std::vector<TermId>>> requests;
  auto endpoint_of = [&](const Row* row) -> std::string {
    if (auto* t = std::get_if<graph::Term>(&op.graph)) return t->value;
    TermId id = row ? (*row)[endpoint_slot] : kUnbound;
    if (id == kUnbound)
      throw ServiceRefused("SERVICE ?" + endpoint_var->name +
                           ": the variable must be bound, by the patterns before it, to IRIs");
    const graph::Term& t = ctx_.terms.term(id);
    if (!t.is_iri())
      throw ServiceRefused("SERVICE ?" + endpoint_var->name + " is bound to " + t.to_ntriples() +
                           ", not an endpoint's IRI");
    return t.value;
  };
  if (!left || left->empty()) {
    if (!left || !endpoint_var) requests[endpoint_of(nullptr)];
  } else {
    for (const Row& row : *left) {
      ctx_.deadline.check();
      std::vector<TermId> tuple;
      for (size_t s : shared) tuple.push_back(row[s]);
      requests[endpoint_of(&row)].insert(std::move(tuple));
    }
  }

  std::vector<Row> out;
  for (const auto& [endpoint, tuples] : requests) {
    std::vector<std::string> bodies;
    if (shared.empty()) {
      bodies.push_back(op.text);
    } else {
      std::string head = "VALUES (";
      for (size_t s : shared) head += " ?" + ctx_.slots.name(s);
      head += " ) {\n";
      std::string block;
      size_t in_block = 0;
      for (const auto& tuple : tuples) {
        block += "  (";
        for (TermId id : tuple) {
          // VALUES cannot hold blank nodes: an unbound value matches anything, and the join
          // here keeps only the compatible answers.
          const graph::Term* t = id == kUnbound ? nullptr : &ctx_.terms.term(id);
          block += " " + (t && !t->is_blank() ? t->to_ntriples() : std::string("UNDEF"));
        }
        block += " )\n";
        if (++in_block == kServiceBatch) {
          bodies.push_back(head + block + "}\n" + op.text);
          block.clear();
          in_block = 0;
        }
      }
      if (in_block) bodies.push_back(head + block + "}\n" + op.text);
    }
    for (const auto& body : bodies) {
      std::string query = op.prologue + "SELECT * WHERE {\n" + body + "\n}\n";
      SolutionTable answer;
      try {
        answer = ctx_.options.services->select(endpoint, query, ctx_.options.deadline);
      } catch (const ServiceFailed&) {
        if (!op.silent) throw;
        // SILENT: the whole SERVICE is one solution binding nothing (answers of other batches
        // included, so that no row is joined twice).
        ctx_.plan_parent->details.push_back("service: failed, SILENT");
        return {start_row()};
      }
      // Columns of variables this query has; others cannot join with anything here.
      std::vector<std::optional<size_t>> slots;
      for (const auto& name : answer.variables)
        slots.push_back(ctx_.slots.has(name) ? std::optional(ctx_.slots.slot(name)) : std::nullopt);
      for (const auto& values : answer.rows) {
        ctx_.deadline.check();
        Row row = start_row();
        bool compatible = true;
        for (size_t i = 0; i < values.size() && i < slots.size(); ++i) {
          if (!values[i] || !slots[i]) continue;
          TermId& cell = row[*slots[i]];
          TermId id = ctx_.terms.id_of(*values[i]);
          compatible &= cell == kUnbound || cell == id;
          cell = id;
        }
        // SERVICE ?x: the answer comes from the endpoint ?x names.
        if (endpoint_var && compatible) {
          TermId id = ctx_.terms.id_of(graph::Term::iri(endpoint));
          compatible = row[endpoint_slot] == kUnbound || row[endpoint_slot] == id;
          row[endpoint_slot] = id;
        }
        if (compatible) out.push_back(std::move(row));
      }
    }
  }
  ctx_.plan_parent->details.push_back("service: " + std::to_string(requests.size()) +
                                      " endpoint(s), bound on " + std::to_string(shared.size()) +
                                      " variable(s)");
  return out;
}

}  // namespace moivre::query::exec
