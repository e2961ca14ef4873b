// Execution of SPARQL 1.1 Update requests inside one write transaction: the caller commits, so a
// request that fails half-way (an error in a later operation) changes nothing.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "graph/store.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"

namespace moivre::query {

// An operation that cannot be carried out (LOAD while loading is disabled, ...).
class UpdateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct UpdateResult {
  uint64_t inserted = 0;  // quads new to the store
  uint64_t deleted = 0;   // quads taken out
};

// Where LOAD may read: local files (file: IRIs) under these directories only. Empty, the
// default: LOAD is refused. Nothing is ever fetched over the network.
struct LoadPolicy {
  std::vector<std::filesystem::path> allowed_dirs;
};

UpdateResult execute_update(graph::WriteTransaction& txn, const algebra::Update& update,
                            const ExecutionOptions& options = {}, const LoadPolicy& load = {});

// The local file a LOAD of `iri` would read under `policy`; throws UpdateError saying why not.
std::filesystem::path load_path(const std::string& iri, const LoadPolicy& policy);

}  // namespace moivre::query
