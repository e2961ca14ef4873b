#include "bench/peers.hpp"

#include <netinet/in.h>
#include <re2/re2.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace moivre::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool on_path(const std::string& program) {
  return std::system(("command -v " + program + " > /dev/null 2>&1").c_str()) == 0;
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Starts `argv` in `dir` with output to `log`; returns its pid.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& dir, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(dir.c_str()) != 0) _exit(127);
    FILE* out = std::freopen(log.c_str(), "w", stdout);
    if (out) dup2(fileno(stdout), 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

void terminate(pid_t& pid) {
  if (pid <= 0) return;
  kill(pid, SIGTERM);
  for (int i = 0; i < 200 && waitpid(pid, nullptr, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  pid = 0;
}

// The peak resident memory of a process, in MiB (VmHWM).
double peak_rss_mb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
  return 0;
}

double disk_mb(const fs::path& dir) {
  uint64_t bytes = 0;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec)) bytes += e.file_size(ec);
  return bytes / 1048576.0;
}

std::string run_output(const std::string& command) {
  std::FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {};
  std::string out;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  pclose(pipe);
  return out;
}

// OpenLink Virtuoso: a private database and ini in its folder; the bulk loader (ld_dir +
// rdf_loader_run + checkpoint) through isql; SPARQL at its HTTP port.
class Virtuoso : public System {
 public:
  explicit Virtuoso(fs::path dir) : dir_(std::move(dir)) {}
  ~Virtuoso() override { stop(); }
  std::string name() const override { return "virtuoso"; }

  LoadReport load(const std::string& file) override {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    sql_port_ = free_port();
    http_port_ = free_port();
    fs::path data = fs::canonical(file);
    std::ofstream(dir_ / "virtuoso.ini")
        << "[Database]\nDatabaseFile = virtuoso.db\nErrorLogFile = virtuoso.log\n"
           "LockFile = virtuoso.lck\nTransactionFile = virtuoso.trx\nxa_persistent_file = "
           "virtuoso.pxa\nFileExtend = 200\nMaxCheckpointRemap = 2000\nStriping = 0\n"
           "TempStorage = TempDatabase\n[TempDatabase]\nDatabaseFile = virtuoso-temp.db\n"
           "TransactionFile = virtuoso-temp.trx\nMaxCheckpointRemap = 2000\nStriping = 0\n"
           "[Parameters]\nServerPort = "
        << sql_port_
        << "\nDisableUnixSocket = 1\nMaxClientConnections = 20\nCheckpointInterval = 0\n"
           "CaseMode = 2\nDirsAllowed = ., "
        << data.parent_path().string()
        << "\nNumberOfBuffers = 340000\nMaxDirtyBuffers = 250000\nMaxQueryMem = 2G\n"
           "ThreadsPerQuery = 2\nAsyncQueueMaxThreads = 10\nVectorSize = 1000\n"
           "MaxVectorSize = 1000000\n[HTTPServer]\nServerPort = "
        << http_port_
        << "\nServerRoot = /var/lib/virtuoso-opensource-7/vsp\nMaxClientConnections = 20\n"
           "ServerThreads = 20\nMaxKeepAlives = 20\nKeepAliveTimeout = 10\n"
           "EnabledGzipContent = 0\n[SPARQL]\nResultSetMaxRows = 100000000\n"
           "MaxQueryExecutionTime = 600\nMaxQueryCostEstimationTime = 600\n";
    pid_ = spawn({"virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"}, dir_,
                 dir_ / "server.out");
    auto deadline = Clock::now() + std::chrono::seconds(120);
    while (isql("status();").find("Connected to OpenLink Virtuoso") == std::string::npos) {
      if (Clock::now() > deadline) throw std::runtime_error("virtuoso-t did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    auto start = Clock::now();
    std::string out =
        isql("ld_dir('" + data.parent_path().string() + "', '" + data.filename().string() +
             "', 'http://lubm.example/'); rdf_loader_run(); checkpoint;");
    LoadReport r;
    r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // What it holds (distinct triples), and that the load worked at all.
    std::string count =
        isql("SPARQL SELECT COUNT(*) WHERE { GRAPH <http://lubm.example/> { ?s ?p ?o } };");
    if (!RE2::PartialMatch(count, R"(\n(\d+)\s*\n)", &r.triples) || r.triples == 0)
      throw std::runtime_error("the bulk load left nothing: " + out);
    r.peak_rss_mb = peak_rss_mb(pid_);
    r.disk_mb = disk_mb(dir_);
    return r;
  }

  Endpoint endpoint() const override { return {"127.0.0.1", http_port_, "/sparql"}; }

  void stop() override {
    if (pid_ > 0) isql("shutdown();");
    terminate(pid_);
    fs::remove_all(dir_);
  }

 private:
  std::string isql(const std::string& sql) {
    return run_output("isql-vt " + std::to_string(sql_port_) + " dba dba exec=\"" + sql + "\"");
  }

  fs::path dir_;
  pid_t pid_ = 0;
  int sql_port_ = 0, http_port_ = 0;
};

// Oxigraph (npm package, in memory): tools/bench/oxigraph-server.mjs loads the file and answers
// SPARQL; it prints "loaded <seconds>" then "listening <port>".
class Oxigraph : public System {
 public:
  Oxigraph(fs::path dir, fs::path script) : dir_(std::move(dir)), script_(std::move(script)) {}
  ~Oxigraph() override { stop(); }
  std::string name() const override { return "oxigraph"; }

  LoadReport load(const std::string& file) override {
    fs::create_directories(dir_);
    port_ = free_port();
    pid_ = spawn({"node", "--max-old-space-size=8192", script_.string(),
                  fs::absolute(file).string(), std::to_string(port_)},
                 dir_, dir_ / "server.out");
    auto deadline = Clock::now() + std::chrono::seconds(1800);
    const RE2 loaded(R"(loaded ([\d.]+) (\d+))");
    for (;;) {
      std::ifstream in(dir_ / "server.out");
      std::ostringstream text;
      text << in.rdbuf();
      std::string log = text.str();
      LoadReport r;
      if (RE2::PartialMatch(log, loaded, &r.seconds, &r.triples) &&
          log.find("listening") != std::string::npos) {
        r.peak_rss_mb = peak_rss_mb(pid_);
        return r;
      }
      if (waitpid(pid_, nullptr, WNOHANG) != 0) throw std::runtime_error("oxigraph: " + log);
      if (Clock::now() > deadline) throw std::runtime_error("oxigraph did not load in time");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }

  Endpoint endpoint() const override { return {"127.0.0.1", port_, "/sparql"}; }
  void stop() override { terminate(pid_); }

 private:
  fs::path dir_, script_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace

std::vector<std::unique_ptr<System>> installed_peers(const fs::path& scratch) {
  std::vector<std::unique_ptr<System>> peers;
  if (on_path("virtuoso-t") && on_path("isql-vt"))
    peers.push_back(std::make_unique<Virtuoso>(scratch / "virtuoso"));
  fs::path script = fs::path(MOIVRE_BENCH_DIR) / "oxigraph-server.mjs";
  if (on_path("node") && fs::exists(fs::path(MOIVRE_BENCH_DIR) / "node_modules" / "oxigraph"))
    peers.push_back(std::make_unique<Oxigraph>(scratch / "oxigraph", script));
  return peers;
}

}  // namespace moivre::bench
