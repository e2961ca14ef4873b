// SERVICE (SPARQL 1.1 Federated Query): parts of a query sent to other SPARQL endpoints.
//
// The engine sends the SERVICE group's own text (with the query's BASE and PREFIX
// declarations) as `SELECT * WHERE { VALUES ... { group } }`: after other patterns, the
// bindings already known for the variables they share go along as VALUES blocks of up to
// kServiceBatch rows, one request per block (a bound join), and the answers are joined with
// those rows here. A ServiceClient does the requests; the server's enforces its allow-list
// (server/federation.cpp). Without a client, SERVICE is refused.
//
// SERVICE SILENT: if a request fails (unreachable, an error status, malformed results), the
// whole SERVICE is one solution binding nothing, so the rest of the query goes on; without
// SILENT the query fails (ServiceFailed). A refused endpoint is never contacted and fails even
// under SILENT. The query's time limit bounds every request (QueryTimeout past it).
#pragma once

#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>

#include "query/results_reader.hpp"

namespace moivre::query {

inline constexpr size_t kServiceBatch = 100;

// The endpoint may not be queried (the server's allow-list), or the query cannot say which.
class ServiceRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The endpoint could not be queried or gave no usable answer.
class ServiceFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ServiceClient {
 public:
  virtual ~ServiceClient() = default;
  // The results of a SELECT query at `endpoint`, given by `deadline`. Throws ServiceRefused
  // before any request when the endpoint is not allowed; ServiceFailed or QueryTimeout when the
  // request fails or runs past the deadline.
  virtual SolutionTable select(const std::string& endpoint, const std::string& query,
                               std::chrono::steady_clock::time_point deadline) const = 0;
};

// The text of the first group at or after `offset` (SERVICE's keyword), from its '{' through the
// matching '}', skipping strings, IRIs and comments; empty when there is none or it is not
// closed.
std::string group_text(std::string_view query, size_t offset);

}  // namespace moivre::query
