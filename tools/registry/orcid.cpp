// ORCID public API JSON (v3.0: /record, /person, /works, /work; v2.x /record) onto FOAF, ORG,
// schema.org and DCTERMS; the mapping is documented in tools/README.md.

#include <algorithm>

#include "registry/import_graph.hpp"
#include "registry/json_records.hpp"
#include "registry/json_util.hpp"
#include "registry/registry.hpp"

namespace moivre::registry {
namespace {

using graph::Term;
using namespace vocab;
using json::array;
using json::member;
using json::str;
using json::Value;
using json::value_of;

const char* kAffiliationKinds[] = {"employment",       "education",  "qualification", "distinction",
                                   "invited-position", "membership", "service"};

class OrcidMapper {
 public:
  OrcidMapper(GraphWriter& out, graph::Store& store, const std::string& base)
      : out_(out), store_(store), base_(base), mv_(base + "vocab#") {}

  void map(const Value& r, const std::string& where) {
    if (member(r, "response-code") || member(r, "error-code"))
      throw RecordError(where, "an ORCID error answer (" + str(r, "response-code") +
                                   "): " + str(r, "developer-message"));
    std::string id, host = "orcid.org";
    if (const Value* oid = member(r, "orcid-identifier")) {
      id = str(*oid, "path");
      host = str(*oid, "host").empty() ? host : str(*oid, "host");
    } else {
      // /person, /works, /work answers: "path": "/0000-…/person".
      std::string path = str(r, "path");
      if (path.size() > 20 && path[0] == '/') id = path.substr(1, 19);
    }
    if (id.size() != 19 || id[4] != '-')
      throw RecordError(where, "no ORCID iD (orcid-identifier.path or path \"/0000-…\")");
    Term person = Term::iri("https://" + host + "/" + id);
    out_.iri(person, kRdf + "type", kFoaf + "Person");
    out_.text(person, mv_ + "orcid", id);
    if (const Value* p = member(r, "person")) map_person(*p, person);
    if (member(r, "name") && member(r, "external-identifiers")) map_person(r, person);
    if (const Value* a = member(r, "activities-summary")) map_activities(*a, person);
    if (member(r, "group") && !member(r, "activities-summary")) map_works(r, person);
    if (member(r, "title") && member(r, "put-code")) map_work(r, person);
  }

 private:
  void map_person(const Value& p, const Term& person) {
    if (const Value* name = member(p, "name")) {
      std::string given = value_of(*name, "given-names"), family = value_of(*name, "family-name");
      std::string credit = value_of(*name, "credit-name");
      out_.text(person, kFoaf + "givenName", given);
      out_.text(person, kFoaf + "familyName", family);
      std::string full = !credit.empty()  ? credit
                         : family.empty() ? given
                                          : given + (given.empty() ? "" : " ") + family;
      out_.text(person, kFoaf + "name", full);
    }
    if (const Value* other = member(p, "other-names"))
      for (const auto& n : array(*other, "other-name"))
        out_.text(person, kSkos + "altLabel", str(n, "content"));
    if (const Value* addresses = member(p, "addresses"))
      for (const auto& a : array(*addresses, "address"))
        out_.text(person, mv_ + "countryCode", value_of(a, "country"));
    if (const Value* urls = member(p, "researcher-urls"))
      for (const auto& u : array(*urls, "researcher-url"))
        out_.iri(person, kFoaf + "page", value_of(u, "url"));
    if (const Value* keywords = member(p, "keywords"))
      for (const auto& k : array(*keywords, "keyword"))
        out_.text(person, kSchema + "knowsAbout", str(k, "content"));
    if (const Value* ids = member(p, "external-identifiers"))
      for (const auto& e : array(*ids, "external-identifier"))
        out_.text(person, kDcterms + "identifier",
                  str(e, "external-id-type") + ": " + str(e, "external-id-value"));
  }

