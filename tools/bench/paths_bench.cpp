// moivre-bench-paths: the relationship finder's speed. Picks random pairs of resources joined
// within --max links (random walks over the store's links), asks a real server for GET /paths
// between each, and prints the time per request as a table (p50, p90, p99, max).
//
//   moivre-bench-paths --db STORE [--pairs 100] [--max 4] [--seed 1]
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "bench/command_line.hpp"
#include "graph/graph.hpp"
#include "query/labels.hpp"
#include "server/server.hpp"

using namespace moivre;
using graph::TermId;

namespace {

bool is_resource(TermId id) {
  auto kind = graph::id_kind(id);
  return kind == graph::TermKind::Iri || kind == graph::TermKind::Blank;
}

// The resources one link away from `node`, either way, rdf:type aside.
std::vector<TermId> neighbours(const graph::ReadTransaction& txn, TermId node,
                               std::optional<TermId> type) {
  std::vector<TermId> out;
  graph::Quad q;
  for (bool outgoing : {true, false}) {
    graph::QuadPattern pattern;
    pattern.ids[outgoing ? graph::S : graph::O] = node;
    for (auto scan = txn.scan(pattern); scan.next(q);) {
      TermId other = outgoing ? q.o() : q.s();
      if (is_resource(other) && q.p() != type) out.push_back(other);
    }
  }
  return out;
}

std::string shown(const graph::ReadTransaction& txn, TermId id) {
  auto t = txn.term(id);
  return t.is_blank() ? "_:" + t.value : t.value;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Times GET /paths between random pairs of resources a few links apart."};
  std::string db;
  int pairs = 100, max = 4;
  unsigned seed = 1;
  app.add_option("--db", db, "Store directory")->required();
  app.add_option("--pairs", pairs, "Pairs asked (default 100)");
  app.add_option("--max", max, "Links between the two ends at most (default 4)");
  app.add_option("--seed", seed, "Seed of the random walks (default 1)");
  if (int code = bench::parse_command_line(app, argc, argv); code >= 0) return code;

  graph::StoreOptions store_options;
  store_options.read_only = true;
  graph::Store store(db, store_options);
  std::vector<std::pair<std::string, std::string>> ends;
  {
    auto txn = store.read();
    auto type = txn.lookup(graph::Term::iri(query::kRdfType));
    std::vector<TermId> subjects;
    graph::Quad q;
    for (auto scan = txn.scan(graph::QuadPattern{}, graph::Permutation::SPOG); scan.next(q);)
      if (subjects.empty() || subjects.back() != q.s()) subjects.push_back(q.s());
    if (subjects.empty()) {
      std::fprintf(stderr, "the store is empty\n");
      return 1;
    }
    std::mt19937_64 random(seed);
    while (static_cast<int>(ends.size()) < pairs) {
      TermId start = subjects[random() % subjects.size()], node = start;
      int steps = 1 + static_cast<int>(random() % max);
      for (int i = 0; i < steps; ++i) {
        auto next = neighbours(txn, node, type);
        if (next.empty()) break;
        node = next[random() % next.size()];
      }
      if (node != start) ends.emplace_back(shown(txn, start), shown(txn, node));
    }
  }

  server::ServerOptions options;
  options.port = 0;
  options.access_log = false;
  server::Server server(store, options);
  int port = server.bind();
  std::thread serving([&] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(60, 0);
  std::vector<double> millis;
  int found = 0, failed = 0;
  for (const auto& [from, to] : ends) {
    auto begin = std::chrono::steady_clock::now();
    auto res = client.Get(("/paths?from=" + httplib::detail::encode_query_param(from) + "&to=" +
                           httplib::detail::encode_query_param(to) + "&max=" + std::to_string(max))
                              .c_str());
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin)
            .count());
    if (!res || res->status != 200)
      ++failed;
    else if (res->body.rfind("{\"paths\":[]", 0) != 0)
      ++found;
  }
  server.stop();
  serving.join();

  std::sort(millis.begin(), millis.end());
  auto at = [&](double p) {
    return millis[std::min(millis.size() - 1, static_cast<size_t>(p * millis.size()))];
  };
  std::printf("| pairs | connected | failed | p50 ms | p90 ms | p99 ms | max ms |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  std::printf("| %zu | %d | %d | %.1f | %.1f | %.1f | %.1f |\n", millis.size(), found, failed,
              at(0.5), at(0.9), at(0.99), millis.back());
  return failed == 0 ? 0 : 1;
}
