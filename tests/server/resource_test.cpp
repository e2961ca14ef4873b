// The page for people: resources as HTML with links both ways (or RDF, negotiated), our own
// namespace's IRIs at their paths, the query page's files and its example queries.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>

#include "server/endpoint_fixture.hpp"

using namespace moivre;
using test::Endpoint;

namespace {

std::string resource_path(const std::string& iri) {
  return "/resource?iri=" + httplib::detail::encode_query_param(iri);
}

}  // namespace

TEST_F(Endpoint, ResourcePageShowsPropertiesAndIncomingLinks) {
  auto res = client_->Get(resource_path("http://example.org/imperial").c_str(),
                          {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const auto& body = res->body;
  EXPECT_NE(body.find("Imperial College London"), std::string::npos);
  // Its type and the resource that points at it are links to their own pages.
  EXPECT_NE(body.find("href=\"/resource?iri=http%3A%2F%2Fexample.org%2FInstitution\""),
            std::string::npos);
  EXPECT_NE(body.find("Referenced by"), std::string::npos);
  EXPECT_NE(body.find("href=\"/resource?iri=http%3A%2F%2Fexample.org%2Firl\""), std::string::npos);
  EXPECT_NE(body.find("@en"), std::string::npos);
}

TEST_F(Endpoint, ResourcePageEscapesWhatTheDataSays) {
  stop();
  {
    auto txn = store_->write();
    graph::Quad q;
    q.ids = {txn.intern(graph::Term::iri("http://example.org/imperial")),
             txn.intern(graph::Term::iri("http://www.w3.org/2000/01/rdf-schema#label")),
             txn.intern(graph::Term::literal("<script>alert(1)</script>")), graph::kDefaultGraph};
    txn.insert(q);
    txn.commit();
  }
  start({});
  auto res = client_->Get(resource_path("http://example.org/imperial").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(Endpoint, UnknownResourceIs404) {
  auto res = client_->Get(resource_path("http://example.org/nobody").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = client_->Get("/resource");
  EXPECT_EQ(res->status, 400);
}

TEST_F(Endpoint, ResourceAsRdfWhenAskedFor) {
  auto res = client_->Get(resource_path("http://example.org/irl").c_str(),
                          {{"Accept", "application/n-triples"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/n-triples");
  EXPECT_NE(res->body.find("<http://example.org/irl> <http://example.org/partner> "
                           "<http://example.org/cnrs> ."),
            std::string::npos)
      << res->body;
  res = client_->Get((resource_path("http://example.org/irl") + "&format=ttl").c_str());
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/turtle; charset=utf-8");
}

TEST_F(Endpoint, OurNamespaceIsServedAtItsPaths) {
  stop();
  server::ServerOptions options;
  options.namespace_iri = "http://example.org/";
  start(options);
  auto res = client_->Get("/cnrs", {{"Accept", "text/html"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Centre national de la recherche scientifique"), std::string::npos);
  res = client_->Get("/cnrs", {{"Accept", "text/turtle"}});
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Centre national"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Vary"), "Accept");
  // The protocol's own paths are not resources.
  EXPECT_EQ(client_->Get("/health")->body, "{\"status\":\"ok\"}\n");
  EXPECT_EQ(client_->Get("/no-such-thing")->status, 404);
}

TEST_F(Endpoint, QueryPageAndItsLibrariesAreServedLocally) {
  stop();
  test::TempDir examples;
  std::ofstream(examples.path() / "10-institutions.rq")
      << "# The partner institutions\nSELECT ?i { ?i a <http://example.org/Institution> }\n";
  std::ofstream(examples.path() / "notes.txt") << "not a query";
  server::ServerOptions options;
  options.web_dir = MOIVRE_SOURCE_DIR "/web";
  options.examples_dir = examples.path();
  start(options);
  auto res = client_->Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("/lib/yasgui/yasgui.min.js"), std::string::npos);
  for (const char* path :
       {"/lib/yasgui/yasgui.min.js", "/lib/yasgui/yasgui.min.css",
        "/lib/cytoscape/cytoscape.min.js", "/static/app.js", "/static/moivre.css"}) {
    res = client_->Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 200) << path << " (is web/node_modules installed? npm ci in web/)";
  }
  res = client_->Get("/examples");
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_TRUE(doc.IsArray()) << res->body;
  ASSERT_EQ(doc.Size(), 1u);
  EXPECT_STREQ(doc[0]["title"].GetString(), "The partner institutions");
  EXPECT_STREQ(doc[0]["name"].GetString(), "10-institutions");
}
