// Fuzz target: one registry importer (MOIVRE_FUZZ_REGISTRY: ror, cordis, orcid, wikidata) on a
// file of the input's bytes, into a scratch store opened once. Any input must import, or be
// skipped record by record, or fail as a whole with an ImportError; the store must stay
// consistent.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>

#include "graph/check.hpp"
#include "graph/store.hpp"
#include "registry/registry.hpp"

namespace {

namespace fs = std::filesystem;
using namespace moivre;

struct Scratch {
  fs::path dir = fs::temp_directory_path() / ("moivre-fuzz-" + std::to_string(getpid()));
  std::unique_ptr<graph::Store> store;
  uint64_t runs = 0;
  Scratch() {
    fs::remove_all(dir);
    fs::create_directories(dir);
    // No fsync per import: the scratch store is thrown away, and speed is coverage here.
    store = std::make_unique<graph::Store>(dir / "db", graph::StoreOptions{.sync = false});
  }
  ~Scratch() { fs::remove_all(dir); }
};

Scratch& scratch() {
  static Scratch instance;
  return instance;
}

std::string write_input(const uint8_t* data, size_t size, const std::string& name) {
  auto path = scratch().dir / name;
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(data), size);
  return path.string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace moivre::registry;
  auto& s = scratch();
  ImportOptions options;
  options.base_iri = "https://id.example.org/";
  for (bool strict : {false, true}) {
    options.strict = strict;
    try {
#if MOIVRE_FUZZ_REGISTRY_ROR
      import_ror(*s.store, {write_input(data, size, "ror.json")}, options);
#elif MOIVRE_FUZZ_REGISTRY_CORDIS
      // The importer tells organization.csv from project.csv by the header.
      import_cordis(*s.store, {write_input(data, size, "cordis.csv")}, options, "h2020");
#elif MOIVRE_FUZZ_REGISTRY_ORCID
      import_orcid(*s.store, {write_input(data, size, "record.json")}, options);
#elif MOIVRE_FUZZ_REGISTRY_WIKIDATA
      import_wikidata(*s.store, {write_input(data, size, "entity.json")}, options);
#endif
    } catch (const ImportError&) {
    }
  }
  // A full check now and then: each is a scan of the whole scratch store.
  if (++s.runs % 256 == 0 && !graph::check_store(s.store->read()).consistent()) __builtin_trap();
  return 0;
}
