// Wikidata entity JSON (Special:EntityData / wbgetentities answers, single entities, the JSON
// dump's array) and wbsearchentities answers onto SKOS, ORG, FOAF and schema.org; the mapping is
// documented in tools/README.md.

#include <algorithm>
#include <map>

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

const std::string kEntity = "http://www.wikidata.org/entity/";

class WikidataMapper {
 public:
  WikidataMapper(GraphWriter& out, const std::string& base) : out_(out), mv_(base + "vocab#") {}

  // Returns the entities mapped (an EntityData answer may hold several).
  int map(const Value& r, const std::string& where) {
    if (const Value* entities = member(r, "entities"); entities && entities->IsObject()) {
      int n = 0;
      for (auto it = entities->MemberBegin(); it != entities->MemberEnd(); ++it)
        n += map(it->value, where);
      return n;
    }
    if (const Value* hits = member(r, "search"); hits && hits->IsArray()) {
      for (const auto& hit : hits->GetArray()) search_hit(hit);
      return static_cast<int>(hits->Size());
    }
    std::string id = str(r, "id");
    if (id.size() < 2 || (id[0] != 'Q' && id[0] != 'P') || !member(r, "claims"))
      throw RecordError(where, "not a Wikidata entity (no \"id\" and \"claims\")");
    entity(r, id);
    return 1;
  }

 private:
  void search_hit(const Value& hit) {
    std::string id = str(hit, "id");
    if (id.empty()) return;
    Term e = Term::iri(kEntity + id);
    out_.text(e, mv_ + "wikidataId", id);
    std::string lang = "en";
    if (const Value* display = member(hit, "display"))
      if (const Value* label = member(*display, "label")) lang = str(*label, "language");
    out_.text(e, kSkos + "prefLabel", str(hit, "label"), lang);
    out_.text(e, kDcterms + "description", str(hit, "description"), lang);
  }

  void entity(const Value& r, const std::string& id) {
    Term e = Term::iri(kEntity + id);
    out_.text(e, mv_ + "wikidataId", id);
    if (const Value* labels = member(r, "labels"); labels && labels->IsObject())
      for (auto it = labels->MemberBegin(); it != labels->MemberEnd(); ++it)
        out_.text(e, kSkos + "prefLabel", str(it->value, "value"), str(it->value, "language"));
    if (const Value* aliases = member(r, "aliases"); aliases && aliases->IsObject())
      for (auto it = aliases->MemberBegin(); it != aliases->MemberEnd(); ++it)
        if (it->value.IsArray())
          for (const auto& a : it->value.GetArray())
            out_.text(e, kSkos + "altLabel", str(a, "value"), str(a, "language"));
    if (const Value* d = member(r, "descriptions"); d && d->IsObject())
      for (auto it = d->MemberBegin(); it != d->MemberEnd(); ++it)
        out_.text(e, kDcterms + "description", str(it->value, "value"), str(it->value, "language"));
    const Value& claims = *member(r, "claims");
    if (!claims.IsObject()) return;
    bool organisation = false;
    for (auto it = claims.MemberBegin(); it != claims.MemberEnd(); ++it) {
      std::string property = it->name.GetString();
      if (!it->value.IsArray()) continue;
      for (const Value* snak : best_ranked(it->value)) {
        const Value* dv = member(*snak, "datavalue");
        if (!dv || str(*snak, "snaktype") != "value") continue;
        const Value* v = member(*dv, "value");
        if (!v) continue;
        std::string item = v->IsObject() ? str(*v, "id") : "";
        std::string text = v->IsString() ? std::string(v->GetString()) : "";
        if (property == "P31") {
          out_.iri(e, mv_ + "instanceOf", kEntity + item);
          if (item == "Q5") out_.iri(e, kRdf + "type", kFoaf + "Person");
        } else if (property == "P6782") {
          organisation = true;
          out_.text(e, mv_ + "rorId", text);
          out_.iri(e, kSchema + "sameAs", "https://ror.org/" + text);
        } else if (property == "P496") {
          out_.text(e, mv_ + "orcid", text);
          out_.iri(e, kSchema + "sameAs", "https://orcid.org/" + text);
        } else if (property == "P2427") {
          organisation = true;
          out_.text(e, mv_ + "gridId", text);
        } else if (property == "P213") {
          text.erase(std::remove(text.begin(), text.end(), ' '), text.end());
          out_.text(e, mv_ + "isni", text);
        } else if (property == "P1566") {
          out_.iri(e, kSchema + "sameAs", "https://sws.geonames.org/" + text + "/");
        } else if (property == "P17") {
          out_.iri(e, mv_ + "country", kEntity + item);
        } else if (property == "P131") {
          out_.iri(e, kSchema + "containedInPlace", kEntity + item);
        } else if (property == "P159") {
          out_.iri(e, kSchema + "location", kEntity + item);
        } else if (property == "P108") {
          out_.iri(e, kSchema + "worksFor", kEntity + item);
        } else if (property == "P463") {
          out_.iri(e, kOrg + "memberOf", kEntity + item);
        } else if (property == "P749") {
          out_.iri(e, kOrg + "subOrganizationOf", kEntity + item);
        } else if (property == "P355") {
          out_.iri(e, kOrg + "hasSubOrganization", kEntity + item);
        } else if (property == "P571" || property == "P576") {
          time(e, property == "P571" ? kDcterms + "created" : mv_ + "dissolved", *v);
        } else if (property == "P856") {
          out_.iri(e, kFoaf + "homepage", text);
        } else if (property == "P625" && v->IsObject()) {
          out_.typed(e, kSchema + "latitude", number(*v, "latitude"), kXsd + "decimal");
          out_.typed(e, kSchema + "longitude", number(*v, "longitude"), kXsd + "decimal");
        }
      }
    }
    if (organisation) out_.iri(e, kRdf + "type", kOrg + "Organization");
  }

