// `moivre check` and `moivre backup` as real processes, a backup taken while a server writes, and
// a load that runs out of disk (a file size limit) failing cleanly.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "graph/graph.hpp"
#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using test::moivre_binary;
using test::quote;
using test::run;
namespace fs = std::filesystem;

namespace {

void write_triples(const fs::path& file, const std::string& prefix, int n) {
  std::ofstream out(file);
  for (int i = 0; i < n; ++i)
    out << "<http://example.org/" << prefix << "/s" << i << "> <http://example.org/p> \"" << prefix
        << " value " << i << "\" .\n";
}

// Loads `triples` statements with `prefix` into the store `db` (created if absent).
void load_triples(const test::TempDir& dir, const fs::path& db, const std::string& prefix,
                  int triples) {
  auto file = dir.path() / (prefix + ".nt");
  write_triples(file, prefix, triples);
  ASSERT_EQ(run(moivre_binary() + " load --quiet --db " + quote(db) + " " + quote(file)).exit_code,
            0);
}

uint64_t quads_in(const fs::path& db) {
  graph::Store store(db, {.read_only = true});
  return store.read().count(graph::QuadPattern{});
}

}  // namespace

TEST(StoreCommands, CheckSaysConsistentOrNamesTheProblem) {
  test::TempDir dir;
  auto db = dir.path() / "db";
  load_triples(dir, db, "a", 500);
  auto r = run(moivre_binary() + " check --db " + quote(db));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("consistent, 500 quads in 6 indexes, 1,001 terms"), std::string::npos)
      << r.output;

  r = run(moivre_binary() + " check --db " + quote(dir.path() / "nothing-here"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("no store at"), std::string::npos) << r.output;
  EXPECT_EQ(run(moivre_binary() + " check --help").exit_code, 0);
  EXPECT_EQ(run(moivre_binary() + " backup --help").exit_code, 0);
}

TEST(StoreCommands, BackupWhileTheServerWritesIsAConsistentStore) {
  test::TempDir dir;
  auto db = dir.path() / "db";
  load_triples(dir, db, "base", 20000);
  std::string log = (dir.path() / "serve.log").string();
  ASSERT_EQ(
      std::system(("MOIVRE_TOKEN=t " + moivre_binary() + " serve --db " + quote(db) +
                   " --port 0 2> " + quote(log) + " & echo $! > " + quote(dir.path() / "serve.pid"))
                      .c_str()),
      0);
  int port = test::wait_for_serving_port(log, std::chrono::seconds(4));
  ASSERT_NE(port, 0) << test::read_text(log);

  std::atomic<bool> stop{false};
  std::atomic<int> acknowledged{0};
  std::thread writer([&] {
    httplib::Client http("127.0.0.1", port);
    for (int i = 0; !stop; ++i) {
      auto res = http.Post("/sparql", {{"Authorization", "Bearer t"}},
                           "INSERT DATA { <http://example.org/w" + std::to_string(i) +
                               "> <http://example.org/p> " + std::to_string(i) + " }",
                           "application/sparql-update");
      if (res && res->status == 200) ++acknowledged;
    }
  });
  // The backup starts once writes are flowing, and the writer goes on past its end.
  auto wait_for_writes = [&](int more_than) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (acknowledged.load() <= more_than && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
  };
  wait_for_writes(0);
  auto backup = dir.path() / "backup";
  auto r = run(moivre_binary() + " backup --db " + quote(db) + " " + quote(backup));
  wait_for_writes(acknowledged.load() + 1);
  stop = true;
  writer.join();
  std::system(("kill $(cat " + quote(dir.path() / "serve.pid") + ")").c_str());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("Backed up"), std::string::npos) << r.output;
  EXPECT_GT(acknowledged.load(), 0);

  r = run(moivre_binary() + " check --db " + quote(backup));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  // A snapshot: the base and some, not necessarily all, of the writes that went on around it.
  uint64_t copied = quads_in(backup);
  EXPECT_GE(copied, 20000u);
  EXPECT_LE(copied, 20000u + acknowledged.load() + 1);

  r = run(moivre_binary() + " backup --db " + quote(db) + " " + quote(backup));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("already exists"), std::string::npos) << r.output;
}

// A load that hits the file size limit (as on a full disk) fails with a clear message and leaves
// the store as it was.
TEST(StoreCommands, LoadThatRunsOutOfSpaceChangesNothing) {
  test::TempDir dir;
  auto db = dir.path() / "db";
  load_triples(dir, db, "small", 100);
  write_triples(dir.path() / "big.nt", "big", 200000);
  auto size_before = fs::file_size(db / "data.mdb");
  // ulimit -f counts 1 KiB blocks; SIGXFSZ ignored makes the write fail with EFBIG instead.
  auto r =
      run("bash -c " + quote("ulimit -f " + std::to_string(size_before / 1024 + 512) +
                             "; trap '' XFSZ; exec " + moivre_binary() + " load --quiet --db " +
                             quote(db) + " " + quote(dir.path() / "big.nt")));
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("the write was rolled back"), std::string::npos) << r.output;
  EXPECT_EQ(quads_in(db), 100u);
  r = run(moivre_binary() + " check --db " + quote(db));
  EXPECT_EQ(r.exit_code, 0) << r.output;
}
