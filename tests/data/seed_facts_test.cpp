// Nothing in data/partnership.ttl goes beyond the source text: every statement there is in the
// list of the text's facts (tests/data/seed_facts.trig), each fact with the words of the text
// that state it, and every quoted passage is in the text. Our own modelling (types, labels and
// descriptions for people, the fields' scheme and hierarchy) is left out of the comparison.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "query/algebra.hpp"
#include "query/executor.hpp"
#include "query/parser.hpp"
#include "support/files.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

const fs::path kSource = fs::path(MOIVRE_SOURCE_DIR);
const std::string kBase = "https://id.moivre.org/";

// Statements that are our modelling, not facts of the text.
const std::set<std::string> kOurModelling = {
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "<http://www.w3.org/2000/01/rdf-schema#label>",
    "<http://www.w3.org/2000/01/rdf-schema#comment>",
    "<http://purl.org/dc/terms/description>",
    "<http://www.w3.org/2004/02/skos/core#inScheme>",
    "<http://www.w3.org/2004/02/skos/core#broader>",
};

void load(graph::Store& store, const std::string& text, const std::string& name,
          graph::RdfSyntax syntax) {
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  graph::ReadOptions options;
  options.syntax = syntax;
  options.base_iri = kBase;
  loader.add_string(text, name, options);
  loader.finish();
  txn.commit();
}

std::vector<query::TermRow> select(graph::Store& store, const std::string& text) {
  auto algebra = query::algebra::translate(query::parse_query(text), text);
  auto txn = store.read();
  query::Execution execution(txn, algebra);
  std::vector<query::TermRow> rows;
  query::TermRow row;
  while (execution.next(row)) rows.push_back(row);
  return rows;
}

// Statements as "S P O" lines in N-Triples terms. A blank node's statements are written from the
// IRI that holds it, "S P1/P2 O" (the years of an interval), so that the data and the list,
// whose blank nodes differ, compare; the statement to the blank node itself is left out.
// Keyed by the named graph (empty: the default graph).
std::map<std::string, std::set<std::string>> statements(graph::Store& store, bool in_graphs) {
  std::string open = in_graphs ? "GRAPH ?g {" : "";
  std::string close = in_graphs ? "}" : "";
  std::string text =
      "SELECT ?g ?s ?p ?q ?o WHERE { " + open +
      " { ?s ?p ?o FILTER (!isBlank(?s) && !isBlank(?o)) } UNION"
      " { ?s ?p ?b . ?b ?q ?o FILTER (isBlank(?b) && !isBlank(?s) && !isBlank(?o)) } " +
      close + " }";
  std::map<std::string, std::set<std::string>> out;
  for (const auto& row : select(store, text)) {
    const std::string& last = row[3] ? row[3]->to_ntriples() : row[2]->to_ntriples();
    if (kOurModelling.count(last)) continue;
    std::string predicate = row[2]->to_ntriples() + (row[3] ? "/" + row[3]->to_ntriples() : "");
    out[row[0] ? row[0]->to_ntriples() : ""].insert(row[1]->to_ntriples() + " " + predicate + " " +
                                                    row[4]->to_ntriples());
  }
  return out;
}

// The text with every run of white space as one space; the text's no-break spaces (U+00A0,
// U+202F) count as spaces, so that a quote is typed with plain ones.
std::string squeezed(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    bool space = text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t';
    if (text.compare(i, 2, "\xC2\xA0") == 0) {
      space = true;
      i += 1;
    } else if (text.compare(i, 3, "\xE2\x80\xAF") == 0) {
      space = true;
      i += 2;
    }
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : text[i];
  }
  return out;
}

