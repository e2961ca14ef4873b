// Evaluation of the algebra over a store snapshot, as a tree of pull iterators: rows stream
// out one at a time, so a LIMIT stops the work early. An operator that takes all of its input's
// rows (GROUP BY, ORDER BY, a join's kept side) has them pushed instead, a basic graph pattern
// handing each one bound in place (query/exec/operator.hpp, Iter::for_each). Basic graph patterns
// run as index nested loops (each pattern a range scan with the bindings so far), ordered by the
// store's count estimates; OPTIONAL and EXISTS over basic graph patterns run the same way per row.
// Other joins materialise their right side.
//
// Plans adapt while they run: a pattern looked up many times (thousands of rows, each a B-tree
// descent) has its matches read once into an in-memory table as soon as the lookups already
// made, or those the plan expects from its estimates, cost about as much as that read; later
// rows probe the table (a hash join chosen at run time, so a wrong estimate costs at most one
// table's read). A FILTER (NOT) EXISTS over one triple pattern does the same with the set of ids
// at its bound position. Tables, id sets and the estimates that count blocks are kept in the
// store's cache of the snapshot (graph/snapshot_cache.hpp): the next queries on the same
// snapshot use them from their first row; a commit makes a new snapshot, which starts afresh.
//
// A query has a deadline and a cancel flag, checked as rows are produced; past either, the
// evaluation throws QueryTimeout / QueryCancelled and frees what it held.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/store.hpp"
#include "query/algebra.hpp"

namespace moivre::query {

class QueryTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
class QueryCancelled : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The query would hold more rows in memory than its budget (ExecutionOptions::max_memory).
class QueryMemoryExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ServiceClient;  // query/service.hpp

struct ExecutionOptions {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  const std::atomic<bool>* cancel = nullptr;
  // Sends SERVICE requests; none: SERVICE is refused (ServiceRefused).
  const ServiceClient* services = nullptr;
  // Bytes of rows the query may hold at once in the operators that keep them (sorts, hash
  // tables, groups, DISTINCT, materialised sides); past it, QueryMemoryExceeded. 0: no limit.
  uint64_t max_memory = uint64_t{1} << 30;
  // Bytes of rows one operator keeps in memory before it goes to disk (sorts, hash joins,
  // grouping); 0: a quarter of max_memory, at least 1 MiB. Small values are for tests, which
  // make every such operator spill.
  uint64_t spill_after = 0;
};

// The queries of the process together hold more than the process-wide limit: retry later.
class ServerMemoryBusy : public QueryMemoryExceeded {
 public:
  using QueryMemoryExceeded::QueryMemoryExceeded;
};

// Bytes held now by the rows of all running queries of the process (for /metrics).
uint64_t query_memory_held();
// Bytes the rows of all running queries may hold together (0: no limit); a query whose rows
// would pass it stops with ServerMemoryBusy. One limit per process (the server sets it).
void set_process_query_memory_limit(uint64_t bytes);

using TermRow = std::vector<std::optional<graph::Term>>;

class Execution {
 public:
  Execution(const graph::ReadTransaction& txn, const algebra::Query& query,
            ExecutionOptions options = {});
  ~Execution();

  // SELECT: the projected variables, and the next solution (nullopt = unbound).
  const std::vector<std::string>& variables() const;
  // The query it runs.
  const algebra::Query& query() const;
  bool next(TermRow& row);
  // ASK: whether there is a solution.
  bool ask();
  // CONSTRUCT and DESCRIBE: the next triple of the result graph.
  bool next_triple(graph::Term& s, graph::Term& p, graph::Term& o);
  // The plan as built: one line per operator with the rows it produced so far, and for each
  // basic graph pattern its scans in the chosen order with their estimated counts.
  std::string explain() const;

 private:
  void describe(graph::TermId resource);
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace moivre::query
