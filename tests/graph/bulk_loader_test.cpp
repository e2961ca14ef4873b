// The bulk load path: dedup, blank node scoping, graph targets, atomic failure.
#include "graph/bulk_loader.hpp"

#include <gtest/gtest.h>

#include "graph/check.hpp"
#include "graph/error.hpp"
#include "support/consistency.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

ReadOptions turtle() {
  ReadOptions options;
  options.syntax = RdfSyntax::Turtle;
  options.base_iri = "http://example.org/base/";
  return options;
}

LoadSummary load(Store& store, const std::vector<std::string>& documents,
                 const std::string& graph = {}) {
  auto txn = store.write();
  BulkLoader loader(txn);
  for (size_t i = 0; i < documents.size(); ++i)
    loader.add_string(documents[i], "doc" + std::to_string(i) + ".ttl", turtle(), graph);
  auto summary = loader.finish();
  txn.commit();
  return summary;
}

const char* kDoc = R"(@prefix ex: <http://example.org/> .
ex:imperial ex:name "Imperial College London"@en ; ex:partner ex:cnrs .
ex:cnrs ex:name "Centre national de la recherche scientifique"@fr ; ex:founded 1939 .
<rel> ex:p _:x . _:x ex:q [ ex:r ( 1 2 ) ] .
)";

}  // namespace

TEST(BulkLoader, LoadsAndResolvesRelativeIris) {
  test::TempStore store;
  auto summary = load(*store, {kDoc});
  EXPECT_EQ(summary.statements, 11u);
  EXPECT_EQ(summary.quads_added, 11u);
  auto txn = store->read();
  EXPECT_TRUE(txn.lookup(Term::iri("http://example.org/base/rel")).has_value());
  EXPECT_TRUE(txn.lookup(Term::typed_literal("1939", "http://www.w3.org/2001/XMLSchema#integer")));
  EXPECT_EQ(test::check_consistency(txn), "");
}

TEST(BulkLoader, ReloadingAddsNoDuplicates) {
  test::TempStore store;
  const char* doc = "<http://a/s> <http://a/p> <http://a/o> , \"x\" .\n";
  EXPECT_EQ(load(*store, {doc}).quads_added, 2u);
  auto again = load(*store, {doc});
  EXPECT_EQ(again.quads_added, 0u);
  EXPECT_EQ(again.terms_added, 0u);
  EXPECT_EQ(store->read().count(QuadPattern{}), 2u);
  // The same statement twice in one document is stored once.
  test::TempStore other;
  EXPECT_EQ(load(*other, {std::string(doc) + doc}).quads_added, 2u);
}

TEST(BulkLoader, BlankNodesAreScopedPerDocument) {
  test::TempStore store;
  const char* doc = "_:b <http://a/p> \"v\" .\n";
  load(*store, {doc, doc});
  EXPECT_EQ(store->read().count(QuadPattern{}), 2u);  // two distinct blank nodes
  load(*store, {doc});
  EXPECT_EQ(store->read().count(QuadPattern{}), 3u);  // and another on a later load
  // Within one document, one label is one node.
  test::TempStore single;
  load(*single, {"_:b <http://a/p> \"v\" . _:b <http://a/q> \"w\" ."});
  auto txn = single->read();
  Quad q;
  std::set<TermId> subjects;
  for (auto scan = txn.scan(QuadPattern{}); scan.next(q);) subjects.insert(q.s());
  EXPECT_EQ(subjects.size(), 1u);
  EXPECT_EQ(id_kind(*subjects.begin()), TermKind::Blank);
}

TEST(BulkLoader, TriplesGoToTheTargetGraph) {
  test::TempStore store;
  load(*store, {"<http://a/s> <http://a/p> <http://a/o> ."}, "http://example.org/g");
  auto txn = store->read();
  auto g = txn.lookup(Term::iri("http://example.org/g"));
  ASSERT_TRUE(g);
  QuadPattern in_g;
  in_g.ids[G] = *g;
  EXPECT_EQ(txn.count(in_g), 1u);
  EXPECT_EQ(txn.stats().default_graph_quads, 0u);
}

TEST(BulkLoader, TrigGraphsAreKept) {
  test::TempStore store;
  auto txn = store->write();
  BulkLoader loader(txn);
  ReadOptions options = turtle();
  options.syntax = RdfSyntax::TriG;
  loader.add_string("<http://a/s> <http://a/p> 1 . <http://a/g> { <http://a/s> <http://a/p> 2 }",
                    "doc.trig", options);
  loader.finish();
  txn.commit();
  auto read = store->read();
  EXPECT_EQ(read.stats().graphs, 1u);
  EXPECT_EQ(read.stats().default_graph_quads, 1u);
}

TEST(BulkLoader, FailedLoadLeavesTheStoreAsItWas) {
  test::TempStore store;
  load(*store, {kDoc});
  auto before = store->read().stats();
  try {
    load(*store, {"<http://a/new> <http://a/p> 1 .", "<http://a/s> <http://a/p> oops ."});
    FAIL() << "malformed document accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.file(), "doc1.ttl");
    EXPECT_EQ(e.line(), 1u);
    EXPECT_GT(e.column(), 20u);
  }
  auto after = store->read().stats();
  EXPECT_EQ(after.quads, before.quads);
  EXPECT_EQ(after.terms, before.terms);
  EXPECT_FALSE(store->read().lookup(Term::iri("http://a/new")).has_value());
}

