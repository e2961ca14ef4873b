// moivre import cordis on the real CORDIS rows: every participation's facts checked with SPARQL
// against the source CSV; the project.csv layout read by header; each bad-input path.
#include <gtest/gtest.h>

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

const fs::path kCordis = fs::path(REGISTRIES_DIR) / "cordis";

// The sample files quote every field and hold no line breaks inside one.
std::vector<std::map<std::string, std::string>> rows_of(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  auto split = [](const std::string& l) {
    std::vector<std::string> fields;
    for (size_t at = 1; at < l.size();) {
      size_t end = l.find("\";\"", at);
      if (end == std::string::npos) end = l.rfind('"');
      fields.push_back(l.substr(at, end - at));
      at = end + 3;
    }
    return fields;
  };
  std::getline(in, line);
  header = split(line);
  while (std::getline(in, line)) {
    auto fields = split(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < fields.size(); ++i) row[header[i]] = fields[i];
    rows.push_back(row);
  }
  return rows;
}

uint64_t graph_size(graph::Store& store, const std::string& graph) {
  auto txn = store.read();
  auto g = txn.lookup(graph::Term::iri("https://id.moivre.org/graph/" + graph));
  if (!g) return 0;
  graph::QuadPattern pattern;
  pattern.ids[graph::G] = *g;
  return txn.count(pattern);
}

}  // namespace

TEST(CordisImport, EveryParticipationOfTheSamplesIsInTheGraph) {
  for (const auto& [programme, folder] : std::vector<std::pair<std::string, std::string>>{
           {"h2020", "h2020"}, {"horizon", "horizon"}}) {
    test::TempStore store;
    auto file = kCordis / folder / "organization.csv";
    auto summary = registry::import_cordis(*store, {file.string()}, {}, programme);
    auto rows = rows_of(file);
    EXPECT_EQ(summary.records, rows.size());
    EXPECT_EQ(summary.skipped, 0u);
    EXPECT_TRUE(summary.notes.empty()) << summary.notes.front();
    for (const auto& row : rows) {
      SCOPED_TRACE(row.at("projectAcronym"));
      std::string country = row.at("country") == "UK"   ? "GB"
                            : row.at("country") == "EL" ? "GR"
                                                        : row.at("country");
      EXPECT_TRUE(test::ask_in(
          *store, "cordis-" + programme,
          "?m org:organization <https://cordis.europa.eu/project/id/" + row.at("projectID") +
              "> ; org:member ?o ; mv:cordisRole " + test::literal(row.at("role")) +
              " . ?o mv:pic " + test::literal(row.at("organisationID")) + " ; skos:prefLabel " +
              test::literal(row.at("name")) + " ; mv:countryCode " + test::literal(country) +
              " . <https://cordis.europa.eu/project/id/" + row.at("projectID") +
              "> skos:prefLabel " + test::literal(row.at("projectAcronym"))));
      std::string cost = row.at("totalCost");
      std::replace(cost.begin(), cost.end(), ',', '.');
      if (!cost.empty()) {
        EXPECT_TRUE(test::ask_in(*store, "cordis-" + programme,
                                 "?m mv:totalCost ?c ; org:member/mv:pic " +
                                     test::literal(row.at("organisationID")) +
                                     " FILTER (?c = " + cost + ")"));
      }
    }
  }
}

TEST(CordisImport, ChosenFacts) {
  test::TempStore store;
  registry::import_cordis(*store, {(kCordis / "h2020" / "organization.csv").string()}, {}, "h2020");
  // "960619,95": a decimal comma, read exactly.
  EXPECT_TRUE(
      test::ask_in(*store, "cordis-h2020",
                   "?m mv:totalCost \"960619.95\"^^<http://www.w3.org/2001/XMLSchema#decimal> ; "
                   "mv:cordisRole \"thirdParty\""));
  // UK becomes GB; a coordinator takes the coordinator role.
  EXPECT_TRUE(
      test::ask_in(*store, "cordis-h2020",
                   "?o skos:prefLabel \"THE WELLCOME TRUST LIMITED\" ; mv:countryCode \"GB\" . "
                   "?m org:member ?o ; org:role mv:Coordinator"));
}