// What is wrong between the data, the list of facts and the text, one line per problem; none
// when they agree.
std::vector<std::string> problems(const std::string& data, const std::string& facts,
                                  const std::string& seed_text) {
  test::TempStore data_store, facts_store;
  load(*data_store, data, "partnership.ttl", graph::RdfSyntax::Turtle);
  load(*facts_store, facts, "seed_facts.trig", graph::RdfSyntax::TriG);
  std::set<std::string> in_data = statements(*data_store, false)[""];
  auto listed = statements(*facts_store, true);

  std::map<std::string, std::vector<std::string>> quotes;
  for (const auto& row : select(*facts_store,
                                "SELECT ?fact ?quote { ?fact <https://moivre.test/seed#quote> "
                                "?quote }"))
    quotes[row[0]->to_ntriples()].push_back(row[1]->value);

  std::vector<std::string> out;
  const std::string text = squeezed(seed_text);
  std::set<std::string> all_listed;
  for (const auto& [fact, lines] : listed) {
    if (quotes[fact].empty()) out.push_back(fact + " quotes nothing");
    for (const auto& line : lines) {
      all_listed.insert(line);
      if (!in_data.count(line)) out.push_back(fact + " lists what the data lacks: " + line);
    }
  }
  for (const auto& [fact, said] : quotes)
    for (const auto& quote : said)
      if (text.find(squeezed(quote)) == std::string::npos)
        out.push_back(fact + " quotes what the text does not say: \"" + quote + "\"");
  for (const auto& line : in_data)
    if (!all_listed.count(line)) out.push_back("no words of the text for: " + line);
  return out;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& line : lines) out += line + "\n";
  return out;
}

class SeedFacts : public ::testing::Test {
 protected:
  std::string data_ = test::read_text(kSource / "data" / "partnership.ttl");
  std::string facts_ = test::read_text(kSource / "tests" / "data" / "seed_facts.trig");
  std::string seed_ =
      test::read_text(kSource / ".." / "shared" / "seed" / "imperial-cnrs-partnership.txt");
};

}  // namespace

TEST_F(SeedFacts, EveryStatementOfTheTextsFileIsSaidByTheText) {
  ASSERT_FALSE(seed_.empty()) << "shared/seed is missing beside the repository";
  auto found = problems(data_, facts_, seed_);
  EXPECT_TRUE(found.empty()) << joined(found);
}

// The check fails on each kind of drift: a statement the text does not make, a listed fact the
// data no longer has, a quote that is not in the text, a fact without a quote.
TEST_F(SeedFacts, TheCheckFindsEachKindOfDrift) {
  const std::string unsaid =
      "<https://id.moivre.org/org/cnrs> <http://schema.org/foundingDate> \"1939\" .\n";
  EXPECT_EQ(joined(problems(data_ + unsaid, facts_, seed_)),
            "no words of the text for: <https://id.moivre.org/org/cnrs> "
            "<http://schema.org/foundingDate> \"1939\"\n");

  const std::string stale =
      "<test/seed-fact/stale> { <org/cnrs> <http://schema.org/foundingDate> \"1939\" . }\n"
      "<test/seed-fact/stale> <https://moivre.test/seed#quote> \"CNRS\" .\n";
  EXPECT_EQ(joined(problems(data_, facts_ + stale, seed_)),
            "<https://id.moivre.org/test/seed-fact/stale> lists what the data lacks: "
            "<https://id.moivre.org/org/cnrs> <http://schema.org/foundingDate> \"1939\"\n");

  const std::string misquoted =
      "<test/seed-fact/irl> <https://moivre.test/seed#quote> \"the first British laboratory\" .\n";
  EXPECT_EQ(joined(problems(data_, facts_ + misquoted, seed_)),
            "<https://id.moivre.org/test/seed-fact/irl> quotes what the text does not say: "
            "\"the first British laboratory\"\n");

  const std::string unquoted =
      "<test/seed-fact/bare> { <org/cnrs> "
      "<http://www.w3.org/2004/02/skos/core#altLabel> \"CNRS\" . }\n";
  EXPECT_EQ(joined(problems(data_, facts_ + unquoted, seed_)),
            "<https://id.moivre.org/test/seed-fact/bare> quotes nothing\n");
}
