// SPARQL results in JSON, written in pieces (SelectWriter): every row of a long answer arrives
// whole and escaped, the stream gets its text as the rows come, and the terms a query reads are
// kept within a bound however many distinct ones it returns.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <sstream>

#include "query/results.hpp"
#include "query/solution.hpp"
#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
namespace query = moivre::query;

namespace {

// Values that need escaping, longer than the 16 bytes RapidJSON copies at a time, with the
// escaped character at every offset within such a block.
std::string tricky_value(int i) {
  static const std::string kSpecial[] = {"\\\"", "\\\\",     "\\n",
                                         "\\t",  "\xC3\xA9", "\xF0\x9F\x98\x80"};
  std::string v = "value " + std::to_string(i) + " ";
  v += std::string(i % 17, 'x');
  v += kSpecial[i % 6];
  v += std::string(20, 'y');
  return v;
}
std::string unescaped(const std::string& turtle) {
  std::string out;
  for (size_t i = 0; i < turtle.size(); ++i) {
    if (turtle[i] != '\\') {
      out += turtle[i];
      continue;
    }
    char c = turtle[++i];
    out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
  }
  return out;
}

}  // namespace

TEST(ResultsJson, ALongAnswerArrivesWholeAndEscaped) {
  constexpr int kRows = 5000;
  std::string data = "@prefix : <http://example.org/> .\n";
  for (int i = 0; i < kRows; ++i) {
    data += ":s" + std::to_string(100000 + i) + " :v \"" + tricky_value(i) + "\"";
    if (i % 3 == 0) data += "@en";
    data += " .\n";
    if (i % 2 == 0) data += ":s" + std::to_string(100000 + i) + " :n " + std::to_string(i) + " .\n";
  }
  QueryRunner db(data);
  std::string text =
      "SELECT ?s ?v ?n { ?s <http://example.org/v> ?v OPTIONAL { ?s <http://example.org/n> ?n } }"
      " ORDER BY ?s";
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = db.store().read();
  query::Execution execution(txn, algebra);
  std::ostringstream out;
  ASSERT_EQ(query::write_select(execution, query::ResultFormat::Json, out), size_t{kRows});
  std::string json = out.str();
  ASSERT_GE(json.size(), 2u);
  EXPECT_EQ(json.substr(json.size() - 2), "}\n");

  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  ASSERT_FALSE(doc.HasParseError()) << "at byte " << doc.GetErrorOffset();
  const auto& rows = doc["results"]["bindings"];
  ASSERT_EQ(rows.Size(), static_cast<rapidjson::SizeType>(kRows));
  for (int i = 0; i < kRows; ++i) {
    const auto& row = rows[i];
    SCOPED_TRACE("row " + std::to_string(i));
    EXPECT_STREQ(row["s"]["type"].GetString(), "uri");
    EXPECT_EQ(std::string(row["s"]["value"].GetString()),
              "http://example.org/s" + std::to_string(100000 + i));
    const auto& v = row["v"];
    EXPECT_EQ(std::string(v["value"].GetString(), v["value"].GetStringLength()),
              unescaped(tricky_value(i)));
    EXPECT_EQ(v.HasMember("xml:lang"), i % 3 == 0);
    EXPECT_EQ(row.HasMember("n"), i % 2 == 0);
    if (i % 2 == 0) {
      EXPECT_EQ(std::string(row["n"]["value"].GetString()), std::to_string(i));
      EXPECT_STREQ(row["n"]["datatype"].GetString(), "http://www.w3.org/2001/XMLSchema#integer");
    }
  }
}

TEST(ResultsJson, TheStreamGetsTheTextAsRowsCome) {
  std::string data = "@prefix : <http://example.org/> .\n";
  for (int i = 0; i < 3000; ++i)
    data += ":s" + std::to_string(i) + " :p " + std::to_string(i) + " .\n";
  QueryRunner db(data);
  std::string text = "SELECT ?s ?o { ?s <http://example.org/p> ?o }";
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = db.store().read();
  query::Execution execution(txn, algebra);
  std::ostringstream out;
  query::SelectWriter writer(query::ResultFormat::Json, execution.variables(), out);
  query::TermRow row;
  std::vector<size_t> sent;
  while (execution.next(row)) {
    writer.row(row);
    sent.push_back(out.str().size());
  }
  writer.finish();
  size_t total = out.str().size();
  ASSERT_EQ(sent.size(), 3000u);
  // Over 3,000 rows of ~100 bytes the stream got text many times, never more than 16 KiB and a
  // row behind what the writer had made.
  EXPECT_GT(sent[sent.size() / 2], 0u);
  size_t grew = 0;
  for (size_t i = 1; i < sent.size(); ++i) grew += sent[i] > sent[i - 1];
  EXPECT_GE(grew, total / (16 * 1024) - 1);
  EXPECT_GE(sent.back() + 16 * 1024 + 200, total);
}

TEST(QueryTerms, ManyDistinctTermsAreReadRightAndKeptWithinTheBound) {
  constexpr size_t kTerms = 2 * query::QueryTerms::kCachedTerms + 1000;
  std::string data = "@prefix : <http://example.org/> .\n";
  for (size_t i = 0; i < kTerms; ++i) data += ":s" + std::to_string(i) + " :p :o .\n";
  QueryRunner db(data);
  auto txn = db.store().read();
  std::vector<moivre::graph::TermId> ids;
  for (size_t i = 0; i < kTerms; ++i)
    ids.push_back(
        *txn.lookup(moivre::graph::Term::iri("http://example.org/s" + std::to_string(i))));

  query::QueryTerms terms(txn);
  const moivre::graph::Term& first = terms.term(ids[0]);
  for (size_t i = 0; i < kTerms; ++i) {
    const moivre::graph::Term& t = terms.term(ids[i]);
    ASSERT_EQ(t.value, "http://example.org/s" + std::to_string(i));
    // A reference stays valid while fewer than kCachedTerms other terms are read (under
    // AddressSanitizer a freed one would be reported here).
    if (i < query::QueryTerms::kCachedTerms) {
      ASSERT_EQ(first.value, "http://example.org/s0");
    }
    // A term read again, also after its generation was dropped, is the same.
    if (i % 1000 == 999)
      ASSERT_EQ(terms.term(ids[i / 2]).value, "http://example.org/s" + std::to_string(i / 2));
  }
  EXPECT_LE(terms.cached_store_terms(), 2 * query::QueryTerms::kCachedTerms);
}
