// Crash safety: `moivre load` killed with SIGKILL at random moments leaves a store that opens,
// is consistent, and holds exactly the last committed state.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "graph/store.hpp"
#include "support/consistency.hpp"
#include "support/process.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

void write_triples(const std::filesystem::path& file, const std::string& prefix, int n) {
  std::ofstream out(file);
  for (int i = 0; i < n; ++i)
    out << "<http://example.org/" << prefix << "/s" << i / 7 << "> <http://example.org/p" << i % 5
        << "> \"" << prefix << " value " << i << "\" .\n";
}

pid_t spawn_load(const std::filesystem::path& db, const std::filesystem::path& file) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, STDOUT_FILENO);
    dup2(devnull, STDERR_FILENO);
    execl(MOIVRE_BINARY, "moivre", "load", "--quiet", "--db", db.c_str(), file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

}  // namespace

TEST(CrashSafety, KillDuringLoadLeavesLastCommittedState) {
  test::TempDir dir;
  auto db = dir.path() / "db";
  auto base_file = dir.path() / "base.nt";
  auto big_file = dir.path() / "big.nt";
  write_triples(base_file, "base", 1000);
  write_triples(big_file, "big", 200000);

  ASSERT_EQ(test::run(test::moivre_binary() + " load --quiet --db " + test::quote(db.string()) +
                      " " + test::quote(base_file.string()))
                .exit_code,
            0);

  std::mt19937 rng(42);
  int killed_mid_load = 0, completed = 0;
  for (int round = 0; round < 12; ++round) {
    uint64_t before;
    {
      Store store(db);
      before = store.read().count(QuadPattern{});
    }
    pid_t pid = spawn_load(db, big_file);
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 900));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    bool was_killed = WIFSIGNALED(status);

    uint64_t after;
    {
      Store store(db);
      auto txn = store.read();
      after = txn.count(QuadPattern{});
      ASSERT_EQ(test::check_consistency(txn), "") << "round " << round;
    }
    if (before == 1000) {
      EXPECT_TRUE(after == 1000 || after == 201000) << "half a load is visible: " << after;
    } else {
      EXPECT_EQ(after, 201000u);
    }
    if (was_killed && after == before) ++killed_mid_load;
    if (after == 201000) {
      ++completed;
      // Start over from the base state, so that the next kills can land mid-load again.
      std::filesystem::remove_all(db);
      ASSERT_EQ(test::run(test::moivre_binary() + " load --quiet --db " + test::quote(db.string()) +
                          " " + test::quote(base_file.string()))
                    .exit_code,
                0);
    }
  }
  EXPECT_GT(killed_mid_load, 0) << "no kill landed during a load; the test proved nothing";
  RecordProperty("killed_mid_load", killed_mid_load);
  RecordProperty("completed", completed);
}
