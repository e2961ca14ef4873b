#include "query/text_query.hpp"

#include <charconv>
#include <set>

namespace moivre::query {
namespace {

using algebra::Op;
using algebra::PatternTerm;
using algebra::TriplePattern;
using algebra::Variable;

constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

bool is_iri(const PatternTerm& t, std::string_view iri) {
  auto* term = std::get_if<graph::Term>(&t);
  return term && term->is_iri() && term->value == iri;
}

// A variable the parser made for a collection's node (translate.cpp's fresh()).
bool is_list_node(const PatternTerm& t) {
  auto* v = std::get_if<Variable>(&t);
  return v && v->name.rfind("_:#", 0) == 0;
}

// The items of the collection headed by `head`, marking the triples that spell it as used.
std::vector<PatternTerm> list_items(const std::vector<TriplePattern>& triples, PatternTerm head,
                                    std::set<size_t>& used) {
  std::vector<PatternTerm> items;
  std::string first = std::string(kRdf) + "first", rest = std::string(kRdf) + "rest",
              nil = std::string(kRdf) + "nil";
  while (is_list_node(head)) {
    const std::string& name = std::get<Variable>(head).name;
    std::optional<PatternTerm> item, next;
    for (size_t i = 0; i < triples.size(); ++i) {
      auto* s = std::get_if<Variable>(&triples[i].subject);
      if (!s || s->name != name) continue;
      if (is_iri(triples[i].predicate, first))
        item = triples[i].object, used.insert(i);
      else if (is_iri(triples[i].predicate, rest))
        next = triples[i].object, used.insert(i);
    }
    if (!item || !next) break;
    items.push_back(*item);
    head = *next;
  }
  return items;
}

}  // namespace

std::vector<Op> take_text_queries(std::vector<TriplePattern>& triples,
                                  const std::function<void(const std::string&)>& fail) {
  std::vector<Op> out;
  std::set<size_t> used;
  for (size_t i = 0; i < triples.size(); ++i) {
    if (!is_iri(triples[i].predicate, kTextQuery)) continue;
    used.insert(i);
    Op op;
    op.kind = Op::Kind::TextSearch;
    // The subject: a resource, or a list of resource, score and literal.
    std::vector<PatternTerm> outputs = {triples[i].subject};
    if (is_list_node(triples[i].subject)) outputs = list_items(triples, triples[i].subject, used);
    if (outputs.empty() || outputs.size() > 3)
      fail("text:query's subject is a resource, or a list (?resource ?score ?literal)");
    for (size_t k = 1; k < outputs.size(); ++k)
      if (auto* t = std::get_if<graph::Term>(&outputs[k]); t && !t->is_literal())
        fail("text:query's score and literal are variables or literals");
    while (outputs.size() < 3)
      outputs.push_back(
          Variable{"_:text" + std::to_string(i) + "_" + std::to_string(outputs.size())});
    op.triples.push_back({outputs[0], outputs[1], outputs[2]});
    // The object: the words, or a list ([property] words [limit]).
    std::vector<PatternTerm> arguments = {triples[i].object};
    if (is_list_node(triples[i].object)) arguments = list_items(triples, triples[i].object, used);
    size_t at = 0;
    if (at < arguments.size())
      if (auto* t = std::get_if<graph::Term>(&arguments[at]); t && t->is_iri())
        op.text_property = t->value, ++at;
    auto* words = at < arguments.size() ? std::get_if<graph::Term>(&arguments[at]) : nullptr;
    if (!words || !words->is_literal())
      fail(
          "text:query's object is the words to look for, as a string, or a list "
          "([property] \"words\" [limit])");
    op.text = words->value;
    ++at;
    op.limit = kDefaultTextLimit;
    if (at < arguments.size()) {
      auto* limit = std::get_if<graph::Term>(&arguments[at]);
      uint64_t value = 0;
      if (limit && limit->is_literal()) {
        auto [end, ec] =
            std::from_chars(limit->value.data(), limit->value.data() + limit->value.size(), value);
        if (ec != std::errc() || end != limit->value.data() + limit->value.size()) limit = nullptr;
      }
      if (!limit || !limit->is_literal() || value == 0)
        fail("text:query's limit is a positive integer");
      op.limit = value;
      ++at;
    }
    if (at != arguments.size()) fail("text:query takes ([property] \"words\" [limit])");
    out.push_back(std::move(op));
  }
  if (!out.empty()) {
    std::vector<TriplePattern> rest;
    for (size_t i = 0; i < triples.size(); ++i)
      if (!used.count(i)) rest.push_back(std::move(triples[i]));
    triples = std::move(rest);
  }
  return out;
}

}  // namespace moivre::query
