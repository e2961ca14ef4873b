// The default graph (data/*.ttl): it loads, it validates (types, labels, links, vocabulary,
// provenance), its base IRI is configurable, and the competency questions of data/queries/ give
// the answers recorded beside them and in the README.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "support/default_graph.hpp"
#include "support/files.hpp"
#include "support/isomorphism.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

using test::load_default_graph;

namespace {

const fs::path kData = fs::path(MOIVRE_SOURCE_DIR) / "data";
const std::string kBase = "https://id.moivre.org/";

class DefaultGraph : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new test::TempStore;
    load_default_graph(**store_, kBase);
  }
  static void TearDownTestSuite() { delete store_; }

  // The query's result: SELECT as TSV, CONSTRUCT as N-Triples.
  static std::string run(const std::string& text, graph::Store* store = nullptr) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = (store ? *store : **store_).read();
    query::Execution execution(txn, algebra);
    std::ostringstream out;
    if (algebra.form == query::algebra::QueryForm::Construct) {
      graph::RdfWriter writer(out, graph::RdfSyntax::NTriples, {});
      graph::Term s, p, o;
      while (execution.next_triple(s, p, o)) writer.write(s, p, o);
      writer.finish();
    } else {
      query::write_select(execution, query::ResultFormat::Tsv, out);
    }
    return out.str();
  }

  // The rows of a check query: each row names something that breaks the rule (none should).
  // With `planted`, the check runs on the default graph with that Turtle added.
  static std::string violations(const std::string& where, const std::string& planted = {}) {
    std::string text = R"(PREFIX mv: <https://id.moivre.org/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?x WHERE { )" +
                       where + " } ORDER BY ?x";
    std::optional<test::TempStore> other;
    if (!planted.empty()) load_default_graph(*other.emplace(), kBase, planted);
    std::string tsv = run(text, other ? &**other : nullptr);
    return tsv.substr(tsv.find('\n') + 1);  // without the header
  }

  static test::TempStore* store_;
};

test::TempStore* DefaultGraph::store_ = nullptr;

const char* kOurs = "isIRI(?x) && STRSTARTS(STR(?x), \"https://id.moivre.org/\")";

// Runs a rule's check on the default graph (no violation) and with a planted one (found).
#define EXPECT_RULE(where, planted, found)                            \
  do {                                                                \
    EXPECT_EQ(violations(where), "");                                 \
    EXPECT_EQ(violations(where, planted), std::string(found) + "\n"); \
  } while (0)

const std::string kPlantPrefixes = R"(@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
)";

}  // namespace

