// The server's routes, in one table: method, path, who may call it, handler. The constructor
// registers them in this order with cpp-httplib (the first match answers, so the namespace's
// catch-all comes last), and the read-token check asks the same table whether a path is open.
//
// Who may call a route: Anyone (the page's own files, /health), or Readers (everything that
// gives data: with a read token configured, only requests carrying it or the write token).
// Writes are checked by their handlers (a route like /store serves reads and writes).
#include <regex>

#include "server/service.hpp"

namespace moivre::server {

auto Server::Impl::routes() -> std::vector<Route> {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  const std::vector<std::string> store_methods = {"GET", "PUT", "POST", "DELETE", "OPTIONS"};
  std::vector<Route> table = {
      {{"OPTIONS"},
       "/sparql",
       Access::Anyone,
       [](Impl&, Req, Res res) {
         res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
         res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization");
         res.set_header("Allow", "GET, POST, OPTIONS");
       }},
      {{"GET", "POST"},
       "/sparql",
       Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_query(req, res); }},
      // Indirect identification (?graph=IRI, ?default) at /store and /data; direct
      // identification below them: /store/x names the graph <http://HOST/store/x>.
      {store_methods, "/store", Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_graph_store(req, res); }},
      {store_methods, "/data", Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_graph_store(req, res); }},
      {store_methods, "/store/.+", Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_graph_store(req, res); }},
      {store_methods, "/data/.+", Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_graph_store(req, res); }},
      {{"GET"},
       "/metrics",
       Access::Readers,
       [](Impl& s, Req, Res res) { res.set_content(s.metrics(), "text/plain; version=0.0.4"); }},
      {{"GET"},
       "/health",
       Access::Anyone,
       [](Impl&, Req, Res res) { res.set_content("{\"status\":\"ok\"}\n", "application/json"); }},
      {{"GET"},
       "/resource",
       Access::Readers,
       [](Impl& s, Req req, Res res) {
         if (!req.has_param("iri")) return error(res, 400, "name the resource with ?iri=IRI");
         std::string iri = req.get_param_value("iri");
         // A name rather than an IRI (the page's box without its script): the best match.
         if (iri.find(':') == std::string::npos) return s.handle_name(iri, res);
         s.handle_resource(iri, req, res);
       }},
      {{"GET"},
       "/paths",
       Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_paths(req, res); }},
      {{"GET"},
       "/search",
       Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_search(req, res); }},
      {{"GET"},
       "/overview",
       Access::Readers,
       [](Impl& s, Req req, Res res) { s.handle_overview(req, res); }},
      {{"GET"},
       "/",
       Access::Anyone,
       [](Impl& s, Req, Res res) { s.handle_page("index.html", res); }},
      {{"GET"},
       "/connections",
       Access::Anyone,
       [](Impl& s, Req, Res res) { s.handle_page("connections.html", res); }},
      {{"GET"}, "/examples", Access::Anyone, [](Impl& s, Req, Res res) { s.handle_examples(res); }},
  };
  // Last, as it matches every path: the IRIs of our own namespace, looked up at their path.
  if (!options.namespace_iri.empty())
    table.push_back({{"GET"}, "/(.+)", Access::Readers, [](Impl& s, Req req, Res res) {
                       s.handle_resource(s.options.namespace_iri + req.path.substr(1), req, res);
                     }});
  return table;
}

void Server::Impl::add_routes(std::vector<Route> table) {
  for (auto& route : table) {
    route.regex = std::regex(route.pattern);
    auto handler = [this, h = route.handler](const httplib::Request& req, httplib::Response& res) {
      h(*this, req, res);
    };
    for (const auto& method : route.methods) {
      if (method == "GET")
        http.Get(route.pattern, handler);
      else if (method == "POST")
        http.Post(route.pattern, handler);
      else if (method == "PUT")
        http.Put(route.pattern, handler);
      else if (method == "DELETE")
        http.Delete(route.pattern, handler);
      else if (method == "OPTIONS")
        http.Options(route.pattern, handler);
    }
  }
  routes_ = std::move(table);
}

// The page's own files hold no data: they stay open when reads need a token. So do the routes
// the table opens to anyone.
bool Server::Impl::public_path(const std::string& method, const std::string& path) const {
  if (path.rfind("/lib/", 0) == 0 || path.rfind("/static/", 0) == 0) return true;
  for (const auto& route : routes_) {
    if (std::find(route.methods.begin(), route.methods.end(), method) == route.methods.end())
      continue;
    if (std::regex_match(path, route.regex)) return route.access == Access::Anyone;
  }
  return false;
}

}  // namespace moivre::server
