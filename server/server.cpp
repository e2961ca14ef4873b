#include "server/server.hpp"

#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "graph/rdf_syntax.hpp"
#include "query/executor.hpp"
#include "query/results.hpp"
#include "server/jsonld.hpp"
#include "server/service.hpp"

namespace moivre::server {

const std::vector<std::string> kResultTypes = query::result_media_types();
// Turtle first: what a client asking for any RDF gets.
const std::vector<std::string> kGraphTypes = [] {
  std::vector<std::string> out;
  for (auto syntax : {graph::RdfSyntax::Turtle, graph::RdfSyntax::NTriples,
                      graph::RdfSyntax::NQuads, graph::RdfSyntax::TriG})
    out.emplace_back(graph::syntax_media_type(syntax));
  out.emplace_back(kJsonLdMediaType);
  return out;
}();

// Short names as Fuseki and Oxigraph take them: the result formats' (query/results.hpp), the
// RDF syntaxes' (graph/rdf_syntax.hpp) and JSON-LD's.
std::string media_type_for_format(const std::string& format) {
  if (auto result = query::result_format_from_name(format);
      result && *result != query::ResultFormat::Table)
    return std::string(query::result_media_type(*result));
  if (auto syntax = graph::syntax_from_name(format); syntax && graph::syntax_writable(*syntax))
    return std::string(graph::syntax_media_type(*syntax));
  if (format == "jsonld" || format == "json-ld") return kJsonLdMediaType;
  return format;
}

void error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

void not_acceptable(httplib::Response& res, const httplib::Request& req, const std::string& what,
                    const std::vector<std::string>& offered) {
  std::string list;
  for (size_t i = 0; i < offered.size(); ++i)
    list += (i == 0 ? "" : i + 1 == offered.size() ? " or " : ", ") + offered[i];
  std::string asked = req.has_param("format") ? "format=" + req.get_param_value("format")
                                              : "Accept: " + req.get_header_value("Accept");
  error(res, 406, what + " can be given as " + list + ", not as asked (" + asked + ")");
}

void store_error(httplib::Response& res, const graph::StoreError& e) {
  error(res, e.out_of_space() ? 507 : 500,
        std::string(e.what()) + "; nothing was changed, the store stays readable");
}

uint64_t default_max_memory() {
  long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<uint64_t>(pages) * static_cast<uint64_t>(page) / 2
                               : uint64_t{8} << 30;
}

Server::Impl::Impl(graph::Store& s, ServerOptions o) : store(s), options(std::move(o)) {
  query::set_process_query_memory_limit(options.max_memory);
  if (!options.allowed_services.empty()) services = make_service_client(options.allowed_services);
  http.set_payload_max_length(options.max_body_bytes);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
  // client's delayed ACK add ~40 ms to every small response.
  http.set_tcp_nodelay(true);
  // cpp-httplib's defaults (8 workers, a connection closed after 5 requests) make keep-alive
  // clients reconnect and queue behind each other: workers for every query that may run plus
  // some for cheap requests, and connections kept for many requests, as SPARQL servers do.
  size_t workers = options.max_concurrent_queries > 0 ? options.max_concurrent_queries + 8 : 32;
  http.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  http.set_keep_alive_max_count(1000);
  // Browsers on other origins (YASGUI and the like) may call the endpoint.
  http.set_default_headers({{"Access-Control-Allow-Origin", "*"}});
  http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    begin_access_log_entry();
    if (options.read_token.empty() || req.method == "OPTIONS" ||
        public_path(req.method, req.path) || may_read(req))
      return httplib::Server::HandlerResponse::Unhandled;
    res.set_header("WWW-Authenticate", "Bearer realm=\"moivre\"");
    error(res, 401, "reading this server needs an 'Authorization: Bearer <token>' header");
    return httplib::Server::HandlerResponse::Handled;
  });
  http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    count(res.status);
    maybe_gzip(req, res);
  });
  if (options.access_log)
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      std::string line = access_log_line(req, res);
      if (options.access_log_sink)
        options.access_log_sink(line);
      else
        std::cerr << (line + "\n");  // one write: lines of two threads never mix
    });
  mount_page();
  add_routes(routes());
}

namespace {

// What the access log needs to know of the response being written on this worker thread.
// cpp-httplib handles a request, writes its response and then calls the logger, all on the
// thread that read it; a streamed body's size is known only to the content provider that wrote
// it, so that provider adds to this as it goes (add_streamed_bytes).
struct AccessLogEntry {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  uint64_t streamed_bytes = 0;
};
thread_local AccessLogEntry access_log_entry;

}  // namespace

