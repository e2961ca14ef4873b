// moivre link against the real ROR samples: by identifiers, by names alone, ambiguity, --apply,
// and a query that crosses the links.
#include "registry/link.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "registry/registry.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(MOIVRE_SOURCE_DIR) / "data";
const std::string kOrg = "https://id.moivre.org/org/";

// Our organisations that have a record among the ROR samples, and that record.
const std::map<std::string, std::string> kGold = {
    {kOrg + "imperial", "https://ror.org/041kmwe10"},
    {kOrg + "cnrs", "https://ror.org/02feahw73"},
    {kOrg + "imt", "https://ror.org/014vp6c30"},
    {kOrg + "lpthe", "https://ror.org/02mph9k76"},
    {kOrg + "umr-8199", "https://ror.org/04k5h2q42"},
    {kOrg + "imperial-brc", "https://ror.org/01kmhx639"}};

// With registry-links.ttl, the joint units' other parents too, by their ROR ids.
const std::map<std::string, std::string> kGoldWithParents = [] {
  auto gold = kGold;
  gold.insert({{kOrg + "institut-national-des-sciences-appliquees-de-toulouse",
                "https://ror.org/01h8pf755"},
               {kOrg + "institut-national-des-sciences-mathematiques-et-de-leurs-interactions",
                "https://ror.org/050jcm728"},
               {kOrg + "universite-de-toulouse", "https://ror.org/01ahyrz84"},
               {kOrg + "institut-de-physique", "https://ror.org/00z54nq84"},
               {kOrg + "sorbonne-universite", "https://ror.org/02en5vm52"},
               {kOrg + "universite-de-lille", "https://ror.org/02kzqn938"},
               {kOrg + "inserm", "https://ror.org/02vjkv261"},
               {kOrg + "institut-pasteur-de-lille", "https://ror.org/05k9skc85"},
               {kOrg + "centre-hospitalier-universitaire-de-lille", "https://ror.org/02ppyfa04"}});
  return gold;
}();

void load(graph::Store& store, const std::vector<std::string>& files,
          const std::string& extra = {}) {
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  graph::ReadOptions options;
  options.syntax = graph::RdfSyntax::Turtle;
  options.base_iri = "https://id.moivre.org/";
  for (const auto& f : files) {
    graph::Input input((kData / f).string());
    loader.add(input, options);
  }
  if (!extra.empty()) loader.add_string(extra, "extra.ttl", options);
  loader.finish();
  txn.commit();
  registry::import_ror(
      store, {(fs::path(REGISTRIES_DIR) / "ror" / "v2" / "ror-sample_schema_v2.json").string()});
}

std::map<std::string, std::string> linked(const std::vector<registry::LinkCandidate>& links) {
  std::map<std::string, std::string> out;
  for (const auto& l : links)
    if (l.verdict == registry::LinkCandidate::Verdict::Linked) out[l.entity] = l.target;
  return out;
}

std::string tsv(graph::Store& store, const std::string& text) {
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = store.read();
  query::Execution execution(txn, algebra);
  std::ostringstream out;
  query::write_select(execution, query::ResultFormat::Tsv, out);
  return out.str();
}

}  // namespace

TEST(Link, SharedIdentifiersLinkExactlyTheRightRecords) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "registry-links.ttl", "vocab.ttl"});
  EXPECT_EQ(linked(registry::find_links(*store, {})), kGoldWithParents);
}

// The organisations' full names and places (registry-links.ttl gives them, from ROR) without any
// identifier.
const std::string kFullNamesOnly = R"(
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <http://schema.org/> .
<org/imperial> skos:prefLabel "Imperial College London"@en ; schema:location <place/london> .
<place/london> skos:prefLabel "London"@en .
<org/cnrs> skos:prefLabel "French National Centre for Scientific Research"@en .
<org/imperial-brc> skos:prefLabel "NIHR Imperial Biomedical Research Centre"@en .
<org/umr-8199> skos:prefLabel "Metabolic Functional (epi)Genomics and Molecular Mechanisms Involved in type 2 Diabetes and Related Diseases"@en .
)";

