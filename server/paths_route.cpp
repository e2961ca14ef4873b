// GET /paths?from=IRI&to=IRI[&max=N][&limit=K]: the shortest connections between two resources
// (query/connections.hpp), as JSON for the page and for scripts.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <set>

#include "query/connections.hpp"
#include "query/labels.hpp"
#include "server/service.hpp"

namespace moivre::server {
namespace {

using graph::Term;
using graph::TermId;

// An integer parameter within [low, high], or `fallback` when absent; nullopt when malformed or
// out of range.
std::optional<int> int_param(const httplib::Request& req, const char* name, int fallback, int low,
                             int high) {
  if (!req.has_param(name)) return fallback;
  std::string text = req.get_param_value(name);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high)
    return std::nullopt;
  return value;
}

}  // namespace

void Server::Impl::handle_paths(const httplib::Request& req, httplib::Response& res) {
  for (const char* end : {"from", "to"})
    if (!req.has_param(end) || req.get_param_value(end).empty())
      return error(res, 400,
                   std::string("name both ends: /paths?from=IRI&to=IRI (") + end + " is missing)");
  query::ConnectionOptions options;
  auto max = int_param(req, "max", 4, 1, 6);
  if (!max) return error(res, 400, "max is the longest path, in links: an integer from 1 to 6");
  auto limit = int_param(req, "limit", 10, 1, 1000);
  if (!limit) return error(res, 400, "limit is the most paths given: an integer from 1 to 1000");
  options.max_length = *max;
  options.max_paths = static_cast<size_t>(*limit);
  options.execution.deadline =
      std::chrono::steady_clock::now() +
      std::chrono::milliseconds(static_cast<long>(this->options.query_timeout_seconds * 1000));

  auto txn = store.read();
  std::array<TermId, 2> ends{};
  for (int i = 0; i < 2; ++i) {
    std::string text = req.get_param_value(i == 0 ? "from" : "to");
    auto id = txn.lookup(Term::from_node_name(text));
    if (!id) return error(res, 404, "nothing is known about <" + text + "> in this store");
    ends[i] = *id;
  }
  if (ends[0] == ends[1]) return error(res, 400, "from and to are the same resource");

  query::ConnectionResult found;
  try {
    found = query::find_connections(txn, ends[0], ends[1], options);
  } catch (const query::QueryTimeout& e) {
    ++timeouts;
    return error(res, 503, std::string(e.what()) + "; try a smaller max");
  }

  query::Labels labels(txn);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  std::set<TermId> named;
  json.StartObject();
  json.Key("paths");
  json.StartArray();
  for (const auto& path : found.paths) {
    json.StartObject();
    json.Key("length");
    json.Uint(static_cast<unsigned>(path.size()));
    json.Key("steps");
    json.StartArray();
    for (const auto& step : path) {
      json.StartObject();
      for (auto [key, id] : {std::pair{"from", step.from}, std::pair{"predicate", step.predicate},
                             std::pair{"to", step.to}}) {
        json.Key(key);
        json.String(txn.term(id).node_name().c_str());
        named.insert(id);
      }
      json.Key("forward");
      json.Bool(step.forward);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  // Every node and predicate of the paths, named for people.
  json.Key("labels");
  json.StartObject();
  for (TermId id : named) {
    json.Key(txn.term(id).node_name().c_str());
    json.String(labels.name(id).c_str());
  }
  json.EndObject();
  json.Key("searched");
  json.Uint64(found.visited);
  if (found.gave_up) {
    json.Key("incomplete");
    json.Bool(true);
  }
  json.EndObject();
  res.set_content(std::string(buffer.GetString(), buffer.GetSize()) + "\n", "application/json");
}

}  // namespace moivre::server
