// moivre-soak: a long mixed load on a real `moivre serve` over loopback, to see that the server
// keeps answering, makes no errors and holds its memory flat.
//
// It loads a store from --data (the default graph's folder), starts `moivre serve` on it with a
// write token, and for --seconds runs --clients readers and one writer. Readers pick among the
// query shapes of --queries (*.rq: the questions of data/queries), point lookups (DESCRIBE of a
// resource of the store), one request in a hundred a deliberately impossible query (a cross
// product of the store) that must end in the time limit (503), and one in a hundred a greedy
// one (the distinct pairs of a cross product) that must stop at the server's --max-query-memory of
// 64 MiB (503) without the server's memory growing. The writer inserts and deletes small graphs
// with the token. The server's memory is read from /proc every half second: its own (RssAnon: heap
// and stacks) and with the store's mapped pages (VmRSS).
//
// It prints requests/s, p50/p99 latency per kind, errors, time-outs and memory at the start (after
// a warm-up), the peak and the end. Exit 0 when there were no errors but the deliberate time-outs
// and its own memory stayed flat (end within 25% + 32 MiB of the start; --memory-slack-mib
// changes the 32), 1 otherwise, 2 on a bad command line.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/command_line.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string moivre = "moivre";
  std::string data = "data";
  std::string queries = "data/queries";
  double seconds = 600;
  int clients = 4;
  double timeout = 2;
  uint64_t memory_slack_mib = 32;
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A field of /proc/PID/status in KiB: RssAnon is the process's own memory (heap, stacks);
// VmRSS adds the pages of the store's memory map it touched, which grow with the store.
long status_kib(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  return -1;
}

// Latencies and outcomes of one kind of request.
struct Tally {
  std::string name;
  std::vector<double> millis;
  uint64_t errors = 0, timeouts = 0;
  std::string first_error;
};

class Soak {
 public:
  explicit Soak(const Options& o) : o_(o) {}

