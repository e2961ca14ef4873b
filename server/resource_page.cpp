// /resource?iri=…: one resource for people (HTML: labels, types, links out and in, each link
// browsable) or, when the Accept header or `format` asks for RDF, its description (DESCRIBE).
#include <map>
#include <set>
#include <sstream>

#include "graph/rdf_writer.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/labels.hpp"
#include "query/parser.hpp"
#include "server/jsonld.hpp"
#include "server/negotiation.hpp"
#include "server/service.hpp"

namespace moivre::server {
namespace {

using graph::Term;
using graph::TermId;

constexpr size_t kMaxLinks = 1000;  // per direction; more are counted, not listed

std::string html(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string resource_href(const Term& t) {
  return "/resource?iri=" + httplib::detail::encode_query_param(t.node_name());
}

// Reads what the page shows about one resource from a snapshot.
class ResourceView {
 public:
  ResourceView(const graph::ReadTransaction& txn, const graph::Prefixes& prefixes)
      : txn_(txn), prefixes_(prefixes), labels_(txn) {}

  std::optional<Term> label(TermId id) { return labels_.label(id); }

  // A compact name for an IRI: prefix:local when a known prefix fits.
  std::string compact(const std::string& iri) const {
    for (const auto& [name, ns] : prefixes_)
      if (iri.size() > ns.size() && iri.compare(0, ns.size(), ns) == 0) {
        std::string local = iri.substr(ns.size());
        if (local.find_first_of("/#?") == std::string::npos) return name + ":" + local;
      }
    return iri;
  }

  // A term as HTML: resources as links named by their label, literals with language/datatype.
  std::string term_html(TermId id, const Term& t) {
    if (t.is_literal()) {
      std::string out = "<span class=\"literal\">" + html(t.value) + "</span>";
      if (t.kind == graph::TermKind::LangLiteral)
        out += "<span class=\"lang\">@" + html(t.qualifier) + "</span>";
      else if (t.kind == graph::TermKind::TypedLiteral)
        out += "<span class=\"datatype\">" + html(compact(t.qualifier)) + "</span>";
      return out;
    }
    std::string shown = t.is_blank() ? "_:" + t.value : compact(t.value);
    auto l = label(id);
    std::string text = l ? html(l->value) : html(shown);
    return "<a href=\"" + html(resource_href(t)) + "\" title=\"" +
           html(t.is_blank() ? shown : t.value) + "\">" + text + "</a>";
  }

  std::string predicate_html(const Term& p) {
    return "<a class=\"predicate\" href=\"" + html(resource_href(p)) + "\" title=\"" +
           html(p.value) + "\">" + html(compact(p.value)) + "</a>";
  }

  const graph::ReadTransaction& txn() const { return txn_; }
  std::optional<TermId> type_id() const { return labels_.type_predicate(); }

 private:
  const graph::ReadTransaction& txn_;
  const graph::Prefixes& prefixes_;
  query::Labels labels_;
};

std::string page(const std::string& title, const std::string& body) {
  return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<title>" +
         html(title) +
         " · Moivre</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" "
         "href=\"/static/moivre.css\"></head>\n"
         "<body><header><a class=\"brand\" href=\"/\">Moivre</a>"
         "<form class=\"find\" action=\"/resource\" method=\"get\"><input name=\"iri\" "
         "size=\"50\" autocomplete=\"off\" placeholder=\"A name or an IRI\" "
         "aria-label=\"A name or an IRI\"><button>Show</button></form>"
         "<a href=\"/connections\">Connections</a></header>\n<main>" +
         body + "</main><script src=\"/static/search-box.js\"></script></body></html>\n";
}

}  // namespace

void Server::Impl::handle_resource(const std::string& iri, const httplib::Request& req,
                                   httplib::Response& res) {
  std::vector<std::string> offered = {"text/html"};
  offered.insert(offered.end(), kGraphTypes.begin(), kGraphTypes.end());
  std::optional<std::string> type =
      req.has_param("format") ? std::optional(media_type_for_format(req.get_param_value("format")))
                              : negotiate(req.get_header_value("Accept"), offered);
  if (!type || std::find(offered.begin(), offered.end(), *type) == offered.end())
    return not_acceptable(res, req, "a resource", offered);
  res.set_header("Vary", "Accept");
  Term term = Term::from_node_name(iri);

  auto txn = store.read();
  auto id = txn.lookup(term);
  graph::Quad q;
  bool known = false;
  if (id) {
    graph::QuadPattern out_pattern, in_pattern;
    out_pattern.ids[graph::S] = *id;
    in_pattern.ids[graph::O] = *id;
    known = txn.count(out_pattern, 1) + txn.count(in_pattern, 1) > 0;
  }
  if (*type != "text/html") {
    if (!known || term.is_blank())
      return error(res, 404, "nothing is known about <" + iri + "> in this store");
    std::string text = "DESCRIBE <" + iri + ">";
    query::algebra::Query algebra;
    try {
      algebra = query::algebra::translate(query::parse_query(text), text);
    } catch (const query::QuerySyntaxError& e) {
      return error(res, 400, "<" + iri + "> is not an IRI that can be described: " + e.what());
    }
    query::Execution execution(txn, algebra);
    std::ostringstream out;
    Term s, p, o;
    if (*type == kJsonLdMediaType) {
      std::vector<TermTriple> triples;
      while (execution.next_triple(s, p, o)) triples.push_back({s, p, o});
      write_jsonld(triples, out);
    } else {
      graph::RdfWriter writer(out, *graph::syntax_from_name(*type), graph::common_prefixes());
      while (execution.next_triple(s, p, o)) writer.write(s, p, o);
      writer.finish();
    }
    std::string content_type = *type;
    if (content_type.rfind("text/", 0) == 0) content_type += "; charset=utf-8";
    res.set_content(out.str(), content_type);
    return;
  }

  graph::Prefixes prefixes = graph::common_prefixes();
  if (!options.namespace_iri.empty()) prefixes.emplace_back("mv", options.namespace_iri + "vocab#");
  ResourceView view(txn, prefixes);
  std::string shown = term.is_blank() ? iri : view.compact(iri);
  if (!known) {
    res.status = 404;
    res.set_content(page(shown, "<h1>Not found</h1><p>Nothing is known about <code>" + html(iri) +
                                    "</code> in this store.</p>"),
                    "text/html; charset=utf-8");
    return;
  }
  auto label = view.label(*id);
  std::ostringstream body;
  body << "<h1>" << html(label ? label->value : shown) << "</h1>\n<p class=\"iri\"><code>"
       << html(iri) << "</code></p>\n";

  // Outgoing: (predicate, object) over every graph, each distinct pair once.
  std::vector<std::pair<TermId, TermId>> out_links, types;
  {
    std::set<std::pair<TermId, TermId>> seen;
    graph::QuadPattern pattern;
    pattern.ids[graph::S] = *id;
    size_t total = 0;
    for (auto scan = txn.scan(pattern, graph::Permutation::SPOG); scan.next(q);) {
      if (!seen.insert({q.p(), q.o()}).second) continue;
      if (view.type_id() && q.p() == *view.type_id()) types.push_back({q.p(), q.o()});
      if (++total <= kMaxLinks) out_links.push_back({q.p(), q.o()});
    }
    if (!types.empty()) {
      body << "<p class=\"types\">";
      for (const auto& [p, o] : types) body << view.term_html(o, txn.term(o)) << " ";
      body << "</p>\n";
    }
    body << "<section><h2>Properties</h2>\n<table class=\"links outgoing\">\n";
    for (const auto& [p, o] : out_links)
      body << "<tr><th>" << view.predicate_html(txn.term(p)) << "</th><td>"
           << view.term_html(o, txn.term(o)) << "</td></tr>\n";
    body << "</table>\n";
    if (total > kMaxLinks)
      body << "<p class=\"more\">… and " << total - kMaxLinks << " more.</p>\n";
    body << "</section>\n";
  }
  // Incoming: (subject, predicate).
  {
    std::set<std::pair<TermId, TermId>> seen;
    graph::QuadPattern pattern;
    pattern.ids[graph::O] = *id;
    size_t total = 0;
    std::ostringstream rows;
    for (auto scan = txn.scan(pattern, graph::Permutation::OSPG); scan.next(q);) {
      if (!seen.insert({q.s(), q.p()}).second) continue;
      if (++total > kMaxLinks) continue;
      rows << "<tr><td>" << view.term_html(q.s(), txn.term(q.s())) << "</td><th>"
           << view.predicate_html(txn.term(q.p())) << "</th></tr>\n";
    }
    if (total > 0) {
      body << "<section><h2>Referenced by</h2>\n<table class=\"links incoming\">\n"
           << rows.str() << "</table>\n";
      if (total > kMaxLinks)
        body << "<p class=\"more\">… and " << total - kMaxLinks << " more.</p>\n";
      body << "</section>\n";
    }
  }
  if (!term.is_blank()) {
    std::string self = "/resource?iri=" + httplib::detail::encode_query_param(iri);
    body << "<p class=\"downloads\">As RDF: <a href=\"" << html(self)
         << "&amp;format=ttl\">Turtle</a> · "
         << "<a href=\"" << html(self) << "&amp;format=nt\">N-Triples</a> · <a href=\""
         << html(self) << "&amp;format=jsonld\">JSON-LD</a></p>\n";
  }
  res.set_content(page(label ? label->value : shown, body.str()), "text/html; charset=utf-8");
}

}  // namespace moivre::server
