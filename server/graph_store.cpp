// The SPARQL 1.1 Graph Store HTTP Protocol. Indirect identification: ?graph=IRI or
// ?default names the graph; direct: /store/x is the graph <http://HOST/store/x>. POST to the
// store itself creates a new graph and answers its IRI as Location.
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

// The URL the request was made to, without its query: a directly identified graph's IRI.
std::string own_url(const httplib::Request& req) {
  return "http://" + req.get_header_value("Host") + req.path;
}

// A new graph's IRI for POST to the store itself: under the store's URL (so that it can be
// fetched there directly), unguessable.
std::string new_graph_iri(const httplib::Request& req) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  std::ostringstream id;
  id << std::hex << random() << random();
  return own_url(req) + "/" + id.str();
}

}  // namespace

void Server::Impl::handle_graph_store(const httplib::Request& req, httplib::Response& res) {
  if (req.method == "OPTIONS") {
    res.set_header("Allow", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept, Authorization");
    return;
  }
  bool direct = req.path.find('/', 1) != std::string::npos;
  bool is_default = !direct && req.has_param("default");
  std::string graph_iri = direct                   ? own_url(req)
                          : req.has_param("graph") ? req.get_param_value("graph")
                                                   : "";
  bool create = req.method == "POST" && !is_default && graph_iri.empty();
  if (!create && is_default == !graph_iri.empty())
    return error(res, 400, "name the graph with ?graph=IRI or ?default");
  if (req.method == "GET" || req.method == "HEAD") {
    auto type =
        req.has_param("format")
            ? std::optional<std::string>(media_type_for_format(req.get_param_value("format")))
            : negotiate(req.get_header_value("Accept"), kGraphTypes);
    bool jsonld = type && *type == kJsonLdMediaType;
    auto syntax = type ? graph::syntax_from_name(*type) : std::nullopt;
    if (!jsonld && (!syntax || !graph::syntax_writable(*syntax)))
      return not_acceptable(res, req, "a graph", kGraphTypes);
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
  // The RDF documents sent: the body, or each part of a multipart/form-data body.
  struct Document {
    std::string_view text;
    graph::RdfSyntax syntax;
    std::string name;
  };
  std::vector<Document> documents;
  if (req.method == "PUT" || req.method == "POST") {
    auto syntax_of = [](const std::string& type, const std::string& file) {
      auto syntax = graph::syntax_from_name(type.substr(0, type.find(';')));
      return syntax || file.empty() ? syntax : graph::syntax_from_path(file);
    };
    if (req.is_multipart_form_data()) {
      for (const auto& [field, part] : req.files) {
        auto syntax = syntax_of(part.content_type, part.filename);
        if (!syntax)
          return error(res, 415,
                       "the part '" + field + "' is not in an RDF syntax this server reads: its " +
                           "Content-Type is '" + part.content_type + "' and its file name '" +
                           part.filename + "'; give text/turtle, application/n-triples, " +
                           "application/n-quads, application/trig or application/rdf+xml, or a " +
                           "file name ending .ttl, .nt, .nq, .trig or .rdf");
        documents.push_back({part.content, *syntax, part.filename.empty() ? field : part.filename});
      }
    } else {
      auto syntax = syntax_of(req.get_header_value("Content-Type"), "");
      if (!syntax)
        return error(
            res, 415,
            "send RDF as text/turtle, application/n-triples, application/n-quads, "
            "application/trig or application/rdf+xml (or multipart/form-data of these), "
            "not as " +
                (req.has_header("Content-Type") ? "'" + req.get_header_value("Content-Type") + "'"
                                                : std::string("a body without Content-Type")));
      documents.push_back({req.body, *syntax, "request body"});
    }
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
    if (!documents.empty()) {
      graph::BulkLoader loader(txn);
      for (const auto& document : documents) {
        graph::ReadOptions read;
        read.syntax = document.syntax;
        read.base_iri = is_default ? "" : graph_iri;
        loader.add_string(document.text, document.name, read, graph_iri);
      }
      loader.finish();
    }
    txn.commit();
    if (create) {
      res.status = 201;
      res.set_header("Location", graph_iri);
      return;
    }
    res.status = (req.method == "PUT" || req.method == "POST") && !existed ? 201 : 204;
  } catch (const graph::SyntaxError& e) {
    return error(res, 400, std::string(e.what()) + "; nothing was changed");
  } catch (const graph::StoreError& e) {
    return store_error(res, e);
  }
}

}  // namespace moivre::server
