// moivre-bench-import: registry importer throughput (records/s) on the largest sample of each
// registry, as a table. Each run imports into a fresh store; the median of the runs is shown
// with the best and worst, since shared machines are noisy.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "bench/command_line.hpp"
#include "graph/graph.hpp"
#include "registry/registry.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using Importer = std::function<moivre::registry::ImportSummary(moivre::graph::Store&,
                                                               const std::vector<std::string>&)>;

struct Case {
  std::string registry;
  std::vector<std::string> files;
  Importer import;
};

}  // namespace

int main(int argc, char** argv) {
  namespace registry = moivre::registry;
  CLI::App app{"Registry import benchmark: imports the largest sample of each registry RUNS times.",
               "moivre-bench-import"};
  std::string samples = "../shared/registries";
  int runs = 5;
  app.add_option("--samples", samples, "The registry samples folder")->capture_default_str();
  app.add_option("-n,--runs", runs, "Runs per importer")->capture_default_str();
  if (int code = moivre::bench::parse_command_line(app, argc, argv); code >= 0) return code;

  fs::path s = samples;
  std::vector<Case> cases = {
      {"ror",
       {(s / "ror/v2/ror-records-v2.9-release_schema_v2.zip").string()},
       [](auto& store, const auto& files) { return registry::import_ror(store, files); }},
      {"cordis",
       {(s / "cordis/h2020/organization.csv").string()},
       [](auto& store, const auto& files) {
         return registry::import_cordis(store, files, {}, "h2020");
       }},
      {"orcid",
       {(s / "orcid/v3.0/works/0000-0003-1444-9135.json").string()},
       [](auto& store, const auto& files) { return registry::import_orcid(store, files); }},
      {"wikidata",
       {(s / "wikidata/entity/Q2112.json").string()},
       [](auto& store, const auto& files) { return registry::import_wikidata(store, files); }},
  };
  fs::path dir = fs::temp_directory_path() / ("moivre-bench-import-" + std::to_string(getpid()));
  std::printf("%-9s %-40s %8s %8s %9s %10s %10s  %s\n", "registry", "file", "records", "quads",
              "median s", "records/s", "quads/s", "records/s best..worst");
  for (const auto& c : cases) {
    std::vector<double> seconds;
    registry::ImportSummary summary;
    for (int i = 0; i < runs; ++i) {
      fs::remove_all(dir);
      moivre::graph::Store store(dir);
      auto t0 = Clock::now();
      summary = c.import(store, c.files);
      seconds.push_back(std::chrono::duration<double>(Clock::now() - t0).count());
    }
    std::sort(seconds.begin(), seconds.end());
    double median = seconds[seconds.size() / 2];
    std::printf("%-9s %-40s %8llu %8llu %9.4f %10.0f %10.0f  %.0f..%.0f\n", c.registry.c_str(),
                fs::path(c.files[0]).filename().string().c_str(),
                static_cast<unsigned long long>(summary.records),
                static_cast<unsigned long long>(summary.quads), median, summary.records / median,
                summary.quads / median, summary.records / seconds.front(),
                summary.records / seconds.back());
  }
  fs::remove_all(dir);
}
