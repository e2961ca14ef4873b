// moivre import orcid and wikidata on every sample: chosen facts of the real records checked with
// SPARQL against the source JSON; error answers and malformed files reported by position.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "registry/registry.hpp"
#include "support/temp_store.hpp"
#include "tools/registry/registry_support.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

const fs::path kRegistries = REGISTRIES_DIR;

rapidjson::Document load_json(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  return doc;
}

std::vector<std::string> all_files(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(OrcidImport, EverySampleImportsAndTheirFactsAreThere) {
  test::TempStore store;
  registry::import_ror(*store,
                       {(kRegistries / "ror" / "v2" / "ror-sample_schema_v2.json").string()});
  auto summary = registry::import_orcid(*store, all_files(kRegistries / "orcid"));
  // Every file is one record; the 404 answer and the three official write samples (request
  // bodies without an ORCID iD) are reported, not imported.
  EXPECT_EQ(summary.records, 11u);
  ASSERT_EQ(summary.skipped, 4u);
  std::string problems;
  for (const auto& p : summary.problems) problems += p + "\n";
  EXPECT_NE(problems.find("404_person_adfafadf.json: record 1 (byte 0): an ORCID error answer "
                          "(404)"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("employment-3.0.json: record 1 (byte 0): no ORCID iD"), std::string::npos)
      << problems;
  // /person answers: names from the source.
  for (const auto& f : all_files(kRegistries / "orcid" / "v3.0" / "person")) {
    auto p = load_json(f);
    std::string id = std::string(p["path"].GetString()).substr(1, 19);
    SCOPED_TRACE(id);
    std::string given = p["name"]["given-names"]["value"].GetString();
    EXPECT_TRUE(test::ask_in(*store, "orcid",
                             "<https://orcid.org/" + id + "> a foaf:Person ; foaf:givenName " +
                                 test::literal(given) + " ; mv:orcid " + test::literal(id)));
  }
  // Josiah Carberry's employments, with the impossible 1930-02-29 kept as plain text.
  auto carberry = load_json(kRegistries / "orcid" / "v3.0" / "record" / "0000-0002-1825-0097.json");
  for (const auto& group :
       carberry["activities-summary"]["employments"]["affiliation-group"].GetArray()) {
    const auto& s = group["summaries"][0]["employment-summary"];
    EXPECT_TRUE(
        test::ask_in(*store, "orcid",
                     "?m org:member <https://orcid.org/0000-0002-1825-0097> ; mv:affiliationKind "
                     "\"employment\" ; org:organization/skos:prefLabel " +
                         test::literal(s["organization"]["name"].GetString()) + " ; mv:roleTitle " +
                         test::literal(s["role-title"].GetString())));
  }
  EXPECT_TRUE(test::ask_in(*store, "orcid", "?m schema:startDate \"1930-02-29\""));
  // The sandbox identity stays on sandbox.orcid.org; its ROR-disambiguated membership uses the
  // ROR IRI, and a FundRef-disambiguated one the ROR organisation when the ROR graph knows it.
  EXPECT_TRUE(
      test::ask_in(*store, "orcid",
                   "<https://sandbox.orcid.org/0000-0003-4997-3076> a foaf:Person . ?m org:member "
                   "<https://sandbox.orcid.org/0000-0003-4997-3076> ; org:organization "
                   "<https://ror.org/02jbv0t02>"));
  EXPECT_FALSE(test::ask_in(*store, "orcid", "<https://orcid.org/0000-0003-4997-3076> ?p ?o"));
  // Works: titles and DOIs, one per group.
  auto works = load_json(kRegistries / "orcid" / "v3.0" / "works" / "0000-0002-9341-7985.json");
  int with_doi = 0;
  for (const auto& g : works["group"].GetArray())
    for (const auto& e : g["external-ids"]["external-id"].GetArray())
      if (std::string(e["external-id-type"].GetString()) == "doi" && with_doi < 5) {
        ++with_doi;
        std::string doi = e["external-id-value"].GetString();
        std::transform(doi.begin(), doi.end(), doi.begin(), ::tolower);
        EXPECT_TRUE(test::ask_in(*store, "orcid",
                                 "<https://doi.org/" + doi +
                                     "> dcterms:creator <https://orcid.org/0000-0002-9341-7985> ; "
                                     "dcterms:title ?t"))
            << doi;
      }
  EXPECT_GT(with_doi, 0);
}

TEST(WikidataImport, EntityAndSearchAnswers) {
  test::TempStore store;
  auto summary = registry::import_wikidata(*store, all_files(kRegistries / "wikidata"));
  EXPECT_EQ(summary.skipped, 0u);
  auto q2112 = load_json(kRegistries / "wikidata" / "entity" / "Q2112.json");
  const auto& e = q2112.HasMember("entities") ? q2112["entities"]["Q2112"] : q2112;
  EXPECT_TRUE(test::ask_in(*store, "wikidata",
                           "<http://www.wikidata.org/entity/Q2112> skos:prefLabel " +
                               test::literal(e["labels"]["en"]["value"].GetString()) +
                               "@en ; schema:sameAs <https://sws.geonames.org/3221125/> ; "
                               "dcterms:created \"1214\"^^xsd:gYear"));
  // Two P17 statements; the preferred one wins.
  EXPECT_TRUE(test::ask_in(*store, "wikidata",
                           "<http://www.wikidata.org/entity/Q2112> mv:country "
                           "<http://www.wikidata.org/entity/Q183>"));
  EXPECT_FALSE(test::ask_in(*store, "wikidata",
                            "<http://www.wikidata.org/entity/Q2112> mv:country ?c FILTER (?c != "
                            "<http://www.wikidata.org/entity/Q183>)"));
  EXPECT_TRUE(test::ask_in(*store, "wikidata",
                           "<http://www.wikidata.org/entity/Q835960> skos:prefLabel "
                           "\"University of São Paulo\"@en"));
}

TEST(WikidataImport, SomethingElseIsReportedAsNotAnEntity) {
  test::TempStore store;
  test::TempDir dir;
  auto file = dir.path() / "other.json";
  std::ofstream(file) << "[{\"id\": \"Q1\", \"claims\": {}}, {\"hello\": 1}]";
  auto summary = registry::import_wikidata(*store, {file.string()});
  EXPECT_EQ(summary.records, 1u);
  ASSERT_EQ(summary.skipped, 1u);
  EXPECT_NE(summary.problems[0].find("record 2"), std::string::npos);
  EXPECT_NE(summary.problems[0].find("not a Wikidata entity"), std::string::npos);
}
