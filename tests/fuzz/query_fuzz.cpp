// Fuzz target: the SPARQL parser (Spirit X3), the static checks, the translation to the algebra
// and the evaluation over a small store: queries, or updates when built with MOIVRE_FUZZ_UPDATE
// (applied in a transaction that is then abandoned). An input must end in a result or one of the
// errors a user is shown (syntax, time-out, unsupported feature, a failed update); a crash, a
// sanitizer report or any other exception is a bug. Evaluation has a 50 ms deadline and reads at
// most 200 results, so slow inputs are cut, not reported.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
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
  } catch (const UnsupportedFeature&) {
#ifdef MOIVRE_FUZZ_UPDATE
  } catch (const UpdateError&) {
#endif
  }
  return 0;
}
