// moivre query: run a SPARQL query against a store and print the results.
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "query/service.hpp"
#include "server/server.hpp"

namespace moivre::cli {
namespace {

struct QueryArgs {
  std::string db;
  std::string format = "table";
  std::string file;
  std::string text;
  double timeout = 0;
  bool explain = false;
  std::vector<std::string> allowed_services;
  uint64_t max_memory = query::ExecutionOptions{}.max_memory;
};

int run_query(const QueryArgs& args) {
  std::string text = args.text;
  if (!args.file.empty()) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
      std::cerr << "moivre query: cannot read " << args.file << "\n";
      return kFailure;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  if (text.empty()) {
    std::cerr << "moivre query: give a query as an argument or with -f FILE\n";
    return kUsage;
  }
  // Result formats for SELECT/ASK, RDF syntaxes for CONSTRUCT/DESCRIBE (Turtle by default).
  auto format = query::result_format_from_name(args.format);
  auto graph_syntax = graph::syntax_from_name(args.format);
  if (graph_syntax && !graph::syntax_writable(*graph_syntax)) graph_syntax.reset();
  if (!format && !graph_syntax) {
    std::cerr << "moivre query: unknown format '" << args.format
              << "' (table, json, xml, csv, tsv; nt, nq, ttl, trig for graphs)\n";
    return kUsage;
  }
  query::algebra::Query algebra;
  try {
    algebra = query::algebra::translate(query::parse_query(text), text);
  } catch (const query::QuerySyntaxError& e) {
    std::cerr << "moivre query: " << (args.file.empty() ? "" : args.file + ": ") << e.what()
              << "\n";
    return kInvalidInput;
  }
  if (args.explain) std::cerr << "algebra: " << query::algebra::to_sse(algebra.pattern) << "\n";
  bool graph_result = algebra.form == query::algebra::QueryForm::Construct ||
                      algebra.form == query::algebra::QueryForm::Describe;
  if (graph_result ? (!graph_syntax && args.format != "table") : !format) {
    std::cerr << "moivre query: a " << (graph_result ? "graph" : "SELECT or ASK")
              << " result cannot be written as '" << args.format << "'\n";
    return kUsage;
  }

  graph::Store store(args.db, {.read_only = true});
  auto txn = store.read();
  query::ExecutionOptions options;
  auto services =
      args.allowed_services.empty() ? nullptr : server::make_service_client(args.allowed_services);
  options.services = services.get();
  options.max_memory = args.max_memory;
  if (args.timeout > 0)
    options.deadline = std::chrono::steady_clock::now() +
                       std::chrono::milliseconds(static_cast<long>(args.timeout * 1000));
  try {
    query::Execution execution(txn, algebra, options);
    switch (algebra.form) {
      case query::algebra::QueryForm::Select:
        query::write_select(execution, *format, std::cout);
        break;
      case query::algebra::QueryForm::Ask:
        query::write_ask(execution.ask(), *format, std::cout);
        break;
      default: {
        graph::RdfWriter writer(std::cout, graph_syntax.value_or(graph::RdfSyntax::Turtle),
                                graph::common_prefixes());
        graph::Term s, p, o;
        while (execution.next_triple(s, p, o)) writer.write(s, p, o);
        writer.finish();
      }
    }
    if (args.explain) std::cerr << "plan (estimated and actual rows):\n" << execution.explain();
  } catch (const query::QueryTimeout& e) {
    std::cerr << "moivre query: " << e.what() << " (" << args.timeout << " s)\n";
    return kFailure;
  } catch (const query::ServiceRefused& e) {
    std::cerr << "moivre query: " << e.what() << "\n";
    return kUsage;
  } catch (const query::QueryMemoryExceeded& e) {
    std::cerr << "moivre query: " << e.what() << "\n";
    return kInvalidInput;
  } catch (const std::runtime_error& e) {
    std::cerr << "moivre query: " << e.what() << "\n";
    return kFailure;
  }
  return kOk;
}

}  // namespace

void add_query_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<QueryArgs>();
  auto* cmd = app.add_subcommand("query", "Run a SPARQL query against a store.");
  cmd->add_option("--db", args->db, "Store directory")->required();
  cmd->add_option("--format", args->format,
                  "table (default), json, xml, csv or tsv; for CONSTRUCT/DESCRIBE ttl (default), "
                  "nt, nq or trig");
  cmd->add_option("-f,--file", args->file, "Read the query from this file");
  cmd->add_option("--timeout", args->timeout, "Stop after this many seconds (0: no limit)");
  cmd->add_option("--max-query-memory", args->max_memory,
                  "Memory the query's rows may take, e.g. 256M or 2G (default 1G, 0: no limit); "
                  "past it the query stops (exit 3)")
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--allow-service", args->allowed_services,
                  "Endpoints SERVICE may query: those starting with this URL prefix (repeatable; "
                  "default: none)")
      ->allow_extra_args(false);
  cmd->add_flag("--explain", args->explain,
                "Print the algebra, then the plan with estimated and actual row counts, on stderr");
  cmd->add_option("QUERY", args->text, "The query text");
  cmd->callback([args, &action] { action = [args] { return run_query(*args); }; });
}

}  // namespace moivre::cli
