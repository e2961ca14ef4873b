#include "registry/link.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <set>
#include <sstream>

#include "graph/term.hpp"
#include "graph/text_tokens.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "registry/import_graph.hpp"

namespace moivre::registry {
namespace {

using graph::Term;

// Words folded as the name search folds them (graph/text_tokens.hpp: case, accents,
// punctuation), one space between.
std::string normalise(const std::string& s) {
  std::string out;
  for (const auto& word : graph::text_tokens(s)) out += (out.empty() ? "" : " ") + word;
  return out;
}

// The identifier properties, and what the evidence calls each.
const std::vector<std::pair<std::string, std::string>> kIdentifiers = {
    {"rorId", "ROR id"},
    {"gridId", "GRID id"},
    {"isni", "ISNI"},
    {"wikidataId", "Wikidata id"},
    {"orcid", "ORCID iD"}};

struct Entity {
  std::string iri, label, country;
  std::set<std::string> names, acronyms, cities, parents;
  std::map<std::string, std::string> ids;  // identifier -> its kind ("ROR id", ...)
  bool active = true;
  bool person = false;  // a foaf:Person, matched only with people
};

// Runs a SELECT and calls `row` with each solution's values by variable (empty when unbound).
void select(graph::Store& store, const std::string& text,
            const std::function<void(const std::map<std::string, std::string>&)>& row) {
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = store.read();
  query::Execution execution(txn, algebra);
  query::TermRow values;
  const auto& vars = execution.variables();
  while (execution.next(values)) {
    std::map<std::string, std::string> r;
    for (size_t i = 0; i < vars.size(); ++i)
      if (values[i]) r[vars[i]] = values[i]->value;
    row(r);
  }
}

const char* kPrefixes = R"(PREFIX mv: <%BASE%vocab#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <http://schema.org/>
PREFIX frapo: <http://purl.org/cerif/frapo/>
)";

std::string prefixes(const std::string& base) {
  std::string p = kPrefixes;
  p.replace(p.find("%BASE%"), 6, base);
  return p;
}

// Names, identifiers, places and parents of the organisations in `graph_clause` (a GRAPH
// pattern's opening, or empty for the default graph).
std::map<std::string, Entity> read_entities(graph::Store& store, const std::string& base,
                                            const std::string& graph, const std::string& types) {
  std::map<std::string, Entity> entities;
  std::string open = graph.empty() ? "" : "GRAPH <" + graph + "> {";
  std::string close = graph.empty() ? "" : "}";
  std::string head = prefixes(base);
  select(store,
         head + "SELECT ?e ?type ?name ?kind WHERE { " + open + " ?e a ?type . VALUES ?type { " +
             types +
             " } { ?e skos:prefLabel ?name BIND(\"pref\" AS ?kind) } UNION "
             "{ ?e skos:altLabel|rdfs:label|foaf:name ?name BIND(\"alt\" AS ?kind) } UNION "
             "{ ?e mv:acronym ?name BIND(\"acronym\" AS ?kind) } " +
             close + " }",
         [&](const auto& r) {
           auto& e = entities[r.at("e")];
           e.iri = r.at("e");
           e.person = r.at("type") == "http://xmlns.com/foaf/0.1/Person";
           const std::string& name = r.at("name");
           if (e.person && e.label.empty()) e.label = name;
           bool acronym = r.at("kind") == "acronym" ||
                          (name.size() <= 6 && std::all_of(name.begin(), name.end(), [](char c) {
                             return std::isupper(static_cast<unsigned char>(c));
                           }));
           (acronym ? e.acronyms : e.names).insert(normalise(name));
           if (r.at("kind") == "pref" && (e.label.empty() || name < e.label)) e.label = name;
         });
  std::string id_properties;
  for (const auto& [property, kind] : kIdentifiers) id_properties += " mv:" + property;
  select(store,
         head + "SELECT ?e ?property ?id WHERE { " + open + " ?e ?property ?id VALUES ?property {" +
             id_properties + " } " + close + " }",
         [&](const auto& r) {
           auto it = entities.find(r.at("e"));
           if (it == entities.end()) return;
           const std::string& property = r.at("property");
           for (const auto& [name, kind] : kIdentifiers)
             if (property.size() > name.size() &&
                 property.compare(property.size() - name.size(), name.size(), name) == 0 &&
                 property[property.size() - name.size() - 1] == '#')
               it->second.ids[r.at("id")] = kind;
         });
  select(store,
         head + "SELECT ?e ?country ?city WHERE { " + open +
             " { ?e mv:countryCode ?country } UNION "
             "{ ?e schema:location ?place . OPTIONAL { ?place skos:prefLabel ?city } "
             "OPTIONAL { ?place mv:countryCode|schema:containedInPlace/mv:countryCode|"
             "schema:containedInPlace/skos:notation ?country } } " +
             close + " }",
         [&](const auto& r) {
           auto it = entities.find(r.at("e"));
           if (it == entities.end()) return;
           if (r.count("country")) it->second.country = r.at("country");
           if (r.count("city")) it->second.cities.insert(normalise(r.at("city")));
         });
  select(store,
         head + "SELECT ?e ?parent ?status WHERE { " + open +
             " { ?e org:subOrganizationOf ?parent } UNION { ?e mv:status ?status } " + close + " }",
         [&](const auto& r) {
           auto it = entities.find(r.at("e"));
           if (it == entities.end()) return;
           if (r.count("parent")) it->second.parents.insert(r.at("parent"));
           if (r.count("status") && r.at("status") != "active" && r.at("status") != "planned")
             it->second.active = false;
         });
  return entities;
}

}  // namespace

