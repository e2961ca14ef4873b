// The dictionary through the store's public API: interning, lookups, long and Unicode terms.
#include <gtest/gtest.h>

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
