// /metrics: the Prometheus text exposition format, every name prefixed moivre_.
#include <sstream>

#include "query/executor.hpp"
#include "server/service.hpp"

namespace moivre::server {
namespace {

void metric(std::ostream& out, const char* name, const char* type, const char* help, double value) {
  out << "# HELP " << name << " " << help << "\n# TYPE " << name << " " << type << "\n"
      << name << " " << value << "\n";
}

}  // namespace

std::string Server::Impl::metrics() {
  auto st = store.read().stats();
  std::ostringstream out;
  out.precision(15);
  metric(out, "moivre_http_requests_total", "counter", "HTTP requests answered.", requests.load());
  metric(out, "moivre_http_client_errors_total", "counter", "Requests answered 4xx.",
         client_errors.load());
  metric(out, "moivre_http_server_errors_total", "counter", "Requests answered 5xx.",
         server_errors.load());
  metric(out, "moivre_query_timeouts_total", "counter", "Queries stopped at their time limit.",
         timeouts.load());
  metric(out, "moivre_queries_streamed_total", "counter",
         "Query results too long to buffer, sent as they were computed.", streamed.load());
  metric(out, "moivre_queries_active", "gauge", "Queries being answered now.",
         active_queries.load());
  metric(out, "moivre_query_memory_bytes", "gauge",
         "Bytes of rows held by the queries running now (sorts, hash tables, groups, DISTINCT).",
         query::query_memory_held());
  metric(out, "moivre_query_memory_stops_total", "counter",
         "Queries stopped at their memory limit (--max-query-memory).", memory_stops.load());
  out << "# HELP moivre_query_seconds Time spent answering queries.\n"
      << "# TYPE moivre_query_seconds summary\n"
      << "moivre_query_seconds_sum " << query_micros.load() / 1e6 << "\n"
      << "moivre_query_seconds_count " << queries.load() << "\n";
  metric(out, "moivre_store_quads", "gauge", "Quads in the store.", st.quads);
  metric(out, "moivre_store_bytes", "gauge", "Size of the store file.", st.file_bytes);
  return out.str();
}

}  // namespace moivre::server
