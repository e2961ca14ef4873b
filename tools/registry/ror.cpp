// ROR records (schema v2.x and v1.0) onto ORG, SKOS, schema.org and DCTERMS; the mapping is
// documented in tools/README.md.
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "registry/import_graph.hpp"
#include "registry/json_records.hpp"
#include "registry/registry.hpp"

namespace moivre::registry {
namespace {

using graph::Term;
using namespace vocab;
using Value = rapidjson::Value;

std::string str(const Value& v, const char* key) {
  if (!v.IsObject()) return {};
  auto it = v.FindMember(key);
  if (it == v.MemberEnd()) return {};
  if (it->value.IsString()) return {it->value.GetString(), it->value.GetStringLength()};
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  if (it->value.IsDouble()) return std::to_string(it->value.GetDouble());
  return {};
}

const Value* member(const Value& v, const char* key) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(key);
  return it == v.MemberEnd() || it->value.IsNull() ? nullptr : &it->value;
}

Value::ConstArray array(const Value& v, const char* key) {
  static const Value empty(rapidjson::kArrayType);
  const Value* m = member(v, key);
  return m && m->IsArray() ? m->GetArray() : empty.GetArray();
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string isni_compact(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), ' '), s.end());
  return s;
}

class RorMapper {
 public:
  RorMapper(GraphWriter& out, const std::string& base) : out_(out), mv_(base + "vocab#") {}

  void map(const Value& r, const std::string& where) {
    std::string id = str(r, "id");
    if (id.rfind("https://ror.org/", 0) != 0 || id.size() != 25)
      throw RecordError(where, "no ROR id (\"id\": \"https://ror.org/…\")");
    const Value* admin = member(r, "admin");
    std::string version;
    if (admin)
      if (const Value* modified = member(*admin, "last_modified"))
        version = str(*modified, "schema_version");
    bool v2 = member(r, "names") != nullptr;
    bool v1 = member(r, "name") != nullptr;
    if (!version.empty() && version.rfind("2.", 0) != 0 && version != "1.0")
      throw RecordError(where,
                        "unknown ROR schema version " + version + " (this reads 1.0 and 2.x)");
    if (!v2 && !v1)
      throw RecordError(where, "neither a ROR v2 record (names) nor a v1 record (name)");
    Term org = Term::iri(id);
    out_.iri(org, kRdf + "type", kOrg + "Organization");
    out_.text(org, mv_ + "rorId", id.substr(16));
    out_.text(org, mv_ + "status", str(r, "status"));
    out_.typed(org, kSchema + "foundingDate", str(r, "established"), kXsd + "gYear");
    for (const auto& t : array(r, "types"))
      if (t.IsString()) out_.text(org, mv_ + "rorType", lower(t.GetString()));
    for (const auto& d : array(r, "domains"))
      if (d.IsString()) out_.text(org, mv_ + "domain", d.GetString());
    if (v2)
      map_v2(r, org);
    else
      map_v1(r, org);
    if (admin) {
      if (const Value* created = member(*admin, "created"))
        out_.typed(org, kDcterms + "created", str(*created, "date"), kXsd + "date");
      if (const Value* modified = member(*admin, "last_modified"))
        out_.typed(org, kDcterms + "modified", str(*modified, "date"), kXsd + "date");
    }
  }

 private:
  void map_v2(const Value& r, const Term& org) {
    for (const auto& n : array(r, "names")) {
      std::string value = str(n, "value"), lang = str(n, "lang");
      bool display = false, label = false, alias = false, acronym = false;
      for (const auto& t : array(n, "types")) {
        std::string type = t.IsString() ? t.GetString() : "";
        display |= type == "ror_display";
        label |= type == "label";
        alias |= type == "alias";
        acronym |= type == "acronym";
      }
      if (display) out_.text(org, kSkos + "prefLabel", value, lang);
      if (label && !display) out_.text(org, kSkos + "altLabel", value, lang);
      if (alias) out_.text(org, kSkos + "altLabel", value, lang);
      if (acronym) out_.text(org, mv_ + "acronym", value, lang);
    }
    for (const auto& l : array(r, "locations")) {
      const Value* geo = member(l, "geonames_details");
      std::string geonames = str(l, "geonames_id");
      if (geonames.empty() || !geo) continue;
      Term place = Term::iri("https://sws.geonames.org/" + geonames + "/");
      out_.add(org, Term::iri(kSchema + "location"), place);
      out_.iri(place, kRdf + "type", kSchema + "Place");
      out_.text(place, kSkos + "prefLabel", str(*geo, "name"));
      out_.text(place, mv_ + "countryCode", str(*geo, "country_code"));
      out_.text(place, kSchema + "addressCountry", str(*geo, "country_name"));
      out_.typed(place, kSchema + "latitude", str(*geo, "lat"), kXsd + "decimal");
      out_.typed(place, kSchema + "longitude", str(*geo, "lng"), kXsd + "decimal");
      out_.text(org, mv_ + "countryCode", str(*geo, "country_code"));
    }
    for (const auto& l : array(r, "links")) {
      std::string type = str(l, "type"), value = str(l, "value");
      if (type == "website") out_.iri(org, kFoaf + "homepage", value);
      if (type == "wikipedia") out_.iri(org, kFoaf + "isPrimaryTopicOf", value);
    }
    for (const auto& e : array(r, "external_ids")) {
      std::string type = lower(str(e, "type"));
      for (const auto& v : array(e, "all"))
        if (v.IsString()) external_id(org, type, v.GetString());
      external_id(org, type, str(e, "preferred"), true);
    }
    for (const auto& rel : array(r, "relationships"))
      relationship(org, lower(str(rel, "type")), str(rel, "id"));
  }