std::vector<LinkCandidate> find_links(graph::Store& store, const LinkOptions& options) {
  const std::string registry_graph = options.base_iri + "graph/" + options.registry;
  auto ours = read_entities(store, options.base_iri, "",
                            "org:Organization org:FormalOrganization org:OrganizationalUnit "
                            "frapo:ResearchInstitute mv:ResearchCentre foaf:Person");
  auto theirs =
      read_entities(store, options.base_iri, registry_graph, "org:Organization foaf:Person");
  // Indexes: identifier and normalised name -> registry entities.
  std::map<std::string, std::vector<const Entity*>> by_id, by_name, by_acronym;
  for (const auto& [iri, e] : theirs) {
    for (const auto& [id, kind] : e.ids) by_id[id].push_back(&e);
    for (const auto& n : e.names) by_name[n].push_back(&e);
    for (const auto& a : e.acronyms) by_acronym[a].push_back(&e);
  }
  // Which registry entity each of ours is linked to by identifier, to compare parents.
  std::map<std::string, std::string> id_links;
  for (const auto& [iri, e] : ours)
    for (const auto& [id, kind] : e.ids)
      if (auto it = by_id.find(id); it != by_id.end() && it->second.size() == 1)
        id_links[iri] = it->second.front()->iri;

  std::vector<LinkCandidate> out;
  for (const auto& [iri, e] : ours) {
    std::map<const Entity*, std::pair<double, std::vector<std::string>>> scores;
    // A shared identifier decides, before any name is weighed.
    for (const auto& identifier : kIdentifiers)  // ROR ids first in the evidence
      for (const auto& [id, kind] : e.ids)
        if (auto it = by_id.find(id); kind == identifier.second && it != by_id.end())
          for (const Entity* c : it->second) {
            scores[c].first = 1.0;
            scores[c].second.push_back("same " + kind + " " + id);
          }
    std::erase_if(scores, [&](const auto& entry) { return entry.first->person != e.person; });
    bool by_identifier = !scores.empty();
    for (const auto& n : by_identifier ? std::set<std::string>{} : e.names)
      if (auto it = by_name.find(n); it != by_name.end())
        for (const Entity* c : it->second) {
          auto& [score, why] = scores[c];
          if (score < 0.7) {
            score = 0.7;
            why.push_back("same name \"" + n + "\"");
          }
        }
    for (const auto& a : by_identifier ? std::set<std::string>{} : e.acronyms)
      if (auto it = by_acronym.find(a); it != by_acronym.end())
        for (const Entity* c : it->second) {
          auto& [score, why] = scores[c];
          if (score < 0.3) score = 0.3;
          why.push_back("same acronym \"" + a + "\"");
          if (score < 1.0) score = std::min(0.99, score + 0.05);
        }
    LinkCandidate best;
    best.entity = iri;
    best.label = e.label;
    best.verdict = LinkCandidate::Verdict::NoCandidate;
    std::vector<std::pair<double, LinkCandidate>> ranked;
    for (auto& [c, sw] : scores) {
      if (c->person != e.person) continue;  // a person is never the same as an organisation
      auto [score, why] = sw;
      if (score < 1.0) {
        if (!e.country.empty() && !c->country.empty()) {
          if (e.country == c->country) {
            score += 0.15;
            why.push_back("same country " + c->country);
          } else {
            score -= 0.3;
            why.push_back("other country " + c->country);
          }
        }
        // A known city that differs marks a look-alike (a namesake elsewhere).
        bool same_city = false;
        for (const auto& city : e.cities) same_city |= c->cities.count(city) > 0;
        if (same_city) {
          score += 0.1;
          why.push_back("same city");
        } else if (!e.cities.empty() && !c->cities.empty()) {
          score -= 0.3;
          why.push_back("other city " + *c->cities.begin());
        }
        for (const auto& parent : e.parents)
          if (auto it = id_links.find(parent);
              it != id_links.end() && c->parents.count(it->second)) {
            score += 0.1;
            why.push_back("same parent");
            break;
          }
        if (!c->active) {
          score -= 0.1;
          why.push_back("registry record not active");
        }
        // Many people share a name: without a shared identifier a person is never linked.
        if (e.person && score > 0.6) {
          score = 0.6;
          why.push_back("a person needs a shared identifier");
        }
      }
      LinkCandidate cand = best;
      cand.target = c->iri;
      cand.target_label = c->label;
      cand.score = std::round(std::min(score, 1.0) * 100) / 100;
      std::ostringstream evidence;
      for (size_t i = 0; i < why.size(); ++i) evidence << (i ? "; " : "") << why[i];
      cand.evidence = evidence.str();
      ranked.push_back({cand.score, cand});
    }
    std::sort(ranked.begin(), ranked.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; });
    if (ranked.empty()) {
      out.push_back(best);
      continue;
    }
    LinkCandidate top = ranked.front().second;
    if (top.score < options.min_score)
      top.verdict = LinkCandidate::Verdict::BelowThreshold;
    else if (ranked.size() > 1 && ranked[1].first >= top.score - options.ambiguity_margin - 1e-9)
      top.verdict = LinkCandidate::Verdict::Ambiguous;
    else
      top.verdict = LinkCandidate::Verdict::Linked;
    out.push_back(top);
    for (size_t i = 1; i < ranked.size() && top.verdict == LinkCandidate::Verdict::Ambiguous; ++i)
      if (ranked[i].first >= top.score - options.ambiguity_margin - 1e-9) {
        LinkCandidate also = ranked[i].second;
        also.verdict = LinkCandidate::Verdict::Ambiguous;
        out.push_back(also);
      }
  }
  return out;
}

