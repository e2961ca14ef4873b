// The table for people (write_select, ResultFormat::Table): its first 1,000 rows size the
// columns and the rest stream out, so that a long answer is written whole without being held.
#include <gtest/gtest.h>

#include <sstream>

#include "query/display_width.hpp"
#include "query/results.hpp"
#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
namespace query = moivre::query;

TEST(ResultsTable, ALongAnswerStreamsPastTheRowsThatSizeItsColumns) {
  std::string data = "@prefix : <http://example.org/> .\n";
  for (int i = 0; i < 1500; ++i) {
    std::string name = i == 1200 ? std::string(80, 'w') : "n" + std::to_string(i);
    data += ":s" + std::to_string(10000 + i) + " :name \"" + name + "\" .\n";
  }
  QueryRunner db(data);
  std::string text = "SELECT ?s ?name { ?s <http://example.org/name> ?name } ORDER BY ?s";
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = db.store().read();
  query::Execution execution(txn, algebra);
  std::ostringstream out;
  EXPECT_EQ(query::write_select(execution, query::ResultFormat::Table, out), 1500u);

  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  // Rule, header, rule, 1,500 rows, rule, count.
  ASSERT_EQ(lines.size(), 1505u);
  EXPECT_EQ(lines.back(), "1500 rows");
  size_t width = query::display_width(lines[0]);
  for (size_t i = 0; i < 1504; ++i)
    if (i != 3 + 1200) EXPECT_EQ(query::display_width(lines[i]), width) << "line " << i;
  // Row 1,200 came after the sizing rows: its wide cell is written whole, past its column.
  EXPECT_NE(lines[3 + 1200].find(std::string(80, 'w')), std::string::npos);
  EXPECT_GT(query::display_width(lines[3 + 1200]), width);
}
