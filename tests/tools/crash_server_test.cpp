// Crash safety of the server: `moivre serve` is killed (SIGKILL) at random moments while a client
// streams updates and Graph Store uploads at it and a `moivre load` runs beside it, 100 times.
// After each kill the store must open, pass graph::check_store, and agree with the client's log:
// every acknowledged write is there, every write never sent is not, and a write in flight at the
// kill is there entirely or not at all.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "graph/graph.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

enum class Fate { Acknowledged, InFlight };

// One write the client made: the graph it fills (or drops) and how many quads that graph holds
// once the write is done.
struct Write {
  std::string graph;
  uint64_t quads = 0;  // after it: 0 for a DROP
  Fate fate = Fate::InFlight;
};

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDERR_FILENO);
    dup2(fd, STDOUT_FILENO);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    setenv("MOIVRE_TOKEN", "crash-token", 1);
    execv(MOIVRE_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

int wait_for_port(const fs::path& log) {
  return test::wait_for_serving_port(log, std::chrono::seconds(2));
}

std::string nt_document(const std::string& prefix, int n) {
  std::string out;
  for (int k = 0; k < n; ++k)
    out += "<" + prefix + "/s" + std::to_string(k) + "> <http://crash/p> \"" + std::to_string(k) +
           "\" .\n";
  return out;
}

uint64_t graph_size(const graph::ReadTransaction& txn, const std::string& iri) {
  auto id = txn.lookup(graph::Term::iri(iri));
  if (!id) return 0;
  graph::QuadPattern pattern;
  pattern.ids[graph::G] = *id;
  return txn.count(pattern);
}

int rounds() {
  const char* env = std::getenv("MOIVRE_CRASH_ROUNDS");
  return env ? std::atoi(env) : 100;
}

}  // namespace

TEST(CrashSafety, ServerKilledDuringWritesLosesNoAcknowledgedWrite) {
  test::TempDir dir;
  fs::path db = dir.path() / "db", log = dir.path() / "serve.log";
  fs::path load_file = dir.path() / "load.nt";
  std::ofstream(load_file) << nt_document("http://crash/load", 5000);
  std::mt19937 rng(20261202);
  std::vector<Write> writes;
  int kills_during_writes = 0, loads_killed = 0, loads_completed = 0;

  for (int round = 0; round < rounds(); ++round) {
    pid_t server = spawn(
        {"moivre", "serve", "--db", db.string(), "--port", "0", "--web", "", "--examples", ""},
        log);
    int port = wait_for_port(log);
    ASSERT_NE(port, 0) << test::read_text(log);

    // Every fifth round, a bulk load into its own graph runs beside the server.
    std::string load_graph = "http://crash/load" + std::to_string(round);
    pid_t loader = round % 5 == 0 ? spawn({"moivre", "load", "--quiet", "--db", db.string(),
                                           "--graph", load_graph, load_file.string()},
                                          dir.path() / "load.log")
                                  : 0;

    std::atomic<bool> stop{false};
    std::thread client([&, port] {
      httplib::Client http("127.0.0.1", port);
      http.set_connection_timeout(2);
      http.set_read_timeout(5);
      httplib::Headers auth{{"Authorization", "Bearer crash-token"}};
      while (!stop) {
        size_t i = writes.size();
        Write w;
        std::string path, body, type;
        if (i % 5 == 0) {
          w.graph = "http://crash/upload" + std::to_string(i);
          w.quads = 2000;
          path = "/store?graph=" + httplib::detail::encode_query_param(w.graph);
          body = nt_document(w.graph, 2000);
          type = "application/n-triples";
        } else if (i % 7 == 3 && i > 10) {
          // Drop a graph an earlier update filled.
          w.graph = writes[i % 5 == 1 ? i - 2 : i - 1].graph;
          w.quads = 0;
          path = "/sparql";
          body = "DROP SILENT GRAPH <" + w.graph + ">";
          type = "application/sparql-update";
        } else {
          w.graph = "http://crash/update" + std::to_string(i);
          w.quads = 3;
          path = "/sparql";
          body = "INSERT DATA { GRAPH <" + w.graph + "> { <http://crash/a" + std::to_string(i) +
                 "> <http://crash/p> 1, 2, 3 } }";
          type = "application/sparql-update";
        }
        writes.push_back(w);
        auto res = http.Post(path, auth, body, type);
        if (!res) return;  // the server is gone: this write is in flight
        if (res->status != 200 && res->status != 201 && res->status != 204) {
          ADD_FAILURE() << "write " << i << ": " << res->status << " " << res->body;
          return;
        }
        writes.back().fate = Fate::Acknowledged;
      }
    });

    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 300));
    kill(server, SIGKILL);
    if (loader) kill(loader, SIGKILL);
    stop = true;
    client.join();
    waitpid(server, nullptr, 0);
    int load_status = 0;
    if (loader) waitpid(loader, &load_status, 0);
    bool in_flight = !writes.empty() && writes.back().fate == Fate::InFlight;
    if (in_flight) ++kills_during_writes;

    graph::Store store(db);
    auto txn = store.read();
    auto report = graph::check_store(txn);
    ASSERT_TRUE(report.consistent()) << "round " << round << ": " << report.problems.front();

    // Replay the log: the last word on each graph decides what it must hold.
    std::map<std::string, std::vector<const Write*>> by_graph;
    for (const Write& w : writes) by_graph[w.graph].push_back(&w);
    for (const auto& [iri, history] : by_graph) {
      uint64_t size = graph_size(txn, iri);
      const Write* last_acked = nullptr;
      for (const Write* w : history)
        if (w->fate == Fate::Acknowledged) last_acked = w;
      const Write* last = history.back();
      uint64_t settled = last_acked ? last_acked->quads : 0;
      if (last->fate == Fate::InFlight)
        EXPECT_TRUE(size == settled || size == last->quads)
            << "round " << round << ": " << iri << " half written: " << size;
      else
        EXPECT_EQ(size, settled) << "round " << round << ": " << iri;
    }
    // The load is all there or not at all, and all there if it finished.
    if (loader) {
      uint64_t loaded = graph_size(txn, load_graph);
      EXPECT_TRUE(loaded == 0 || loaded == 5000) << "half a load: " << loaded;
      bool finished = WIFEXITED(load_status) && WEXITSTATUS(load_status) == 0;
      if (finished) {
        EXPECT_EQ(loaded, 5000u) << "a completed load is missing";
      }
      loaded == 5000 ? ++loads_completed : ++loads_killed;
    }
    // A write in flight is now settled either way: mark it so for later rounds.
    if (in_flight) {
      Write& w = writes.back();
      if (graph_size(txn, w.graph) == w.quads)
        w.fate = Fate::Acknowledged;
      else
        writes.pop_back();
    }
  }
  EXPECT_GT(kills_during_writes, rounds() / 2) << "too few kills landed during a write";
  RecordProperty("writes", static_cast<int>(writes.size()));
  RecordProperty("kills_during_writes", kills_during_writes);
  RecordProperty("loads_killed", loads_killed);
  RecordProperty("loads_completed", loads_completed);
  std::printf("%d rounds, %zu writes, %d kills during a write, loads: %d killed, %d completed\n",
              rounds(), writes.size(), kills_during_writes, loads_killed, loads_completed);
}
