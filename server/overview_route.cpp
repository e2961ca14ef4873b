// GET /overview[?graphs=N&classes=N]: what the store holds (query/overview.hpp), as JSON
// {"quads", "graphs":[{"graph","quads"}], "graphsTotal", "classes":[{"iri","label","instances"}],
// "classesTotal"}; the default graph's "graph" is null. The first page shows it.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <optional>

#include "query/overview.hpp"
#include "server/service.hpp"

namespace moivre::server {

namespace {

// An optional count parameter from 0 to 1000; nullopt (after a 400) when malformed.
std::optional<size_t> count_param(const httplib::Request& req, const char* name, size_t fallback,
                                  httplib::Response& res) {
  if (!req.has_param(name)) return fallback;
  std::string text = req.get_param_value(name);
  size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > 1000) {
    error(res, 400, std::string(name) + " is how many to list: an integer from 0 to 1000");
    return std::nullopt;
  }
  return value;
}

}  // namespace

void Server::Impl::handle_overview(const httplib::Request& req, httplib::Response& res) {
  auto max_graphs = count_param(req, "graphs", 20, res);
  if (!max_graphs) return;
  auto max_classes = count_param(req, "classes", 20, res);
  if (!max_classes) return;
  auto txn = store.read();
  query::StoreOverview seen = query::overview(txn, *max_graphs, *max_classes);

  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  json.StartObject();
  json.Key("quads");
  json.Uint64(seen.quads);
  json.Key("graphs");
  json.StartArray();
  for (const auto& graph : seen.graphs) {
    json.StartObject();
    json.Key("graph");
    if (graph.iri.empty())
      json.Null();
    else
      json.String(graph.iri.c_str());
    json.Key("quads");
    json.Uint64(graph.quads);
    json.EndObject();
  }
  json.EndArray();
  json.Key("graphsTotal");
  json.Uint64(seen.graphs_total);
  json.Key("classes");
  json.StartArray();
  for (const auto& c : seen.classes) {
    json.StartObject();
    json.Key("iri");
    json.String(c.iri.c_str());
    json.Key("label");
    json.String(c.label.c_str());
    json.Key("instances");
    json.Uint64(c.instances);
    json.EndObject();
  }
  json.EndArray();
  json.Key("classesTotal");
  json.Uint64(seen.classes_total);
  json.EndObject();
  res.set_content(std::string(buffer.GetString(), buffer.GetSize()) + "\n", "application/json");
}

}  // namespace moivre::server