TEST(Link, NamesAloneFindTheSameRecordsAndNothingWrong) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "vocab.ttl"}, kFullNamesOnly);  // no identifiers
  auto links = registry::find_links(*store, {});
  EXPECT_EQ(linked(links), kGold);
  // "Imperial College London Diabetes Centre" (Abu Dhabi) shares words with Imperial, not a name.
  for (const auto& l : links) EXPECT_NE(l.target, "https://ror.org/02jgqwc20") << l.entity;
}

// With only the names the text gives ("Imperial", "CNRS", "BRC", the units' French names), the
// two units whose French names are ROR's link; the short names alone link nothing, and nothing
// wrong.
TEST(Link, TheTextsOwnNamesLinkOnlyWhatTheyName) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "vocab.ttl"});
  auto links = registry::find_links(*store, {});
  EXPECT_EQ(linked(links),
            (std::map<std::string, std::string>{{kOrg + "imt", "https://ror.org/014vp6c30"},
                                                {kOrg + "lpthe", "https://ror.org/02mph9k76"}}));
}

TEST(Link, TwoRecordsOfOneNameAreAmbiguousNotGuessed) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "vocab.ttl"},
       "<org/toulouse-university> a <http://www.w3.org/ns/org#FormalOrganization> ;\n"
       "  <http://www.w3.org/2004/02/skos/core#prefLabel> \"Université de Toulouse\"@fr ;\n"
       "  <http://schema.org/location> <place/toulouse> .\n"
       "<place/toulouse> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Toulouse\" .\n");
  auto links = registry::find_links(*store, {});
  std::set<std::string> candidates;
  for (const auto& l : links)
    if (l.entity == kOrg + "toulouse-university") {
      EXPECT_EQ(l.verdict, registry::LinkCandidate::Verdict::Ambiguous) << l.target;
      candidates.insert(l.target);
    }
  EXPECT_EQ(candidates,
            (std::set<std::string>{"https://ror.org/01ahyrz84", "https://ror.org/017tgbk05"}));
}

TEST(Link, AppliedLinksCanBeQueriedAcross) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "registry-links.ttl", "vocab.ttl"});
  auto links = registry::find_links(*store, {});
  EXPECT_EQ(registry::apply_links(*store, links, {}), kGoldWithParents.size());
  // The ROR types and GeoNames city of every institution of the partnership.
  EXPECT_EQ(tsv(*store, R"(PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX mv: <https://id.moivre.org/vocab#>
SELECT ?institution ?type ?city WHERE {
  <https://id.moivre.org/partnership/imperial-cnrs> org:hasMember ?i .
  ?i skos:prefLabel ?institution FILTER (lang(?institution) = "en")
  GRAPH <https://id.moivre.org/graph/links-ror> { ?i schema:sameAs ?ror }
  GRAPH <https://id.moivre.org/graph/ror> {
    ?ror mv:rorType ?type ; schema:location/skos:prefLabel ?city }
} ORDER BY ?institution ?type)"),
            "?institution\t?type\t?city\n"
            "\"French National Centre for Scientific Research\"@en\t\"funder\"\t\"Paris\"\n"
            "\"French National Centre for Scientific Research\"@en\t\"government\"\t\"Paris\"\n"
            "\"Imperial College London\"@en\t\"education\"\t\"London\"\n"
            "\"Imperial College London\"@en\t\"funder\"\t\"London\"\n");
}

