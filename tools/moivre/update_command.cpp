// moivre update: run a SPARQL 1.1 Update request against a store, in one transaction.
#include <fstream>
#include <iostream>
#include <sstream>

#include "graph/graph.hpp"
#include "moivre/commands.hpp"
#include "query/algebra.hpp"
#include "query/parser.hpp"
#include "query/update.hpp"

namespace moivre::cli {
namespace {

struct UpdateArgs {
  std::string db;
  query::LoadPolicy load;
  std::string file;
  std::string text;
};

int run_update(const UpdateArgs& args) {
  std::string text = args.text;
  if (!args.file.empty()) {
    std::ifstream in(args.file, std::ios::binary);
    if (!in) {
      std::cerr << "moivre update: cannot read " << args.file << "\n";
      return kFailure;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  if (text.empty()) {
    std::cerr << "moivre update: give an update as an argument or with -f FILE\n";
    return kUsage;
  }
  query::algebra::Update update;
  try {
    update = query::algebra::translate_update(query::parse_update(text), text);
  } catch (const query::QuerySyntaxError& e) {
    std::cerr << "moivre update: " << (args.file.empty() ? "" : args.file + ": ") << e.what()
              << "\n";
    return kInvalidInput;
  }
  graph::Store store(args.db);
  auto txn = store.write();
  try {
    auto result = query::execute_update(txn, update, {}, args.load);
    txn.commit();
    std::cout << "Inserted " << result.inserted << ", deleted " << result.deleted << " quads.\n";
  } catch (const query::UpdateError& e) {
    std::cerr << "moivre update: " << e.what() << "; nothing was changed\n";
    return kInvalidInput;
  }
  return kOk;
}

}  // namespace

void add_update_command(CLI::App& app, Action& action) {
  auto args = std::make_shared<UpdateArgs>();
  auto* cmd = app.add_subcommand("update", "Run a SPARQL 1.1 Update against a store, atomically.");
  cmd->add_option("--db", args->db, "Store directory (created if absent)")->required();
  cmd->add_option("-f,--file", args->file, "Read the update from this file");
  cmd->add_option("UPDATE", args->text, "The update text");
  cmd->add_option("--allow-load", args->load.allowed_dirs,
                  "A directory LOAD <file:...> may read from (repeatable; default: none)")
      ->check(CLI::ExistingDirectory)
      ->allow_extra_args(false);
  cmd->footer("All operations of the request commit together, or none does.");
  cmd->callback([args, &action] { action = [args] { return run_update(*args); }; });
}

}  // namespace moivre::cli
