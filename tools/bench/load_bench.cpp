// moivre-bench-load: bulk-load throughput of the store on an RDF file, as a table.
//
// Each run loads the whole file into a fresh store (one transaction, committed), and reports
// parse, index and commit time. Runs are repeated and the median is shown, with the best and
// worst, since shared machines are noisy.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench/command_line.hpp"
#include "graph/graph.hpp"
#include "moivre/console.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Run {
  double parse_s = 0, index_s = 0, commit_s = 0, total_s = 0;
  uint64_t statements = 0, quads = 0;
  uint64_t bytes = 0;
};

Run load_once(const std::string& file, const std::filesystem::path& dir) {
  using namespace moivre::graph;
  std::filesystem::remove_all(dir);
  Run run;
  auto t0 = Clock::now();
  Store store(dir);
  auto txn = store.write();
  BulkLoader loader(txn);
  Input input(file);
  ReadOptions options;
  options.syntax = syntax_from_path(file).value_or(RdfSyntax::NTriples);
  options.base_iri = file_iri(file);
  loader.add(input, options);
  auto t1 = Clock::now();
  LoadSummary summary = loader.finish();
  auto t2 = Clock::now();
  txn.commit();
  auto t3 = Clock::now();
  auto secs = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  run.parse_s = secs(t1 - t0);
  run.index_s = secs(t2 - t1);
  run.commit_s = secs(t3 - t2);
  run.total_s = secs(t3 - t0);
  run.statements = summary.statements;
  run.quads = summary.quads_added;
  run.bytes = store.read().stats().file_bytes;
  return run;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bulk-load benchmark: loads FILE into a fresh store RUNS times and prints a table.",
               "moivre-bench-load"};
  std::string file;
  int runs = 3;
  std::string dir = (std::filesystem::temp_directory_path() / "moivre-bench-load").string();
  app.add_option("FILE", file, "RDF file (plain or .gz)")->required()->check(CLI::ExistingFile);
  app.add_option("-n,--runs", runs, "Number of runs (median reported)")->check(CLI::Range(1, 100));
  app.add_option("--dir", dir, "Scratch directory for the store (deleted)");
  if (int code = moivre::bench::parse_command_line(app, argc, argv); code >= 0) return code;

  std::vector<Run> results;
  try {
    for (int i = 0; i < runs; ++i) results.push_back(load_once(file, dir));
  } catch (const moivre::graph::Error& e) {
    std::cerr << "moivre-bench-load: " << e.what() << "\n";
    return 1;
  }
  std::filesystem::remove_all(dir);
  std::sort(results.begin(), results.end(),
            [](const Run& a, const Run& b) { return a.total_s < b.total_s; });
  const Run& median = results[results.size() / 2];
  using moivre::cli::with_separators;
  std::printf("file: %s, %d run(s)\n\n", file.c_str(), runs);
  std::printf("%-26s %14s\n", "statements read", with_separators(median.statements).c_str());
  std::printf("%-26s %14s\n", "distinct quads", with_separators(median.quads).c_str());
  std::printf("%-26s %14.2f\n", "parse (s)", median.parse_s);
  std::printf("%-26s %14.2f\n", "dictionary+indexes (s)", median.index_s);
  std::printf("%-26s %14.2f\n", "commit (s)", median.commit_s);
  std::printf("%-26s %14.2f  (best %.2f, worst %.2f)\n", "total (s)", median.total_s,
              results.front().total_s, results.back().total_s);
  std::printf("%-26s %14s\n", "triples/s (median)",
              with_separators(static_cast<uint64_t>(median.statements / median.total_s)).c_str());
  std::printf("%-26s %14s\n", "store size", moivre::cli::human_bytes(median.bytes).c_str());
  return 0;
}