  void map_v1(const Value& r, const Term& org) {
    out_.text(org, kSkos + "prefLabel", str(r, "name"));
    for (const auto& a : array(r, "aliases"))
      if (a.IsString()) out_.text(org, kSkos + "altLabel", a.GetString());
    for (const auto& a : array(r, "acronyms"))
      if (a.IsString()) out_.text(org, mv_ + "acronym", a.GetString());
    for (const auto& l : array(r, "labels"))
      out_.text(org, kSkos + "altLabel", str(l, "label"), str(l, "iso639"));
    std::string country;
    if (const Value* c = member(r, "country")) country = str(*c, "country_code");
    out_.text(org, mv_ + "countryCode", country);
    for (const auto& a : array(r, "addresses")) {
      const Value* city = member(a, "geonames_city");
      std::string geonames = city ? str(*city, "id") : "";
      if (geonames.empty()) continue;
      Term place = Term::iri("https://sws.geonames.org/" + geonames + "/");
      out_.add(org, Term::iri(kSchema + "location"), place);
      out_.iri(place, kRdf + "type", kSchema + "Place");
      out_.text(place, kSkos + "prefLabel", str(*city, "city"));
      out_.text(place, mv_ + "countryCode", country);
      out_.typed(place, kSchema + "latitude", str(a, "lat"), kXsd + "decimal");
      out_.typed(place, kSchema + "longitude", str(a, "lng"), kXsd + "decimal");
    }
    for (const auto& l : array(r, "links"))
      if (l.IsString()) out_.iri(org, kFoaf + "homepage", l.GetString());
    out_.iri(org, kFoaf + "isPrimaryTopicOf", str(r, "wikipedia_url"));
    if (const Value* ids = member(r, "external_ids"); ids && ids->IsObject()) {
      for (auto it = ids->MemberBegin(); it != ids->MemberEnd(); ++it) {
        std::string type = lower(it->name.GetString());
        if (it->value.IsObject()) {
          const Value* all = member(it->value, "all");
          if (all && all->IsArray()) {
            for (const auto& v : all->GetArray())
              if (v.IsString()) external_id(org, type, v.GetString());
          } else if (all && all->IsString()) {
            external_id(org, type, all->GetString());
          }
        }
        external_id(org, type, str(it->value, "preferred"), true);
      }
    }
    for (const auto& rel : array(r, "relationships"))
      relationship(org, lower(str(rel, "type")), str(rel, "id"));
  }

  void external_id(const Term& org, const std::string& type, const std::string& value,
                   bool preferred = false) {
    if (value.empty()) return;
    std::string v = type == "isni" ? isni_compact(value) : value;
    if (preferred) return out_.text(org, mv_ + "preferredId", v);
    if (type == "grid") out_.text(org, mv_ + "gridId", v);
    if (type == "isni") out_.text(org, mv_ + "isni", v);
    if (type == "fundref") out_.text(org, mv_ + "fundrefId", v);
    if (type == "wikidata") {
      out_.text(org, mv_ + "wikidataId", v);
      out_.iri(org, kSchema + "sameAs", "http://www.wikidata.org/entity/" + v);
    }
  }

  void relationship(const Term& org, const std::string& type, const std::string& id) {
    if (id.empty()) return;
    if (type == "parent") out_.iri(org, kOrg + "subOrganizationOf", id);
    if (type == "child") out_.iri(org, kOrg + "hasSubOrganization", id);
    if (type == "related") out_.iri(org, kOrg + "linkedTo", id);
    if (type == "successor") out_.iri(org, kDcterms + "isReplacedBy", id);
    if (type == "predecessor") out_.iri(org, kDcterms + "replaces", id);
  }

  GraphWriter& out_;
  std::string mv_;
};

}  // namespace

ImportSummary import_ror(graph::Store& store, const std::vector<std::string>& files,
                         const ImportOptions& options) {
  ImportJob job;
  job.registry = "ror";
  job.title = "Research Organization Registry (ROR)";
  job.member_extension = ".json";
  job.read = [&options](SourceFile& file, GraphWriter& out, RecordSink& sink) {
    RorMapper mapper(out, options.base_iri);
    read_json_records(file, sink, [&](const rapidjson::Value& record, const std::string& where) {
      mapper.map(record, where);
      return 1;
    });
  };
  return run_import(store, files, job, options);
}

}  // namespace moivre::registry