  int run() {
    dir_ = fs::temp_directory_path() / ("moivre-soak-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    int status = run_in_dir();
    fs::remove_all(dir_);
    return status;
  }

 private:
  int run_in_dir() {
    // The store, loaded from the data folder.
    std::string load = o_.moivre + " load --quiet --db " + (dir_ / "db").string();
    for (const auto& e : fs::directory_iterator(o_.data))
      if (e.path().extension() == ".ttl") load += " " + e.path().string();
    if (std::system(load.c_str()) != 0) return fail("cannot load " + o_.data);
    for (const auto& e : fs::directory_iterator(o_.queries))
      if (e.path().extension() == ".rq") shapes_.push_back(read_text(e.path()));
    if (shapes_.empty()) return fail("no *.rq in " + o_.queries);

    if (!start_server()) return fail("the server did not start: " + read_text(dir_ / "serve.log"));
    pick_resources();
    std::printf("moivre-soak: %zu query shapes, %zu resources, %d readers + 1 writer, %.0f s\n",
                shapes_.size(), resources_.size(), o_.clients, o_.seconds);

    for (const char* name : {"question", "lookup", "update", "impossible", "greedy"})
      tallies_.push_back(Tally{name, {}, 0, 0, {}});
    auto start = Clock::now();
    auto end = start + std::chrono::duration_cast<Clock::duration>(
                           std::chrono::duration<double>(o_.seconds));
    std::vector<std::thread> threads;
    for (int c = 0; c < o_.clients; ++c) threads.emplace_back([this, end, c] { reader(end, c); });
    threads.emplace_back([this, end] { writer(end); });

    // Memory: the start after a short warm-up, the peak, the end.
    auto warm = start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(std::min(5.0, o_.seconds / 6)));
    std::this_thread::sleep_until(warm);
    Memory start_memory = memory(), peak = start_memory;
    while (Clock::now() < end) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      Memory now = memory();
      peak.own = std::max(peak.own, now.own);
      peak.resident = std::max(peak.resident, now.resident);
    }
    for (auto& t : threads) t.join();
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    Memory end_memory = memory();
    bool alive = end_memory.own > 0;
    kill(server_, SIGTERM);
    waitpid(server_, nullptr, 0);
    return report(elapsed, start_memory, peak, end_memory, alive);
  }

  struct Memory {
    long own = -1, resident = -1;  // KiB: RssAnon, VmRSS
  };
  Memory memory() const { return {status_kib(server_, "RssAnon"), status_kib(server_, "VmRSS")}; }

  int fail(const std::string& why) {
    std::fprintf(stderr, "moivre-soak: %s\n", why.c_str());
    if (server_) kill(server_, SIGKILL), waitpid(server_, nullptr, 0);
    return 1;
  }

  bool start_server() {
    std::string log = (dir_ / "serve.log").string();
    server_ = fork();
    if (server_ == 0) {
      std::freopen(log.c_str(), "w", stderr);
      setenv("MOIVRE_TOKEN", "soak-token", 1);
      std::string timeout = std::to_string(o_.timeout);
      execlp(o_.moivre.c_str(), "moivre", "serve", "--db", (dir_ / "db").c_str(), "--port", "0",
             "--timeout", timeout.c_str(), "--max-queries", "64", "--max-query-memory", "64M",
             static_cast<char*>(nullptr));
      _exit(127);
    }
    const RE2 serving(R"(127\.0\.0\.1:(\d+)/sparql)");
    for (int i = 0; i < 1000 && port_ == 0; ++i) {
      if (!RE2::PartialMatch(read_text(log), serving, &port_)) port_ = 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return port_ != 0;
  }

  void pick_resources() {
    httplib::Client http("127.0.0.1", port_);
    auto res = http.Get("/sparql?format=tsv&query=" +
                        httplib::detail::encode_query_param(
                            "SELECT DISTINCT ?s { ?s ?p ?o FILTER(isIRI(?s)) } LIMIT 1000"));
    if (!res) return;
    std::istringstream rows(res->body);
    std::string line;
    std::getline(rows, line);  // header
    while (std::getline(rows, line))
      if (line.size() > 2 && line.front() == '<') resources_.push_back(line);
  }

  void record(int kind, double ms, bool ok, bool timed_out, const std::string& what) {
    std::lock_guard<std::mutex> lock(mutex_);
    Tally& t = tallies_[kind];
    t.millis.push_back(ms);
    if (timed_out) ++t.timeouts;
    if (!ok && !timed_out) {
      if (t.errors++ == 0) t.first_error = what;
    }
  }

  void reader(Clock::time_point end, int seed) {
    httplib::Client http("127.0.0.1", port_);
    http.set_read_timeout(30);
    std::mt19937 rng(seed);
    while (Clock::now() < end) {
      int roll = static_cast<int>(rng() % 100);
      int kind = roll == 0 ? 3 : roll == 1 ? 4 : roll < 50 || resources_.empty() ? 0 : 1;
      std::string query =
          kind == 0   ? shapes_[rng() % shapes_.size()]
          : kind == 1 ? "DESCRIBE " + resources_[rng() % resources_.size()]
          : kind == 3 ? "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
                      : "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT * { ?a ?b ?c . ?d ?e ?f } }";
      auto start = Clock::now();
      auto res = http.Post("/sparql", {{"Accept", "application/sparql-results+json, text/turtle"}},
                           query, "application/sparql-query");
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      // The impossible query must end at the time limit, the greedy one at the memory limit.
      bool timed_out = res && res->status == 503 && (kind == 3 || kind == 4);
      bool ok = res && res->status == 200;
      if ((kind == 3 || kind == 4) && ok) ok = false;
      record(kind, ms, ok, timed_out,
             res ? std::to_string(res->status) + " " + res->body.substr(0, 200)
                 : "no answer: " + httplib::to_string(res.error()));
    }
  }

  void writer(Clock::time_point end) {
    httplib::Client http("127.0.0.1", port_);
    httplib::Headers auth{{"Authorization", "Bearer soak-token"}};
    for (uint64_t i = 0; Clock::now() < end; ++i) {
      // Insert graph i, drop graph i-10: the store stays about the same size.
      std::string update = "INSERT DATA { GRAPH <urn:soak:g" + std::to_string(i) +
                           "> { <urn:soak:s" + std::to_string(i) + "> <urn:soak:p> " +
                           std::to_string(i) + ", \"text " + std::to_string(i) + "\"@en } }";
      if (i >= 10) update += " ; DROP GRAPH <urn:soak:g" + std::to_string(i - 10) + ">";
      auto start = Clock::now();
      auto res = http.Post("/sparql", auth, update, "application/sparql-update");
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      record(2, ms, res && res->status == 200, false,
             res ? std::to_string(res->status) + " " + res->body.substr(0, 200) : "no answer");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  static double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
  }

  int report(double elapsed, Memory start, Memory peak, Memory end, bool alive) {
    uint64_t total = 0, errors = 0;
    std::printf("\n%-11s %10s %9s %9s %9s %8s %9s\n", "kind", "requests", "req/s", "p50 ms",
                "p99 ms", "errors", "time-outs");
    for (const Tally& t : tallies_) {
      total += t.millis.size();
      errors += t.errors;
      std::printf("%-11s %10zu %9.1f %9.2f %9.2f %8lu %9lu\n", t.name.c_str(), t.millis.size(),
                  static_cast<double>(t.millis.size()) / elapsed, percentile(t.millis, 0.5),
                  percentile(t.millis, 0.99), static_cast<unsigned long>(t.errors),
                  static_cast<unsigned long>(t.timeouts));
    }
    std::vector<double> all;
    for (const Tally& t : tallies_)
      if (t.name != "impossible" && t.name != "greedy")
        all.insert(all.end(), t.millis.begin(), t.millis.end());
    std::printf("%-11s %10lu %9.1f %9.2f %9.2f %8lu\n", "all", static_cast<unsigned long>(total),
                static_cast<double>(total) / elapsed, percentile(all, 0.5), percentile(all, 0.99),
                static_cast<unsigned long>(errors));
    std::printf("\nserver memory over %.0f s     start      peak       end\n", elapsed);
    std::printf("  own (RssAnon)          %6.1f MiB %6.1f MiB %6.1f MiB\n", start.own / 1024.0,
                peak.own / 1024.0, end.own / 1024.0);
    std::printf("  with store pages (RSS) %6.1f MiB %6.1f MiB %6.1f MiB\n", start.resident / 1024.0,
                peak.resident / 1024.0, end.resident / 1024.0);
    for (const Tally& t : tallies_)
      if (t.errors) std::printf("first %s error: %s\n", t.name.c_str(), t.first_error.c_str());
    // The store's mapped pages grow with the data (every write adds terms); the process's own
    // memory must not.
    bool flat = end.own <= start.own + start.own / 4 + o_.memory_slack_mib * 1024;
    if (!alive) std::printf("FAILED: the server is gone\n");
    if (errors) std::printf("FAILED: %lu errors\n", static_cast<unsigned long>(errors));
    if (!flat) std::printf("FAILED: memory grew\n");
    return alive && errors == 0 && flat ? 0 : 1;
  }

  Options o_;
  fs::path dir_;
  pid_t server_ = 0;
  int port_ = 0;
  std::vector<std::string> shapes_, resources_;
  std::mutex mutex_;
  std::vector<Tally> tallies_;
};

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app{
      "A long mixed read/write load on moivre serve; reports throughput, latency, errors "
      "and memory.",
      "moivre-soak"};
  app.add_option("--moivre", o.moivre, "The moivre program")->capture_default_str();
  app.add_option("--data", o.data, "Folder of Turtle files to serve")->capture_default_str();
  app.add_option("--queries", o.queries, "Folder of *.rq query shapes")->capture_default_str();
  app.add_option("--seconds", o.seconds, "How long to run")->capture_default_str();
  app.add_option("--clients", o.clients, "Concurrent readers")->capture_default_str();
  app.add_option("--timeout", o.timeout, "The server's query time limit, seconds")
      ->capture_default_str();
  app.add_option("--memory-slack-mib", o.memory_slack_mib,
                 "Growth of the server's own memory allowed beyond 25% of the start")
      ->capture_default_str();
  if (int code = moivre::bench::parse_command_line(app, argc, argv); code >= 0) return code;
  signal(SIGPIPE, SIG_IGN);
  return Soak(o).run();
}