  void map_activities(const Value& a, const Term& person) {
    for (const char* kind : kAffiliationKinds) {
      std::string section = std::string(kind) + "s";
      const Value* s = member(a, section.c_str());
      if (!s) continue;
      std::string summary_key = std::string(kind) + "-summary";
      for (const auto& group : array(*s, "affiliation-group"))  // v3.0
        for (const auto& entry : array(group, "summaries"))
          if (const Value* summary = member(entry, summary_key.c_str()))
            affiliation(*summary, kind, person);
      for (const auto& summary : array(*s, summary_key.c_str()))  // v2.x: a flat list
        affiliation(summary, kind, person);
    }
    if (const Value* works = member(a, "works")) map_works(*works, person);
  }

  // "YYYY", "YYYY-MM" or "YYYY-MM-DD" typed by precision; an impossible date stays plain text.
  void date(const Term& subject, const std::string& p, const Value* d) {
    if (!d) return;
    std::string y = value_of(*d, "year"), m = value_of(*d, "month"), day = value_of(*d, "day");
    if (y.empty()) return;
    if (m.empty()) return out_.typed(subject, p, y, kXsd + "gYear");
    if (day.empty()) return out_.typed(subject, p, y + "-" + m, kXsd + "gYearMonth");
    int yy = std::stoi(y), mm = std::stoi(m), dd = std::stoi(day);
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
    bool valid =
        mm >= 1 && mm <= 12 && dd >= 1 && dd <= days[mm - 1] && (mm != 2 || dd < 29 || leap);
    std::string text = y + "-" + m + "-" + day;
    if (valid)
      out_.typed(subject, p, text, kXsd + "date");
    else
      out_.text(subject, p, text);
  }

  Term organisation(const Value& org) {
    std::string name = str(org, "name");
    const Value* address = member(org, "address");
    std::string city = address ? str(*address, "city") : "",
                country = address ? str(*address, "country") : "";
    std::string source, identifier;
    if (const Value* d = member(org, "disambiguated-organization")) {
      source = str(*d, "disambiguation-source");
      identifier = str(*d, "disambiguated-organization-identifier");
    }
    Term o;
    if (source == "ROR") {
      o = Term::iri(identifier);
    } else if (auto ror = ror_for(source, identifier)) {
      o = *ror;
    } else if (!identifier.empty()) {
      o = Term::iri(base_ + "orcid/org/" + lower(source) + "/" +
                    slug(source == "FUNDREF" ? fundref_number(identifier) : identifier));
    } else {
      o = Term::iri(base_ + "orcid/org/name/" + slug(name + " " + city + " " + country));
    }
    out_.iri(o, kRdf + "type", kOrg + "Organization");
    out_.text(o, kSkos + "prefLabel", name);
    out_.text(o, mv_ + "countryCode", country);
    if (source == "RINGGOLD") out_.text(o, mv_ + "ringgoldId", identifier);
    if (source == "GRID") out_.text(o, mv_ + "gridId", identifier);
    if (source == "FUNDREF") out_.text(o, mv_ + "fundrefId", fundref_number(identifier));
    return o;
  }

  void affiliation(const Value& s, const std::string& kind, const Term& person) {
    const Value* org = member(s, "organization");
    if (!org) return;
    std::string code = str(s, "put-code");
    Term m = Term::iri(person.value + "#" + kind + "-" +
                       (code.empty() ? std::to_string(++anonymous_) : code));
    out_.iri(m, kRdf + "type", kOrg + "Membership");
    out_.add(m, Term::iri(kOrg + "member"), person);
    out_.add(m, Term::iri(kOrg + "organization"), organisation(*org));
    out_.text(m, mv_ + "affiliationKind", kind);
    out_.text(m, mv_ + "roleTitle", str(s, "role-title"));
    out_.text(m, mv_ + "department", str(s, "department-name"));
    date(m, kSchema + "startDate", member(s, "start-date"));
    date(m, kSchema + "endDate", member(s, "end-date"));
  }

