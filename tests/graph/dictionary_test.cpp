// The dictionary through the store's public API: interning, lookups, long and Unicode terms.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "graph/error.hpp"
#include "graph/store.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
using namespace moivre::graph;

TEST(Dictionary, InternIsIdempotentAndLookupsAgree) {
  test::TempStore store;
  TermId a, b;
  {
    auto txn = store->write();
    a = txn.intern(Term::iri("http://example.org/a"));
    b = txn.intern(Term::literal("a"));
    EXPECT_EQ(txn.intern(Term::iri("http://example.org/a")), a);
    EXPECT_NE(a, b);
    txn.commit();
  }
  auto txn = store->read();
  EXPECT_EQ(txn.lookup(Term::iri("http://example.org/a")), a);
  EXPECT_EQ(txn.term(b), Term::literal("a"));
  EXPECT_FALSE(txn.lookup(Term::iri("http://example.org/missing")).has_value());
}

TEST(Dictionary, IdsCarryTheTermKind) {
  test::TempStore store;
  auto txn = store->write();
  EXPECT_EQ(id_kind(txn.intern(Term::iri("http://x"))), TermKind::Iri);
  EXPECT_EQ(id_kind(txn.intern(Term::blank("b"))), TermKind::Blank);
  EXPECT_EQ(id_kind(txn.intern(Term::lang_literal("x", "en"))), TermKind::LangLiteral);
  EXPECT_EQ(id_kind(txn.intern(Term::typed_literal("1", "http://t"))), TermKind::TypedLiteral);
}

TEST(Dictionary, HundredKilobyteLiteralRoundTrips) {
  test::TempStore store;
  std::string big(100 * 1024, 'x');
  for (size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('a' + i % 26);
  // Two long terms sharing a long prefix must stay distinct.
  std::string big2 = big;
  big2.back() = '!';
  TermId id, id2;
  {
    auto txn = store->write();
    id = txn.intern(Term::literal(big));
    id2 = txn.intern(Term::literal(big2));
    EXPECT_NE(id, id2);
    EXPECT_EQ(txn.intern(Term::literal(big)), id);
    txn.commit();
  }
  store.reopen();
  auto txn = store->read();
  EXPECT_EQ(txn.term(id).value, big);
  EXPECT_EQ(txn.lookup(Term::literal(big2)), id2);
  EXPECT_EQ(txn.lookup(Term::iri(big)), std::nullopt);
}

TEST(Dictionary, UnicodeRoundTripsByteExact) {
  test::TempStore store;
  std::vector<Term> terms = {
      Term::iri("http://example.org/Éléonore/λ/東京/\xF0\x9F\x98\x80"),
      Term::lang_literal("Centre national de la recherche scientifique — CNRS", "fr"),
      Term::literal("\xE2\x80\x8B zero width, \xF0\x9D\x84\x9E clef, Ω"),
  };
  std::vector<TermId> ids;
  {
    auto txn = store->write();
    for (const auto& t : terms) ids.push_back(txn.intern(t));
    txn.commit();
  }
  store.reopen();
  auto txn = store->read();
  for (size_t i = 0; i < terms.size(); ++i) {
    EXPECT_EQ(txn.term(ids[i]), terms[i]);
    EXPECT_EQ(txn.lookup(terms[i]), ids[i]);
  }
}

TEST(Dictionary, UnknownIdIsAnError) {
  test::TempStore store;
  auto txn = store->read();
  EXPECT_THROW(txn.term(make_id(TermKind::Iri, 12345)), CorruptStore);
}

// Many terms read in one walk (ReadTransaction::encoded_terms) equal those read one by one,
// whether the ids are next to each other, far apart, of different kinds, or repeated.
TEST(Dictionary, AscendingIdsReadInOneWalkEqualLookups) {
  test::TempStore store;
  std::vector<TermId> all;
  {
    auto txn = store->write();
    for (int i = 0; i < 3000; ++i) {
      all.push_back(txn.intern(Term::iri("http://x/" + std::to_string(i))));
      if (i % 3 == 0) all.push_back(txn.intern(Term::literal("l" + std::to_string(i))));
      if (i % 7 == 0) all.push_back(txn.intern(Term::lang_literal("t", "x" + std::to_string(i))));
    }
    txn.commit();
  }
  auto txn = store->read();
  std::mt19937 random(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<TermId> ids;
    for (TermId id : all) {
      if (random() % (round + 1) == 0) ids.push_back(id);
      if (random() % 10 == 0) ids.push_back(id);  // repeated
    }
    std::sort(ids.begin(), ids.end());
    std::vector<std::string> walked(ids.size());
    size_t visits = 0;
    txn.encoded_terms(ids, [&](size_t i, std::string_view bytes) {
      walked[i] = std::string(bytes);
      ++visits;
    });
    ASSERT_EQ(visits, ids.size());
    for (size_t i = 0; i < ids.size(); ++i) ASSERT_EQ(walked[i], txn.encoded_term(ids[i])) << i;
  }
  std::vector<TermId> with_unknown = {all.front(), all.back() + 1};
  EXPECT_THROW(txn.encoded_terms(with_unknown, [](size_t, std::string_view) {}), CorruptStore);
}
