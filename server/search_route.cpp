// GET /search?q=TEXT[&limit=N][&type=IRI]: resources by name (query/name_search.hpp), as JSON
// {"results":[{"iri","label","types","score","match"}]}, best first. The page's type-ahead uses
// it as the user types: the last word may be the beginning of one.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "query/labels.hpp"
#include "query/name_search.hpp"
#include "server/service.hpp"

namespace moivre::server {

void Server::Impl::handle_search(const httplib::Request& req, httplib::Response& res) {
  std::string text = req.get_param_value("q");
  if (text.empty()) return error(res, 400, "say what to look for: /search?q=TEXT");
  if (too_long(text, res)) return;
  query::NameSearchOptions options;
  if (req.has_param("limit")) {
    std::string limit = req.get_param_value("limit");
    size_t value = 0;
    auto [end, ec] = std::from_chars(limit.data(), limit.data() + limit.size(), value);
    if (ec != std::errc() || end != limit.data() + limit.size() || value < 1 || value > 1000)
      return error(res, 400, "limit is the most results given: an integer from 1 to 1000");
    options.limit = value;
  }
  auto txn = store.read();
  if (req.has_param("type")) {
    auto type = txn.lookup(graph::Term::iri(req.get_param_value("type")));
    if (!type) {
      res.set_content("{\"results\":[]}\n", "application/json");
      return;
    }
    options.type = *type;
  }
  std::vector<query::NameMatch> found;
  try {
    found = query::search_names(txn, text, options);
  } catch (const std::invalid_argument& e) {
    return error(res, 400, e.what());
  }

  query::Labels labels(txn);
  auto shown = [&](graph::TermId id) {
    graph::Term t = txn.term(id);
    return t.is_blank() ? "_:" + t.value : t.value;
  };
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  json.StartObject();
  json.Key("results");
  json.StartArray();
  for (const auto& match : found) {
    json.StartObject();
    json.Key("iri");
    json.String(shown(match.resource).c_str());
    json.Key("label");
    json.String(labels.name(match.resource).c_str());
    json.Key("types");
    json.StartArray();
    for (graph::TermId type : labels.types(match.resource)) json.String(shown(type).c_str());
    json.EndArray();
    json.Key("score");
    json.Double(match.score);
    json.Key("match");
    json.String(txn.term(match.literal).value.c_str());
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
  res.set_content(std::string(buffer.GetString(), buffer.GetSize()) + "\n", "application/json");
}

void Server::Impl::handle_name(const std::string& name, httplib::Response& res) {
  auto txn = store.read();
  std::vector<query::NameMatch> found;
  try {
    query::NameSearchOptions options;
    options.limit = 1;
    found = query::search_names(txn, name, options);
  } catch (const std::invalid_argument& e) {
    return error(res, 400, "'" + name + "' is neither an IRI nor a name to look for");
  }
  if (found.empty()) return error(res, 404, "nothing in this store is named '" + name + "'");
  graph::Term t = txn.term(found.front().resource);
  // Set by hand: httplib's set_redirect would decode the IRI in the query string.
  res.status = 302;
  res.set_header("Location", "/resource?iri=" + httplib::detail::encode_query_param(
                                                    t.is_blank() ? "_:" + t.value : t.value));
}

}  // namespace moivre::server
