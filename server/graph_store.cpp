// The SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification): ?graph=IRI or
// ?default names the graph; POST without either creates a new graph and answers its Location.
#include <random>
#include <sstream>

#include "graph/bulk_loader.hpp"
#include "graph/error.hpp"
#include "graph/rdf_writer.hpp"
#include "server/jsonld.hpp"
#include "server/negotiation.hpp"
#include "server/service.hpp"

namespace moivre::server {
namespace {

// A new graph's IRI for POST to the store itself: under the request's own URL, unguessable.
std::string new_graph_iri(const httplib::Request& req) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::ostringstream id;
  id << std::hex << random() << random();
  return "http://" + req.get_header_value("Host") + req.path + "/" + id.str();
}

}  // namespace

void Server::Impl::handle_graph_store(const httplib::Request& req, httplib::Response& res) {
  if (req.method == "OPTIONS") {
    res.set_header("Allow", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization");
    return;
  }
  bool is_default = req.has_param("default");
  std::string graph_iri = req.has_param("graph") ? req.get_param_value("graph") : "";
  bool create = req.method == "POST" && !is_default && graph_iri.empty();
  if (!create && is_default == !graph_iri.empty())
    return error(res, 400, "name the graph with ?graph=IRI or ?default");
  if (req.method == "GET" || req.method == "HEAD") {
    auto type =
        req.has_param("format")
            ? std::optional<std::string>(media_type_for_format(req.get_param_value("format")))
            : negotiate(req.get_header_value("Accept"), kGraphTypes);
    bool jsonld = type && *type == "application/ld+json";
    auto syntax = type ? graph::syntax_from_name(*type) : std::nullopt;
    if (!jsonld && (!syntax || !graph::syntax_writable(*syntax)))
      return error(res, 406,
                   "a graph can be given as text/turtle, application/n-triples, "
                   "application/n-quads, application/trig or application/ld+json");
    auto txn = store.read();
    graph::TermId g = graph::kDefaultGraph;
    if (!is_default) {
      auto id = txn.lookup(graph::Term::iri(graph_iri));
      if (!id) return error(res, 404, "no graph <" + graph_iri + "> in this store");
      g = *id;
    }
    graph::QuadPattern pattern;
    pattern.ids[graph::G] = g;
    std::ostringstream out;
    graph::Term graph_term = is_default ? graph::Term{} : graph::Term::iri(graph_iri);
    graph::Quad q;
    size_t n = 0;
    if (jsonld) {
      std::vector<TermTriple> triples;
      for (auto scan = txn.scan(pattern, graph::Permutation::GSPO); scan.next(q); ++n)
        triples.push_back({txn.term(q.s()), txn.term(q.p()), txn.term(q.o())});
      write_jsonld(triples, out);
    } else {
      graph::RdfWriter writer(out, *syntax, graph::common_prefixes());
      for (auto scan = txn.scan(pattern, graph::Permutation::GSPO); scan.next(q); ++n)
        writer.write(txn.term(q.s()), txn.term(q.p()), txn.term(q.o()),
                     is_default ? nullptr : &graph_term);
      writer.finish();
    }
    if (!is_default && n == 0) return error(res, 404, "no graph <" + graph_iri + "> in this store");
    std::string content_type = *type;
    if (content_type.rfind("text/", 0) == 0) content_type += "; charset=utf-8";
    res.set_content(out.str(), content_type);
    return;
  }
  if (!authorised(req, res)) return;
  if (req.method == "PUT" || req.method == "POST") {
    std::string type = req.get_header_value("Content-Type");
    if (!graph::syntax_from_name(type.substr(0, type.find(';'))))
      return error(res, 415,
                   "send RDF as text/turtle, application/n-triples, application/n-quads, "
                   "application/trig or application/rdf+xml");
  }
  if (create) graph_iri = new_graph_iri(req);
  try {
    auto txn = store.write();
    graph::TermId g = graph::kDefaultGraph;
    if (!is_default) g = txn.intern(graph::Term::iri(graph_iri));
    graph::QuadPattern pattern;
    pattern.ids[graph::G] = g;
    bool existed = txn.count(pattern, 1) > 0;
    if (req.method == "DELETE" || req.method == "PUT") {
      if (req.method == "DELETE" && !existed && !is_default)
        return error(res, 404, "no graph <" + graph_iri + "> in this store");
      std::vector<graph::Quad> quads;
      graph::Quad q;
      for (auto scan = txn.scan(pattern); scan.next(q);) quads.push_back(q);
      for (const auto& quad : quads) txn.remove(quad);
    }
    if (req.method == "PUT" || req.method == "POST") {
      std::string type = req.get_header_value("Content-Type");
      graph::BulkLoader loader(txn);
      graph::ReadOptions read;
      read.syntax = *graph::syntax_from_name(type.substr(0, type.find(';')));
      read.base_iri = is_default ? "" : graph_iri;
      loader.add_string(req.body, "request body", read, graph_iri);
      loader.finish();
    }
    txn.commit();
    if (create) {
      res.status = 201;
      res.set_header("Location",
                     req.path + "?graph=" + httplib::detail::encode_query_param(graph_iri));
      return;
    }
    res.status = (req.method == "PUT" || req.method == "POST") && !existed ? 201 : 204;
  } catch (const graph::SyntaxError& e) {
    return error(res, 400, std::string(e.what()) + "; nothing was changed");
  }
}

}  // namespace moivre::server