TEST(CordisImport, ProjectCsvIsReadByHeaderWhateverTheOrder) {
  test::TempStore store;
  test::TempDir dir;
  auto file = dir.path() / "project.csv";
  std::ofstream(file) << "\xEF\xBB\xBF\"acronym\";\"id\";\"title\";\"startDate\";\"endDate\";"
                         "\"totalCost\";\"objective\";\"newColumn\"\n"
                         "\"DIVINE\";\"101060884\";\"A title\";\"2022-09-01\";\"2025-08-31\";"
                         "\"1234567,5\";\"Line one\nline \"\"two\"\"\";\"x\"\n";
  auto summary = registry::import_cordis(*store, {file.string()}, {}, "horizon");
  EXPECT_EQ(summary.records, 1u);
  ASSERT_EQ(summary.notes.size(), 1u);
  EXPECT_NE(summary.notes[0].find("missing columns: status"), std::string::npos)
      << summary.notes[0];
  EXPECT_NE(summary.notes[0].find("unknown columns: newColumn"), std::string::npos);
  EXPECT_TRUE(
      test::ask_in(*store, "cordis-horizon",
                   "<https://cordis.europa.eu/project/id/101060884> dcterms:title \"A title\" ; "
                   "mv:totalCost ?c ; dcterms:description \"Line one\\nline \\\"two\\\"\" ; "
                   "schema:startDate \"2022-09-01\"^^<http://www.w3.org/2001/XMLSchema#date> "
                   "FILTER (?c = 1234567.5)"));
}

class BadCordisInput : public ::testing::Test {
 protected:
  void SetUp() override {
    registry::import_cordis(*store_, {(kCordis / "h2020" / "organization.csv").string()}, {},
                            "h2020");
    before_ = graph_size(*store_, "cordis-h2020");
    header_ = rows_text(1);
  }
  std::string rows_text(size_t lines) {
    std::ifstream in(kCordis / "h2020" / "organization.csv");
    std::string out, line;
    for (size_t i = 0; i < lines && std::getline(in, line); ++i) out += line + "\n";
    return out;
  }
  std::string write(const std::string& content) {
    auto path = dir_.path() / "organization.csv";
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  void expect_refused(const std::string& file, const std::string& expected, bool strict) {
    registry::ImportOptions options;
    options.strict = strict;
    try {
      registry::import_cordis(*store_, {file}, options, "h2020");
      ADD_FAILURE() << "no error";
    } catch (const registry::ImportError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
    EXPECT_EQ(graph_size(*store_, "cordis-h2020"), before_);
  }
  test::TempStore store_;
  test::TempDir dir_;
  uint64_t before_ = 0;
  std::string header_;
};

TEST_F(BadCordisInput, RowWithAMissingColumnIsNamedAndSkippedOrRefused) {
  std::string rows = rows_text(3);
  std::string cut = rows_text(4).substr(rows.size());
  cut = cut.substr(0, cut.rfind(";\"")) + "\n";  // the last field gone
  auto file = write(rows + cut);
  expect_refused(file, "organization.csv:4: 24 fields where the header has 25", true);
  auto summary = registry::import_cordis(*store_, {file}, {}, "h2020");
  EXPECT_EQ(summary.records, 2u);
  EXPECT_EQ(summary.skipped, 1u);
}

TEST_F(BadCordisInput, WrongEncodingIsNamedWithItsLine) {
  std::string rows = rows_text(2);
  std::string latin1 = rows_text(3).substr(rows.size());
  latin1.replace(latin1.find("LUDWIG"), 6,
                 "L\xDC"
                 "DWIG");  // Latin-1, not UTF-8
  expect_refused(write(rows + latin1), "organization.csv:3: field 'name' is not UTF-8", true);
  std::string utf16 = "\xFF\xFE\"\0p\0\"\0";
  expect_refused(write(std::string(utf16.data(), 8)), "UTF-16", false);
}

TEST_F(BadCordisInput, TruncatedFileImportsNothing) {
  std::string rows = rows_text(4);
  expect_refused(write(rows.substr(0, rows.size() - 40)), "truncated", false);
}
