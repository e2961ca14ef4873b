// moivre load: bulk-load RDF documents into a store, in one atomic transaction.
#include <iostream>
#include <optional>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "moivre/console.hpp"

namespace moivre::cli {
namespace {

struct LoadArgs {
  std::string db;
  std::string graph;
  std::string format;
  std::string base;
  bool lenient = false;
  bool quiet = false;
  uint64_t memory = graph::LoadOptions{}.memory;
  unsigned threads = 0;
  std::vector<std::string> files;
};

int run_load(const LoadArgs& args) {
  std::optional<graph::RdfSyntax> forced;
  if (!args.format.empty()) {
    forced = graph::syntax_from_name(args.format);
    if (!forced) {
      std::cerr << "moivre load: unknown format '" << args.format << "' (nt, nq, ttl, trig)\n";
      return kUsage;
    }
  }
  std::vector<graph::RdfSyntax> syntaxes;
  for (const auto& file : args.files) {
    auto syntax = forced ? forced : graph::syntax_from_path(file);
    if (!syntax) {
      std::cerr << "moivre load: cannot tell the syntax of '" << file
                << "' from its name; give --format nt|nq|ttl|trig\n";
      return kUsage;
    }
    syntaxes.push_back(*syntax);
  }

  graph::Store store(args.db);
  auto start = std::chrono::steady_clock::now();
  ProgressLine line;
  uint64_t done_before = 0;
  std::string current;
  auto progress = [&](const graph::LoadProgress& p) {
    if (args.quiet) return;
    line.update(std::string(p.phase) + " " + current + ": " + with_separators(p.statements) +
                " statements, " +
                with_separators(static_cast<uint64_t>(per_second(p.statements, p.elapsed))) +
                " statements/s, " + seconds(p.elapsed));
  };

  auto txn = store.write();
  graph::LoadOptions load_options;
  load_options.memory = args.memory;
  load_options.threads = args.threads;
  graph::BulkLoader loader(txn, progress, load_options);
  for (size_t i = 0; i < args.files.size(); ++i) {
    const std::string& file = args.files[i];
    graph::Input input(file);
    current = input.name();
    graph::ReadOptions options;
    options.syntax = syntaxes[i];
    options.lenient = args.lenient;
    options.base_iri = !args.base.empty() ? args.base : file == "-" ? "" : graph::file_iri(file);
    auto read = loader.add(input, options, args.graph);
    if (read.skipped && !args.quiet) {
      line.clear();
      std::cerr << "moivre load: " << input.name() << ": skipped " << read.skipped
                << " malformed statement(s)\n";
    }
    done_before += read.statements;
  }
  current = "store";
  auto summary = loader.finish();
  line.update("committing...");
  txn.commit();
  line.clear();
  auto elapsed = std::chrono::steady_clock::now() - start;
  if (!args.quiet) {
    std::cout << "Loaded " << with_separators(summary.statements) << " statements from "
              << args.files.size() << (args.files.size() == 1 ? " file" : " files") << " in "
              << seconds(elapsed) << " ("
              << with_separators(static_cast<uint64_t>(per_second(summary.statements, elapsed)))
              << " statements/s): " << with_separators(summary.quads_added) << " new quads, "
              << with_separators(summary.terms_added) << " new terms";
    if (summary.skipped) std::cout << ", " << with_separators(summary.skipped) << " skipped";
    std::cout << ".\n";
  }
  return kOk;
}

}  // namespace

void add_load_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<LoadArgs>();
  auto* cmd = app.add_subcommand("load",
                                 "Load RDF files (N-Triples, N-Quads, Turtle, TriG; plain "
                                 "or gzip) into a store, atomically.");
  cmd->add_option("--db", args->db, "Store directory (created if absent)")->required();
  cmd->add_option("--graph", args->graph,
                  "Load the documents' default-graph statements into this named graph");
  cmd->add_option("--format", args->format,
                  "Syntax of every input: nt, nq, ttl, trig or rdf (default: from each file's "
                  "extension; needed for stdin)");
  cmd->add_option("--base", args->base, "Base IRI for relative IRIs (default: the file's URI)");
  cmd->add_flag("--lenient", args->lenient,
                "Skip malformed statements and report how many, instead of failing");
  cmd->add_option("--memory", args->memory,
                  "Memory for the load's own buffers, e.g. 512M or 4G (default 1G); past it, "
                  "sorted runs go to scratch files in the store directory")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(uint64_t{1} << 20, ~uint64_t{0}, "at least 1M"));
  cmd->add_option("--threads", args->threads,
                  "Threads parsing N-Triples/N-Quads and numbering terms (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  cmd->add_flag("-q,--quiet", args->quiet, "No progress line and no summary");
  cmd->add_option("FILE", args->files, "Files to load; - reads standard input")->required();
  cmd->footer(
      "A malformed document stops the load with FILE:LINE:COLUMN and leaves the store as it "
      "was.\nBlank node labels are scoped to each file. Quads already in the store are not "
      "added twice.");
  cmd->callback([args, &action] { action = [args] { return run_load(*args); }; });
}

}  // namespace moivre::cli