  void map_works(const Value& works, const Term& person) {
    for (const auto& group : array(works, "group")) {
      // One work, several sources: the summary with the highest display-index.
      const Value* best = nullptr;
      long best_index = -1;
      for (const auto& w : array(group, "work-summary")) {
        long index = std::atol(str(w, "display-index").c_str());
        if (!best || index > best_index) best = &w, best_index = index;
      }
      if (best) map_work(*best, person);
    }
  }

  void map_work(const Value& w, const Term& person) {
    std::string doi;
    std::vector<std::string> other;
    if (const Value* ids = member(w, "external-ids"))
      for (const auto& e : array(*ids, "external-id")) {
        std::string type = lower(str(e, "external-id-type")), value = str(e, "external-id-value");
        std::string relationship = lower(str(e, "external-id-relationship"));
        if (relationship == "part-of" || relationship == "part_of") continue;
        if (type == "doi" && doi.empty())
          doi = lower(value);
        else if (!value.empty())
          other.push_back(type + ":" + value);
      }
    Term work = doi.empty() ? Term::iri(person.value + "/work/" + str(w, "put-code"))
                            : Term::iri("https://doi.org/" + doi);
    out_.iri(work, kRdf + "type", kSchema + "CreativeWork");
    if (const Value* title = member(w, "title"))
      out_.text(work, kDcterms + "title", value_of(*title, "title"));
    out_.text(work, mv_ + "workType", lower(str(w, "type")));
    out_.text(work, mv_ + "doi", doi);
    for (const auto& id : other) out_.text(work, kDcterms + "identifier", id);
    out_.text(work, mv_ + "journalTitle", value_of(w, "journal-title"));
    date(work, kDcterms + "issued", member(w, "publication-date"));
    out_.add(work, Term::iri(kDcterms + "creator"), person);
  }

  // The organisation the imported ROR graph knows by this GRID or FundRef id, if any.
  std::optional<Term> ror_for(const std::string& source, const std::string& identifier) {
    std::string property = source == "GRID" ? "gridId" : source == "FUNDREF" ? "fundrefId" : "";
    if (property.empty() || identifier.empty()) return std::nullopt;
    std::string value = source == "FUNDREF" ? fundref_number(identifier) : identifier;
    auto txn = store_.read();
    auto p = txn.lookup(Term::iri(mv_ + property));
    auto o = txn.lookup(Term::literal(value));
    auto g = txn.lookup(Term::iri(base_ + "graph/ror"));
    if (!p || !o || !g) return std::nullopt;
    graph::QuadPattern pattern;
    pattern.ids[graph::P] = *p;
    pattern.ids[graph::O] = *o;
    pattern.ids[graph::G] = *g;
    graph::Quad q;
    auto scan = txn.scan(pattern);
    if (!scan.next(q)) return std::nullopt;
    return txn.term(q.s());
  }

  // "http://dx.doi.org/10.13039/100006235" -> "100006235".
  static std::string fundref_number(const std::string& id) { return id.substr(id.rfind('/') + 1); }
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  static std::string slug(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
      if (std::isalnum(c))
        out += static_cast<char>(std::tolower(c));
      else if (!out.empty() && out.back() != '-')
        out += '-';
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
  }

  GraphWriter& out_;
  graph::Store& store_;
  std::string base_, mv_;
  uint64_t anonymous_ = 0;
};

}  // namespace

ImportSummary import_orcid(graph::Store& store, const std::vector<std::string>& files,
                           const ImportOptions& options) {
  ImportJob job;
  job.registry = "orcid";
  job.title = "ORCID public records";
  job.member_extension = ".json";
  job.read = [&options, &store](SourceFile& file, GraphWriter& out, RecordSink& sink) {
    OrcidMapper mapper(out, store, options.base_iri);
    read_json_records(file, sink, [&](const rapidjson::Value& record, const std::string& where) {
      mapper.map(record, where);
      return 1;
    });
  };
  return run_import(store, files, job, options);
}

}  // namespace moivre::registry