void begin_access_log_entry() {
  access_log_entry = AccessLogEntry{};
}

void add_streamed_bytes(size_t bytes) {
  access_log_entry.streamed_bytes += bytes;
}

// Client, request line, status, bytes of the body as sent (a streamed one's as counted while it
// was written, after Moivre's own gzip), milliseconds from the request's arrival.
std::string access_log_line(const httplib::Request& req, const httplib::Response& res) {
  uint64_t bytes = access_log_entry.streamed_bytes;
  if (bytes == 0) bytes = res.content_length_ ? res.content_length_ : res.body.size();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                    std::chrono::steady_clock::now() - access_log_entry.start)
                    .count();
  char millis[32];
  std::snprintf(millis, sizeof millis, "%.1f", static_cast<double>(micros) / 1000.0);
  access_log_entry = AccessLogEntry{};
  return req.remote_addr + " \"" + req.method + " " + req.path + "\" " +
         std::to_string(res.status) + " " + std::to_string(bytes) + " " + millis;
}

// Compresses a response body for clients that accept gzip (httplib only compresses a few media
// types, not the SPARQL result formats).
void Server::Impl::maybe_gzip(const httplib::Request& req, httplib::Response& res) {
  if (res.body.size() < 1024 || res.has_header("Content-Encoding")) return;
  if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) return;
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return;
  std::string out(deflateBound(&zs, res.body.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(res.body.data());
  zs.avail_in = static_cast<uInt>(res.body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return;
  out.resize(zs.total_out);
  res.body = std::move(out);
  // httplib has already set Content-Length from the uncompressed body.
  res.headers.erase("Content-Length");
  res.set_header("Content-Length", std::to_string(res.body.size()));
  res.set_header("Content-Encoding", "gzip");
  res.set_header("Vary", "Accept-Encoding");
}

void Server::Impl::count(int status) {
  ++requests;
  if (status >= 400 && status < 500) ++client_errors;
  if (status >= 500) ++server_errors;
}

namespace {

// Compares in time independent of where the strings differ: no timing hints at the token.
bool same_secret(const std::string& a, const std::string& b) {
  size_t n = std::max(a.size(), b.size());
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < n; ++i)
    diff |= static_cast<unsigned char>((i < a.size() ? a[i] : 0) ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

}  // namespace

static std::string bearer_token(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  return auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : std::string();
}

bool Server::Impl::may_read(const httplib::Request& req) const {
  std::string token = bearer_token(req);
  if (token.empty()) return false;
  return same_secret(token, options.read_token) ||
         (!options.write_token.empty() && same_secret(token, options.write_token));
}

bool Server::Impl::authorised(const httplib::Request& req, httplib::Response& res) {
  if (options.write_token.empty()) {
    error(res, 403, "this server is read-only: it has no write token configured");
    return false;
  }
  std::string token = bearer_token(req);
  if (token.empty()) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"moivre\"");
    error(res, 401, "writes need an 'Authorization: Bearer <token>' header");
    return false;
  }
  if (!same_secret(token, options.write_token)) {
    error(res, 403, "the bearer token is not the one this server accepts");
    return false;
  }
  return true;
}

Server::Server(graph::Store& store, ServerOptions options)
    : impl_(std::make_unique<Impl>(store, std::move(options))) {}

Server::~Server() = default;

int Server::bind() {
  const auto& o = impl_->options;
  port_ = o.port == 0 ? impl_->http.bind_to_any_port(o.bind.c_str())
                      : (impl_->http.bind_to_port(o.bind.c_str(), o.port) ? o.port : -1);
  if (port_ <= 0)
    throw std::runtime_error("cannot listen on " + o.bind + ":" + std::to_string(o.port));
  return port_;
}

void Server::run() {
  {
    std::lock_guard<std::mutex> lock(impl_->state_mutex);
    if (impl_->stopped) return;  // stop() came first
    impl_->running = true;
  }
  impl_->http.listen_after_bind();
}

void Server::stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->state_mutex);
    impl_->stopped = true;
    if (!impl_->running) return;  // run() will not start serving
  }
  // run() may not have reached its accept loop yet; httplib's stop() only ends a running one.
  while (!impl_->http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->http.stop();
}

}  // namespace moivre::server
