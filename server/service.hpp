// The server's internals, shared by the files that handle each part of the protocol. Not a
// public header: only server/*.cpp include it.
#pragma once

#include <httplib.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "graph/error.hpp"
#include "graph/term.hpp"
#include "query/service.hpp"
#include "server/server.hpp"

namespace moivre::server {

// Writes a plain-text error response.
void error(httplib::Response& res, int status, const std::string& message);
// A write the store could not complete: 507 when space ran out, else 500; nothing was changed.
void store_error(httplib::Response& res, const graph::StoreError& e);

// A 406 naming what was asked (the format parameter or the Accept header) and every type that
// `what` (e.g. "this result") can be given as.
void not_acceptable(httplib::Response& res, const httplib::Request& req, const std::string& what,
                    const std::vector<std::string>& offered);

// The `format` parameter's short names (json, xml, csv, tsv, ttl, nt, nq, trig, jsonld) as
// media types; anything else is returned as given.
std::string media_type_for_format(const std::string& format);

// The access log (server.cpp): a request's entry starts when it is routed; a streamed body
// counts the bytes it writes, on the worker thread that writes them; the line is
// "client \"METHOD path\" status bytes milliseconds".
void begin_access_log_entry();
void add_streamed_bytes(size_t bytes);
std::string access_log_line(const httplib::Request& req, const httplib::Response& res);

extern const std::vector<std::string> kResultTypes;  // SELECT and ASK
extern const std::vector<std::string> kGraphTypes;   // CONSTRUCT, DESCRIBE, graphs

struct Server::Impl {
  // A row of the route table (server/routes.cpp): who may call it, when reads need a token.
  enum class Access { Anyone, Readers };
  struct Route {
    std::vector<std::string> methods;
    std::string pattern;  // cpp-httplib's: a regular expression the whole path must match
    Access access;
    std::function<void(Impl&, const httplib::Request&, httplib::Response&)> handler;
    std::regex regex{};  // `pattern`, compiled
  };

  graph::Store& store;
  ServerOptions options;
  httplib::Server http;
  std::mutex state_mutex;
  bool running = false;
  bool stopped = false;
  std::atomic<uint64_t> requests{0}, client_errors{0}, server_errors{0}, timeouts{0};
  std::atomic<uint64_t> queries{0}, query_micros{0}, streamed{0}, memory_stops{0};
  std::atomic<int> active_queries{0};
  std::unique_ptr<query::ServiceClient> services;  // SERVICE requests (none allowed: null)

  Impl(graph::Store& s, ServerOptions o);

  // routes.cpp
  std::vector<Route> routes();
  void add_routes(std::vector<Route> table);
  // Whether anyone may call this path (no read token needed).
  bool public_path(const std::string& method, const std::string& path) const;
  std::vector<Route> routes_;
  // server.cpp
  static void maybe_gzip(const httplib::Request& req, httplib::Response& res);
  void count(int status);
  bool authorised(const httplib::Request& req, httplib::Response& res);
  bool may_read(const httplib::Request& req) const;
  // 413 when a query or update text is longer than options.max_query_bytes.
  bool too_long(const std::string& text, httplib::Response& res) const;
  // metrics.cpp
  std::string metrics();
  // sparql_protocol.cpp
  void handle_query(const httplib::Request& req, httplib::Response& res);
  void handle_update(const std::string& text, const httplib::Request& req, httplib::Response& res);
  // graph_store.cpp
  void handle_graph_store(const httplib::Request& req, httplib::Response& res);
  // resource_page.cpp
  void handle_resource(const std::string& iri, const httplib::Request& req, httplib::Response& res);
  // overview_route.cpp
  void handle_overview(const httplib::Request& req, httplib::Response& res);
  // paths_route.cpp
  void handle_paths(const httplib::Request& req, httplib::Response& res);
  // search_route.cpp
  void handle_search(const httplib::Request& req, httplib::Response& res);
  // A redirect to the resource best matching a name (404 when none does).
  void handle_name(const std::string& name, httplib::Response& res);
  // web_page.cpp: the page's files under /static and /lib, and its routes
  void mount_page();
  void handle_page(const std::string& file, httplib::Response& res);
  void handle_examples(httplib::Response& res);
  bool page_available = false;
};

}  // namespace moivre::server
