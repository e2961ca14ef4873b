// moivre serve: the HTTP endpoint. Without --db it serves the default graph, built from data/
// into var/default-store on first start and rebuilt when a file in data/ is newer.
#include <signal.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "server/server.hpp"

namespace moivre::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string data = "data";
  std::string token_file;
  std::string read_token_file;
  std::string base_iri = "https://id.moivre.org/";
  bool namespace_given = false;
  server::ServerOptions options;
};

namespace fs = std::filesystem;

// (Re)builds the default store when it is missing, older than a file of data/, or built with
// another base IRI. The data's relative IRIs resolve against `base`.
void ensure_default_store(const fs::path& db, const fs::path& data, const std::string& base) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(data))
    if (graph::syntax_from_path(entry.path().string())) files.push_back(entry.path());
  if (files.empty()) throw graph::InputError("no RDF files in " + data.string());
  std::error_code ec;
  auto built = fs::last_write_time(db / "data.mdb", ec);
  bool stale = ec.operator bool();
  for (const auto& f : files) stale = stale || fs::last_write_time(f) > built;
  {
    std::ifstream in(db / "base-iri");
    std::string built_base;
    stale = stale || !std::getline(in, built_base) || built_base != base;
  }
  if (!stale) {
    // A store written by an older format of this program is rebuilt too: it is derived data.
    try {
      graph::Store check(db, {.read_only = true});
      return;
    } catch (const graph::StoreError& e) {
      std::cerr << "moivre serve: rebuilding " << db << " (" << e.what() << ")\n";
    }
  }
  std::cerr << "Building the default graph's store in " << db << " from " << data << "\n";
  fs::remove_all(db);
  graph::Store store(db);
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  for (const auto& f : files) {
    graph::Input input(f.string());
    graph::ReadOptions options;
    options.syntax = *graph::syntax_from_path(f.string());
    options.base_iri = base;
    loader.add(input, options);
  }
  loader.finish();
  txn.commit();
  std::ofstream(db / "base-iri") << base << "\n";
}

// A token from the first line of `file`, else from the environment variable; false (said on
// stderr) when the file is given but holds no token.
bool take_token(const std::string& file, const char* variable, std::string& token) {
  if (file.empty()) {
    if (const char* value = std::getenv(variable)) token = value;
    return true;
  }
  std::ifstream in(file);
  if (in && std::getline(in, token) && !token.empty()) return true;
  std::cerr << "moivre serve: cannot read a token from " << file << "\n";
  return false;
}

int run_serve(ServeArgs args) {
  if (args.db.empty()) {
    args.db = "var/default-store";
    ensure_default_store(args.db, args.data, args.base_iri);
  }
  // The write token (--token-file, else $MOIVRE_TOKEN; neither: read-only) and the read token
  // (--read-token-file, else $MOIVRE_READ_TOKEN; neither: open reads). Never logged.
  if (!take_token(args.token_file, "MOIVRE_TOKEN", args.options.write_token) ||
      !take_token(args.read_token_file, "MOIVRE_READ_TOKEN", args.options.read_token))
    return kUsage;
  if (!args.namespace_given) args.options.namespace_iri = args.base_iri;
  graph::Store store(args.db);
  server::Server server(store, args.options);

  // SIGINT/SIGTERM end the server gracefully: a thread waits for them, then stops it.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  int port;
  try {
    port = server.bind();
  } catch (const std::runtime_error& e) {
    std::cerr << "moivre serve: " << e.what() << "\n";
    return kFailure;
  }
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    std::cerr << "moivre serve: stopping\n";
    server.stop();
  });
  bool loopback = args.options.bind == "127.0.0.1" || args.options.bind == "::1" ||
                  args.options.bind == "localhost";
  std::cerr << "Serving " << args.db << " at http://" << args.options.bind << ":" << port
            << "/sparql ("
            << (args.options.write_token.empty() ? "read-only" : "updates need the token")
            << (args.options.read_token.empty() ? "" : ", reads need a token")
            << "); query page at http://" << args.options.bind << ":" << port << "/\n"
            << (loopback
                    ? "Only this machine can connect (loopback); --bind 0.0.0.0 serves others.\n"
                    : "Reachable from other machines on " + args.options.bind +
                          (args.options.read_token.empty()
                               ? " by anyone who can reach it (no read token).\n"
                               : ".\n"));
  server.run();
  pthread_kill(waiter.native_handle(), SIGTERM);  // wake the waiter if run() ended otherwise
  waiter.join();
  return kOk;
}

}  // namespace

