// moivre-bench-lubm: Moivre beside the stores researchers would pick instead, on one LUBM data
// file, in one run, as one table.
//
// For each system: bulk-load the file (time, triples/s, peak memory, size on disk), then answer
// every query of the set over HTTP through the same client (cold once, then the median of N warm
// runs), counting rows; row counts must agree across systems and with the expected ones when
// known. Then, when wrk is installed, a load run of point lookups and 2-hop queries. Peers run
// when installed (tools/bench/install-peers.sh): OpenLink Virtuoso (its bulk loader, on loopback,
// in a private directory) and Oxigraph (the npm package, driven by
// tools/bench/oxigraph-server.mjs).
#include <httplib.h>
#include <rapidjson/document.h>
#include <re2/re2.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "bench/command_line.hpp"
#include "bench/peers.hpp"
#include "graph/graph.hpp"
#include "server/server.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using moivre::bench::Endpoint;
using moivre::bench::LoadReport;

struct Query {
  std::string name, text;
  std::optional<long> expected;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The queries of the set, with the expected rows of the README table when the data is LUBM(1)
// or LUBM(10); three point lookups besides.
std::vector<Query> read_queries(const fs::path& dir, int scale) {
  std::map<std::string, std::pair<long, long>> expected;
  const RE2 row(R"(\|\s*`(\w+)\.rq`\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|)");
  std::string readme = read_text(dir.parent_path() / "README.md");
  re2::StringPiece rest(readme);
  std::string name;
  long lubm1 = 0, lubm10 = 0;
  while (RE2::FindAndConsume(&rest, row, &name, &lubm1, &lubm10)) expected[name] = {lubm1, lubm10};
  std::vector<Query> queries;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".rq") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    Query q{f.stem().string(), read_text(f), std::nullopt};
    if (auto it = expected.find(q.name); it != expected.end() && (scale == 1 || scale == 10))
      q.expected = scale == 1 ? it->second.first : it->second.second;
    queries.push_back(q);
  }
  const std::string ub = "PREFIX ub: <http://swat.cse.lehigh.edu/onto/univ-bench.owl#>\n";
  queries.push_back({"p1-name",
                     ub + "SELECT ?n WHERE { <http://www.Department0.University0.edu/"
                          "GraduateStudent5> ub:name ?n }",
                     1});
  queries.push_back({"p2-advisor",
                     ub + "SELECT ?a ?n WHERE { <http://www.Department1.University0.edu/"
                          "GraduateStudent3> ub:advisor ?a . ?a ub:name ?n }",
                     1});
  queries.push_back({"p3-in",
                     ub + "SELECT ?s WHERE { ?s ub:headOf <http://www.Department2."
                          "University0.edu> }",
                     1});
  return queries;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? NAN : v[v.size() / 2];
}

// Rows of a SPARQL JSON result (or -1 when it is not one). A result of one row binding only
// ?count stands for that many rows: the shapes set (tools/bench/shapes) counts its long answers.
long rows_of(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return -1;
  if (doc.HasMember("boolean")) return 1;
  if (!doc.HasMember("results")) return -1;
  const auto& rows = doc["results"]["bindings"];
  const auto& vars = doc["head"]["vars"];
  if (rows.Size() == 1 && vars.Size() == 1 && std::string(vars[0].GetString()) == "count" &&
      rows[0].HasMember("count"))
    return std::atol(rows[0]["count"]["value"].GetString());
  return static_cast<long>(rows.Size());
}

struct Timing {
  long rows = -1;
  double cold_ms = NAN, warm_ms = NAN;
};

Timing run_query(const Endpoint& endpoint, const std::string& text, int runs) {
  httplib::Client client(endpoint.host, endpoint.port);
  client.set_read_timeout(600, 0);
  Timing t;
  std::vector<double> warm;
  for (int i = 0; i <= runs; ++i) {
    auto start = Clock::now();
    auto res = client.Post(endpoint.path.c_str(), {{"Accept", "application/sparql-results+json"}},
                           "query=" + httplib::detail::encode_query_param(text),
                           "application/x-www-form-urlencoded");
    double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!res || res->status != 200) return t;
    if (i == 0) {
      t.rows = rows_of(res->body);
      t.cold_ms = ms;
    } else {
      warm.push_back(ms);
    }
  }
  t.warm_ms = median(warm);
  return t;
}