TEST_F(DefaultGraph, EveryEntityHasATypeAndALabel) {
  EXPECT_RULE(std::string("?x ?p ?o FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }",
              kPlantPrefixes + "<https://id.moivre.org/person/untyped> foaf:name \"U\" .",
              "<https://id.moivre.org/person/untyped>");
  EXPECT_RULE(std::string("?x ?p ?o FILTER (") + kOurs +
                  ") FILTER NOT EXISTS { ?x skos:prefLabel|rdfs:label|foaf:name ?l }",
              kPlantPrefixes + "<https://id.moivre.org/person/unnamed> a foaf:Person .",
              "<https://id.moivre.org/person/unnamed>");
}

TEST_F(DefaultGraph, EveryIriOfOurNamespaceIsDescribed) {
  EXPECT_RULE(std::string("?s ?p ?x FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }",
              "<http://example.org/s> <http://example.org/p> <https://id.moivre.org/nothing> .",
              "<https://id.moivre.org/nothing>");
  EXPECT_RULE(std::string("?s ?x ?o FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }",
              "<http://example.org/s> <https://id.moivre.org/vocab#unknown> 1 .",
              "<https://id.moivre.org/vocab#unknown>");
}

TEST_F(DefaultGraph, ObjectPropertiesPointAtEntitiesThatExist) {
  // Our object properties, and the standard ones the data links entities with.
  EXPECT_RULE(R"(
    { ?p a owl:ObjectProperty } UNION
    { VALUES ?p { <http://www.w3.org/ns/org#member> <http://www.w3.org/ns/org#organization>
                  <http://www.w3.org/ns/org#role> <http://www.w3.org/ns/org#subOrganizationOf>
                  <http://www.w3.org/ns/org#hasUnit> <http://www.w3.org/ns/org#hasMember>
                  <http://www.w3.org/ns/org#memberDuring> <http://www.w3.org/ns/org#linkedTo>
                  <http://schema.org/location> <http://schema.org/containedInPlace>
                  <http://schema.org/funder> skos:broader skos:inScheme
                  <http://purl.org/dc/terms/subject> <http://purl.org/dc/terms/replaces>
                  <http://purl.org/dc/terms/isReplacedBy> <http://www.w3.org/2006/time#hasTime>
                  <http://purl.org/dc/terms/isPartOf> <http://schema.org/duration> } }
    ?s ?p ?x .
    # The vocabulary's own statements name terms (a deprecated term's replacement), not entities.
    FILTER (!isIRI(?s) || !STRSTARTS(STR(?s), "https://id.moivre.org/vocab"))
    FILTER NOT EXISTS { ?x a ?t })",
              kPlantPrefixes + "[] org:member <https://id.moivre.org/person/nobody> .",
              "<https://id.moivre.org/person/nobody>");
}

TEST_F(DefaultGraph, TheVocabularyDefinesEveryTermItUses) {
  // Every mv: property and class in use has a label and a comment; classes sit under others.
  EXPECT_RULE(R"({ ?s ?x ?o } UNION { ?s a ?x }
    FILTER (STRSTARTS(STR(?x), "https://id.moivre.org/vocab#"))
    FILTER NOT EXISTS { ?x rdfs:label ?l ; rdfs:comment ?c })",
              "<http://example.org/s> a <https://id.moivre.org/vocab#Undefined> .",
              "<https://id.moivre.org/vocab#Undefined>");
  EXPECT_RULE("?x a owl:Class FILTER NOT EXISTS { ?x rdfs:subClassOf ?super }",
              kPlantPrefixes + "<http://example.org/Orphan> a owl:Class .",
              "<http://example.org/Orphan>");
}

// A replaced term stays in the vocabulary for data written with it, naming its replacement;
// the default graph itself uses none.
TEST_F(DefaultGraph, DeprecatedTermsNameTheirReplacementAndAreNotUsed) {
  EXPECT_RULE(R"(?x owl:deprecated true . { ?s ?x ?o } UNION { ?s a ?x }
    FILTER (!isIRI(?s) || !STRSTARTS(STR(?s), "https://id.moivre.org/vocab")))",
              "<http://example.org/scheme> <https://id.moivre.org/vocab#partOf> "
              "<https://id.moivre.org/partnership/imperial-cnrs> .",
              "<https://id.moivre.org/vocab#partOf>");
  EXPECT_RULE(
      "?x owl:deprecated true FILTER NOT EXISTS { ?x <http://purl.org/dc/terms/isReplacedBy> ?y }",
      "<https://id.moivre.org/vocab#oldTerm> <http://www.w3.org/2002/07/owl#deprecated> true .",
      "<https://id.moivre.org/vocab#oldTerm>");
  // The standard terms that replaced ours are the ones the data uses.
  EXPECT_EQ(violations(R"(VALUES ?x { <http://purl.org/dc/terms/isPartOf> <http://schema.org/funder>
      <http://purl.org/dc/terms/subject> <http://www.w3.org/2006/time#hasTime>
      <http://schema.org/duration> <http://www.w3.org/2004/02/skos/core#notation> }
    FILTER NOT EXISTS { ?s ?x ?o })"),
            "");
}

TEST_F(DefaultGraph, EveryEntityFromTheTextSaysWhereItCameFrom) {
  EXPECT_RULE(
      std::string("?x a ?t FILTER (") + kOurs + R"()
    FILTER (!STRSTARTS(STR(?x), "https://id.moivre.org/vocab") &&
            !STRSTARTS(STR(?x), "https://id.moivre.org/source/"))
    FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?source })",
      kPlantPrefixes + "<https://id.moivre.org/person/unsourced> a foaf:Person ; foaf:name \"U\" .",
      "<https://id.moivre.org/person/unsourced>");
}

