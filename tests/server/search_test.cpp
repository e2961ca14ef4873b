// GET /search over a real socket, on the default graph: names found with accents and case
// folded, type-ahead prefixes, the type filter, JSON's shape, text:query over the protocol, and
// bad input.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "server/endpoint_fixture.hpp"
#include "support/default_graph.hpp"

using namespace moivre;

namespace {

const std::string kBase = "https://id.moivre.org/";

class SearchEndpoint : public test::Endpoint {
 protected:
  void SetUp() override {
    test::load_default_graph(*store_);
    loaded_ = true;
    start({});
  }
  httplib::Result search(const std::string& q, const std::string& extra = "") {
    return client_->Get(("/search?q=" + httplib::detail::encode_query_param(q) + extra).c_str());
  }
  // The IRIs found, best first.
  std::vector<std::string> found(const std::string& q, const std::string& extra = "") {
    auto res = search(q, extra);
    std::vector<std::string> out;
    if (!res || res->status != 200)
      return {"(status " + std::to_string(res ? res->status : 0) + ")"};
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    for (const auto& r : doc["results"].GetArray()) out.push_back(r["iri"].GetString());
    return out;
  }
};

}  // namespace

TEST_F(SearchEndpoint, FindsPeopleAndUnitsByName) {
  auto res = search("Pioline");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_TRUE(doc.IsObject() && doc["results"].IsArray() && doc["results"].Size() > 0);
  const auto& first = doc["results"][0];
  EXPECT_EQ(std::string(first["iri"].GetString()), kBase + "person/boris-pioline");
  EXPECT_EQ(std::string(first["label"].GetString()), "Boris Pioline");
  ASSERT_TRUE(first["types"].IsArray());
  EXPECT_EQ(std::string(first["types"][0].GetString()), "http://xmlns.com/foaf/0.1/Person");
  EXPECT_TRUE(first["score"].IsNumber());
  // Scores never rise down the list.
  for (size_t i = 1; i < doc["results"].Size(); ++i)
    EXPECT_LE(doc["results"][i]["score"].GetDouble(), doc["results"][i - 1]["score"].GetDouble());
}

TEST_F(SearchEndpoint, FoldsAccentsAndCaseAndSplitsHyphens) {
  auto dumas = found("dumas");
  ASSERT_FALSE(dumas.empty());
  EXPECT_EQ(dumas[0], kBase + "person/marc-emmanuel-dumas");
  auto maths = found("MATHEMATIQUES");
  EXPECT_NE(std::find(maths.begin(), maths.end(), kBase + "org/imt"), maths.end());
}

TEST_F(SearchEndpoint, TypeAheadMatchesTheBeginningOfTheLastWord) {
  auto typed = found("boris pio", "&limit=1");
  ASSERT_EQ(typed.size(), 1u);
  EXPECT_EQ(typed[0], kBase + "person/boris-pioline");
  EXPECT_EQ(found("wald")[0], kBase + "person/dan-waldram");
}

TEST_F(SearchEndpoint, TypeRestrictsTheResults) {
  std::string person =
      "&type=" + httplib::detail::encode_query_param("http://xmlns.com/foaf/0.1/Person");
  auto people = found("pioline", person);
  EXPECT_EQ(people, (std::vector<std::string>{kBase + "person/boris-pioline"}));
  EXPECT_TRUE(found("pioline", "&type=http%3A%2F%2Fexample.org%2FNothing").empty());
}

TEST_F(SearchEndpoint, TextQueryOverTheProtocol) {
  auto res =
      get("PREFIX text: <http://jena.apache.org/text#> "
          "SELECT ?s { ?s text:query \"degond\" ; a <http://xmlns.com/foaf/0.1/Person> }",
          {{"Accept", "text/csv"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "s\r\n" + kBase + "person/pierre-degond\r\n");
  auto bad = get("PREFIX text: <http://jena.apache.org/text#> SELECT ?s { ?s text:query ?x }");
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("text:query"), std::string::npos);
}

TEST_F(SearchEndpoint, BadSearchesAreRefused) {
  EXPECT_EQ(client_->Get("/search")->status, 400);
  EXPECT_EQ(search("")->status, 400);
  auto no_word = search("?! ...");
  EXPECT_EQ(no_word->status, 400);
  EXPECT_NE(no_word->body.find("no word"), std::string::npos);
  EXPECT_EQ(search("pioline", "&limit=0")->status, 400);
  EXPECT_EQ(search("pioline", "&limit=abc")->status, 400);
  EXPECT_EQ(search("pioline", "&limit=1001")->status, 400);
  EXPECT_EQ(search(std::string(3 << 20, 'a'))->status, 414);  // past the request line's limit
  EXPECT_TRUE(found("zzzzqqq").empty());
  EXPECT_EQ(search("\xff\xfe invalid utf-8")->status, 200);
  EXPECT_EQ(client_->Get("/health")->status, 200);
}

// The page's box without its script sends a name as ?iri=: it leads to the best match.
TEST_F(SearchEndpoint, ResourceByNameRedirectsToTheBestMatch) {
  auto res = client_->Get("/resource?iri=Pioline");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 302);
  // (httplib's client decodes the Location header it reads.)
  EXPECT_EQ(res->get_header_value("Location"), "/resource?iri=" + kBase + "person/boris-pioline");
  EXPECT_EQ(client_->Get("/resource?iri=zzzzqqq")->status, 404);
  EXPECT_EQ(client_->Get("/resource?iri=%2E%2E%2E")->status, 400);
}
