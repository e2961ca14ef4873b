#include "server/server.hpp"

#include <httplib.h>
#include <zlib.h>

#include <atomic>

#include <chrono>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "graph/bulk_loader.hpp"
#include "graph/error.hpp"
#include "graph/rdf_writer.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "query/update.hpp"
#include "server/jsonld.hpp"
#include "server/negotiation.hpp"

namespace moivre::server {
namespace {

const std::vector<std::string> kResultTypes = {"application/sparql-results+json",
                                               "application/sparql-results+xml",
                                               "text/csv",
                                               "text/tab-separated-values",
                                               "application/json",
                                               "application/xml"};
const std::vector<std::string> kGraphTypes = {"text/turtle", "application/n-triples",
                                              "application/n-quads", "application/trig",
                                              "application/ld+json"};

// The `format` parameter's short names, as Fuseki and Oxigraph take them.
std::string media_type_for_format(const std::string& format) {
  if (format == "json") return "application/sparql-results+json";
  if (format == "xml") return "application/sparql-results+xml";
  if (format == "csv") return "text/csv";
  if (format == "tsv") return "text/tab-separated-values";
  if (format == "ttl" || format == "turtle") return "text/turtle";
  if (format == "nt" || format == "ntriples") return "application/n-triples";
  if (format == "nq" || format == "nquads") return "application/n-quads";
  if (format == "trig") return "application/trig";
  if (format == "jsonld" || format == "json-ld") return "application/ld+json";
  return format;  // a media type given in full
}

void error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(message + "\n", "text/plain; charset=utf-8");
}

const char* kServiceDescription =
    R"(@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
  sd:endpoint <%ENDPOINT%> ;
  sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
    formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:N-Quads, formats:TriG ;
  sd:feature sd:BasicFederatedQuery ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
)";

}  // namespace

struct Server::Impl {
  graph::Store& store;
  ServerOptions options;
  httplib::Server http;
  std::mutex state_mutex;
  bool running = false;
  bool stopped = false;
  std::atomic<uint64_t> requests{0}, client_errors{0}, server_errors{0}, timeouts{0};
  std::atomic<uint64_t> queries{0}, query_micros{0};
  std::atomic<int> active_queries{0};

