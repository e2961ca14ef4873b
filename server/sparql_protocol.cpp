// The SPARQL 1.1 Protocol at /sparql: queries (GET, POST form, POST sparql-query), updates (POST
// form, POST sparql-update) and the service description.
#include <malloc.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>
#include <sstream>

#include "graph/error.hpp"
#include "graph/rdf_writer.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "query/update.hpp"
#include "query/utf8.hpp"
#include "server/jsonld.hpp"
#include "server/negotiation.hpp"
#include "server/service.hpp"

namespace moivre::server {
namespace {

const char* kServiceDescription =
    R"(@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix formats: <http://www.w3.org/ns/formats/> .
[] a sd:Service ;
  sd:endpoint <%ENDPOINT%> ;
  sd:supportedLanguage sd:SPARQL11Query, sd:SPARQL11Update ;
  sd:resultFormat formats:SPARQL_Results_JSON, formats:SPARQL_Results_XML, formats:SPARQL_Results_CSV,
    formats:SPARQL_Results_TSV, formats:Turtle, formats:N-Triples, formats:N-Quads, formats:TriG,
    formats:JSON-LD ;
  sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
)";

// A result up to this size is sent whole (with a status that can still say "error"); past it the
// rest streams as it is computed.
constexpr size_t kBufferedBytes = 256 << 10;
constexpr size_t kChunkBytes = 64 << 10;

std::chrono::steady_clock::time_point deadline_after(double seconds) {
  return std::chrono::steady_clock::now() +
         std::chrono::milliseconds(static_cast<long>(seconds * 1000));
}

bool valid_utf8(const std::string& s) {
  return query::invalid_utf8_at(s) == std::string::npos;
}

// The charset a Content-Type names, lowercased; empty when it names none.
std::string charset_of(const std::string& content_type) {
  std::string lower;
  for (char c : content_type)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = lower.find("charset=");
  if (at == std::string::npos) return {};
  std::string value = lower.substr(at + 8);
  value = value.substr(0, value.find(';'));
  value.erase(std::remove(value.begin(), value.end(), '"'), value.end());
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return value;
}

// A gzip stream over the chunks of a streamed answer.
class GzipStream {
 public:
  GzipStream() {
    if (deflateInit2(&zs_, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK)
      throw std::runtime_error("cannot start gzip");
  }
  ~GzipStream() { deflateEnd(&zs_); }
  GzipStream(const GzipStream&) = delete;
  GzipStream& operator=(const GzipStream&) = delete;

  // The compressed bytes of `input`; with `last`, the end of the stream too.
  std::string compress(const std::string& input, bool last) {
    std::string out;
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    zs_.avail_in = static_cast<uInt>(input.size());
    char buffer[16384];
    int rc;
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(buffer);
      zs_.avail_out = sizeof buffer;
      rc = deflate(&zs_, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buffer, sizeof buffer - zs_.avail_out);
    } while (zs_.avail_out == 0 || (last && rc != Z_STREAM_END && rc != Z_STREAM_ERROR));
    return out;
  }

 private:
  z_stream zs_{};
};

// Relative IRIs in a request resolve against the endpoint's own URL (the protocol's suggestion).
std::string endpoint_url(const httplib::Request& req) {
  return "http://" + req.get_header_value("Host") + "/sparql";
}

// A long query may have used much memory (a join materialised, a large sort); once freed, glibc
// keeps it in the process unless asked to give it back. Declared first in QueryJob, this runs
// after everything the job held is gone.
struct ReturnMemoryAfterLongQuery {
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  ~ReturnMemoryAfterLongQuery() {
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(200)) malloc_trim(0);
  }
};

// One query's answer in the making: the snapshot, the running evaluation, and the text written
// so far and not yet sent. Shared with the streaming callback, which outlives the handler.
struct QueryJob {
  ReturnMemoryAfterLongQuery memory;
  graph::ReadTransaction txn;
  query::algebra::Query algebra;
  query::Execution execution;
  std::string media_type;
  uint64_t max_rows;
  std::ostringstream buffer;
  std::unique_ptr<query::SelectWriter> select;
  std::unique_ptr<graph::RdfWriter> rdf;
  std::vector<TermTriple> jsonld;
  uint64_t produced = 0;
  bool done = false;
  bool truncated = false;
  // Keeps the admission count and the time while the job lives.
  std::function<void()> on_end;

