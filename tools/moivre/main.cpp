// moivre: the command-line program. Each subcommand lives in its own file.
#include <CLI/CLI.hpp>
#include <iostream>

#include "graph/error.hpp"
#include "moivre/commands.hpp"

int main(int argc, char** argv) {
  using namespace moivre;
  CLI::App app{"Moivre: an RDF knowledge-graph store and SPARQL server.", "moivre"};
  app.set_version_flag("--version", std::string("moivre ") + MOIVRE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 success, 1 failure (store or system), 2 bad command line,\n"
      "3 malformed input (nothing was changed).\nRun 'moivre COMMAND --help' for a command's "
      "options.");

  cli::Action action;
  cli::add_load_command(app, action);
  cli::add_export_command(app, action);
  cli::add_stats_command(app, action);
  cli::add_query_command(app, action);
  cli::add_serve_command(app, action);
  cli::add_update_command(app, action);
  cli::add_import_command(app, action);
  cli::add_link_command(app, action);
  cli::add_check_command(app, action);
  cli::add_backup_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kUsage;
  }

  try {
    return action();
  } catch (const graph::SyntaxError& e) {
    std::cerr << "moivre: " << e.what() << "\n";
    return cli::kInvalidInput;
  } catch (const graph::Error& e) {
    std::cerr << "moivre: " << e.what() << "\n";
    return cli::kFailure;
  } catch (const std::bad_alloc&) {
    std::cerr << "moivre: out of memory\n";
    return cli::kFailure;
  }
}
