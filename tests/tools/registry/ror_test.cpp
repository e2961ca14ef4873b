// moivre import ror on every ROR sample: facts of each real record, checked with SPARQL against
// the source JSON; replace and no-op on re-import; each bad-input path.
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

const fs::path kRor = fs::path(REGISTRIES_DIR) / "ror";
const std::string kGraph = "https://id.moivre.org/graph/ror";

bool ask(graph::Store& store, const std::string& where) {
  return test::ask_in(store, "ror", where);
}

uint64_t graph_size(graph::Store& store) {
  auto txn = store.read();
  auto g = txn.lookup(graph::Term::iri(kGraph));
  if (!g) return 0;
  graph::QuadPattern pattern;
  pattern.ids[graph::G] = *g;
  return txn.count(pattern);
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST(RorImport, EveryV2RecordsFactsAreInTheGraph) {
  test::TempStore store;
  auto files = files_in(kRor / "v2" / "records");
  ASSERT_EQ(files.size(), 57u);
  auto summary = registry::import_ror(*store, files);
  EXPECT_EQ(summary.records, 57u);
  EXPECT_EQ(summary.skipped, 0u);
  for (const auto& file : files) {
    rapidjson::Document r;
    r.Parse(test::read_text(file).c_str());
    std::string id = r["id"].GetString();
    SCOPED_TRACE(id);
    std::string s = "<" + id + ">";
    for (const auto& n : r["names"].GetArray()) {
      for (const auto& t : n["types"].GetArray()) {
        if (std::string(t.GetString()) == "ror_display") {
          EXPECT_TRUE(ask(*store, s + " skos:prefLabel ?l FILTER(STR(?l) = " +
                                      test::literal(n["value"].GetString()) + ")"));
        }
      }
    }
    EXPECT_TRUE(ask(*store, s + " mv:status " + test::literal(r["status"].GetString())));
    for (const auto& e : r["external_ids"].GetArray())
      for (const auto& v : e["all"].GetArray()) {
        std::string value = v.GetString();
        std::string type = e["type"].GetString();
        if (type == "isni") value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
        EXPECT_TRUE(ask(*store, s + " ?p " + test::literal(value))) << type << " " << value;
      }
    for (const auto& rel : r["relationships"].GetArray()) {
      std::string type = rel["type"].GetString();
      std::string p = type == "parent"      ? "org:subOrganizationOf"
                      : type == "child"     ? "org:hasSubOrganization"
                      : type == "related"   ? "org:linkedTo"
                      : type == "successor" ? "dcterms:isReplacedBy"
                                            : "dcterms:replaces";
      EXPECT_TRUE(ask(*store, s + " " + p + " <" + rel["id"].GetString() + ">")) << type;
    }
    for (const auto& l : r["locations"].GetArray())
      EXPECT_TRUE(ask(*store, s + " schema:location <https://sws.geonames.org/" +
                                  std::to_string(l["geonames_id"].GetInt64()) + "/>"));
  }
  // Chosen facts, spelled out.
  EXPECT_TRUE(ask(*store,
                  "<https://ror.org/02feahw73> mv:acronym \"CNRS\" ; "
                  "skos:prefLabel \"Centre National de la Recherche Scientifique\"@fr ; "
                  "mv:wikidataId \"Q280413\" , \"Q39411466\" ; mv:countryCode \"FR\""));
  EXPECT_TRUE(ask(*store,
                  "<https://ror.org/017tgbk05> mv:status \"withdrawn\" ; "
                  "dcterms:isReplacedBy <https://ror.org/004raaa70>"));
}

TEST(RorImport, DumpsV1RecordsAndTheZipRelease) {
  test::TempStore store;
  auto v1_records = registry::import_ror(*store, files_in(kRor / "v1" / "records"));
  EXPECT_EQ(v1_records.records, 24u);
  EXPECT_EQ(v1_records.skipped, 0u);
  auto v1 = registry::import_ror(*store, {(kRor / "v1" / "ror-sample_schema_v1.json").string()});
  EXPECT_EQ(v1.records, 24u);
  EXPECT_TRUE(ask(*store,
                  "<https://ror.org/041kmwe10> skos:prefLabel \"Imperial College London\" ; "
                  "mv:countryCode \"GB\" ; mv:gridId \"grid.7445.2\""));
  auto zip = registry::import_ror(
      *store, {(kRor / "v2" / "ror-records-v2.9-release_schema_v2.zip").string()});
  EXPECT_EQ(zip.records, 2426u);
  // The zip replaced the v1 sample: Imperial's record is not in release v2.9.
  EXPECT_FALSE(ask(*store, "<https://ror.org/041kmwe10> ?p ?o"));
  EXPECT_TRUE(
      ask(*store,
          "<https://id.moivre.org/graph/ror> <http://www.w3.org/ns/prov#wasDerivedFrom> ?f . "
          "?f mv:release \"v2.9\" ; mv:sha256 ?sha"));
}

TEST(RorImport, TheSameFilesAgainChangeNothing) {
  test::TempStore store;
  std::vector<std::string> file = {(kRor / "v2" / "ror-sample_schema_v2.json").string()};
  auto first = registry::import_ror(*store, file);
  EXPECT_FALSE(first.unchanged);
  auto second = registry::import_ror(*store, file);
  EXPECT_TRUE(second.unchanged);
  EXPECT_EQ(second.quads, first.quads);
  EXPECT_EQ(graph_size(*store), first.quads);
}

class BadRorInput : public ::testing::Test {
 protected:
  void SetUp() override {
    registry::import_ror(*store_, {(kRor / "v1" / "ror-sample_schema_v1.json").string()});
    before_ = graph_size(*store_);
  }
  std::string write(const std::string& name, const std::string& content) {
    auto path = dir_.path() / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  // The import fails with a message holding `expected`, and the graph is as it was.
  void expect_refused(const std::string& file, const std::string& expected, bool strict = false) {
    registry::ImportOptions options;
    options.strict = strict;
    try {
      registry::import_ror(*store_, {file}, options);
      ADD_FAILURE() << "no error for " << file;
    } catch (const registry::ImportError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(graph_size(*store_), before_);
  }
  test::TempStore store_;
  test::TempDir dir_;
  uint64_t before_ = 0;
};

TEST_F(BadRorInput, TruncatedDumpNamesTheRecordAndImportsNothing) {
  std::string dump = test::read_text(kRor / "v2" / "ror-sample_schema_v2.json");
  expect_refused(write("cut.json", dump.substr(0, dump.size() / 2)), "cut.json: record 7 (byte");
  expect_refused(write("cut.json", dump.substr(0, dump.size() / 2)), "truncated");
}

TEST_F(BadRorInput, WrongEncodingIsNamed) {
  std::string utf16 = "\xFF\xFE[\0{\0}\0]\0";
  expect_refused(write("utf16.json", std::string(utf16.data(), 10)), "UTF-16");
}

TEST_F(BadRorInput, MalformedAndUnknownRecordsAreSkippedOrStrictlyRefused) {
  std::string record = test::read_text(kRor / "v2" / "records" / "041kmwe10.json");
  std::string future = record;
  future.replace(future.rfind("\"2.1\""), 5, "\"3.0\"");
  std::string broken = "{\"id\": \"https://ror.org/0000000000\", \"names\": [1,]}";
  std::string dump = "[" + record + ",\n" + broken + ",\n" + future + "]";
  auto file = write("mixed.json", dump);
  expect_refused(file, "record 2", /*strict=*/true);
  auto summary = registry::import_ror(*store_, {file});
  EXPECT_EQ(summary.records, 1u);
  EXPECT_EQ(summary.skipped, 2u);
  ASSERT_EQ(summary.problems.size(), 2u);
  EXPECT_NE(summary.problems[0].find("record 2"), std::string::npos) << summary.problems[0];
  EXPECT_NE(summary.problems[1].find("record 3"), std::string::npos) << summary.problems[1];
  EXPECT_NE(summary.problems[1].find("unknown ROR schema version 3.0"), std::string::npos);
  EXPECT_TRUE(ask(*store_, "<https://ror.org/041kmwe10> mv:rorId \"041kmwe10\""));
}
