#include "graph/iri.hpp"

#include <gtest/gtest.h>

using namespace moivre::graph;

// RFC 3986 section 5.4 examples, base http://a/b/c/d;p?q
TEST(Iri, ResolvesTheRfcExamples) {
  const std::string base = "http://a/b/c/d;p?q";
  std::vector<std::pair<std::string, std::string>> cases = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../..", "http://a/"},
      {"../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {"./g/.", "http://a/b/c/g/"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
  };
  for (const auto& [ref, expected] : cases) EXPECT_EQ(resolve_iri(base, ref), expected) << ref;
}

TEST(Iri, DetectsSchemes) {
  EXPECT_TRUE(has_scheme("http://x"));
  EXPECT_TRUE(has_scheme("urn:isbn:1"));
  EXPECT_FALSE(has_scheme("a/b:c"));
  EXPECT_FALSE(has_scheme("#frag"));
  EXPECT_FALSE(has_scheme(""));
}
