// The name search's words and index: folding, prefixes, ranking, and the index kept in the same
// transaction as the dictionary (bulk loads and single inserts alike).
#include <gtest/gtest.h>

#include "graph/graph.hpp"
#include "graph/text_tokens.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using graph::Term;
using Words = std::vector<std::string>;

TEST(TextTokens, FoldCaseAndAccentsAndSplitAtPunctuation) {
  EXPECT_EQ(graph::text_tokens("Marc-Emmanuel Dumas"), (Words{"marc", "emmanuel", "dumas"}));
  EXPECT_EQ(graph::text_tokens("Institut de Mathématiques"),
            (Words{"institut", "de", "mathematiques"}));
  EXPECT_EQ(graph::text_tokens("ÉCOLE Normale Supérieure"),
            (Words{"ecole", "normale", "superieure"}));
  EXPECT_EQ(graph::text_tokens("Ｆｕｌｌ ﬁeld Straße"), (Words{"full", "field", "straße"}));
  EXPECT_EQ(graph::text_tokens("Ελληνικά 東京 2026"), (Words{"ελληνικα", "東京", "2026"}));
  EXPECT_EQ(graph::text_tokens("  ...,;  "), Words{});
  EXPECT_EQ(graph::text_tokens(""), Words{});
  // Long words are cut at a character boundary.
  std::string long_word;
  for (int i = 0; i < 40; ++i) long_word += "é";
  auto cut = graph::text_tokens(long_word);
  ASSERT_EQ(cut.size(), 1u);
  EXPECT_LE(cut[0].size(), graph::kMaxTokenBytes);
  EXPECT_EQ(cut[0], std::string(cut[0].size(), 'e'));
  // Bytes that are not UTF-8 do not stop it.
  EXPECT_NO_THROW(graph::text_tokens("a\xff\xfe b"));
}

namespace {

class TextIndex : public ::testing::Test {
 protected:
  void bulk(const std::string& turtle) {
    auto txn = store_->write();
    graph::BulkLoader loader(txn);
    graph::ReadOptions read;
    read.syntax = graph::RdfSyntax::Turtle;
    loader.add_string("@prefix : <http://example.org/> .\n" + turtle, "data.ttl", read);
    loader.finish();
    txn.commit();
  }
  // The lexical forms found, best first.
  Words found(const std::string& query, bool prefix = true) {
    auto txn = store_->read();
    graph::TextSearchOptions options;
    options.prefix = prefix;
    Words out;
    for (const auto& match : txn.text_search(query, options))
      out.push_back(txn.term(match.literal).value);
    return out;
  }
  test::TempStore store_;
};

}  // namespace

TEST_F(TextIndex, BulkLoadIndexesStringLiteralsOnly) {
  bulk(R"(:a :name "Boris Pioline" . :b :name "Pierre Degond"@fr . :c :count 42 .
          :d :when "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .
          :e :name "Pioline"^^<http://www.w3.org/2001/XMLSchema#string> .)");
  EXPECT_EQ(found("pioline"), (Words{"Pioline", "Boris Pioline"}));  // the exact one first
  EXPECT_EQ(found("DEGOND"), (Words{"Pierre Degond"}));
  EXPECT_EQ(found("42"), Words{});
  EXPECT_EQ(found("2020"), Words{});
  EXPECT_EQ(found("?!"), Words{});
}

TEST_F(TextIndex, EveryWordMustMatchAndTheLastMayBeAPrefix) {
  bulk(R"(:a :name "Imperial College London" . :b :name "University College London" .
          :c :name "Imperial War Museum" .)");
  EXPECT_EQ(found("college london imperial"), (Words{"Imperial College London"}));
  auto typed = found("imperial col");
  EXPECT_EQ(typed, (Words{"Imperial College London"}));
  EXPECT_EQ(found("imperial col", false), Words{});
  EXPECT_EQ(found("college").size(), 2u);
  EXPECT_EQ(found("college museum"), Words{});
  auto london = found("univ");
  EXPECT_EQ(london, (Words{"University College London"}));
}

TEST_F(TextIndex, RanksExactThenStartThenRarerWordsAndShorterTexts) {
  bulk(R"(:a :name "Quantum Fields and Strings International Research Network" .
          :b :name "quantum gravity" . :c :name "Quantum" . :d :name "the quantum era" .)");
  auto order = found("quantum");
  ASSERT_EQ(order.size(), 4u);
  EXPECT_EQ(order[0], "Quantum");          // exact
  EXPECT_EQ(order[1], "quantum gravity");  // starts with it, shorter
  EXPECT_EQ(order[3], "the quantum era");  // does not start with it
}

TEST_F(TextIndex, SingleInsertsAreIndexedInTheirTransaction) {
  {
    auto txn = store_->write();
    graph::Quad q{{txn.intern(Term::iri("http://example.org/a")),
                   txn.intern(Term::iri("http://example.org/name")),
                   txn.intern(Term::lang_literal("École polytechnique", "fr")),
                   graph::kDefaultGraph}};
    txn.insert(q);
    // The writer sees it before commit; readers do not.
    EXPECT_EQ(txn.text_search("ecole").size(), 1u);
    EXPECT_EQ(found("ecole"), Words{});
    txn.commit();
  }
  EXPECT_EQ(found("ecole"), (Words{"École polytechnique"}));
  {
    auto txn = store_->write();
    txn.intern(Term::literal("Aborted Name"));
    txn.abort();
  }
  EXPECT_EQ(found("aborted"), Words{});
  // A later bulk load adds to the same index.
  bulk(R"(:b :name "Polytechnique Montréal" .)");
  EXPECT_EQ(found("polytechnique").size(), 2u);
  EXPECT_EQ(found("montreal"), (Words{"Polytechnique Montréal"}));
}

TEST_F(TextIndex, StatisticsSizeTheIndex) {
  bulk(R"(:a :name "one two three" .)");
  auto stats = store_->read().stats();
  EXPECT_EQ(stats.text.entries, 3u);
  EXPECT_GT(stats.text.bytes, 0u);
}

TEST_F(TextIndex, RebuildGivesTheSameAnswers) {
  bulk(R"(:a :name "Boris Pioline" . :b :name "Pierre Degond"@fr . :c :name "Pierre" . :d :n 5 .)");
  auto before = found("pierre");
  auto entries = store_->read().stats().text.entries;
  {
    auto txn = store_->write();
    EXPECT_EQ(txn.rebuild_text_index(), 3u);
    txn.commit();
  }
  EXPECT_EQ(found("pierre"), before);
  EXPECT_EQ(found("pio"), (Words{"Boris Pioline"}));
  EXPECT_EQ(store_->read().stats().text.entries, entries);
}