TEST(Link, PeopleToOrcidByIdentifierNeverByNameAlone) {
  test::TempStore store;
  load(*store, {"partnership.ttl", "vocab.ttl"},
       "<person/peter> a <http://xmlns.com/foaf/0.1/Person> ;\n"
       "  <http://xmlns.com/foaf/0.1/name> \"Peter Binfield\" ;\n"
       "  <vocab#orcid> \"0000-0002-9341-7985\" .\n"
       "<person/namesake> a <http://xmlns.com/foaf/0.1/Person> ;\n"
       "  <http://xmlns.com/foaf/0.1/name> \"Carl Boettiger\" .\n");
  registry::import_orcid(
      *store, {(fs::path(REGISTRIES_DIR) / "orcid" / "v3.0" / "person" / "0000-0002-9341-7985.json")
                   .string(),
               (fs::path(REGISTRIES_DIR) / "orcid" / "v3.0" / "person" / "0000-0002-1642-628X.json")
                   .string()});
  registry::LinkOptions options;
  options.registry = "orcid";
  auto links = registry::find_links(*store, options);
  auto chosen = linked(links);
  EXPECT_EQ(chosen["https://id.moivre.org/person/peter"], "https://orcid.org/0000-0002-9341-7985");
  EXPECT_EQ(chosen.count("https://id.moivre.org/person/namesake"), 0u);
  for (const auto& l : links) {
    if (l.entity == "https://id.moivre.org/person/namesake") {
      EXPECT_EQ(l.verdict, registry::LinkCandidate::Verdict::BelowThreshold) << l.target;
    }
  }
}

// Our organisation carries CNRS's ROR id under Imperial's name: the identifier wins, with
// nothing but identifiers as evidence.
TEST(Link, IdentifiersWinOverNames) {
  test::TempStore store;
  load(*store, {"vocab.ttl"},
       "<org/odd> a <http://www.w3.org/ns/org#FormalOrganization> ;\n"
       "  <http://www.w3.org/2004/02/skos/core#prefLabel> \"Imperial College London\"@en ;\n"
       "  <vocab#rorId> \"02feahw73\" .\n");
  auto links = registry::find_links(*store, {});
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].verdict, registry::LinkCandidate::Verdict::Linked);
  EXPECT_EQ(links[0].target, "https://ror.org/02feahw73");
  EXPECT_EQ(links[0].score, 1.0);
  EXPECT_EQ(links[0].evidence, "same ROR id 02feahw73");
}

// The same name elsewhere, or on a thing of another kind, is not the same organisation.
TEST(Link, LookAlikesAreNeverLinked) {
  test::TempStore store;
  load(*store, {"vocab.ttl"},
       "<org/elsewhere> a <http://www.w3.org/ns/org#FormalOrganization> ;\n"
       "  <http://www.w3.org/2004/02/skos/core#prefLabel> \"Institut de Mathématiques de "
       "Toulouse\"@fr ;\n"
       "  <http://schema.org/location> <place/bordeaux> .\n"
       "<place/bordeaux> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Bordeaux\" .\n"
       "<person/imperial> a <http://xmlns.com/foaf/0.1/Person> ;\n"
       "  <http://xmlns.com/foaf/0.1/name> \"Imperial College London\" .\n"
       "<org/toulouse> a <http://www.w3.org/ns/org#FormalOrganization> ;\n"
       "  <http://www.w3.org/2004/02/skos/core#prefLabel> \"Institut de Mathématiques de "
       "Toulouse\"@fr ;\n"
       "  <http://schema.org/location> <place/toulouse> .\n"
       "<place/toulouse> <http://www.w3.org/2004/02/skos/core#prefLabel> \"Toulouse\" .\n");
  auto links = registry::find_links(*store, {});
  auto got = linked(links);
  EXPECT_EQ(got.count(kOrg + "elsewhere"), 0u);
  EXPECT_EQ(got.count("https://id.moivre.org/person/imperial"), 0u);
  // The one in the right city is linked, so the name alone would have matched.
  EXPECT_EQ(got[kOrg + "toulouse"], "https://ror.org/014vp6c30");
  for (const auto& l : links)
    if (l.entity == kOrg + "elsewhere") {
      EXPECT_NE(l.evidence.find("other city"), std::string::npos) << l.evidence;
    }
}
