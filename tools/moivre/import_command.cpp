// moivre import REGISTRY: registry dumps and records into their own named graph of a store.
#include <iostream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "moivre/console.hpp"
#include "registry/registry.hpp"

namespace moivre::cli {
namespace {

struct ImportArgs {
  std::string db;
  std::vector<std::string> files;
  bool strict = false;
  bool quiet = false;
  std::string programme;  // CORDIS
  registry::ImportOptions options;
};

using Importer = std::function<registry::ImportSummary(graph::Store&, const ImportArgs&,
                                                       const registry::ImportOptions&)>;

int run_import(const std::string& name, Importer importer, ImportArgs args) {
  graph::Store store(args.db);
  ProgressLine line;
  args.options.strict = args.strict;
  args.options.progress = [&](const registry::ImportProgress& p) {
    if (args.quiet) return;
    line.update(name + ": " + with_separators(p.records) + " records, " +
                with_separators(static_cast<uint64_t>(per_second(p.records, p.elapsed))) +
                " records/s, " + seconds(p.elapsed));
  };
  auto start = std::chrono::steady_clock::now();
  registry::ImportSummary summary;
  try {
    summary = importer(store, args, args.options);
  } catch (const registry::ImportError& e) {
    line.clear();
    std::cerr << "moivre import " << name << ": " << e.what() << "\n";
    return kInvalidInput;
  }
  line.clear();
  auto elapsed = std::chrono::steady_clock::now() - start;
  for (const auto& note : summary.notes) std::cerr << "note: " << note << "\n";
  for (const auto& problem : summary.problems) std::cerr << "skipped " << problem << "\n";
  if (summary.unchanged) {
    std::cout << "<" << summary.graph
              << "> already holds these files (" + with_separators(summary.quads) +
                     " quads): nothing changed.\n";
    return kOk;
  }
  std::cout << "Imported " << with_separators(summary.records) << " records into <" << summary.graph
            << "> in " << seconds(elapsed) << " ("
            << with_separators(static_cast<uint64_t>(per_second(summary.records, elapsed)))
            << " records/s): " << with_separators(summary.quads) << " quads";
  if (summary.skipped) std::cout << ", " << summary.skipped << " malformed records skipped";
  std::cout << ".\n";
  return kOk;
}

}  // namespace

void add_import_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand(
      "import", "Import a research registry's published data into its own named graph.");
  cmd->require_subcommand(1);
  cmd->footer(
      "Each registry goes into <BASE graph/REGISTRY>, replaced whole by a new import; importing "
      "the same files again changes nothing. Mapping: tools/README.md.");
  struct Registry {
    const char* name;
    const char* help;
    const char* files;
    Importer importer;
  };
  auto ror = [](graph::Store& store, const ImportArgs& args,
                const registry::ImportOptions& options) {
    return registry::import_ror(store, args.files, options);
  };
  auto cordis = [](graph::Store& store, const ImportArgs& args,
                   const registry::ImportOptions& options) {
    std::string programme = args.programme;
    for (const auto& f : args.files)
      if (programme.empty()) programme = registry::cordis_programme_from_path(f);
    if (programme.empty())
      throw registry::ImportError(
          "say which framework programme these files are from: --programme h2020|horizon|fp7");
    return registry::import_cordis(store, args.files, options, programme);
  };
  auto orcid = [](graph::Store& store, const ImportArgs& args,
                  const registry::ImportOptions& options) {
    return registry::import_orcid(store, args.files, options);
  };
  auto wikidata = [](graph::Store& store, const ImportArgs& args,
                     const registry::ImportOptions& options) {
    return registry::import_wikidata(store, args.files, options);
  };
  const Registry registries[] = {
      {"ror", "ROR: the data dump (JSON array, schema v2 or v1; plain, .gz or .zip) or records",
       "Dump or record files", ror},
      {"cordis",
       "CORDIS: organization.csv and project.csv of one framework programme (plain, .gz, or the "
       "published zip)",
       "CSV files (or the zip)", cordis},
      {"orcid",
       "ORCID: public API JSON records (v3.0 /record, /person, /works, /work; v2.x /record)",
       "Record files", orcid},
      {"wikidata",
       "Wikidata: entity JSON (EntityData answers, single entities, the dump's array; plain or "
       ".gz) and wbsearchentities answers",
       "Entity files", wikidata},
  };
  for (const auto& r : registries) {
    auto args = std::make_shared<ImportArgs>();
    auto* sub = cmd->add_subcommand(r.name, r.help);
    sub->add_option("--db", args->db, "Store directory (created if absent)")->required();
    sub->add_option("FILE", args->files, r.files)->required()->check(CLI::ExistingFile);
    sub->add_flag("--strict", args->strict,
                  "Fail on the first malformed record, importing nothing (default: skip it)");
    sub->add_option("--base-iri", args->options.base_iri,
                    "Base of the graph's IRI (<BASE graph/REGISTRY>)")
        ->capture_default_str();
    sub->add_flag("-q,--quiet", args->quiet, "No progress line");
    if (std::string(r.name) == "cordis")
      sub->add_option("--programme", args->programme,
                      "Framework programme: h2020, horizon or fp7 (default: from the file names)")
          ->check(CLI::IsMember({"h2020", "horizon", "fp7"}));
    std::string name = r.name;
    Importer importer = r.importer;
    sub->callback([args, &action, name, importer] {
      action = [args, name, importer] { return run_import(name, importer, *args); };
    });
  }
}

}  // namespace moivre::cli
