// The default graph (data/*.ttl): it loads, it validates (types, labels, links, vocabulary,
// provenance), its base IRI is configurable, and the competency questions of data/queries/ give
// the answers recorded beside them and in the README.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "query/results.hpp"
#include "support/files.hpp"
#include "support/isomorphism.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

const fs::path kData = fs::path(MOIVRE_SOURCE_DIR) / "data";
const std::string kBase = "https://id.moivre.org/";

void load_default_graph(graph::Store& store, const std::string& base) {
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  for (const auto& entry : fs::directory_iterator(kData)) {
    if (entry.path().extension() != ".ttl") continue;
    graph::Input input(entry.path().string());
    graph::ReadOptions options;
    options.syntax = graph::RdfSyntax::Turtle;
    options.base_iri = base;
    loader.add(input, options);
  }
  loader.finish();
  txn.commit();
}

class DefaultGraph : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new test::TempStore;
    load_default_graph(**store_, kBase);
  }
  static void TearDownTestSuite() { delete store_; }

  // The query's result: SELECT as TSV, CONSTRUCT as N-Triples.
  static std::string run(const std::string& text) {
    auto algebra = query::algebra::translate(query::parse_query(text), text);
    auto txn = (*store_)->read();
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
  static std::string violations(const std::string& where) {
    std::string text = R"(PREFIX mv: <https://id.moivre.org/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?x WHERE { )" +
                       where + " } ORDER BY ?x";
    std::string tsv = run(text);
    return tsv.substr(tsv.find('\n') + 1);  // without the header
  }

  static test::TempStore* store_;
};

test::TempStore* DefaultGraph::store_ = nullptr;

const char* kOurs = "isIRI(?x) && STRSTARTS(STR(?x), \"https://id.moivre.org/\")";

}  // namespace

TEST_F(DefaultGraph, EveryEntityHasATypeAndALabel) {
  EXPECT_EQ(
      violations(std::string("?x ?p ?o FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }"), "");
  EXPECT_EQ(violations(std::string("?x ?p ?o FILTER (") + kOurs +
                       ") FILTER NOT EXISTS { ?x skos:prefLabel|rdfs:label|foaf:name ?l }"),
            "");
}

TEST_F(DefaultGraph, EveryIriOfOurNamespaceIsDescribed) {
  EXPECT_EQ(
      violations(std::string("?s ?p ?x FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }"), "");
  EXPECT_EQ(
      violations(std::string("?s ?x ?o FILTER (") + kOurs + ") FILTER NOT EXISTS { ?x a ?t }"), "");
}

TEST_F(DefaultGraph, ObjectPropertiesPointAtEntitiesThatExist) {
  // Our object properties, and the standard ones the data links entities with.
  EXPECT_EQ(violations(R"(
    { ?p a owl:ObjectProperty } UNION
    { VALUES ?p { <http://www.w3.org/ns/org#member> <http://www.w3.org/ns/org#organization>
                  <http://www.w3.org/ns/org#role> <http://www.w3.org/ns/org#subOrganizationOf>
                  <http://www.w3.org/ns/org#hasUnit> <http://www.w3.org/ns/org#hasMember>
                  <http://www.w3.org/ns/org#memberDuring> <http://www.w3.org/ns/org#linkedTo>
                  <http://schema.org/location> <http://schema.org/containedInPlace>
                  <http://schema.org/funder> skos:broader skos:inScheme
                  <http://purl.org/dc/terms/subject> <http://purl.org/dc/terms/replaces>
                  <http://purl.org/dc/terms/isReplacedBy> <http://www.w3.org/2006/time#hasTime> } }
    ?s ?p ?x .
    FILTER NOT EXISTS { ?x a ?t })"),
            "");
}

TEST_F(DefaultGraph, TheVocabularyDefinesEveryTermItUses) {
  // Every mv: property and class in use has a label and a comment; classes sit under others.
  EXPECT_EQ(violations(R"({ ?s ?x ?o } UNION { ?s a ?x }
    FILTER (STRSTARTS(STR(?x), "https://id.moivre.org/vocab#"))
    FILTER NOT EXISTS { ?x rdfs:label ?l ; rdfs:comment ?c })"),
            "");
  EXPECT_EQ(violations("?x a owl:Class FILTER NOT EXISTS { ?x rdfs:subClassOf ?super }"), "");
}

TEST_F(DefaultGraph, EveryEntityFromTheTextSaysWhereItCameFrom) {
  EXPECT_EQ(violations(std::string("?x a ?t FILTER (") + kOurs + R"()
    FILTER (!STRSTARTS(STR(?x), "https://id.moivre.org/vocab") &&
            !STRSTARTS(STR(?x), "https://id.moivre.org/source/"))
    FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?source })"),
            "");
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
