// moivre export: write a store's quads in an RDF syntax.
#include <fstream>
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"

namespace moivre::cli {
namespace {

struct ExportArgs {
  std::string db;
  std::string graph;
  std::string format = "nq";
  std::string output;
};

// Decodes terms through a one-entry cache per position: sorted scans repeat ids a lot.
class TermCache {
 public:
  explicit TermCache(const graph::ReadTransaction& txn) : txn_(txn) {}
  const graph::Term& get(int slot, graph::TermId id) {
    if (ids_[slot] != id) {
      ids_[slot] = id;
      terms_[slot] = txn_.term(id);
    }
    return terms_[slot];
  }

 private:
  const graph::ReadTransaction& txn_;
  graph::TermId ids_[4] = {graph::kAny, graph::kAny, graph::kAny, graph::kAny};
  graph::Term terms_[4];
};

int run_export(const ExportArgs& args) {
  auto syntax = graph::syntax_from_name(args.format);
  if (!syntax) {
    std::cerr << "moivre export: unknown format '" << args.format << "' (nt, nq, ttl, trig)\n";
    return kUsage;
  }
  graph::Store store(args.db, {.read_only = true});
  auto txn = store.read();

  std::vector<graph::TermId> graphs;
  if (!args.graph.empty()) {
    auto id = txn.lookup(graph::Term::iri(args.graph));
    if (!id) {
      std::cerr << "moivre export: the store has no graph <" << args.graph << ">\n";
      return kFailure;
    }
    graphs.push_back(*id);
  } else {
    graphs.push_back(graph::kDefaultGraph);
    if (graph::syntax_has_graphs(*syntax)) {
      auto named = txn.graphs();
      graphs.insert(graphs.end(), named.begin(), named.end());
    } else if (!txn.graphs().empty()) {
      std::cerr << "moivre export: note: only the default graph is written in "
                << graph::syntax_name(*syntax)
                << "; use --format nq or trig for the named graphs, or --graph IRI\n";
    }
  }

  std::ofstream file;
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary);
    if (!file) {
      std::cerr << "moivre export: cannot write " << args.output << "\n";
      return kFailure;
    }
  }
  std::ostream& out = args.output.empty() ? std::cout : file;
  graph::RdfWriter writer(out, *syntax, graph::common_prefixes());
  TermCache cache(txn);
  for (graph::TermId g : graphs) {
    graph::QuadPattern pattern;
    pattern.ids[graph::G] = g;
    auto scan = txn.scan(pattern, graph::Permutation::GSPO);
    graph::Quad q;
    while (scan.next(q)) {
      const graph::Term* graph_term = g == graph::kDefaultGraph ? nullptr : &cache.get(3, g);
      writer.write(cache.get(0, q.s()), cache.get(1, q.p()), cache.get(2, q.o()), graph_term);
    }
  }
  writer.finish();
  if (!out.good()) {
    std::cerr << "moivre export: write failed\n";
    return kFailure;
  }
  return kOk;
}

}  // namespace

void add_export_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export",
                                 "Write the store's quads as N-Quads, TriG, N-Triples "
                                 "or Turtle.");
  cmd->add_option("--db", args->db, "Store directory")->required();
  cmd->add_option("--graph", args->graph, "Only this named graph");
  cmd->add_option("--format", args->format,
                  "nq (default), trig, nt or ttl; nt and ttl write one graph (the default "
                  "graph unless --graph)");
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->callback([args, &action] { action = [args] { return run_export(*args); }; });
}

}  // namespace moivre::cli
