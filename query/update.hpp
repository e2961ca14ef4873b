// Execution of SPARQL 1.1 Update requests inside one write transaction: the caller commits, so a
// request that fails half-way (an error in a later operation) changes nothing.
#pragma once

#include <cstdint>
#include <stdexcept>

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

UpdateResult execute_update(graph::WriteTransaction& txn, const algebra::Update& update,
                            const ExecutionOptions& options = {});

}  // namespace moivre::query
