// The W3C runners' result comparison can fail: blank nodes must correspond one to one, numbers
// must have the same exact value and datatype, and the columns must be the same.
#include "support/result_set.hpp"

#include <gtest/gtest.h>

using moivre::graph::Term;
using moivre::test::ResultSet;
using moivre::test::same_results;

namespace {

const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

ResultSet rows(std::vector<std::string> vars, std::vector<std::vector<std::optional<Term>>> rows) {
  ResultSet rs;
  rs.variables = std::move(vars);
  rs.rows = std::move(rows);
  return rs;
}

}  // namespace

TEST(ResultComparison, BlankNodesCorrespondOneToOne) {
  auto b = [](const char* label) { return std::optional<Term>(Term::blank(label)); };
  auto same = rows({"x", "y"}, {{b("a"), b("a")}, {b("c"), b("d")}});
  auto renamed = rows({"x", "y"}, {{b("p"), b("p")}, {b("q"), b("r")}});
  auto split = rows({"x", "y"}, {{b("p"), b("q")}, {b("r"), b("s")}});
  auto merged = rows({"x", "y"}, {{b("p"), b("p")}, {b("p"), b("q")}});
  EXPECT_TRUE(same_results(same, renamed, false, nullptr));
  EXPECT_FALSE(same_results(same, split, false, nullptr));
  EXPECT_FALSE(same_results(same, merged, false, nullptr));
}

TEST(ResultComparison, NumbersByExactValueAndDatatype) {
  auto n = [](const char* v, const char* type) {
    return std::optional<Term>(Term::typed_literal(v, kXsd + type));
  };
  auto expected = rows({"x"}, {{n("6.0", "decimal")}});
  EXPECT_TRUE(same_results(expected, rows({"x"}, {{n("6", "decimal")}}), false, nullptr));
  EXPECT_TRUE(same_results(expected, rows({"x"}, {{n("+006.000", "decimal")}}), false, nullptr));
  EXPECT_FALSE(same_results(expected, rows({"x"}, {{n("6", "integer")}}), false, nullptr));
  EXPECT_FALSE(
      same_results(expected, rows({"x"}, {{n("6.0000000000000001", "decimal")}}), false, nullptr));
  auto big = rows({"x"}, {{n("9223372036854775808", "integer")}});
  EXPECT_FALSE(
      same_results(big, rows({"x"}, {{n("9223372036854775807", "integer")}}), false, nullptr));
  EXPECT_TRUE(same_results(rows({"x"}, {{n("1E0", "double")}}), rows({"x"}, {{n("1.0", "double")}}),
                           false, nullptr));
  EXPECT_FALSE(same_results(rows({"x"}, {{n("0.1", "double")}}),
                            rows({"x"}, {{n("0.1000000000000001", "double")}}), false, nullptr));
}

TEST(ResultComparison, ColumnsMustBeTheSame) {
  auto one = std::optional<Term>(Term::literal("1"));
  EXPECT_FALSE(
      same_results(rows({"x"}, {{one}}), rows({"x", "y"}, {{one, std::nullopt}}), false, nullptr));
  EXPECT_TRUE(same_results(rows({"x", "y"}, {{one, std::nullopt}}),
                           rows({"y", "x"}, {{std::nullopt, one}}), false, nullptr));
}

TEST(ResultComparison, OrderCountsWhenOrdered) {
  auto a = std::optional<Term>(Term::literal("a")), b = std::optional<Term>(Term::literal("b"));
  EXPECT_TRUE(same_results(rows({"x"}, {{a}, {b}}), rows({"x"}, {{b}, {a}}), false, nullptr));
  EXPECT_FALSE(same_results(rows({"x"}, {{a}, {b}}), rows({"x"}, {{b}, {a}}), true, nullptr));
}