  // The statements to use: the preferred ones if any, else the normal ones; never deprecated.
  static std::vector<const Value*> best_ranked(const Value& statements) {
    std::vector<const Value*> preferred, normal;
    for (const auto& s : statements.GetArray()) {
      const Value* snak = member(s, "mainsnak");
      if (!snak) continue;
      std::string rank = str(s, "rank");
      if (rank == "preferred") preferred.push_back(snak);
      if (rank == "normal" || rank.empty()) normal.push_back(snak);
    }
    return preferred.empty() ? normal : preferred;
  }

  static std::string number(const Value& v, const char* key) {
    const Value* m = member(v, key);
    if (!m || !m->IsNumber()) return {};
    std::string s = std::to_string(m->GetDouble());
    return s;
  }

  // "+1998-00-00T00:00:00Z" with precision 9 -> "1998"^^xsd:gYear; 10 -> gYearMonth; 11 -> date.
  void time(const Term& e, const std::string& p, const Value& v) {
    std::string t = str(v, "time");
    int precision = std::atoi(str(v, "precision").c_str());
    if (t.size() < 11 || t[0] != '+') return;  // BCE dates: left out
    std::string date = t.substr(1, 10);
    if (precision == 9) out_.typed(e, p, date.substr(0, 4), kXsd + "gYear");
    if (precision == 10) out_.typed(e, p, date.substr(0, 7), kXsd + "gYearMonth");
    if (precision >= 11) out_.typed(e, p, date, kXsd + "date");
  }

  GraphWriter& out_;
  std::string mv_;
};

}  // namespace

ImportSummary import_wikidata(graph::Store& store, const std::vector<std::string>& files,
                              const ImportOptions& options) {
  ImportJob job;
  job.registry = "wikidata";
  job.title = "Wikidata entities";
  job.member_extension = ".json";
  job.read = [&options](SourceFile& file, GraphWriter& out, RecordSink& sink) {
    WikidataMapper mapper(out, options.base_iri);
    read_json_records(file, sink, [&](const rapidjson::Value& record, const std::string& where) {
      return mapper.map(record, where);
    });
  };
  return run_import(store, files, job, options);
}

}  // namespace moivre::registry
