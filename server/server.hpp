// server/: Moivre's HTTP endpoint on cpp-httplib.
//
//   GET  /sparql?query=...            SPARQL 1.1 Protocol query (also POST form-encoded and
//   POST /sparql  application/sparql-query)
//   POST /sparql  update=... or application/sparql-update: SPARQL 1.1 Update, one transaction,
//                                     with "Authorization: Bearer <token>" (401 without, 403
//                                     with a wrong one or when no token is configured)
//   GET  /sparql                      service description (Turtle)
//   GET|HEAD|PUT|POST|DELETE /store?graph=IRI | ?default
//                                     Graph Store HTTP Protocol (/data too); writes need the token
//   GET  /                            the query page (YASGUI, served from local files)
//   GET  /resource?iri=IRI            one resource as HTML: labels, types, links both ways (or
//                                     RDF, by Accept); IRIs of our namespace also at their path
//   GET  /search?q=TEXT[&limit&type]  resources by name, best first (JSON; query/name_search.hpp)
//   GET  /paths?from=IRI&to=IRI[&max&limit]
//                                     the shortest connections between two resources (JSON;
//                                     query/connections.hpp)
//   GET  /connections                 the page that draws them
//   GET  /overview[?graphs=N&classes=N]
//                                     what the store holds: graphs with quad counts, classes
//                                     with instance counts (JSON; query/overview.hpp)
//   GET  /examples                    the page's example queries (JSON)
//   GET  /health                      {"status":"ok"}
//   GET  /metrics                     Prometheus text: requests, errors, query time, time-outs,
//                                     store size (names prefixed moivre_)
// Every response allows any origin (CORS); bodies over 1 KiB are gzipped for clients that ask.
//
// Memory: the rows one query keeps are charged to its budget (max_query_memory, 1 GiB): past it,
// 503 naming the limit (query/exec/memory.hpp).
//
// Limits (ServerOptions, `moivre serve` options): request body 16 MiB (413), query or update
// text 2 MiB (413), request line 8 KiB (414) and headers 8 KiB / 100 fields (cpp-httplib: the
// connection is closed), query time 30 s (503), result rows 1,000,000 (cut, with
// X-Moivre-Truncated), queries at once 16 (503 with Retry-After), nesting of a query 128 brackets
// and 1000 expression levels (400). Writes need the write token; reads may need a read token.
//
// SERVICE (federated queries) reaches only the endpoints of `allowed_services`, as bound joins
// (VALUES batches), within the query's time limit: a refused endpoint is 400, a failing one 502
// (unless SILENT).
//
// Results are negotiated on Accept (q-values) or chosen with a `format` parameter: SELECT/ASK as
// SPARQL JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads or TriG. A bad
// query is 400 with the parser's line:column message; a type the server cannot give is 406; a
// body it cannot take is 415; a query past its time limit is 503. Each request reads one LMDB
// snapshot, so readers run in parallel and see a consistent store.
//
// A result is buffered up to 256 KiB; a longer one streams (chunked) as it is computed. An error
// while streaming (the time limit) can no longer change the status: the connection is closed
// before the end of the body, so no client mistakes a partial result for a whole one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "graph/store.hpp"

namespace moivre::query {
class ServiceClient;
}

namespace moivre::server {

// The SERVICE client of the server (and of `moivre query`): SPARQL Protocol requests with
// cpp-httplib to the endpoints starting with one of `allowed` (server/federation.cpp), reading
// at most `max_bytes` of each answer. Any other endpoint is refused without a request.
std::unique_ptr<query::ServiceClient> make_service_client(std::vector<std::string> allowed,
                                                          size_t max_bytes = 64 << 20);

// Half the machine's physical memory.
uint64_t default_max_memory();

struct ServerOptions {
  std::string bind = "127.0.0.1";
  int port = 7878;  // 0: any free port (see Server::port())
  double query_timeout_seconds = 30;
  size_t max_body_bytes = 16 << 20;
  // Rows (SELECT) or triples (CONSTRUCT/DESCRIBE) one response gives at most; 0: no limit (the
  // default: results stream, so their size costs no memory). A cut result says so in the
  // X-Moivre-Truncated header when it was not yet streaming; every response of a server with a
  // limit carries X-Moivre-Max-Rows.
  uint64_t max_result_rows = 0;
  // Directories SPARQL LOAD may read files from; empty: LOAD is refused.
  std::vector<std::filesystem::path> load_dirs;
  // The query page: `web_dir`/page holds its own files, `web_dir`/node_modules the front-end
  // libraries (npm). Empty: no page, the protocol only.
  std::filesystem::path web_dir;
  // Example queries for the page (*.rq files, served at /examples); empty: none.
  std::filesystem::path examples_dir;
  // IRIs under this namespace are answered at their path: GET /partnership/x shows
  // <https://id.moivre.org/partnership/x> (HTML, or RDF when the Accept header asks for it).
  std::string namespace_iri = "https://id.moivre.org/";
  // Queries answered at once; more get 503 with Retry-After (0: no limit).
  int max_concurrent_queries = 16;
  // The bearer token that writes need; empty: the server is read-only.
  std::string write_token;
  // When set, reading data (queries, graphs, resources, metrics) needs "Authorization: Bearer"
  // with this token or the write token (else 401); the page's own files and /health stay open.
  std::string read_token;
  // Longest query or update text taken, in bytes (413 beyond; 0: no limit). A query in a URL is
  // also bounded by cpp-httplib's 8 KiB request line (414), so long queries are POSTed.
  size_t max_query_bytes = 2 << 20;
  // One line per request: client, "METHOD path", status, body bytes as sent, milliseconds.
  bool access_log = true;
  // Where those lines go (without their newline); empty: stderr.
  std::function<void(const std::string&)> access_log_sink;
  // Bytes of rows one query may hold (sorts, hash tables, groups, DISTINCT): past it, 503 naming
  // the limit. 0: no limit.
  uint64_t max_query_memory = uint64_t{1} << 30;
  // Bytes of rows all running queries may hold together: a query that would pass it stops with
  // 503 and Retry-After instead of the process running out of memory. Default: half the
  // machine's physical memory (default_max_memory()); 0: no limit.
  uint64_t max_memory = default_max_memory();
  // Endpoints SERVICE may query: those starting with one of these (e.g.
  // "https://query.wikidata.org/"); none by default. Any other is refused (400) without a request.
  std::vector<std::string> allowed_services;
};

class Server {
 public:
  Server(graph::Store& store, ServerOptions options);
  ~Server();

  // Binds the socket; returns the port (the chosen one when options.port is 0). Throws
  // std::runtime_error when the address cannot be bound.
  int bind();
  // Serves until stop(); call bind() first.
  void run();
  // Stops accepting and returns from run() once in-flight requests are done. Thread-safe.
  void stop();
  int port() const { return port_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace moivre::server
