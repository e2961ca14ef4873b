// Name search in SPARQL (text:query) and as a function (search_names): what is found, how it
// joins with the rest of a query, and that a resource stops being found with its last literal.
#include <gtest/gtest.h>

#include "query/name_search.hpp"
#include "query/parser.hpp"
#include "support/query_runner.hpp"

using moivre::test::QueryRunner;
using Rows = std::vector<std::string>;
namespace graph = moivre::graph;
namespace query = moivre::query;

namespace {

const std::string kPrefix =
    "PREFIX : <http://example.org/> PREFIX text: <http://jena.apache.org/text#> "
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ";
const char* kData = R"(
@prefix : <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
:pioline a :Person ; :name "Boris Pioline" ; :memberOf :lpthe .
:degond a :Person ; :name "Pierre Degond" ; rdfs:label "Degond, Pierre"@fr .
:lpthe a :Lab ; :name "Laboratoire de Physique Théorique et Hautes Énergies" .
:imt a :Lab ; :name "Institut de Mathématiques de Toulouse" ; rdfs:comment "Pierre works here" .
)";

std::string iri(const char* local) {
  return std::string("<http://example.org/") + local + ">";
}

}  // namespace

TEST(TextQuery, FindsResourcesAndJoinsWithTheRest) {
  QueryRunner db(kData);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query \"pierre\" }"),
            (Rows{iri("degond"), iri("imt")}));
  // Accents folded; the last word may be a prefix.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query \"theorique haut\" }"),
            (Rows{iri("lpthe")}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?p { ?lab text:query \"theorique\" . ?p :memberOf ?lab }"),
            (Rows{iri("pioline")}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query \"pierre\" ; a :Person }"),
            (Rows{iri("degond")}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query \"nobody\" }"), Rows{});
}

TEST(TextQuery, ListFormsGiveScoreLiteralPropertyAndLimit) {
  QueryRunner db(kData);
  auto rows = db.rows(kPrefix + "SELECT ?s ?lit { (?s ?score ?lit) text:query \"degond\" }");
  EXPECT_EQ(rows, (Rows{iri("degond") + "\t\"Degond, Pierre\"@fr",
                        iri("degond") + "\t\"Pierre Degond\""}));
  // Best first, with a score that is a number.
  auto ordered = db.rows(kPrefix +
                             "SELECT ?s ?score { (?s ?score) text:query \"pierre\" } "
                             "ORDER BY DESC(?score)",
                         false);
  ASSERT_EQ(ordered.size(), 2u);  // each resource once, without the literal asked for
  EXPECT_NE(ordered[0].find("XMLSchema#double"), std::string::npos);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query (rdfs:label \"pierre\") }"),
            (Rows{iri("degond")}));
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query (\"pierre\" 1) }").size(), 1u);
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query (rdfs:label \"pierre\" 5) }").size(), 1u);
  // A constant resource is checked, not bound.
  EXPECT_EQ(db.rows(kPrefix + "ASK { :imt text:query \"pierre\" }"), (Rows{"true"}));
  EXPECT_EQ(db.rows(kPrefix + "ASK { :lpthe text:query \"pierre\" }"), (Rows{"false"}));
}

TEST(TextQuery, MalformedUseIsASyntaxErrorWithAPosition) {
  QueryRunner db(kData);
  for (const char* pattern :
       {"?s text:query ?words", "?s text:query (\"a\" \"b\")", "?s text:query (\"a\" 0)",
        "?s text:query (\"a\" 5 6)", "?s text:query :x", "(?s ?a ?b ?c) text:query \"a\"",
        "(?s :x) text:query \"a\""}) {
    try {
      db.rows(kPrefix + "SELECT * { " + pattern + " }");
      ADD_FAILURE() << pattern << " was taken";
    } catch (const query::QuerySyntaxError& e) {
      EXPECT_EQ(e.line(), 1u);
      EXPECT_NE(e.expected().find("text:query"), std::string::npos) << e.what();
    }
  }
  // Words with no letter or digit find nothing.
  EXPECT_EQ(db.rows(kPrefix + "SELECT ?s { ?s text:query \"...\" }"), Rows{});
}

TEST(NameSearch, BestFirstTypedAndNeverStale) {
  QueryRunner db(kData);
  auto txn = db.store().read();
  auto found = query::search_names(txn, "degond");
  ASSERT_EQ(found.size(), 1u);  // one resource, though two of its literals match
  EXPECT_EQ(txn.term(found[0].resource).value, "http://example.org/degond");
  query::NameSearchOptions labs;
  labs.type = *txn.lookup(graph::Term::iri("http://example.org/Lab"));
  auto pierre = query::search_names(txn, "pierre", labs);
  ASSERT_EQ(pierre.size(), 1u);
  EXPECT_EQ(txn.term(pierre[0].resource).value, "http://example.org/imt");
  EXPECT_THROW(query::search_names(txn, " - "), std::invalid_argument);

  // Once the quad holding the name is gone, the resource is not found by it.
  {
    auto write = db.store().write();
    graph::Quad q{{*write.lookup(graph::Term::iri("http://example.org/pioline")),
                   *write.lookup(graph::Term::iri("http://example.org/name")),
                   *write.lookup(graph::Term::literal("Boris Pioline")), graph::kDefaultGraph}};
    ASSERT_TRUE(write.remove(q));
    write.commit();
  }
  EXPECT_EQ(query::search_names(db.store().read(), "pioline").size(), 0u);
  EXPECT_EQ(query::search_names(txn, "pioline").size(), 1u);  // the older snapshot still has it
}
