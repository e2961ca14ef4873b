// Running the real `moivre` binary from tests.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>

#include "support/files.hpp"

namespace moivre::test {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

inline std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs a shell command line and captures its output.
inline CommandResult run(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// The port in `moivre serve`'s banner ("... at http://127.0.0.1:PORT/sparql"), or 0.
inline int serving_port(std::string_view log) {
  constexpr std::string_view kHost = "127.0.0.1:";
  for (size_t at = log.find(kHost); at != std::string_view::npos; at = log.find(kHost, at + 1)) {
    size_t digits = at + kHost.size();
    size_t end = digits;
    while (end < log.size() && std::isdigit(static_cast<unsigned char>(log[end]))) ++end;
    if (end > digits && log.substr(end).starts_with("/sparql"))
      return std::stoi(std::string(log.substr(digits, end - digits)));
  }
  return 0;
}

// Waits until the `moivre serve` writing `log` says its port; 0 when it did not within `limit`.
inline int wait_for_serving_port(const std::filesystem::path& log,
                                 std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (int port = serving_port(read_text(log))) return port;
    if (std::chrono::steady_clock::now() > deadline) return 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

inline std::string moivre_binary() {
  return quote(MOIVRE_BINARY);
}

}  // namespace moivre::test