size_t apply_links(graph::Store& store, const std::vector<LinkCandidate>& links,
                   const LinkOptions& options) {
  std::string graph_iri = options.base_iri + "graph/links-" + options.registry;
  const std::string mv = options.base_iri + "vocab#";
  auto txn = store.write();
  graph::TermId g = txn.intern(Term::iri(graph_iri));
  clear_graph(txn, g);
  GraphWriter out(txn, g);
  std::time_t t = std::time(nullptr);
  char now[32];
  std::strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  Term graph_term = Term::iri(graph_iri);
  out.iri(graph_term, vocab::kRdf + "type", vocab::kProv + "Entity");
  out.iri(graph_term, vocab::kProv + "wasDerivedFrom",
          options.base_iri + "graph/" + options.registry);
  out.typed(graph_term, vocab::kProv + "generatedAtTime", now, vocab::kXsd + "dateTime");
  size_t n = 0;
  for (const auto& link : links) {
    if (link.verdict != LinkCandidate::Verdict::Linked) continue;
    Term entity = Term::iri(link.entity), target = Term::iri(link.target);
    out.add(entity, Term::iri(vocab::kSchema + "sameAs"), target);
    Term node = Term::iri(graph_iri + "#link-" + std::to_string(++n));
    out.iri(node, vocab::kRdf + "type", mv + "Link");
    out.add(node, Term::iri(mv + "linkSubject"), entity);
    out.add(node, Term::iri(mv + "linkTarget"), target);
    out.typed(node, mv + "linkScore", std::to_string(link.score).substr(0, 4),
              vocab::kXsd + "decimal");
    out.text(node, mv + "linkEvidence", link.evidence);
  }
  txn.commit();
  return n;
}

}  // namespace moivre::registry