  QueryJob(graph::ReadTransaction t, query::algebra::Query a, const query::ExecutionOptions& limits,
           std::string type, uint64_t max)
      : txn(std::move(t)),
        algebra(std::move(a)),
        execution(txn, algebra, limits),
        media_type(std::move(type)),
        max_rows(max) {}
  ~QueryJob() {
    if (on_end) on_end();
  }

  bool graph_result() const {
    return algebra.form == query::algebra::QueryForm::Construct ||
           algebra.form == query::algebra::QueryForm::Describe;
  }

  // Computes until `bytes` are waiting or the result is complete; returns done.
  bool fill(size_t bytes) {
    if (done) return true;
    auto room = [&] { return max_rows == 0 || produced < max_rows; };
    if (algebra.form == query::algebra::QueryForm::Ask) {
      query::write_ask(execution.ask(), format(), buffer);
      return done = true;
    }
    if (graph_result()) {
      graph::Term s, p, o;
      if (media_type == kJsonLdMediaType) {
        // Flattened JSON-LD groups by subject: it needs the whole graph first.
        while (room() && execution.next_triple(s, p, o)) {
          jsonld.push_back({s, p, o});
          ++produced;
        }
        truncated = !room() && execution.next_triple(s, p, o);
        write_jsonld(jsonld, buffer);
        return done = true;
      }
      if (!rdf) {
        auto syntax = graph::syntax_from_name(media_type).value_or(graph::RdfSyntax::Turtle);
        rdf = std::make_unique<graph::RdfWriter>(buffer, syntax, graph::common_prefixes());
      }
      while (static_cast<size_t>(buffer.tellp()) < bytes) {
        if (!room()) {
          truncated = execution.next_triple(s, p, o);
          break;
        }
        if (!execution.next_triple(s, p, o)) break;
        rdf->write(s, p, o);
        ++produced;
        if (static_cast<size_t>(buffer.tellp()) >= bytes) return false;
      }
      rdf->finish();
      return done = true;
    }
    if (!select)
      select = std::make_unique<query::SelectWriter>(format(), execution.variables(), buffer);
    query::TermRow row;
    while (true) {
      if (!room()) {
        truncated = execution.next(row);
        break;
      }
      if (!execution.next(row)) break;
      select->row(row);
      ++produced;
      if (static_cast<size_t>(buffer.tellp()) >= bytes) return false;
    }
    select->finish();
    return done = true;
  }

  std::string take() {
    std::string out = buffer.str();
    buffer.str({});
    buffer.clear();
    return out;
  }

  query::ResultFormat format() const { return *query::result_format_from_name(media_type); }
};

}  // namespace

bool Server::Impl::too_long(const std::string& text, httplib::Response& res) const {
  if (options.max_query_bytes == 0 || text.size() <= options.max_query_bytes) return false;
  error(res, 413,
        "the text is " + std::to_string(text.size()) + " bytes; this server takes at most " +
            std::to_string(options.max_query_bytes) + " (moivre serve --max-query-bytes)");
  return true;
}