TEST(BulkLoader, LenientLoadSkipsAndCounts) {
  test::TempStore store;
  auto txn = store->write();
  BulkLoader loader(txn);
  ReadOptions options;
  options.syntax = RdfSyntax::NTriples;
  options.lenient = true;
  auto read = loader.add_string(
      "<http://a/s> <http://a/p> \"1\" .\n<http://a/s> <http://a/p> bad .\n"
      "<http://a/s> <http://a/p> \"3\" .\n",
      "doc.nt", options);
  EXPECT_EQ(read.statements, 2u);
  EXPECT_EQ(read.skipped, 1u);
}

TEST(BulkLoader, ErrorsFoundAfterParsingNameTheirPlace) {
  test::TempStore store;
  auto txn = store->write();
  BulkLoader loader(txn);
  ReadOptions options;
  options.syntax = RdfSyntax::NTriples;
  try {
    loader.add_string(
        "<http://a/s> <http://a/p> \"1\" .\n<http://a/s> <http://a/p> \"\\uD800\" .\n", "doc.nt",
        options);
    FAIL() << "surrogate accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_NE(e.message().find("surrogate"), std::string::npos);
  }
}

TEST(BulkLoader, NonEmptyStoreTakesTheMergePath) {
  test::TempStore store;
  load(*store, {"<http://a/m> <http://a/p> 5 . <http://a/z> <http://a/p> 6 ."});
  load(*store, {"<http://a/a> <http://a/p> 4 . <http://a/m> <http://a/p> 5 . <http://a/y> "
                "<http://a/q> \"x\" ."});
  auto txn = store->read();
  EXPECT_EQ(txn.count(QuadPattern{}), 4u);
  EXPECT_EQ(test::check_consistency(txn), "");
}

TEST(BulkLoader, ReadsRdfXml) {
  test::TempStore store;
  auto txn = store->write();
  BulkLoader loader(txn);
  ReadOptions options;
  options.syntax = RdfSyntax::RdfXml;
  options.base_iri = "http://example.org/base/";
  auto read = loader.add_string(R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="lab">
    <ex:name xml:lang="fr">Laboratoire Abraham de Moivre</ex:name>
    <ex:member rdf:resource="http://example.org/people/craster"/>
  </rdf:Description>
</rdf:RDF>)",
                                "doc.rdf", options);
  EXPECT_EQ(read.statements, 2u);
  loader.finish();
  EXPECT_TRUE(txn.lookup(Term::lang_literal("Laboratoire Abraham de Moivre", "fr")).has_value());
  EXPECT_TRUE(txn.lookup(Term::iri("http://example.org/base/lab")).has_value());
}

TEST(BulkLoader, MalformedRdfXmlNamesThePlace) {
  test::TempStore store;
  auto txn = store->write();
  BulkLoader loader(txn);
  ReadOptions options;
  options.syntax = RdfSyntax::RdfXml;
  try {
    loader.add_string(
        "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"http://x/\">\n  </rdf:RDF>",
        "bad.rdf", options);
    FAIL() << "accepted malformed XML";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.file(), "bad.rdf");
    EXPECT_EQ(e.line(), 3u);
  }
}

// Loading into an empty store writes each key with all its values at once; more values than a
// batch of parsing holds, keys with one value and keys with thousands, in several graphs, must
// all arrive, each once, in every index.
TEST(BulkLoader, EmptyStoreTakesKeysWithAllTheirValuesAtOnce) {
  test::TempStore store;
  std::string trig;
  for (int i = 0; i < 40000; ++i) {
    trig += "<http://example.org/hub> <http://example.org/p" + std::to_string(i % 3) +
            "> <http://example.org/o" + std::to_string(i) + "> .\n";
    trig += "<http://example.org/s" + std::to_string(i) + "> <http://example.org/q> \"" +
            std::to_string(i) + "\" .\n";
  }
  trig +=
      "<http://example.org/g> { <http://example.org/hub> <http://example.org/p0> "
      "<http://example.org/o1> . }\n";
  trig += trig;  // every statement twice: each quad stored once
  ReadOptions options;
  options.syntax = RdfSyntax::TriG;
  {
    auto txn = store->write();
    BulkLoader loader(txn);
    loader.add_string(trig, "many.trig", options);
    EXPECT_EQ(loader.finish().quads_added, 80001u);
    txn.commit();
  }
  auto txn = store->read();
  auto report = check_store(txn);
  EXPECT_TRUE(report.consistent()) << report.problems.front();
  QuadPattern hub;
  hub.ids[S] = *txn.lookup(Term::iri("http://example.org/hub"));
  EXPECT_EQ(txn.count(hub), 40001u);
  hub.ids[G] = kDefaultGraph;
  EXPECT_EQ(txn.count(hub), 40000u);
}