  Impl(graph::Store& s, ServerOptions o) : store(s), options(std::move(o)) {
    http.set_payload_max_length(options.max_body_bytes);
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed ACK add ~40 ms to every small response.
    http.set_tcp_nodelay(true);
    // Browsers on other origins (YASGUI and the like) may call the endpoint.
    http.set_default_headers({{"Access-Control-Allow-Origin", "*"}});
    http.Options("/sparql", [](const httplib::Request&, httplib::Response& res) {
      res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization");
      res.set_header("Allow", "GET, POST, OPTIONS");
    });
    http.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      count(res.status);
      maybe_gzip(req, res);
    });
    http.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::cerr << req.remote_addr << " \"" << req.method << " " << req.path << "\" " << res.status
                << " " << res.body.size() << "\n";
    });
    auto query_handler = [this](const httplib::Request& req, httplib::Response& res) {
      handle_query(req, res);
    };
    http.Get("/sparql", query_handler);
    http.Post("/sparql", query_handler);
    for (const char* path : {"/store", "/data"}) {
      auto store_handler = [this](const httplib::Request& req, httplib::Response& res) {
        handle_graph_store(req, res);
      };
      http.Get(path, store_handler);
      http.Put(path, store_handler);
      http.Post(path, store_handler);
      http.Delete(path, store_handler);
      http.Options(path, store_handler);
    }
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics(), "text/plain; version=0.0.4");
    });
    http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content("{\"status\":\"ok\"}\n", "application/json");
    });
  }

  // Compresses a response body for clients that accept gzip (httplib only compresses a few media
  // types, not the SPARQL result formats).
  static void maybe_gzip(const httplib::Request& req, httplib::Response& res) {
    if (res.body.size() < 1024 || res.has_header("Content-Encoding")) return;
    if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) return;
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
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

  // Request counters for /metrics.
  void count(int status) {
    ++requests;
    if (status >= 400 && status < 500) ++client_errors;
    if (status >= 500) ++server_errors;
  }

  std::string metrics() {
    auto st = store.read().stats();
    std::ostringstream out;
    out << "# HELP moivre_http_requests_total HTTP requests answered.\n"
        << "# TYPE moivre_http_requests_total counter\n"
        << "moivre_http_requests_total " << requests.load() << "\n"
        << "# HELP moivre_http_client_errors_total Requests answered 4xx.\n"
        << "# TYPE moivre_http_client_errors_total counter\n"
        << "moivre_http_client_errors_total " << client_errors.load() << "\n"
        << "# HELP moivre_http_server_errors_total Requests answered 5xx.\n"
        << "# TYPE moivre_http_server_errors_total counter\n"
        << "moivre_http_server_errors_total " << server_errors.load() << "\n"
        << "# HELP moivre_query_timeouts_total Queries stopped at their time limit.\n"
        << "# TYPE moivre_query_timeouts_total counter\n"
        << "moivre_query_timeouts_total " << timeouts.load() << "\n"
        << "# HELP moivre_query_seconds Time spent answering queries.\n"
        << "# TYPE moivre_query_seconds summary\n"
        << "moivre_query_seconds_sum " << query_micros.load() / 1e6 << "\n"
        << "moivre_query_seconds_count " << queries.load() << "\n"
        << "# HELP moivre_store_quads Quads in the store.\n"
        << "# TYPE moivre_store_quads gauge\n"
        << "moivre_store_quads " << st.quads << "\n"
        << "# HELP moivre_store_bytes Size of the store file.\n"
        << "# TYPE moivre_store_bytes gauge\n"
        << "moivre_store_bytes " << st.file_bytes << "\n";
    return out.str();
  }

  // Compares in time independent of where the strings differ: no timing hints at the token.
  static bool same_secret(const std::string& a, const std::string& b) {
    size_t n = std::max(a.size(), b.size());
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (size_t i = 0; i < n; ++i)
      diff |= static_cast<unsigned char>((i < a.size() ? a[i] : 0) ^ (i < b.size() ? b[i] : 0));
    return diff == 0;
  }

  // Whether the request may write; if not, the response says why.
  bool authorised(const httplib::Request& req, httplib::Response& res) {
    if (options.write_token.empty()) {
      error(res, 403, "this server is read-only: it has no write token configured");
      return false;
    }
    std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) != 0) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"moivre\"");
      error(res, 401, "updates need an 'Authorization: Bearer <token>' header");
      return false;
    }
    if (!same_secret(auth.substr(7), options.write_token)) {
      error(res, 403, "the bearer token is not the one this server accepts");
      return false;
    }
    return true;
  }

  void handle_update(const std::string& text, const httplib::Request& req, httplib::Response& res) {
    if (!authorised(req, res)) return;
    query::algebra::Update update;
    try {
      update = query::algebra::translate_update(query::parse_update(text), text);
    } catch (const query::QuerySyntaxError& e) {
      return error(res, 400, e.what());
    }
    query::ExecutionOptions limits;
    limits.deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<long>(options.query_timeout_seconds * 1000));
    try {
      auto txn = store.write();  // one writer at a time; readers go on meanwhile
      auto result = query::execute_update(txn, update, limits);
      txn.commit();
      res.set_content("{\"inserted\":" + std::to_string(result.inserted) +
                          ",\"deleted\":" + std::to_string(result.deleted) + "}\n",
                      "application/json");
    } catch (const query::UpdateError& e) {
      return error(res, 400, std::string(e.what()) + "; nothing was changed");
    } catch (const query::QueryTimeout& e) {
      return error(res, 503, std::string(e.what()) + "; nothing was changed");
    } catch (const std::exception& e) {
      return error(res, 500, std::string(e.what()) + "; nothing was changed");
    }
  }

  // Graph Store HTTP Protocol: ?graph=IRI or ?default names the graph.
  void handle_graph_store(const httplib::Request& req, httplib::Response& res) {
    bool is_default = req.has_param("default");
    std::string graph_iri = req.has_param("graph") ? req.get_param_value("graph") : "";
    if (is_default == !graph_iri.empty())
      return error(res, 400, "name the graph with ?graph=IRI or ?default");
    if (req.method == "GET" || req.method == "HEAD") {
      auto type =
          req.has_param("format")
              ? std::optional<std::string>(media_type_for_format(req.get_param_value("format")))
              : negotiate(req.get_header_value("Accept"), kGraphTypes);
      bool jsonld = type && *type == "application/ld+json";
      auto syntax = type ? graph::syntax_from_name(*type) : std::nullopt;
      if (!jsonld && (!syntax || !graph::syntax_writable(*syntax)))
        return error(res, 406,
                     "a graph can be given as text/turtle, application/n-triples, "
                     "application/n-quads, application/trig or application/ld+json");
      auto txn = store.read();
      graph::TermId g = graph::kDefaultGraph;
      if (!is_default) {
        auto id = txn.lookup(graph::Term::iri(graph_iri));
        if (!id) return error(res, 404, "no graph <" + graph_iri + "> in this store");
        g = *id;
      }
      graph::QuadPattern pattern;
      pattern.ids[graph::G] = g;
      std::ostringstream out;
      graph::Term graph_term = is_default ? graph::Term{} : graph::Term::iri(graph_iri);
      graph::Quad q;
      size_t n = 0;
      if (jsonld) {
        std::vector<TermTriple> triples;
        for (auto scan = txn.scan(pattern, graph::Permutation::GSPO); scan.next(q); ++n)
          triples.push_back({txn.term(q.s()), txn.term(q.p()), txn.term(q.o())});
        write_jsonld(triples, out);
      } else {
        graph::RdfWriter writer(out, *syntax, graph::common_prefixes());
        for (auto scan = txn.scan(pattern, graph::Permutation::GSPO); scan.next(q); ++n)
          writer.write(txn.term(q.s()), txn.term(q.p()), txn.term(q.o()),
                       is_default ? nullptr : &graph_term);
        writer.finish();
      }
      if (!is_default && n == 0)
        return error(res, 404, "no graph <" + graph_iri + "> in this store");
      res.set_content(out.str(), *type);
      return;
    }
    if (req.method == "OPTIONS") {
      res.set_header("Allow", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
      return;
    }
    if (!authorised(req, res)) return;
    try {
      auto txn = store.write();
      graph::TermId g = graph::kDefaultGraph;
      bool existed;
      if (!is_default) g = txn.intern(graph::Term::iri(graph_iri));
      {
        graph::QuadPattern pattern;
        pattern.ids[graph::G] = g;
        existed = txn.count(pattern, 1) > 0;
      }
      if (req.method == "DELETE" || req.method == "PUT") {
        if (req.method == "DELETE" && !existed && !is_default)
          return error(res, 404, "no graph <" + graph_iri + "> in this store");
        graph::QuadPattern pattern;
        pattern.ids[graph::G] = g;
        std::vector<graph::Quad> quads;
        graph::Quad q;
        for (auto scan = txn.scan(pattern); scan.next(q);) quads.push_back(q);
        for (const auto& quad : quads) txn.remove(quad);
      }
      if (req.method == "PUT" || req.method == "POST") {
        std::string type = req.get_header_value("Content-Type");
        auto syntax = graph::syntax_from_name(type.substr(0, type.find(';')));
        if (!syntax)
          return error(res, 415,
                       "send RDF as text/turtle, application/n-triples, "
                       "application/n-quads, application/trig or application/rdf+xml");
        graph::BulkLoader loader(txn);
        graph::ReadOptions read;
        read.syntax = *syntax;
        read.base_iri = is_default ? "" : graph_iri;
        loader.add_string(req.body, "request body", read, graph_iri);
        loader.finish();
      }
      txn.commit();
      res.status = (req.method == "PUT" || req.method == "POST") && !existed ? 201 : 204;
    } catch (const graph::SyntaxError& e) {
      return error(res, 400, std::string(e.what()) + "; nothing was changed");
    }
  }

  void handle_query(const httplib::Request& req, httplib::Response& res) {
    std::string text;
    if (req.method == "POST") {
      std::string type = req.get_header_value("Content-Type");
      type = type.substr(0, type.find(';'));
      if (type == "application/sparql-update") return handle_update(req.body, req, res);
      if (type == "application/x-www-form-urlencoded" && req.has_param("update"))
        return handle_update(req.get_param_value("update"), req, res);
      if (type == "application/sparql-query") {
        text = req.body;
      } else if (type == "application/x-www-form-urlencoded") {
        text = req.get_param_value("query");  // httplib parses form bodies into params
      } else {
        return error(res, 415,
                     "POST a query as application/sparql-query or "
                     "application/x-www-form-urlencoded, not '" +
                         type + "'");
      }
    } else {
      if (!req.has_param("query")) {
        std::string sd = kServiceDescription;
        std::string endpoint = "http://" + req.get_header_value("Host") + "/sparql";
        sd.replace(sd.find("%ENDPOINT%"), 10, endpoint);
        res.set_content(sd, "text/turtle");
        return;
      }
      text = req.get_param_value("query");
    }
    if (text.empty()) return error(res, 400, "no query given (parameter 'query')");

    query::algebra::Query algebra;
    try {
      algebra = query::algebra::translate(query::parse_query(text), text);
    } catch (const query::QuerySyntaxError& e) {
      return error(res, 400, e.what());
    }
    for (size_t i = 0; i < req.get_param_value_count("default-graph-uri"); ++i)
      algebra.from.push_back(req.get_param_value("default-graph-uri", i));
    for (size_t i = 0; i < req.get_param_value_count("named-graph-uri"); ++i)
      algebra.from_named.push_back(req.get_param_value("named-graph-uri", i));

    bool graph_result = algebra.form == query::algebra::QueryForm::Construct ||
                        algebra.form == query::algebra::QueryForm::Describe;
    const auto& offered = graph_result ? kGraphTypes : kResultTypes;
    std::optional<std::string> type;
    if (req.has_param("format")) {
      std::string wanted = media_type_for_format(req.get_param_value("format"));
      if (std::find(offered.begin(), offered.end(), wanted) != offered.end()) type = wanted;
    } else {
      type = negotiate(req.get_header_value("Accept"), offered);
    }
    if (!type) {
      std::string list;
      for (const auto& t : offered) list += (list.empty() ? "" : ", ") + t;
      return error(res, 406, "this result can be given as " + list);
    }

    query::ExecutionOptions limits;
    limits.deadline =
        std::chrono::steady_clock::now() +
        std::chrono::milliseconds(static_cast<long>(options.query_timeout_seconds * 1000));
    // Admission: past the limit, say when to come back rather than queue without end.
    struct Slot {
      std::atomic<int>& active;
      ~Slot() { --active; }
    } slot{active_queries};
    if (++active_queries > options.max_concurrent_queries && options.max_concurrent_queries > 0) {
      res.set_header("Retry-After", "1");
      return error(res, 503, "the server is answering as many queries as it may; retry shortly");
    }
    std::ostringstream out;
    auto started = std::chrono::steady_clock::now();
    struct Timer {
      Impl& impl;
      std::chrono::steady_clock::time_point start;
      ~Timer() {
        ++impl.queries;
        impl.query_micros += std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::steady_clock::now() - start)
                                 .count();
      }
    } timer{*this, started};
    try {
      auto txn = store.read();
      query::Execution execution(txn, algebra, limits);
      if (graph_result && *type == "application/ld+json") {
        std::vector<TermTriple> triples;
        graph::Term s, p, o;
        while (execution.next_triple(s, p, o)) triples.push_back({s, p, o});
        write_jsonld(triples, out);
      } else if (graph_result) {
        auto syntax = graph::syntax_from_name(*type).value_or(graph::RdfSyntax::Turtle);
        graph::RdfWriter writer(out, syntax, graph::common_prefixes());
        graph::Term s, p, o;
        while (execution.next_triple(s, p, o)) writer.write(s, p, o);
        writer.finish();
      } else {
        auto format = *type == "application/json"  ? query::ResultFormat::Json
                      : *type == "application/xml" ? query::ResultFormat::Xml
                                                   : *query::result_format_from_name(*type);
        if (algebra.form == query::algebra::QueryForm::Ask)
          query::write_ask(execution.ask(), format, out);
        else
          query::write_select(execution, format, out);
      }
    } catch (const query::UnsupportedFeature& e) {
      return error(res, 501, e.what());
    } catch (const query::QueryTimeout& e) {
      ++timeouts;
      return error(
          res, 503,
          std::string(e.what()) + " (" + std::to_string(options.query_timeout_seconds) + " s)");
    } catch (const std::exception& e) {
      return error(res, 500, e.what());
    }
    std::string content_type = *type;
    if (content_type.rfind("text/", 0) == 0 || content_type.find("json") != std::string::npos)
      content_type += "; charset=utf-8";
    res.set_content(out.str(), content_type);
  }
};

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
