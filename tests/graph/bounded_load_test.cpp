// The bulk loader past its memory budget and on several threads: what it stores must not depend
// on how the documents were cut, numbered in runs or spilled to scratch files.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "graph/bulk_loader.hpp"
#include "graph/error.hpp"
#include "support/consistency.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

namespace {

// A budget so small that every few hundred statements make a run and every buffer of quads is
// sorted to a scratch file; pieces of a few lines.
LoadOptions tiny() {
  LoadOptions options;
  options.memory = 256 << 10;
  options.chunk_bytes = 701;
  options.threads = 3;
  return options;
}

ReadOptions syntax(RdfSyntax s) {
  ReadOptions options;
  options.syntax = s;
  return options;
}

// N-Quads with repeats, blank nodes used across lines far apart, literals of every kind, one
// long enough for the hashed term index, and named graphs.
std::string sample_document(int statements) {
  std::string doc;
  std::string long_literal(700, 'x');
  for (int i = 0; i < statements; ++i) {
    std::string s = "<http://example.org/s" + std::to_string(i % 997) + ">";
    std::string g = i % 5 == 0 ? " <http://example.org/g" + std::to_string(i % 3) + ">" : "";
    switch (i % 6) {
      case 0:
        doc += s + " <http://example.org/p> \"" + std::to_string(i) + "\"" + g + " .\n";
        break;
      case 1:
        doc += s + " <http://example.org/q> _:b" + std::to_string(i % 13) + g + " .\n";
        break;
      case 2:
        doc += "_:b" + std::to_string(i % 13) + " <http://example.org/r> \"v\"@en-GB" + g + " .\n";
        break;
      case 3:
        doc += s + " <http://example.org/n> \"" + std::to_string(i % 50) +
               "\"^^<http://www.w3.org/2001/XMLSchema#integer>" + g + " .\n";
        break;
      case 4:
        doc += s + " <http://example.org/long> \"" + long_literal + std::to_string(i % 7) + "\"" +
               g + " .\n";
        break;
      default:
        doc += s + " <http://example.org/p> \"" + std::to_string(i - 5) + "\"" + g + " .\n";
    }
  }
  return doc;
}

// The store's quads as text, blank nodes included (their labels follow from the documents).
std::set<std::string> contents(Store& store) {
  auto txn = store.read();
  std::set<std::string> out;
  Quad q;
  for (auto scan = txn.scan(QuadPattern{}); scan.next(q);) {
    std::string line;
    for (int k = 0; k < 4; ++k)
      line += (k == G && q.g() == kDefaultGraph ? std::string("default")
                                                : txn.term(q.ids[k]).to_ntriples()) +
              " ";
    out.insert(line);
  }
  return out;
}

bool has_scratch(const std::filesystem::path& store_dir) {
  for (const auto& entry : std::filesystem::directory_iterator(store_dir))
    if (entry.path().filename().string().starts_with(".load-scratch-")) return true;
  return false;
}

LoadSummary load(Store& store, const std::vector<std::string>& documents, LoadOptions options,
                 RdfSyntax s = RdfSyntax::NQuads) {
  auto txn = store.write();
  BulkLoader loader(txn, {}, options);
  for (size_t i = 0; i < documents.size(); ++i)
    loader.add_string(documents[i], "doc" + std::to_string(i), syntax(s));
  auto summary = loader.finish();
  txn.commit();
  return summary;
}

}  // namespace

TEST(BoundedLoad, SpilledLoadStoresWhatAnInMemoryLoadStores) {
  std::string doc = sample_document(6000);
  test::TempStore reference, spilled;
  auto expected = load(*reference, {doc, doc}, LoadOptions{});
  auto summary = load(*spilled, {doc, doc}, tiny());
  EXPECT_EQ(summary.statements, 12000u);
  EXPECT_EQ(summary.quads_added, expected.quads_added);
  EXPECT_EQ(summary.terms_added, expected.terms_added);
  EXPECT_EQ(contents(*spilled), contents(*reference));
  // Two documents: their blank nodes are different nodes, 13 each.
  auto txn = spilled->read();
  EXPECT_EQ(test::check_consistency(txn), "");
  EXPECT_FALSE(has_scratch(spilled.dir.path() / "db"));
}

TEST(BoundedLoad, ScratchFilesAreUsedPastTheBudgetAndRemovedAfter) {
  test::TempStore store;
  auto txn = store->write();
  {
    BulkLoader loader(txn, {}, tiny());
    // Large enough that the runs sealed exceed the budget however the pieces fall to the three
    // workers (each holds up to a ninth of the budget unsealed): with 4000 statements an even
    // spread on a busy machine once left too little sealed to spill.
    loader.add_string(sample_document(12000), "doc.nq", syntax(RdfSyntax::NQuads));
    EXPECT_TRUE(has_scratch(store.dir.path() / "db"));
    loader.finish();
  }
  EXPECT_FALSE(has_scratch(store.dir.path() / "db"));
  txn.commit();
}

