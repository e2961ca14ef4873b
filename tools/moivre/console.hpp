// Terminal output helpers shared by the command-line tools.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace moivre::cli {

// 1234567 -> "1,234,567"
std::string with_separators(uint64_t n);
// 1536 -> "1.5 KiB"
std::string human_bytes(uint64_t bytes);
// Seconds with one decimal: "2.3 s".
std::string seconds(std::chrono::steady_clock::duration d);
double per_second(uint64_t count, std::chrono::steady_clock::duration d);

// A single status line on stderr, rewritten in place; silent when stderr is not a terminal.
class ProgressLine {
 public:
  ProgressLine();
  ~ProgressLine();
  void update(const std::string& text);
  void clear();
  bool active() const { return active_; }

 private:
  bool active_;
  size_t width_ = 0;
};

}  // namespace moivre::cli
