#include "graph/term.hpp"

#include <gtest/gtest.h>

#include "graph/error.hpp"

using namespace moivre::graph;

TEST(Term, EncodingRoundTripsEveryKind) {
  std::vector<Term> terms = {Term::iri("http://example.org/a"),
                             Term::blank("b0"),
                             Term::literal("plain"),
                             Term::lang_literal("chat", "fr"),
                             Term::typed_literal("42", "http://www.w3.org/2001/XMLSchema#integer"),
                             Term::literal(std::string("nul\0inside", 10)),
                             Term::literal("")};
  for (const auto& t : terms) EXPECT_EQ(decode_term(encode_term(t)), t) << t.to_ntriples();
}

TEST(Term, XsdStringIsASimpleLiteral) {
  EXPECT_EQ(Term::typed_literal("a", std::string(kXsdString)), Term::literal("a"));
  std::string direct;
  encode_literal("a", {}, kXsdString, direct);
  EXPECT_EQ(direct, encode_term(Term::literal("a")));
}

TEST(Term, LanguageTagsAreLowerCase) {
  EXPECT_EQ(Term::lang_literal("x", "en-GB").qualifier, "en-gb");
  std::string encoded;
  encode_literal("x", "EN-gb", {}, encoded);
  EXPECT_EQ(decode_term(encoded), Term::lang_literal("x", "en-gb"));
}

TEST(Term, DistinctTermsEncodeDistinctly) {
  EXPECT_NE(encode_term(Term::iri("x")), encode_term(Term::literal("x")));
  EXPECT_NE(encode_term(Term::lang_literal("x", "en")), encode_term(Term::literal("x")));
  EXPECT_NE(encode_term(Term::blank("x")), encode_term(Term::iri("x")));
}

TEST(Term, NTriplesEscapes) {
  EXPECT_EQ(Term::literal("a\"b\\c\nd").to_ntriples(), "\"a\\\"b\\\\c\\nd\"");
  EXPECT_EQ(Term::lang_literal("x", "en").to_ntriples(), "\"x\"@en");
  EXPECT_EQ(Term::iri("http://x/y").to_ntriples(), "<http://x/y>");
}

TEST(Term, MalformedEncodingIsReported) {
  EXPECT_THROW(decode_term(""), CorruptStore);
  EXPECT_THROW(decode_term(std::string(1, 4) + "no separator"), CorruptStore);
  EXPECT_THROW(decode_term(std::string(1, 9) + "x"), CorruptStore);
}
