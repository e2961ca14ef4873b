// Display widths for the command line's tables: accents, combining marks, wide characters.
#include "query/display_width.hpp"

#include <gtest/gtest.h>

using moivre::query::display_width;
using moivre::query::fit_width;
using moivre::query::pad_to_width;

TEST(DisplayWidth, CountsColumnsNotBytes) {
  EXPECT_EQ(display_width("Imperial"), 8u);
  EXPECT_EQ(display_width("Mathématiques"), 13u);
  EXPECT_EQ(display_width("Mathe\u0301matiques"), 13u);  // e + combining acute
  EXPECT_EQ(display_width("東京"), 4u);
  EXPECT_EQ(display_width("a\xff"), 2u);  // a byte that is not UTF-8 counts one
  EXPECT_EQ(display_width(""), 0u);
}

TEST(DisplayWidth, FitsWholeCharactersAndPads) {
  EXPECT_EQ(fit_width("Théorique", 3), "Thé");
  EXPECT_EQ(fit_width("東京", 3), "東");
  EXPECT_EQ(pad_to_width("é", 3), "é  ");
  EXPECT_EQ(pad_to_width("東京都", 5), "東京 ");
  EXPECT_EQ(display_width(pad_to_width("Génomique fonctionnelle", 10)), 10u);
}
