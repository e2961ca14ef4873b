#include "moivre/console.hpp"

#include <unistd.h>

#include <cstdio>

namespace moivre::cli {

std::string with_separators(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string human_bytes(uint64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) value /= 1024, ++unit;
  char buf[32];
  std::snprintf(buf, sizeof buf, unit ? "%.1f %s" : "%.0f %s", value, units[unit]);
  return buf;
}

std::string seconds(std::chrono::steady_clock::duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", std::chrono::duration<double>(d).count());
  return buf;
}

double per_second(uint64_t count, std::chrono::steady_clock::duration d) {
  double s = std::chrono::duration<double>(d).count();
  return s > 0 ? count / s : 0;
}

ProgressLine::ProgressLine() : active_(isatty(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::update(const std::string& text) {
  if (!active_) return;
  std::fprintf(stderr, "\r%s", text.c_str());
  if (text.size() < width_) std::fprintf(stderr, "%*s", static_cast<int>(width_ - text.size()), "");
  width_ = text.size();
  std::fflush(stderr);
}

void ProgressLine::clear() {
  if (!active_ || !width_) return;
  std::fprintf(stderr, "\r%*s\r", static_cast<int>(width_), "");
  std::fflush(stderr);
  width_ = 0;
}

}  // namespace moivre::cli