void Server::Impl::handle_update(const std::string& text, const httplib::Request& req,
                                 httplib::Response& res) {
  if (!authorised(req, res) || too_long(text, res)) return;
  if (!valid_utf8(text)) return error(res, 400, "the update is not valid UTF-8");
  query::algebra::Update update;
  try {
    update = query::algebra::translate_update(query::parse_update(text), text, endpoint_url(req));
  } catch (const query::QuerySyntaxError& e) {
    return error(res, 400, e.what());
  }
  // The protocol's dataset parameters apply to every operation without its own USING/WITH.
  std::vector<std::string> using_default, using_named;
  for (size_t i = 0; i < req.get_param_value_count("using-graph-uri"); ++i)
    using_default.push_back(req.get_param_value("using-graph-uri", i));
  for (size_t i = 0; i < req.get_param_value_count("using-named-graph-uri"); ++i)
    using_named.push_back(req.get_param_value("using-named-graph-uri", i));
  if (!using_default.empty() || !using_named.empty()) {
    for (auto& op : update.operations) {
      if (!op.with.empty() || !op.using_default.empty() || !op.using_named.empty())
        return error(res, 400,
                     "using-graph-uri/using-named-graph-uri cannot be given with an update that "
                     "has its own USING, USING NAMED or WITH");
      op.using_default = using_default;
      op.using_named = using_named;
    }
  }
  query::ExecutionOptions limits;
  limits.deadline = deadline_after(options.query_timeout_seconds);
  limits.services = services.get();
  limits.max_memory = options.max_query_memory;
  query::LoadPolicy load;
  load.allowed_dirs = options.load_dirs;
  try {
    auto txn = store.write();  // one writer at a time; readers go on meanwhile
    auto result = query::execute_update(txn, update, limits, load);
    txn.commit();
    res.set_content("{\"inserted\":" + std::to_string(result.inserted) +
                        ",\"deleted\":" + std::to_string(result.deleted) + "}\n",
                    "application/json");
  } catch (const query::UpdateError& e) {
    return error(res, 400, std::string(e.what()) + "; nothing was changed");
  } catch (const query::ServiceRefused& e) {
    return error(res, 400, std::string(e.what()) + "; nothing was changed");
  } catch (const query::ServiceFailed& e) {
    return error(res, 502, std::string(e.what()) + "; nothing was changed");
  } catch (const query::QueryMemoryExceeded& e) {
    ++memory_stops;
    if (dynamic_cast<const query::ServerMemoryBusy*>(&e)) res.set_header("Retry-After", "1");
    return error(res, 503, std::string(e.what()) + "; nothing was changed");
  } catch (const query::QueryTimeout& e) {
    ++timeouts;
    res.set_header("Retry-After", "1");
    return error(res, 503, std::string(e.what()) + "; nothing was changed");
  } catch (const graph::StoreError& e) {
    return store_error(res, e);
  }
}

