// moivre link: match our organisations to a registry's imported records; review, then --apply.
#include <iomanip>
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "query/display_width.hpp"
#include "registry/link.hpp"

namespace moivre::cli {
namespace {

struct LinkArgs {
  std::string db;
  bool apply = false;
  registry::LinkOptions options;
};

const char* verdict_name(registry::LinkCandidate::Verdict v) {
  switch (v) {
    case registry::LinkCandidate::Verdict::Linked:
      return "link";
    case registry::LinkCandidate::Verdict::Ambiguous:
      return "ambiguous";
    case registry::LinkCandidate::Verdict::BelowThreshold:
      return "too weak";
    case registry::LinkCandidate::Verdict::NoCandidate:
      return "none";
  }
  return "";
}

int run_link(const LinkArgs& args) {
  graph::Store store(args.db);
  {
    std::string graph_iri = args.options.base_iri + "graph/" + args.options.registry;
    auto txn = store.read();
    auto g = txn.lookup(graph::Term::iri(graph_iri));
    graph::QuadPattern pattern;
    if (g) pattern.ids[graph::G] = *g;
    if (!g || txn.count(pattern, 1) == 0) {
      std::cerr << "moivre link: " << args.db << " holds no <" << graph_iri << ">: import the "
                << "registry first (moivre import " << args.options.registry << " --db " << args.db
                << " FILE...)\n";
      return kFailure;
    }
  }
  auto links = registry::find_links(store, args.options);
  size_t linked = 0, ambiguous = 0;
  std::cout << std::left << std::setw(10) << "verdict" << std::setw(6) << "score" << std::setw(48)
            << "ours" << std::setw(34) << "candidate"
            << "evidence\n";
  for (const auto& l : links) {
    std::string ours = l.label.empty() ? l.entity : l.label;
    std::string theirs = l.target.empty() ? "-" : l.target;
    std::cout << std::setw(10) << verdict_name(l.verdict) << std::setw(6)
              << (l.target.empty() ? std::string("-") : std::to_string(l.score).substr(0, 4))
              << query::pad_to_width(query::fit_width(ours, 46), 48) << std::setw(34) << theirs
              << (l.evidence.empty() ? "" : l.evidence) << "\n";
    linked += l.verdict == registry::LinkCandidate::Verdict::Linked;
    ambiguous += l.verdict == registry::LinkCandidate::Verdict::Ambiguous;
  }
  std::cout << linked << " to link, " << ambiguous << " ambiguous (not linked) of " << links.size()
            << " rows.\n";
  if (args.apply) {
    size_t n = registry::apply_links(store, links, args.options);
    std::cout << "Wrote " << n << " links into <" << args.options.base_iri << "graph/links-"
              << args.options.registry << ">.\n";
  } else {
    std::cout << "Nothing written: --apply writes the links.\n";
  }
  return kOk;
}

}  // namespace

void add_link_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<LinkArgs>();
  auto* cmd = app.add_subcommand(
      "link",
      "Match our organisations and people to an imported registry's; review, then --apply.");
  cmd->add_option("--db", args->db, "Store directory")->required()->check(CLI::ExistingDirectory);
  cmd->add_option("--registry", args->options.registry,
                  "Registry graph to link to: ror, wikidata or orcid")
      ->check(CLI::IsMember({"ror", "wikidata", "orcid"}))
      ->capture_default_str();
  cmd->add_option("--min-score", args->options.min_score, "Lowest score to link (0-1)")
      ->capture_default_str();
  cmd->add_option("--base-iri", args->options.base_iri, "Base of our IRIs and graphs")
      ->capture_default_str();
  cmd->add_flag("--apply", args->apply,
                "Write the links (schema:sameAs, with score and evidence) into "
                "<BASE graph/links-REGISTRY>, replacing earlier ones");
  cmd->footer(
      "Shared identifiers (ROR, GRID, ISNI, Wikidata) decide; otherwise normalised names, "
      "aliases and acronyms, weighed by country, city and parent. Close runners-up make a match "
      "ambiguous: it is reported, not linked.");
  cmd->callback([args, &action] { action = [args] { return run_link(*args); }; });
}

}  // namespace moivre::cli
