// moivre-difftest: differential testing against Oxigraph. Random small datasets, random queries
// over them (generator.hpp); each query runs on Moivre (in this process, on a store of its own)
// and on Oxigraph (npm, in node: oxigraph-peer.mjs), and the answers are compared: solutions as
// multisets under a bijection of blank nodes, CONSTRUCT results as graphs (solutions.hpp).
//
//   moivre-difftest [--seed S] [--queries N] [--per-dataset K] [--verbose]
//
// Prints each disagreement (seed, dataset, query, both answers) and a closing count. Exit status:
// 0 when the engines agree on every query, 1 when they do not, 2 on a bad command line or when
// Oxigraph cannot be started. Where Oxigraph departs from the specification, or the
// specification leaves the answer to the implementation, the generator steers clear: see
// known-divergences.md.
#include <rapidjson/document.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include "bench/command_line.hpp"
#include "difftest/generator.hpp"
#include "difftest/oxigraph_peer.hpp"
#include "difftest/solutions.hpp"
#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"

namespace fs = std::filesystem;
using namespace moivre;
using namespace moivre::difftest;

namespace {

// One engine's answer to a query.
struct Answer {
  enum class Status { Ok, Rejected, Timeout } status = Status::Ok;
  std::string message;          // Rejected: why
  Solutions solutions;          // SELECT
  bool boolean = false;         // ASK
  std::vector<Triple> triples;  // CONSTRUCT
};

class MoivreEngine {
 public:
  MoivreEngine() {
    dir_ = fs::temp_directory_path() / ("moivre-difftest-" + std::to_string(getpid()));
    fs::remove_all(dir_);
  }
  ~MoivreEngine() {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Bytes an operator keeps before it goes to disk (0: the default): small, every sort, hash
  // join and grouping runs from disk.
  void spill_after(uint64_t bytes) { spill_after_ = bytes; }

  void load(const std::string& trig) {
    store_.reset();
    fs::remove_all(dir_);
    store_ = std::make_unique<graph::Store>(dir_, graph::StoreOptions{.sync = false});
    auto txn = store_->write();
    graph::BulkLoader loader(txn);
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::TriG;
    loader.add_string(trig, "dataset.trig", options);
    loader.finish();
    txn.commit();
  }

  Answer run(const GeneratedQuery& q) {
    Answer a;
    try {
      auto algebra = query::algebra::translate(query::parse_query(q.text), q.text);
      auto txn = store_->read();
      query::ExecutionOptions options;
      options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      options.spill_after = spill_after_;
      query::Execution execution(txn, algebra, options);
      if (q.form == "ask") {
        a.boolean = execution.ask();
      } else if (q.form == "construct") {
        graph::Term s, p, o;
        while (execution.next_triple(s, p, o)) a.triples.push_back({s, p, o});
      } else {
        a.solutions.variables = execution.variables();
        query::TermRow row;
        while (execution.next(row)) a.solutions.rows.emplace_back(row.begin(), row.end());
      }
    } catch (const query::QueryTimeout&) {
      a.status = Answer::Status::Timeout;
    } catch (const std::exception& e) {
      a.status = Answer::Status::Rejected;
      a.message = e.what();
    }
    return a;
  }

 private:
  fs::path dir_;
  uint64_t spill_after_ = 0;
  std::unique_ptr<graph::Store> store_;
};

std::optional<graph::Term> json_term(const rapidjson::Value& v) {
  std::string type = v["type"].GetString(), value = v["value"].GetString();
  if (type == "uri") return graph::Term::iri(value);
  if (type == "bnode") return graph::Term::blank(value);
  if (v.HasMember("xml:lang")) return graph::Term::lang_literal(value, v["xml:lang"].GetString());
  if (v.HasMember("datatype")) return graph::Term::typed_literal(value, v["datatype"].GetString());
  return graph::Term::literal(value);
}

Answer oxigraph_answer(const PeerAnswer& peer, const std::string& form) {
  Answer a;
  if (peer.status == PeerAnswer::Status::Timeout) {
    a.status = Answer::Status::Timeout;
    return a;
  }
  if (peer.status == PeerAnswer::Status::Error) {
    a.status = Answer::Status::Rejected;
    a.message = peer.body;
    return a;
  }
  if (form == "construct") {
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::NTriples;
    graph::read_rdf_string(peer.body, "oxigraph.nt", options, [&](const graph::ParsedQuad& q) {
      a.triples.push_back({graph::decode_term(q.subject), graph::decode_term(q.predicate),
                           graph::decode_term(q.object)});
    });
    return a;
  }
  rapidjson::Document doc;
  doc.Parse(peer.body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    a.status = Answer::Status::Rejected;
    a.message = "unreadable results from Oxigraph";
    return a;
  }
  if (form == "ask") {
    a.boolean = doc["boolean"].GetBool();
    return a;
  }
  for (const auto& v : doc["head"]["vars"].GetArray())
    a.solutions.variables.push_back(v.GetString());
  for (const auto& b : doc["results"]["bindings"].GetArray()) {
    std::vector<Cell> row(a.solutions.variables.size());
    for (size_t i = 0; i < row.size(); ++i) {
      const char* name = a.solutions.variables[i].c_str();
      if (b.HasMember(name)) row[i] = json_term(b[name]);
    }
    a.solutions.rows.push_back(std::move(row));
  }
  return a;
}

// Whether Oxigraph's error is a panic (a bug of its own, after which its instance is unusable).
bool crashed(const std::string& message) {
  return message.find("RuntimeError") != std::string::npos ||
         message.find("panicked") != std::string::npos ||
         message.find("Stack:") != std::string::npos;
}

// Whether two answers agree; `diff` says how they do not.
bool agree(const Answer& moivre, const Answer& oxigraph, const std::string& form,
           std::string& diff) {
  if (form == "ask") {
    diff = std::string("Moivre ") + (moivre.boolean ? "true" : "false") + ", Oxigraph " +
           (oxigraph.boolean ? "true" : "false");
    return moivre.boolean == oxigraph.boolean;
  }
  if (form == "construct") return same_graph(oxigraph.triples, moivre.triples, &diff);
  return same_solutions(oxigraph.solutions, moivre.solutions, false, &diff);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Differential testing of Moivre against Oxigraph: random datasets and queries, answers "
      "compared. Exit 0 when every answer agrees, 1 otherwise."};
  uint64_t seed = 1;
  int queries = 1000, per_dataset = 25;
  bool verbose = false;
  std::string dump;
  std::string script = std::string(MOIVRE_DIFFTEST_DIR) + "/oxigraph-peer.mjs";
  app.add_option("--seed", seed, "First random seed (default 1); each dataset takes the next");
  app.add_option("--queries", queries, "Queries to run in all (default 1000)");
  app.add_option("--per-dataset", per_dataset, "Queries per random dataset (default 25)");
  app.add_option("--peer", script, "The node script that runs Oxigraph");
  app.add_flag("--verbose", verbose, "Print every query and its outcome");
  uint64_t spill_after = 0;
  app.add_option("--spill-after", spill_after,
                 "Bytes of rows an operator keeps before it goes to disk (default: a quarter of "
                 "the memory budget); a few hundred make every sort, hash join and grouping "
                 "spill, to compare those paths too");
  app.add_option("--dump", dump,
                 "A directory to write each disagreement to (SEED-N.trig and SEED-N.rq)");
  std::vector<std::string> one_case;
  app.add_option("--case", one_case,
                 "Compare one case instead: a TriG file and a query file (as --dump writes them)")
      ->expected(2);
  if (int code = bench::parse_command_line(app, argc, argv); code >= 0) return code;