void Server::Impl::handle_query(const httplib::Request& req, httplib::Response& res) {
  std::string text;
  if (req.method == "POST") {
    std::string type = req.get_header_value("Content-Type");
    std::string charset = charset_of(type);
    if (!charset.empty() && charset != "utf-8" && charset != "utf8")
      return error(res, 415, "queries and updates are read as UTF-8, not " + charset);
    type = type.substr(0, type.find(';'));
    bool form = type == "application/x-www-form-urlencoded";
    if (type == "application/sparql-update") return handle_update(req.body, req, res);
    if (form && req.has_param("update")) {
      if (req.has_param("query") || req.get_param_value_count("update") > 1)
        return error(res, 400, "give one 'update' parameter, and no 'query' beside it");
      return handle_update(req.get_param_value("update"), req, res);
    }
    if (type == "application/sparql-query") {
      text = req.body;
    } else if (form) {
      if (req.get_param_value_count("query") != 1)
        return error(res, 400, "give exactly one 'query' (or 'update') parameter");
      text = req.get_param_value("query");  // httplib parses form bodies into params
    } else {
      return error(res, 415,
                   "POST a query as application/sparql-query or application/x-www-form-urlencoded, "
                   "an update as application/sparql-update" +
                       (type.empty() ? std::string(" (no Content-Type was given)")
                                     : ", not '" + type + "'"));
    }
  } else {
    if (req.has_param("update"))
      return error(res, 400, "updates are POSTed (form 'update=' or application/sparql-update)");
    if (!req.has_param("query")) {
      std::string sd = kServiceDescription;
      sd.replace(sd.find("%ENDPOINT%"), 10, endpoint_url(req));
      res.set_content(sd, "text/turtle; charset=utf-8");
      return;
    }
    if (req.get_param_value_count("query") > 1)
      return error(res, 400, "give exactly one 'query' parameter");
    text = req.get_param_value("query");
  }
  if (text.empty()) return error(res, 400, "no query given (parameter 'query')");
  if (too_long(text, res)) return;
  if (!valid_utf8(text)) return error(res, 400, "the query is not valid UTF-8");

  query::algebra::Query algebra;
  try {
    algebra = query::algebra::translate(query::parse_query(text), text, endpoint_url(req));
  } catch (const query::QuerySyntaxError& e) {
    return error(res, 400, e.what());
  }
  // The protocol's dataset replaces the query's own FROM / FROM NAMED.
  if (req.has_param("default-graph-uri") || req.has_param("named-graph-uri")) {
    algebra.from.clear();
    algebra.from_named.clear();
    for (size_t i = 0; i < req.get_param_value_count("default-graph-uri"); ++i)
      algebra.from.push_back(req.get_param_value("default-graph-uri", i));
    for (size_t i = 0; i < req.get_param_value_count("named-graph-uri"); ++i)
      algebra.from_named.push_back(req.get_param_value("named-graph-uri", i));
  }

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
  if (!type) return not_acceptable(res, req, "this result", offered);

  // Admission: past the limit, say when to come back rather than queue without end.
  if (++active_queries > options.max_concurrent_queries && options.max_concurrent_queries > 0) {
    --active_queries;
    res.set_header("Retry-After", "1");
    return error(res, 503, "the server is answering as many queries as it may; retry shortly");
  }
  auto started = std::chrono::steady_clock::now();
  auto on_end = [this, started] {
    --active_queries;
    ++queries;
    query_micros += std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
  };
  query::ExecutionOptions limits;
  limits.deadline = deadline_after(options.query_timeout_seconds);
  limits.services = services.get();
  limits.max_memory = options.max_query_memory;
  std::shared_ptr<QueryJob> job;
  bool done;
  try {
    try {
      job = std::make_shared<QueryJob>(store.read(), std::move(algebra), limits, *type,
                                       options.max_result_rows);
    } catch (...) {
      on_end();
      throw;
    }
    job->on_end = on_end;
    done = job->fill(kBufferedBytes);
  } catch (const query::ServiceRefused& e) {
    return error(res, 400, e.what());
  } catch (const query::ServiceFailed& e) {
    return error(res, 502, e.what());
  } catch (const query::ServerMemoryBusy& e) {
    ++memory_stops;
    res.set_header("Retry-After", "1");
    return error(res, 503, e.what());
  } catch (const query::QueryMemoryExceeded& e) {
    ++memory_stops;
    return error(res, 503, e.what());
  } catch (const query::QueryTimeout& e) {
    ++timeouts;
    res.set_header("Retry-After", "1");
    return error(res, 503,
                 std::string(e.what()) + " (" + std::to_string(options.query_timeout_seconds) +
                     " s); narrow the query or ask the operator for a longer --timeout");
  }
  std::string content_type = *type;
  if (content_type.rfind("text/", 0) == 0 || content_type.find("json") != std::string::npos)
    content_type += "; charset=utf-8";
  if (options.max_result_rows)
    res.set_header("X-Moivre-Max-Rows", std::to_string(options.max_result_rows));
  if (done) {
    if (job->truncated) res.set_header("X-Moivre-Truncated", "true");
    res.set_content(job->take(), content_type);
    return;
  }
  ++streamed;
  // cpp-httplib gzips the text/* types it streams for clients that ask; the SPARQL result types
  // are gzipped here, as buffered answers are (maybe_gzip).
  std::shared_ptr<GzipStream> gzip;
  if (content_type.rfind("text/", 0) != 0 &&
      req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos) {
    gzip = std::make_shared<GzipStream>();
    res.set_header("Content-Encoding", "gzip");
    res.set_header("Vary", "Accept-Encoding");
  }
  res.set_chunked_content_provider(
      content_type, [this, job, gzip](size_t, httplib::DataSink& sink) {
        try {
          bool finished = job->fill(kChunkBytes);
          std::string chunk = job->take();
          if (gzip) chunk = gzip->compress(chunk, finished);
          if (!chunk.empty()) {
            if (!sink.write(chunk.data(), chunk.size())) return false;
            add_streamed_bytes(chunk.size());
          }
          if (finished) sink.done();
          return true;
        } catch (const query::QueryMemoryExceeded& e) {
          ++memory_stops;
          std::cerr << "query stopped while streaming: " << e.what()
                    << "; the connection is closed before the end of the result\n";
          return false;
        } catch (const query::QueryTimeout& e) {
          ++timeouts;
          std::cerr << "query stopped while streaming: " << e.what()
                    << "; the connection is closed before the end of the result\n";
          return false;
        } catch (const std::exception& e) {
          std::cerr << "query failed while streaming: " << e.what()
                    << "; the connection is closed before the end of the result\n";
          return false;
        }
      });
}

}  // namespace moivre::server
