// moivre-bench-search: the name search's speed at the size of the ROR registry.
//
// Builds a synthetic ROR v2 dump of --records organisations (default 110,000, about the full
// registry) from the real records of the sample release (every real record, then variants of
// them: another id, one word of the name swapped for a word of another real name), imports it
// with `moivre import ror`'s importer, rebuilds the text index to time its build, and asks a
// real server GET /search for the names of random organisations (whole names, limit 10) and for
// what a user types first (a first word and the beginning of the next, limit 8). Prints a table.
//
//   moivre-bench-search [--records N] [--queries N] [--samples ../shared/registries]
#include <httplib.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "bench/command_line.hpp"
#include "graph/graph.hpp"
#include "registry/registry.hpp"
#include "registry/source_file.hpp"
#include "server/server.hpp"

using namespace moivre;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::vector<std::string> split_words(const std::string& name) {
  std::vector<std::string> out;
  std::istringstream in(name);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

// The display name of a ROR v2 record.
std::string display_name(const rapidjson::Value& record) {
  for (const auto& name : record["names"].GetArray())
    for (const auto& type : name["types"].GetArray())
      if (std::string_view(type.GetString()) == "ror_display") return name["value"].GetString();
  return {};
}

struct Timing {
  std::vector<double> millis;
  void add(double ms) { millis.push_back(ms); }
  double at(double p) {
    std::sort(millis.begin(), millis.end());
    return millis[std::min(millis.size() - 1, static_cast<size_t>(p * millis.size()))];
  }
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Name search at the size of the ROR registry: build, size and query time."};
  size_t records = 110000, queries = 1000;
  std::string samples = "../shared/registries";
  app.add_option("--records", records, "Organisations in the synthetic dump (default 110,000)");
  app.add_option("--queries", queries, "Searches of each kind (default 1,000)");
  app.add_option("--samples", samples, "The registry samples folder")->capture_default_str();
  if (int code = bench::parse_command_line(app, argc, argv); code >= 0) return code;

  // The real records.
  std::string text;
  {
    registry::SourceFile source(
        (fs::path(samples) / "ror/v2/ror-records-v2.9-release_schema_v2.zip").string(), ".json");
    char buffer[1 << 16];
    for (size_t n; (n = source.read(buffer, sizeof buffer)) > 0;) text.append(buffer, n);
  }
  rapidjson::Document real;
  real.Parse(text.c_str());
  if (real.HasParseError() || !real.IsArray() || real.Empty()) {
    std::fprintf(stderr, "cannot read the sample ROR release\n");
    return 1;
  }
  std::vector<std::string> vocabulary;
  for (const auto& r : real.GetArray())
    for (auto& w : split_words(display_name(r))) vocabulary.push_back(w);

  // The synthetic dump: the real records, then variants.
  fs::path dir = fs::temp_directory_path() / ("moivre-bench-search-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path dump = dir / "ror-synthetic.json";
  std::mt19937_64 random(1);
  std::vector<std::string> names;
  {
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> json(out);
    json.StartArray();
    rapidjson::Document copy;
    for (size_t k = 0; k < records; ++k) {
      const auto& original = real[static_cast<rapidjson::SizeType>(k % real.Size())];
      copy.CopyFrom(original, copy.GetAllocator());
      std::string name = display_name(original);
      if (k >= real.Size()) {
        char id[32];
        std::snprintf(id, sizeof id, "https://ror.org/9%08zu", k);
        copy["id"].SetString(id, copy.GetAllocator());
        auto words = split_words(name);
        if (!words.empty())
          words[random() % words.size()] = vocabulary[random() % vocabulary.size()];
        name = join_words(words);
        for (auto& n : copy["names"].GetArray())
          for (const auto& type : n["types"].GetArray())
            if (std::string_view(type.GetString()) == "ror_display" ||
                std::string_view(type.GetString()) == "label")
              n["value"].SetString(name.c_str(), copy.GetAllocator());
        copy.RemoveMember("relationships");
      }
      names.push_back(name);
      copy.Accept(json);
    }
    json.EndArray();
    std::ofstream(dump) << out.GetString();
  }

  graph::Store store(dir / "db");
  auto start = Clock::now();
  auto summary = registry::import_ror(store, {dump.string()});
  double import_seconds = seconds_since(start);
  double rebuild_seconds = 0;
  uint64_t literals = 0;
  {
    auto txn = store.write();
    start = Clock::now();
    literals = txn.rebuild_text_index();
    txn.commit();
    rebuild_seconds = seconds_since(start);
  }
  auto stats = store.read().stats();

  server::ServerOptions options;
  options.port = 0;
  options.access_log = false;
  server::Server server(store, options);
  int port = server.bind();
  std::thread serving([&] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  Timing whole, typed;
  size_t found_first = 0, failed = 0;
  for (size_t i = 0; i < queries; ++i) {
    const std::string& name = names[random() % names.size()];
    auto words = split_words(name);
    std::string prefix = words.size() > 1 ? words[0] + " " + words[1].substr(0, 3)
                         : words.empty()  ? "a"
                                          : words[0].substr(0, 3);
    for (auto [q, limit, timing] : {std::tuple{name, 10, &whole}, std::tuple{prefix, 8, &typed}}) {
      auto begin = Clock::now();
      auto res = client.Get(("/search?limit=" + std::to_string(limit) +
                             "&q=" + httplib::detail::encode_query_param(q))
                                .c_str());
      timing->add(seconds_since(begin) * 1000);
      if (!res || res->status != 200) {
        ++failed;
        continue;
      }
      if (timing == &whole && res->body.find("\"results\":[{") != std::string::npos) ++found_first;
    }
  }
  server.stop();
  serving.join();
  fs::remove_all(dir);

  std::printf(
      "| organisations | quads | import s | index build s | literals | index MB | store MB |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  std::printf("| %zu | %llu | %.1f | %.2f | %llu | %.1f | %.1f |\n\n", records,
              static_cast<unsigned long long>(summary.quads), import_seconds, rebuild_seconds,
              static_cast<unsigned long long>(literals), stats.text.bytes / 1048576.0,
              stats.file_bytes / 1048576.0);
  std::printf("| GET /search | queries | answered | p50 ms | p90 ms | p99 ms | max ms |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  std::printf("| whole name, limit 10 | %zu | %zu | %.2f | %.2f | %.2f | %.2f |\n", queries,
              found_first, whole.at(0.5), whole.at(0.9), whole.at(0.99), whole.at(1.0));
  std::printf("| type-ahead, limit 8 | %zu | - | %.2f | %.2f | %.2f | %.2f |\n", queries,
              typed.at(0.5), typed.at(0.9), typed.at(0.99), typed.at(1.0));
  return failed == 0 ? 0 : 1;
}