TEST(BoundedLoad, BlankNodesKeepTheirIdentityAcrossPieces) {
  test::TempStore store;
  std::string doc = "_:x <http://example.org/p> \"first\" .\n";
  for (int i = 0; i < 500; ++i)
    doc += "<http://example.org/s" + std::to_string(i) + "> <http://example.org/p> \"" +
           std::to_string(i) + "\" .\n";
  doc += "_:x <http://example.org/p> \"last\" .\n";
  load(*store, {doc}, tiny(), RdfSyntax::NTriples);
  auto txn = store->read();
  QuadPattern first;
  first.ids[O] = *txn.lookup(Term::literal("first"));
  Quad a, b;
  ASSERT_TRUE(txn.scan(first).next(a));
  QuadPattern last;
  last.ids[O] = *txn.lookup(Term::literal("last"));
  ASSERT_TRUE(txn.scan(last).next(b));
  EXPECT_EQ(a.s(), b.s());
  EXPECT_EQ(id_kind(a.s()), TermKind::Blank);
}

TEST(BoundedLoad, AnErrorNamesItsLineInTheWholeDocument) {
  test::TempStore store;
  std::string doc;
  for (int line = 1; line <= 600; ++line)
    doc += line == 321 || line == 555 ? "<http://example.org/s> <http://example.org/p> oops .\n"
                                      : "<http://example.org/s> <http://example.org/p> \"" +
                                            std::to_string(line) + "\" .\n";
  for (unsigned threads : {1u, 4u}) {
    auto options = tiny();
    options.threads = threads;
    auto txn = store->write();
    BulkLoader loader(txn, {}, options);
    try {
      loader.add_string(doc, "big.nt", syntax(RdfSyntax::NTriples));
      FAIL() << "malformed document accepted";
    } catch (const SyntaxError& e) {
      EXPECT_EQ(e.file(), "big.nt");
      EXPECT_EQ(e.line(), 321u) << "threads " << threads;
      EXPECT_EQ(e.column(), 47u);
    }
  }
}

TEST(BoundedLoad, AFailedLoadLeavesNoScratchAndNoChange) {
  test::TempStore store;
  load(*store, {sample_document(100)}, LoadOptions{});
  auto before = contents(*store);
  std::string bad =
      sample_document(5000) + "<http://example.org/s> <http://example.org/p> oops .\n";
  {
    auto txn = store->write();
    BulkLoader loader(txn, {}, tiny());
    loader.add_string(sample_document(3000), "good.nq", syntax(RdfSyntax::NQuads));
    EXPECT_THROW(loader.add_string(bad, "bad.nq", syntax(RdfSyntax::NQuads)), SyntaxError);
  }
  EXPECT_FALSE(has_scratch(store.dir.path() / "db"));
  EXPECT_EQ(contents(*store), before);
}

TEST(BoundedLoad, LoadsIntoAFilledStoreWithinTheBudget) {
  std::string first = sample_document(3000), second = sample_document(7000);
  test::TempStore reference, spilled;
  load(*reference, {first}, LoadOptions{});
  load(*reference, {second}, LoadOptions{});
  load(*spilled, {first}, tiny());
  auto summary = load(*spilled, {second}, tiny());
  EXPECT_GT(summary.quads_added, 0u);
  EXPECT_EQ(contents(*spilled), contents(*reference));
  EXPECT_EQ(test::check_consistency(spilled->read()), "");
}

TEST(BoundedLoad, TurtleIsNumberedOnTheWorkerThreads) {
  std::string ttl = "@prefix ex: <http://example.org/> .\n";
  for (int i = 0; i < 35000; ++i)
    ttl += "ex:s" + std::to_string(i % 1000) + " ex:p " + std::to_string(i) + " ; ex:q [ ex:r " +
           std::to_string(i % 3) + " ] .\n";
  test::TempStore reference, spilled;
  auto expected = load(*reference, {ttl}, LoadOptions{}, RdfSyntax::Turtle);
  auto summary = load(*spilled, {ttl}, tiny(), RdfSyntax::Turtle);
  EXPECT_EQ(summary.statements, 105000u);
  EXPECT_EQ(summary.quads_added, expected.quads_added);
  EXPECT_EQ(contents(*spilled), contents(*reference));
}
