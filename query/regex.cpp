#include "query/regex.hpp"

#include <re2/re2.h>

#include <memory>
#include <utility>
#include <vector>

namespace moivre::query {
namespace {

// Bounds what one compiled pattern may take (RE2's default is 8 MiB, too much per thread).
constexpr int64_t kMaxProgramBytes = 2 << 20;

// The x flag: whitespace outside character classes is not part of the pattern.
std::string strip_whitespace(const std::string& pattern) {
  std::string out;
  bool in_class = false, escaped = false;
  for (char c : pattern) {
    if (escaped) {
      out += c;
      escaped = false;
      continue;
    }
    if (c == '\\') escaped = true;
    if (c == '[') in_class = true;
    if (c == ']') in_class = false;
    if (!in_class && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) continue;
    out += c;
  }
  return out;
}

std::unique_ptr<RE2> compile(const std::string& pattern, const std::string& flags) {
  if (flags.find_first_not_of("smixq") != std::string::npos) return nullptr;
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(kMaxProgramBytes);
  options.set_case_sensitive(flags.find('i') == std::string::npos);
  options.set_dot_nl(flags.find('s') != std::string::npos);
  std::string source;
  if (flags.find('q') != std::string::npos) {
    source = RE2::QuoteMeta(pattern);
  } else {
    source = flags.find('x') != std::string::npos ? strip_whitespace(pattern) : pattern;
    // XPath's m: ^ and $ match at line ends too (RE2's one_line option applies to POSIX
    // syntax only, hence the inline flag).
    if (flags.find('m') != std::string::npos) source = "(?m)" + source;
  }
  auto re = std::make_unique<RE2>(source, options);
  if (!re->ok()) return nullptr;
  return re;
}

// Compiling costs far more than matching: a FILTER applies one pattern to every row, so the last
// few are kept per thread (invalid ones too, as null).
const RE2* cached(const std::string& pattern, const std::string& flags) {
  thread_local std::vector<std::pair<std::string, std::unique_ptr<RE2>>> cache;
  std::string key = flags + '\0' + pattern;
  for (const auto& [k, re] : cache)
    if (k == key) return re.get();
  if (cache.size() >= 16) cache.erase(cache.begin());
  cache.emplace_back(std::move(key), compile(pattern, flags));
  return cache.back().second.get();
}

// XPath's replacement syntax ($N, \$, \\) in RE2's (\N, $, \\).
std::optional<std::string> rewrite_string(const std::string& replacement, int groups) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c == '\\') {
      if (i + 1 >= replacement.size()) return std::nullopt;
      char next = replacement[++i];
      if (next == '\\')
        out += "\\\\";
      else if (next == '$')
        out += '$';
      else
        return std::nullopt;
    } else if (c == '$') {
      if (i + 1 >= replacement.size() || replacement[i + 1] < '0' || replacement[i + 1] > '9')
        return std::nullopt;
      int group = replacement[++i] - '0';
      // A reference past the last group is the empty string (XPath), not an error.
      if (group <= groups) {
        out += '\\';
        out += static_cast<char>('0' + group);
      }
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<bool> regex_search(std::string_view text, const std::string& pattern,
                                 const std::string& flags) {
  const RE2* re = cached(pattern, flags);
  if (!re) return std::nullopt;
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re);
}

std::optional<std::string> regex_replace(std::string_view text, const std::string& pattern,
                                         const std::string& replacement, const std::string& flags) {
  const RE2* re = cached(pattern, flags);
  if (!re) return std::nullopt;
  if (RE2::PartialMatch("", *re)) return std::nullopt;  // err:FORX0003
  auto rewrite = rewrite_string(replacement, re->NumberOfCapturingGroups());
  if (!rewrite) return std::nullopt;
  std::string out(text);
  RE2::GlobalReplace(&out, *re, *rewrite);
  return out;
}

}  // namespace moivre::query