  OxigraphPeer oxigraph(script);
  MoivreEngine moivre;
  moivre.spill_after(spill_after);
  if (!one_case.empty()) {
    auto read = [](const std::string& path) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    };
    std::string trig = read(one_case[0]);
    GeneratedQuery q{"select", read(one_case[1])};
    if (q.text.find("ASK") != std::string::npos) q.form = "ask";
    if (q.text.find("CONSTRUCT") != std::string::npos) q.form = "construct";
    oxigraph.load(trig);
    moivre.load(trig);
    Answer m = moivre.run(q);
    Answer o = oxigraph_answer(oxigraph.query(q.form, q.text, std::chrono::seconds(10)), q.form);
    std::string diff;
    bool same = m.status == o.status && agree(m, o, q.form, diff);
    std::printf("%s\n%s%s%s\n", same ? "agree" : "DISAGREE", diff.c_str(),
                m.message.empty() ? "" : ("Moivre: " + m.message + "\n").c_str(),
                o.message.empty() ? "" : ("Oxigraph: " + o.message).c_str());
    return same ? 0 : 1;
  }
  std::map<std::string, int> counts;
  int disagreements = 0, run = 0;
  auto start = std::chrono::steady_clock::now();
  for (uint64_t dataset_seed = seed; run < queries; ++dataset_seed) {
    Random random(dataset_seed);
    std::string trig = random_dataset(random);
    if (auto loaded = oxigraph.load(trig); loaded.status != PeerAnswer::Status::Ok) {
      std::fprintf(stderr, "moivre-difftest: Oxigraph cannot load the dataset of seed %llu: %s\n",
                   static_cast<unsigned long long>(dataset_seed), loaded.body.c_str());
      return 2;
    }
    moivre.load(trig);
    for (int i = 0; i < per_dataset && run < queries; ++i, ++run) {
      GeneratedQuery q = random_query(random);
      Answer m = moivre.run(q);
      Answer o = oxigraph_answer(oxigraph.query(q.form, q.text, std::chrono::seconds(10)), q.form);
      std::string outcome, diff;
      if (o.status == Answer::Status::Rejected && crashed(o.message)) {
        // A panic of Oxigraph's (wasm): its instance is unusable, so it starts again.
        outcome = "crashed Oxigraph";
        oxigraph.restart();
      } else if (m.status == Answer::Status::Timeout || o.status == Answer::Status::Timeout) {
        outcome = "timed out";
      } else if (m.status == Answer::Status::Rejected && o.status == Answer::Status::Rejected) {
        outcome = "rejected by both";
      } else if (m.status != o.status) {
        outcome = "disagree";
        diff = m.status == Answer::Status::Rejected ? "Moivre rejects it: " + m.message
                                                    : "Oxigraph rejects it: " + o.message;
      } else {
        outcome = agree(m, o, q.form, diff) ? "agree" : "disagree";
      }
      ++counts[outcome];
      if (outcome == "disagree") {
        ++disagreements;
        if (!dump.empty()) {
          fs::create_directories(dump);
          std::string name = dump + "/" + std::to_string(dataset_seed) + "-" + std::to_string(i);
          std::ofstream(name + ".trig") << trig;
          std::ofstream(name + ".rq") << q.text << "\n";
        }
        std::printf("DISAGREE dataset seed %llu, query %d:\n%s\n-- %s\n-- dataset:\n%s\n",
                    static_cast<unsigned long long>(dataset_seed), i, q.text.c_str(), diff.c_str(),
                    trig.c_str());
      } else if (verbose || outcome != "agree") {
        if (outcome == "crashed Oxigraph") std::printf("%s\n", o.message.substr(0, 200).c_str());
        std::printf("%s: %s\n", outcome.c_str(), q.text.c_str());
        if (outcome == "rejected by both") std::printf("  Moivre: %s\n", m.message.c_str());
      }
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%d queries in %.1f s (seeds from %llu):", run, seconds,
              static_cast<unsigned long long>(seed));
  for (const auto& [outcome, n] : counts) std::printf(" %d %s,", n, outcome.c_str());
  std::printf(" %d disagreements\n", disagreements);
  return disagreements == 0 ? 0 : 1;
}