// wrk against one query: requests/s and p99 latency in ms.
std::optional<std::pair<double, double>> wrk(const Endpoint& endpoint, const std::string& text,
                                             int seconds) {
  if (std::system("command -v wrk > /dev/null 2>&1") != 0) return std::nullopt;
  std::string url = "http://" + endpoint.host + ":" + std::to_string(endpoint.port) +
                    endpoint.path + "?query=" + httplib::detail::encode_query_param(text);
  std::string command = "wrk -t2 -c16 -d" + std::to_string(seconds) +
                        "s --latency -H 'Accept: application/sparql-results+json' '" + url +
                        "' 2>&1";
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return std::nullopt;
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  double rps = 0, p99 = 0;
  std::string unit;
  RE2::PartialMatch(out, R"(Requests/sec:\s+([\d.]+))", &rps);
  if (RE2::PartialMatch(out, R"(99%\s+([\d.]+)(us|ms|s))", &p99, &unit))
    p99 = unit == "us" ? p99 / 1000 : unit == "s" ? p99 * 1000 : p99;
  return std::make_pair(rps, p99);
}

// Moivre: bulk load into a fresh store in this process, then serve it on a loopback port.
class MoivreSystem : public moivre::bench::System {
 public:
  explicit MoivreSystem(fs::path dir) : dir_(std::move(dir)) {}
  std::string name() const override { return "moivre"; }
  LoadReport load(const std::string& file) override {
    fs::remove_all(dir_);
    LoadReport r;
    struct rusage before;
    getrusage(RUSAGE_SELF, &before);
    auto start = Clock::now();
    store_ = std::make_unique<moivre::graph::Store>(dir_);
    auto txn = store_->write();
    moivre::graph::BulkLoader loader(txn);
    moivre::graph::Input input(file);
    moivre::graph::ReadOptions options;
    options.syntax = moivre::graph::RdfSyntax::NTriples;
    loader.add(input, options);
    auto summary = loader.finish();
    txn.commit();
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    r.triples = summary.statements;
    struct rusage after;
    getrusage(RUSAGE_SELF, &after);
    r.peak_rss_mb = after.ru_maxrss / 1024.0;
    r.disk_mb = store_->read().stats().file_bytes / 1048576.0;
    moivre::server::ServerOptions so;
    so.port = 0;
    so.max_result_rows = 0;
    so.query_timeout_seconds = 600;
    so.access_log = false;
    server_ = std::make_unique<moivre::server::Server>(*store_, so);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    return r;
  }
  Endpoint endpoint() const override { return {"127.0.0.1", port_, "/sparql"}; }
  ~MoivreSystem() override {
    if (server_) {
      server_->stop();
      thread_.join();
    }
    server_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

 private:
  fs::path dir_;
  std::unique_ptr<moivre::graph::Store> store_;
  std::unique_ptr<moivre::server::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"LUBM benchmark: Moivre beside Virtuoso and Oxigraph when installed, one table.",
               "moivre-bench-lubm"};
  std::string data, queries_dir = "../shared/bench/queries", work = "";
  int runs = 5, scale = 0, wrk_seconds = 10;
  std::vector<std::string> only;
  app.add_option("DATA", data, "LUBM N-Triples file (.nt or .nt.gz)")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--queries", queries_dir,
                 "Folder of .rq queries (and README.md with expected rows)")
      ->capture_default_str()
      ->check(CLI::ExistingDirectory);
  app.add_option("--scale", scale, "Universities in the data (1 or 10 checks the expected rows)");
  app.add_option("-n,--runs", runs, "Warm runs per query (median shown)")->capture_default_str();
  app.add_option("--wrk-seconds", wrk_seconds, "Seconds of each wrk run (0: none)")
      ->capture_default_str();
  app.add_option("--systems", only, "Only these systems (moivre, virtuoso, oxigraph)");
  app.add_option("--work", work, "Scratch folder (default: a temporary one)");
  if (int code = moivre::bench::parse_command_line(app, argc, argv); code >= 0) return code;
  // The default folder is relative to where the program runs: checked here, as CLI11 checks
  // only the values given.
  if (!fs::is_directory(queries_dir)) {
    std::fprintf(stderr, "moivre-bench-lubm: no folder of queries at %s; give --queries DIR\n",
                 queries_dir.c_str());
    return 2;
  }
  fs::path scratch = work.empty()
                         ? fs::temp_directory_path() / ("moivre-bench-" + std::to_string(getpid()))
                         : fs::path(work);
  fs::create_directories(scratch);

  auto queries = read_queries(queries_dir, scale);
  std::vector<std::unique_ptr<moivre::bench::System>> systems;
  auto wanted = [&](const std::string& n) {
    return only.empty() || std::find(only.begin(), only.end(), n) != only.end();
  };
  if (wanted("moivre")) systems.push_back(std::make_unique<MoivreSystem>(scratch / "moivre"));
  for (auto& peer : moivre::bench::installed_peers(scratch))
    if (wanted(peer->name())) systems.push_back(std::move(peer));

  std::map<std::string, LoadReport> loads;
  std::map<std::string, std::map<std::string, Timing>> timings;
  std::map<std::string, std::vector<std::pair<std::string, std::pair<double, double>>>> http;
  std::map<std::string, std::string> failures;  // systems that did not load, and why
  for (auto& system : systems) {
    std::fprintf(stderr, "%s: loading %s\n", system->name().c_str(), data.c_str());
    try {
      loads[system->name()] = system->load(data);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s: load failed: %s\n", system->name().c_str(), e.what());
      // One line of it: the one naming the error, when there is one (node prints a stack).
      std::string why = e.what();
      size_t error = why.find("Error");
      size_t from = error == std::string::npos ? 0 : why.rfind('\n', error) + 1;
      failures[system->name()] = why.substr(from, why.find('\n', from) - from);
      system->stop();
      continue;
    }
    for (const auto& q : queries) {
      std::fprintf(stderr, "%s: %s\n", system->name().c_str(), q.name.c_str());
      timings[system->name()][q.name] = run_query(system->endpoint(), q.text, runs);
    }
    if (wrk_seconds > 0)
      for (const auto& q : queries)
        if (q.name == "x08" || q.name == "p2-advisor")
          if (auto r = wrk(system->endpoint(), q.text, wrk_seconds))
            http[system->name()].push_back({q.name, *r});
    system->stop();
  }

  // The table: per query rows and each system's warm median; Moivre's ratio to each peer.
  std::vector<std::string> names;  // the systems that loaded
  for (const auto& s : systems)
    if (loads.count(s->name())) names.push_back(s->name());
  if (names.empty() || names.front() != "moivre") {
    std::fprintf(stderr, "moivre did not load the data\n");
    return 1;
  }
  std::printf("data: %s, %d warm runs per query, median ms over HTTP (cold ms in brackets)\n\n",
              fs::path(data).filename().string().c_str(), runs);
  std::printf("%-12s %9s", "query", "rows");
  for (const auto& n : names) std::printf(" %20s", n.c_str());
  for (size_t i = 1; i < names.size(); ++i) std::printf("  %10s", ("÷" + names[i]).c_str());
  std::printf("  %s\n", "check");
  std::map<std::string, std::vector<double>> ratios;
  int disagreements = 0;
  for (const auto& q : queries) {
    const auto& base = timings["moivre"][q.name];
    std::printf("%-12s %9ld", q.name.c_str(), base.rows);
    std::string check = "ok";
    for (const auto& n : names) {
      const auto& t = timings[n][q.name];
      char cell[64];
      std::snprintf(cell, sizeof cell, "%.1f (%.0f)", t.warm_ms, t.cold_ms);
      std::printf(" %20s", cell);
      if (t.rows != base.rows) check = "ROWS DIFFER (" + n + ": " + std::to_string(t.rows) + ")";
    }
    for (size_t i = 1; i < names.size(); ++i) {
      double r = base.warm_ms / timings[names[i]][q.name].warm_ms;
      ratios[names[i]].push_back(r);
      std::printf("  %10.2f", r);
    }
    if (q.expected && *q.expected != base.rows) check = "expected " + std::to_string(*q.expected);
    if (check != "ok") ++disagreements;
    std::printf("  %s\n", check.c_str());
  }
  for (size_t i = 1; i < names.size(); ++i) {
    double log_sum = 0;
    for (double r : ratios[names[i]]) log_sum += std::log(r);
    std::printf("geometric mean of moivre/%s: %.2f\n", names[i].c_str(),
                std::exp(log_sum / ratios[names[i]].size()));
  }
  // Triples/s over the file's statements (Moivre's count) for every system alike; "held" is what
  // each reports holding afterwards (distinct triples where it says).
  uint64_t statements = loads["moivre"].triples;
  std::printf("\n%-10s %10s %12s %14s %12s %12s\n", "load", "seconds", "held", "triples/s",
              "peak RSS MB", "disk MB");
  for (const auto& n : names) {
    const auto& l = loads[n];
    std::printf("%-10s %10.2f %12llu %14.0f %12.0f %12.0f\n", n.c_str(), l.seconds,
                static_cast<unsigned long long>(l.triples),
                (statements ? statements : l.triples) / l.seconds, l.peak_rss_mb, l.disk_mb);
  }
  for (const auto& [name, why] : failures)
    std::printf("%-10s did not load: %s\n", name.c_str(), why.c_str());
  if (!http.empty()) {
    std::printf("\n%-10s %-12s %12s %10s   (wrk -t2 -c16 -d%ds)\n", "http", "query", "req/s",
                "p99 ms", wrk_seconds);
    for (const auto& n : names)
      for (const auto& [q, r] : http[n])
        std::printf("%-10s %-12s %12.0f %10.2f\n", n.c_str(), q.c_str(), r.first, r.second);
  }
  fs::remove_all(scratch);
  return disagreements ? 1 : 0;
}