void add_serve_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<ServeArgs>();
  args->options.web_dir = MOIVRE_SOURCE_DIR "/web";
  args->options.examples_dir = MOIVRE_SOURCE_DIR "/data/queries";
  auto* cmd = app.add_subcommand("serve", "Serve a store over HTTP (SPARQL 1.1 Protocol).");
  cmd->add_option("--db", args->db,
                  "Store directory (default: the default graph, built from --data into "
                  "var/default-store)");
  cmd->add_option("--data", args->data, "Folder of the default graph's RDF files");
  cmd->add_option("--bind", args->options.bind, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", args->options.port, "Port (default 7878; 0 picks a free one)");
  cmd->add_option("--timeout", args->options.query_timeout_seconds,
                  "Query time limit in seconds (default 30)");
  cmd->add_option(
      "--max-queries", args->options.max_concurrent_queries,
      "Queries answered at once; more get 503 with Retry-After (default 16, 0: no limit)");
  cmd->add_option("--max-rows", args->options.max_result_rows,
                  "Rows (or triples) one result gives at most (default 0: no limit; a cut result "
                  "is flagged in X-Moivre-Truncated)");
  cmd->add_option("--max-body", args->options.max_body_bytes,
                  "Largest request body in bytes (default 16 MiB)");
  cmd->add_option("--allow-load", args->options.load_dirs,
                  "A directory SPARQL LOAD may read files from (repeatable; default: LOAD is "
                  "refused)")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false);
  cmd->add_option("--max-query-memory", args->options.max_query_memory,
                  "Memory the rows of one query may take, e.g. 256M or 2G (default 1G, 0: no "
                  "limit); past it the query stops with 503")
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--max-memory", args->options.max_memory,
                  "Memory the rows of all running queries may take together, e.g. 8G (default: "
                  "half the machine's memory, 0: no limit); past it a query gets 503 with "
                  "Retry-After")
      ->transform(CLI::AsSizeValue(false));
  cmd->add_option("--allow-service", args->options.allowed_services,
                  "Endpoints SERVICE may query: those starting with this URL prefix (repeatable; "
                  "default: none, SERVICE is refused)")
      ->allow_extra_args(false);
  cmd->add_option("--web", args->options.web_dir,
                  "Folder of the query page (page/ and npm's node_modules/)")
      ->capture_default_str();
  cmd->add_option("--examples", args->options.examples_dir,
                  "Folder of example queries (*.rq) the page offers")
      ->capture_default_str();
  cmd->add_option("--base-iri", args->base_iri,
                  "Base of the default graph's IRIs (its files' relative IRIs resolve against it)")
      ->capture_default_str();
  cmd->add_option_function<std::string>(
      "--namespace",
      [args](const std::string& iri) {
        args->options.namespace_iri = iri;
        args->namespace_given = true;
      },
      "IRIs under this namespace are served at their path, with content negotiation "
      "(default: --base-iri)");
  cmd->add_option("--read-token-file", args->read_token_file,
                  "File holding a bearer token that reads need too (else $MOIVRE_READ_TOKEN; "
                  "neither: anyone who can connect may read)");
  cmd->add_option("--max-query-bytes", args->options.max_query_bytes,
                  "Longest query or update text in bytes (default 2 MiB, 0: no limit)");
  cmd->add_option("--token-file", args->token_file,
                  "File holding the bearer token that updates need (else $MOIVRE_TOKEN; neither: "
                  "read-only)");
  cmd->callback([args, &action] { action = [args] { return run_serve(*args); }; });
}

}  // namespace moivre::cli
