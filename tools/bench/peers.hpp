// The stores the LUBM benchmark compares Moivre with, each driven as its users would: load a file
// with its own bulk path, answer SPARQL over HTTP on a loopback port. A peer takes part only when
// installed (tools/bench/install-peers.sh); the test suite never needs one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace moivre::bench {

struct Endpoint {
  std::string host;
  int port = 0;
  std::string path;  // "/sparql"
};

struct LoadReport {
  double seconds = 0;
  uint64_t triples = 0;  // statements read (0: not reported by the system)
  double peak_rss_mb = 0;
  double disk_mb = 0;
};

class System {
 public:
  virtual ~System() = default;
  virtual std::string name() const = 0;
  // Loads the file into a fresh store and starts answering queries. Throws std::runtime_error.
  virtual LoadReport load(const std::string& file) = 0;
  virtual Endpoint endpoint() const = 0;
  // Stops serving and frees the store (before the next system loads).
  virtual void stop() {}
};

// Virtuoso (virtuoso-t and isql-vt on the PATH) and Oxigraph (node, and the npm package in
// tools/bench/node_modules), for those installed; each works in its own folder under `scratch`.
std::vector<std::unique_ptr<System>> installed_peers(const std::filesystem::path& scratch);

}  // namespace moivre::bench
