// The HTTP endpoint, started on a free loopback port and spoken to over real sockets.
#include "server/server.hpp"

#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <fstream>
#include <optional>
#include <thread>

#include "server/endpoint_fixture.hpp"
#include "support/isomorphism.hpp"
#include "support/result_set.hpp"

using namespace moivre;

using test::Endpoint;
using test::kPrefix;

TEST_F(Endpoint, GetQueryAnswersSparqlJson) {
  auto res = get(kPrefix + "SELECT ?i ?n WHERE { ?i a ex:Institution ; ex:name ?n } ORDER BY ?n");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"),
            "application/sparql-results+json; charset=utf-8");
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << res->body;
  const auto& rows = doc["results"]["bindings"];
  ASSERT_EQ(rows.Size(), 2u);
  EXPECT_STREQ(rows[0]["n"]["value"].GetString(), "Centre national de la recherche scientifique");
  EXPECT_STREQ(rows[0]["n"]["xml:lang"].GetString(), "fr");
  EXPECT_STREQ(rows[1]["i"]["type"].GetString(), "uri");
}

TEST_F(Endpoint, PostBodiesAndNegotiation) {
  auto res = client_->Post(
      "/sparql", {{"Accept", "text/csv;q=0.9, application/sparql-results+xml;q=0.5"}},
      kPrefix + "SELECT ?i WHERE { ex:irl ex:partner ?i } ORDER BY ?i", "application/sparql-query");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "i\r\nhttp://example.org/cnrs\r\nhttp://example.org/imperial\r\n");

  res = client_->Post("/sparql", {{"Accept", "application/sparql-results+xml"}},
                      httplib::Params{{"query", kPrefix + "ASK { ex:irl ex:partner ex:cnrs }"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("<boolean>true</boolean>"), std::string::npos) << res->body;

  res = get(kPrefix + "SELECT ?n WHERE { ex:irl ex:name ?n }", {}, "&format=tsv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "?n\n\"IRL Abraham de Moivre\"\n");
}

TEST_F(Endpoint, ConstructAsNTriples) {
  auto res = get(kPrefix + "CONSTRUCT { ?i a ex:Partner } WHERE { ex:irl ex:partner ?i }",
                 {{"Accept", "application/n-triples"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/n-triples");
  EXPECT_NE(
      res->body.find("<http://example.org/cnrs> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                     "<http://example.org/Partner> ."),
      std::string::npos)
      << res->body;
}

TEST_F(Endpoint, ConstructAsJsonLd) {
  auto res = get(kPrefix +
                     "CONSTRUCT { ?i a ex:Partner ; ex:name ?n } WHERE { ex:irl ex:partner ?i . ?i "
                     "ex:name ?n }",
                 {{"Accept", "application/ld+json"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_TRUE(doc.IsArray()) << res->body;
  ASSERT_EQ(doc.Size(), 2u);
  bool found = false;
  for (const auto& node : doc.GetArray()) {
    if (std::string(node["@id"].GetString()) != "http://example.org/cnrs") continue;
    found = true;
    EXPECT_STREQ(node["@type"][0].GetString(), "http://example.org/Partner");
    EXPECT_STREQ(node["http://example.org/name"][0]["@language"].GetString(), "fr");
  }
  EXPECT_TRUE(found) << res->body;
}

TEST_F(Endpoint, ErrorsHaveTheRightStatus) {
  auto res = get("SELECT ?x WHERE { ?x ?p }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("line 1, column 25"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("expected an object"), std::string::npos) << res->body;

  res = get("SELECT * { ?s ?p ?o }", {{"Accept", "image/png"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 406);

  res = client_->Post("/sparql", "SELECT * { ?s ?p ?o }", "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 415);

  res = client_->Get("/sparql?query=");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);

  // SERVICE to an endpoint the operator did not allow (none by default): 400 naming the option.
  res = get("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("--allow-service"), std::string::npos);
}

TEST_F(Endpoint, ServiceDescriptionAndHealth) {
  auto res = client_->Get("/sparql");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/turtle; charset=utf-8");
  EXPECT_NE(res->body.find("sd:SPARQL11Query"), std::string::npos);
  res = client_->Get("/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "{\"status\":\"ok\"}\n");
}

TEST_F(Endpoint, UpdatesNeedTheToken) {
  // This fixture's server has no token: it is read-only.
  auto res = client_->Post("/sparql", "INSERT DATA { <http://x/a> <http://x/b> 1 }",
                           "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);

  stop();
  server::ServerOptions options;
  options.write_token = "s3cret";
  start(options);
  const std::string insert = kPrefix + "INSERT DATA { ex:seed-fund ex:partOf ex:partnership }";
  res = client_->Post("/sparql", insert, "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"moivre\"");
  res = client_->Post("/sparql", {{"Authorization", "Bearer wrong"}}, insert,
                      "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_EQ(get(kPrefix + "ASK { ex:seed-fund ex:partOf ex:partnership }", {}, "&format=tsv")->body,
            "false\n");

  res = client_->Post("/sparql", {{"Authorization", "Bearer s3cret"}},
                      httplib::Params{{"update", insert}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body, "{\"inserted\":1,\"deleted\":0}\n");
  EXPECT_EQ(get(kPrefix + "ASK { ex:seed-fund ex:partOf ex:partnership }", {}, "&format=tsv")->body,
            "true\n");
}

TEST_F(Endpoint, UpdateFailingHalfWayChangesNothing) {
  stop();
  server::ServerOptions options;
  options.write_token = "s3cret";
  start(options);
  // The first operation would insert; the second cannot run: the request as a whole is refused.
  auto res =
      client_->Post("/sparql", {{"Authorization", "Bearer s3cret"}},
                    kPrefix + "INSERT DATA { ex:a ex:b ex:c } ; LOAD <http://example.org/x.ttl>",
                    "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("nothing was changed"), std::string::npos) << res->body;
  EXPECT_EQ(get(kPrefix + "ASK { ex:a ex:b ex:c }", {}, "&format=tsv")->body, "false\n");
  // A malformed update is 400 with its place.
  res = client_->Post("/sparql", {{"Authorization", "Bearer s3cret"}}, "INSERT DATA { ?x <p> 1 }",
                      "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("no variables in INSERT DATA"), std::string::npos) << res->body;
}

TEST_F(Endpoint, GraphStoreProtocol) {
  stop();
  server::ServerOptions options;
  options.write_token = "s3cret";
  start(options);
  httplib::Headers auth = {{"Authorization", "Bearer s3cret"}};
  const std::string g =
      "/store?graph=" + httplib::detail::encode_query_param("http://example.org/g");

  auto res = client_->Put(g.c_str(), "<http://x/a> <http://x/b> \"1\" .", "text/turtle");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = client_->Put(g.c_str(), auth, "<http://x/a> <http://x/b> \"1\" .", "text/turtle");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  res =
      client_->Post(g.c_str(), auth, "<http://x/a> <http://x/b> \"2\" .", "application/n-triples");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);

  res = client_->Get(g.c_str(), {{"Accept", "application/n-triples"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<http://x/a> <http://x/b> \"1\" .\n<http://x/a> <http://x/b> \"2\" .\n");

  // A malformed body is refused and the graph stays as it was.
  res = client_->Put(g.c_str(), auth, "<http://x/a> <http://x/b> oops", "text/turtle");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("request body:1:"), std::string::npos) << res->body;
  EXPECT_EQ(client_->Get(g.c_str(), {{"Accept", "application/n-triples"}})->body.size(), 64u);

  res = client_->Get("/store?default", {{"Accept", "text/turtle"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Imperial College London"), std::string::npos);

  res = client_->Delete(g.c_str(), auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(client_->Get(g.c_str())->status, 404);
  EXPECT_EQ(client_->Get("/store")->status, 400);
}

TEST_F(Endpoint, CorsGzipAndMetrics) {
  // The client decompresses itself (httplib with zlib); the header shows it was compressed.
  client_->set_decompress(false);
  auto res = get("SELECT * { ?s ?p ?o }", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(std::to_string(res->body.size()), res->get_header_value("Content-Length"));
  EXPECT_EQ(static_cast<unsigned char>(res->body[0]), 0x1f);  // gzip magic

  res = client_->Options("/sparql");
  ASSERT_TRUE(res);
  EXPECT_NE(res->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos);

  res = client_->Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("moivre_http_requests_total "), std::string::npos);
  EXPECT_NE(res->body.find("moivre_store_quads 7"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("moivre_query_seconds_count 1"), std::string::npos) << res->body;
}

TEST_F(Endpoint, BusyServerAsksToRetry) {
  stop();
  server::ServerOptions options;
  options.max_concurrent_queries = 1;
  options.query_timeout_seconds = 1;
  start(options);
  // One long query holds the only slot...
  std::thread slow([this] {
    httplib::Client client("127.0.0.1", port_);
    client.Get(("/sparql?query=" + httplib::detail::encode_query_param(
                                       "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
                                       "?m ?n ?o . ?p ?q ?r . ?s ?t ?u . ?v ?w ?x }"))
                   .c_str());
  });
  ASSERT_TRUE(test::wait_for_active_queries(port_, 1));
  // ...so another one is told to come back.
  auto res = get("ASK { ?s ?p ?o }");
  slow.join();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  EXPECT_EQ(get("ASK { ?s ?p ?o }")->status, 200);  // free again
}

TEST_F(Endpoint, QueryPastItsTimeLimitIs503AndTheServerGoesOn) {
  stop();
  server::ServerOptions options;
  options.query_timeout_seconds = 0.2;
  start(options);
  // Counting a ten-way cross product of the store (7^10 rows, about 2.8e8): far more than 0.2 s
  // of work (7^8 rows once took about that long), and no row to send before the end.
  auto res =
      get("SELECT (COUNT(*) AS ?count) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . "
          "?p ?q ?r . ?s ?t ?u . ?v ?w ?x . ?y ?z ?a1 . ?b1 ?c1 ?d1 }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_NE(res->body.find("time limit"), std::string::npos);
  EXPECT_NE(client_->Get("/metrics")->body.find("moivre_query_timeouts_total 1"),
            std::string::npos);
  res = client_->Get("/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// Every result media type, asked for by Accept, comes back labelled and parses to the answer.
TEST_F(Endpoint, EveryMediaTypeGivesTheSameAnswer) {
  const std::string select =
      kPrefix + "SELECT ?i ?n WHERE { ?i a ex:Institution ; ex:name ?n } ORDER BY ?n";
  test::ResultSet answer;
  answer.variables = {"i", "n"};
  answer.rows = {{graph::Term::iri("http://example.org/cnrs"),
                  graph::Term::lang_literal("Centre national de la recherche scientifique", "fr")},
                 {graph::Term::iri("http://example.org/imperial"),
                  graph::Term::lang_literal("Imperial College London", "en")}};
  for (const std::string type : {"application/sparql-results+json",
                                 "application/sparql-results+xml", "text/tab-separated-values"}) {
    auto res = get(select, {{"Accept", type}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Content-Type").substr(0, type.size()), type);
    std::string diff;
    EXPECT_TRUE(
        test::same_results(answer, test::read_result_text(res->body, type, type), true, &diff))
        << type << ": " << diff;
  }
  auto csv = get(select, {{"Accept", "text/csv"}});
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body,
            "i,n\r\nhttp://example.org/cnrs,Centre national de la recherche scientifique\r\n"
            "http://example.org/imperial,Imperial College London\r\n");

  const std::string construct = "CONSTRUCT WHERE { ?s ?p ?o }";
  auto expected = test::read_dataset_string(R"(@prefix ex: <http://example.org/> .
ex:imperial a ex:Institution ; ex:name "Imperial College London"@en .
ex:cnrs a ex:Institution ; ex:name "Centre national de la recherche scientifique"@fr .
ex:irl ex:partner ex:imperial , ex:cnrs ; ex:name "IRL Abraham de Moivre" .)",
                                            graph::RdfSyntax::Turtle);
  ASSERT_EQ(expected.size(), 7u);
  for (auto [type, syntax] : std::vector<std::pair<std::string, graph::RdfSyntax>>{
           {"application/n-triples", graph::RdfSyntax::NTriples},
           {"text/turtle", graph::RdfSyntax::Turtle},
           {"application/n-quads", graph::RdfSyntax::NQuads},
           {"application/trig", graph::RdfSyntax::TriG}}) {
    auto res = get(construct, {{"Accept", type}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->get_header_value("Content-Type").substr(0, type.size()), type);
    EXPECT_TRUE(test::isomorphic(test::read_dataset_string(res->body, syntax), expected)) << type;
  }
  auto ask = get(kPrefix + "ASK { ex:irl ex:partner ex:cnrs }", {{"Accept", "text/csv"}});
  EXPECT_EQ(ask->body, "true\n");
}

// GET /overview: what the store holds, as the first page shows it.
TEST_F(Endpoint, OverviewCountsGraphsAndClasses) {
  auto res = client_->Get("/overview");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_FALSE(doc.HasParseError()) << res->body;
  EXPECT_EQ(doc["quads"].GetUint64(), 7u);
  ASSERT_EQ(doc["graphs"].Size(), 1u);
  EXPECT_TRUE(doc["graphs"][0]["graph"].IsNull());
  EXPECT_EQ(doc["graphs"][0]["quads"].GetUint64(), 7u);
  ASSERT_EQ(doc["classes"].Size(), 1u);
  EXPECT_STREQ(doc["classes"][0]["iri"].GetString(), "http://example.org/Institution");
  EXPECT_EQ(doc["classes"][0]["instances"].GetUint64(), 2u);
  EXPECT_EQ(doc["classesTotal"].GetUint64(), 1u);

  for (const char* bad : {"/overview?classes=x", "/overview?graphs=-1", "/overview?classes=1001"}) {
    auto refused = client_->Get(bad);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 400) << bad;
    EXPECT_NE(refused->body.find("an integer from 0 to 1000"), std::string::npos) << refused->body;
  }
}

// Refusals say what was asked and what would be taken: every type offered, and the type given.
TEST_F(Endpoint, RefusalsNameWhatWasAskedAndWhatIsTaken) {
  auto res = get("SELECT * { ?s ?p ?o }", {{"Accept", "image/png"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 406);
  EXPECT_NE(res->body.find("this result can be given as application/sparql-results+json"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("not as asked (Accept: image/png)"), std::string::npos) << res->body;

  res = client_->Get("/resource?iri=http://example.org/imperial&format=png");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 406);
  EXPECT_NE(res->body.find("a resource can be given as text/html, text/turtle"), std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("not as asked (format=png)"), std::string::npos) << res->body;

  res = client_->Get("/store?default", {{"Accept", "text/html"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 406);
  EXPECT_NE(res->body.find("a graph can be given as text/turtle"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("application/ld+json, not as asked (Accept: text/html)"),
            std::string::npos)
      << res->body;
}
