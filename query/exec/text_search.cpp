// The name-search operator (text:query, query/text_query.hpp): the store's text index gives the
// matching literals best first; their holders in the active graph become rows of (resource,
// score, literal), up to the operator's limit.
#include <charconv>
#include <unordered_set>

#include "graph/text_tokens.hpp"
#include "query/exec/builder.hpp"
#include "query/text_query.hpp"

namespace moivre::query::exec {
namespace {

graph::Term score_term(double score) {
  char text[32];
  auto [end, ec] = std::to_chars(text, text + sizeof text, score);
  std::string lexical(text, ec == std::errc() ? end : text);
  if (lexical.find_first_of(".eE") == std::string::npos) lexical += ".0";
  return graph::Term::typed_literal(lexical, "http://www.w3.org/2001/XMLSchema#double");
}

}  // namespace

IterPtr Builder::text_search(const Op& op, TermId graph) {
  std::vector<Row> rows;
  auto none = [] { return std::make_unique<RowsIter>(std::vector<Row>{}); };
  if (graph::text_tokens(op.text).empty()) return none();
  TermId property = graph::kAny;
  if (!op.text_property.empty()) {
    auto id = ctx_.txn.lookup(graph::Term::iri(op.text_property));
    if (!id) return none();
    property = *id;
  }
  const auto& outputs = op.triples.front();
  // Binds one output in `row`; false when the row has another value there.
  auto bind = [&](Row& row, const PatternTerm& output, TermId id) {
    if (auto* v = std::get_if<Variable>(&output)) {
      TermId& cell = row[ctx_.slots.slot(v->name)];
      if (cell != kUnbound && cell != id) return false;
      cell = id;
      return true;
    }
    return ctx_.terms.id_of(std::get<graph::Term>(output)) == id;
  };
  uint64_t limit = op.limit.value_or(kDefaultTextLimit);
  // Without the literal asked for, a resource comes once, with its best literal's score (the
  // literals come best first); with it, once per literal.
  auto* literal_var = std::get_if<Variable>(&outputs.object);
  bool per_resource = literal_var && literal_var->name.rfind("_:text", 0) == 0;
  std::unordered_set<TermId> given;
  graph::Quad q;
  for (const auto& match : ctx_.txn.text_search(op.text)) {
    graph::QuadPattern holders;
    holders.ids[graph::P] = property;
    holders.ids[graph::O] = match.literal;
    holders.ids[graph::G] = graph;
    std::unordered_set<TermId> seen;  // a resource holding the literal in several ways
    TermId score = kUnbound;
    for (auto source = ctx_.data.scan(holders); source->next(q);) {
      ctx_.deadline.check();
      if (!seen.insert(q.s()).second) continue;
      if (per_resource && !given.insert(q.s()).second) continue;
      if (score == kUnbound) score = ctx_.terms.id_of(score_term(match.score));
      Row row = start_row();
      if (bind(row, outputs.subject, q.s()) && bind(row, outputs.predicate, score) &&
          bind(row, outputs.object, match.literal))
        rows.push_back(std::move(row));
      if (rows.size() >= limit) return std::make_unique<RowsIter>(std::move(rows));
    }
  }
  return std::make_unique<RowsIter>(std::move(rows));
}

}  // namespace moivre::query::exec