TEST_F(DefaultGraph, TheBaseIriIsConfigurable) {
  test::TempStore other;
  load_default_graph(*other, "https://kg.example.org/moivre/");
  auto txn = other->read();
  EXPECT_TRUE(txn.lookup(graph::Term::iri("https://kg.example.org/moivre/person/richard-craster")));
  EXPECT_FALSE(txn.lookup(graph::Term::iri("https://id.moivre.org/person/richard-craster")));
  EXPECT_TRUE(txn.lookup(graph::Term::iri("https://kg.example.org/moivre/vocab#Director")));
}

// Each data/queries/NN-name.rq has its answer in NN-name.tsv (SELECT) or NN-name.nt (CONSTRUCT),
// and the README shows the question, the query and that answer.
TEST_F(DefaultGraph, CompetencyQuestionsGiveTheirRecordedAnswers) {
  std::string readme = test::read_text(fs::path(MOIVRE_SOURCE_DIR) / "README.md");
  int questions = 0;
  for (const auto& entry : fs::directory_iterator(kData / "queries")) {
    if (entry.path().extension() != ".rq") continue;
    ++questions;
    std::string text = test::read_text(entry.path());
    std::string answer = run(text);
    auto tsv = fs::path(entry.path()).replace_extension(".tsv");
    auto nt = fs::path(entry.path()).replace_extension(".nt");
    SCOPED_TRACE(entry.path().filename().string());
    if (fs::exists(tsv)) {
      std::string expected = test::read_text(tsv);
      EXPECT_EQ(answer, expected);
      EXPECT_NE(readme.find(expected), std::string::npos) << "the README lacks this answer";
      EXPECT_GT(std::count(expected.begin(), expected.end(), '\n'), 1) << "no rows";
    } else {
      ASSERT_TRUE(fs::exists(nt)) << "no recorded answer";
      auto got = test::read_dataset_string(answer, graph::RdfSyntax::NTriples);
      auto want = test::read_dataset_string(test::read_text(nt), graph::RdfSyntax::NTriples);
      EXPECT_TRUE(test::isomorphic(got, want));
      EXPECT_FALSE(want.empty());
    }
    std::string title = text.substr(2, text.find('\n') - 2);
    EXPECT_NE(readme.find(title), std::string::npos) << "the README lacks the question";
    EXPECT_NE(
        readme.find(text.substr(text.find("SELECT") != std::string::npos ? text.find("SELECT")
                                                                         : text.find("CONSTRUCT"))),
        std::string::npos)
        << "the README lacks the query";
  }
  EXPECT_GE(questions, 8);
}

// Every ROR record the graph cites is part of the release folder its latest version came from,
// as ../shared/registries/ror/MANIFEST.tsv records it (schema 2 rows), and every entity derived
// from a ROR record names that record.
TEST_F(DefaultGraph, RorFactsNameTheReleaseOfTheirRecord) {
  std::map<std::string, std::string> folder_of;  // ROR id -> release folder ("v2.3/")
  std::istringstream manifest(
      test::read_text(fs::path(MOIVRE_SOURCE_DIR) / "../shared/registries/ror/MANIFEST.tsv"));
  for (std::string line; std::getline(manifest, line);) {
    std::istringstream fields(line);
    std::string schema, id, path;
    fields >> schema >> id >> path;
    if (schema == "v2") folder_of[id] = path.substr(0, path.find('/') + 1);
  }
  std::string cited = run(R"(PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?ror ?folder WHERE {
  ?record prov:wasDerivedFrom ?ror FILTER STRSTARTS(STR(?ror), "https://ror.org/")
  OPTIONAL { ?record dcterms:isPartOf/dcterms:identifier ?folder }
} ORDER BY ?ror)");
  std::istringstream rows(cited);
  std::string line;
  std::getline(rows, line);  // header
  int records = 0;
  while (std::getline(rows, line)) {
    ++records;
    std::string ror = line.substr(1, line.find('>') - 1);
    std::string id = ror.substr(ror.rfind('/') + 1);
    std::string folder = line.substr(line.find('\t') + 1);
    ASSERT_TRUE(folder_of.count(id)) << id << " is not among the samples";
    EXPECT_EQ(folder, "\"" + folder_of[id] + "\"") << id;
  }
  EXPECT_GE(records, 6);
}
