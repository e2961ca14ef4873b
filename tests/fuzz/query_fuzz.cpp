// Fuzz target: the SPARQL parser (Spirit X3), the static checks, the translation to the algebra
// and the evaluation over a small store: queries, or updates when built with MOIVRE_FUZZ_UPDATE
// (applied in a transaction that is then abandoned). An input must end in a result or one of the
// errors a user is shown (syntax, time-out, unsupported feature, a failed update); a crash, a
// sanitizer report or any other exception is a bug. Evaluation has a 50 ms deadline and reads at
// most 200 results, so slow inputs are cut, not reported.
//
// Every expression of a query is also evaluated by itself, on solutions that bind each of its
// variables to terms of every kind: running the query alone evaluates an expression only when
// its pattern matches the small store, which most inputs' patterns do not (that blind spot hid
// `SELECT (STRLEN() AS ?x) {}` from two hours of fuzzing). Run by tools/fuzz/run with
// tools/fuzz/sparql.dict, which names every keyword and function of the table.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/expression.hpp"
#include "query/parser.hpp"
#include "query/service.hpp"
#include "query/update.hpp"

namespace {

namespace fs = std::filesystem;
using namespace moivre;

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("moivre-query-fuzz-" + std::to_string(getpid()));
  std::unique_ptr<graph::Store> store;
  Scratch() {
    fs::remove_all(dir);
    store = std::make_unique<graph::Store>(dir / "db", graph::StoreOptions{.sync = false});
    auto txn = store->write();
    graph::BulkLoader loader(txn);
    graph::ReadOptions read;
    read.syntax = graph::RdfSyntax::TriG;
    loader.add_string(R"(@prefix : <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
:a :p 1, 2.5, 3e0, "4"^^xsd:decimal, "x", "y"@en, "2020-01-01"^^xsd:date, true ; :q :b .
:b :p "z" ; :q :c ; :r _:n .
:c :q :a ; :s "Grüße"@de, "2024-05-06T07:08:09Z"^^xsd:dateTime .
:g { :a :q :c . :d :p -7 . }
)",
                      "fuzz.trig", read);
    loader.finish();
    txn.commit();
  }
  ~Scratch() {
    store.reset();
    fs::remove_all(dir);
  }
};

Scratch& scratch() {
  static Scratch instance;
  return instance;
}

query::ExecutionOptions deadline() {
  return {.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(50)};
}

// Terms of every kind a variable may hold.
const std::vector<graph::Term>& sample_terms() {
  static const std::vector<graph::Term> terms = [] {
    const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
    return std::vector<graph::Term>{
        graph::Term::iri("http://example.org/a"),
        graph::Term::blank("b0"),
        graph::Term::literal("Grüße 𝄞"),
        graph::Term::lang_literal("chat", "fr"),
        graph::Term::typed_literal("-9223372036854775808", xsd + "integer"),
        graph::Term::typed_literal("0.1", xsd + "decimal"),
        graph::Term::typed_literal("-INF", xsd + "double"),
        graph::Term::typed_literal("NaN", xsd + "float"),
        graph::Term::typed_literal("2024-02-29T23:59:59.5-14:00", xsd + "dateTime"),
        graph::Term::typed_literal("1", xsd + "boolean"),
        graph::Term::typed_literal("xyz", xsd + "integer"),
        graph::Term::typed_literal("x", "http://example.org/unknown"),
    };
  }();
  return terms;
}

void collect(const query::algebra::Expr& e, std::vector<const query::algebra::Expr*>& out);

void collect(const query::algebra::Op& op, std::vector<const query::algebra::Expr*>& out) {
  for (const auto& f : op.filters) collect(f, out);
  for (const auto& b : op.bindings) collect(b.expr, out);
  for (const auto& b : op.aggregates)
    for (const auto& a : b.expr.args) collect(a, out);
  for (const auto& k : op.order) collect(k.expr, out);
  for (const auto& c : op.children) collect(c, out);
}

void collect(const query::algebra::Expr& e, std::vector<const query::algebra::Expr*>& out) {
  if (e.kind == query::algebra::Expr::Kind::Aggregate) {
    for (const auto& a : e.args) collect(a, out);
    return;
  }
  out.push_back(&e);
  if (e.pattern) collect(*e.pattern, out);
}

void slots_of(const query::algebra::Expr& e, query::Slots& slots) {
  if (e.kind == query::algebra::Expr::Kind::Variable) slots.slot(e.name);
  for (const auto& a : e.args) slots_of(a, slots);
}

// Each expression on a solution with no bindings, then with every variable bound to each sample.
void evaluate_each(const query::algebra::Query& query, const graph::ReadTransaction& txn) {
  std::vector<const query::algebra::Expr*> exprs;
  collect(query.pattern, exprs);
  query::QueryTerms terms(txn);
  query::Slots slots;
  for (const auto* e : exprs) slots_of(*e, slots);
  std::mt19937_64 random(1);
  uint64_t blanks = 0;
  std::unordered_map<std::string, graph::Term> named_blanks;
  query::ExpressionContext ctx{terms,
                               slots,
                               [](const auto&, const auto&) { return false; },
                               "http://example.org/base/",
                               "2024-01-01T00:00:00Z",
                               &random,
                               &blanks,
                               &named_blanks};
  std::vector<query::Row> rows{query::Row(slots.size(), query::kUnbound)};
  for (const auto& t : sample_terms()) rows.emplace_back(slots.size(), terms.id_of(t));
  for (const auto* e : exprs)
    for (const auto& row : rows) (void)query::evaluate(*e, row, ctx);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moivre::query;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto& store = *scratch().store;
  try {
#ifdef MOIVRE_FUZZ_UPDATE
    Node syntax = parse_update(text);
    algebra::Update update = algebra::translate_update(syntax, text, "http://example.org/base/");
    auto txn = store.write();
    execute_update(txn, update, deadline());
    txn.abort();
#else
    Node syntax = parse_query(text);
    algebra::Query query = algebra::translate(syntax, text, "http://example.org/base/");
    (void)algebra::to_sse(query.pattern);
    auto txn = store.read();
    evaluate_each(query, txn);
    Execution execution(txn, query, deadline());
    if (query.form == algebra::QueryForm::Ask) {
      execution.ask();
    } else if (query.form == algebra::QueryForm::Select) {
      TermRow row;
      for (int i = 0; i < 200 && execution.next(row); ++i) {
      }
    } else {
      graph::Term s, p, o;
      for (int i = 0; i < 200 && execution.next_triple(s, p, o); ++i) {
      }
    }
#endif
  } catch (const QuerySyntaxError&) {
  } catch (const QueryTimeout&) {
  } catch (const ServiceRefused&) {  // no SERVICE client: every SERVICE is refused
#ifdef MOIVRE_FUZZ_UPDATE
  } catch (const UpdateError&) {
#endif
  }
  return 0;
}
