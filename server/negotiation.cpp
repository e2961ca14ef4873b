#include "server/negotiation.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace moivre::server {
namespace {

struct Range {
  std::string type;  // e.g. "application/json", "text/*", "*/*"
  double q = 1.0;
};

std::string trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  std::string out(s.substr(a, b - a));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::vector<Range> parse_accept(std::string_view accept) {
  std::vector<Range> out;
  size_t start = 0;
  while (start <= accept.size()) {
    size_t comma = accept.find(',', start);
    std::string_view item = accept.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    Range r;
    size_t semi = item.find(';');
    r.type = trim(item.substr(0, semi));
    while (semi != std::string_view::npos) {
      size_t next = item.find(';', semi + 1);
      std::string param = trim(item.substr(
          semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
      if (param.rfind("q=", 0) == 0) r.q = std::atof(param.c_str() + 2);
      semi = next;
    }
    if (!r.type.empty()) out.push_back(r);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// How well a range matches a type: 3 exact, 2 "major/*", 1 "*/*", 0 not at all.
int specificity(const std::string& range, const std::string& type) {
  if (range == type) return 3;
  if (range == "*/*" || range == "*") return 1;
  if (range.size() > 2 && range.compare(range.size() - 2, 2, "/*") == 0 &&
      type.compare(0, range.size() - 1, range, 0, range.size() - 1) == 0)
    return 2;
  return 0;
}

}  // namespace

std::optional<std::string> negotiate(std::string_view accept,
                                     const std::vector<std::string>& offered) {
  if (offered.empty()) return std::nullopt;
  auto ranges = parse_accept(accept);
  if (ranges.empty()) return offered.front();
  std::optional<std::string> best;
  double best_q = 0;
  for (const auto& type : offered) {
    // The q of the most specific range that matches this type.
    int most = 0;
    double q = 0;
    for (const auto& r : ranges) {
      int s = specificity(r.type, type);
      if (s > most) most = s, q = r.q;
    }
    if (most > 0 && q > best_q) best = type, best_q = q;
  }
  return best;
}

}  // namespace moivre::server
