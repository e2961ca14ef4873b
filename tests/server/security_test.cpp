// Access control and request limits, over a real socket: tokens for writes and (optionally)
// reads, limits answered with their status codes, no file outside the page's folders served, and
// a write that runs out of space refused cleanly.
#include <gtest/gtest.h>
#include <httplib.h>

#include "server/endpoint_fixture.hpp"

using namespace moivre;
using test::Endpoint;
using test::kPrefix;

namespace {

class Secured : public Endpoint {
 protected:
  void SetUp() override {
    server::ServerOptions options;
    options.write_token = "writer-secret";
    options.read_token = "reader-secret";
    options.max_query_bytes = 4096;
    options.max_body_bytes = 64 * 1024;
    options.web_dir = MOIVRE_SOURCE_DIR "/web";
    options.access_log = false;
    start(options);
  }
  httplib::Headers bearer(const std::string& token) {
    return {{"Authorization", "Bearer " + token}};
  }
};

}  // namespace

TEST_F(Secured, ReadsNeedAToken) {
  std::string ask = kPrefix + "ASK { ex:irl ex:partner ex:cnrs }";
  auto res = get(ask);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"moivre\"");
  res = get(ask, bearer("wrong"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  for (const char* token : {"reader-secret", "writer-secret"}) {
    res = get(ask, bearer(token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << token;
    res = client_->Get("/search?q=imperial", bearer(token));
    EXPECT_EQ(res->status, 200) << token;
  }
  for (const char* path :
       {"/store?default", "/metrics", "/resource?iri=http%3A%2F%2Fexample.org%2Firl",
        "/search?q=imperial", "/resource?iri=imperial",
        "/paths?from=http%3A%2F%2Fexample.org%2Firl&to=http%3A%2F%2Fexample.org%2Fcnrs",
        "/partnership/x", "/nowhere"}) {
    res = client_->Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << path;
  }
  // The page and its libraries hold no data: open to all.
  for (const char* path : {"/", "/health", "/examples", "/connections", "/static/search-box.js",
                           "/lib/yasgui/yasgui.min.js"}) {
    res = client_->Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
  }
}

TEST_F(Secured, WritesNeedTheWriteToken) {
  std::string update = kPrefix + "INSERT DATA { ex:x ex:y ex:z }";
  auto res = client_->Post("/sparql", bearer("reader-secret"), update, "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = client_->Post("/sparql", bearer("writer-secret"), update, "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(Secured, LimitsAnswerWithTheirStatus) {
  auto auth = bearer("reader-secret");
  // Query text over max_query_bytes: 413, naming the limit.
  std::string query = "SELECT * { ?s ?p ?o } #" + std::string(5000, 'x');
  auto res = client_->Post("/sparql", auth, query, "application/sparql-query");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_NE(res->body.find("at most 4096"), std::string::npos) << res->body;
  // A body over max_body_bytes: 413.
  res = client_->Post("/sparql", auth, std::string(100 * 1024, ' '), "application/sparql-query");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // A request line over 8 KiB: 414.
  res = client_->Get("/sparql?query=" + std::string(10000, 'a'), auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  // A header over 8 KiB: cpp-httplib drops the connection; the server goes on.
  res = client_->Get("/health", {{"X-Big", std::string(20000, 'a')}});
  EXPECT_TRUE(!res || res->status == 400);
  res = client_->Get("/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(Secured, NoFileOutsideThePageFolders) {
  for (const char* path :
       {"/lib/yasgui/../../package.json", "/lib/yasgui/%2e%2e/%2e%2e/package.json",
        "/static/../../CMakeLists.txt", "/static/%2e%2e%2f%2e%2e%2fCMakeLists.txt",
        "/lib/..%2f..%2f..%2fCMakeLists.txt", "/static//etc/passwd"}) {
    auto res = client_->Get(path, bearer("reader-secret"));
    if (!res) continue;  // refused outright
    EXPECT_NE(res->status, 200) << path;
    EXPECT_EQ(res->body.find("cmake_minimum_required"), std::string::npos) << path;
    EXPECT_EQ(res->body.find("\"dependencies\""), std::string::npos) << path;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
}

// A store whose map is nearly full: a write that does not fit is refused with 507 and changes
// nothing; reads go on.
TEST(StoreFull, WriteThatDoesNotFitIs507AndChangesNothing) {
  test::TempDir dir;
  graph::Store store(dir.path() / "db", {.map_size = 1 << 20});
  server::ServerOptions options;
  options.port = 0;
  options.write_token = "t";
  options.access_log = false;
  server::Server server(store, options);
  int port = server.bind();
  std::thread thread([&] { server.run(); });
  httplib::Client client("127.0.0.1", port);
  httplib::Headers auth{{"Authorization", "Bearer t"}};

  auto res = client.Put("/store?default", auth, "<http://x/a> <http://x/b> \"small\" .\n",
                        "application/n-triples");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  std::string big;
  for (int i = 0; i < 40000; ++i)
    big += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"value number " +
           std::to_string(i) + "\" .\n";
  res = client.Post("/store?graph=http%3A%2F%2Fx%2Fg", auth, big, "application/n-triples");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 507) << res->body;
  EXPECT_NE(res->body.find("nothing was changed"), std::string::npos) << res->body;

  res = client.Get(
      "/sparql?query=SELECT%20(COUNT(*)%20AS%20%3Fn)%20%7B%20GRAPH%20%3Fg%20%7B%3Fs%20%3Fp%20%3Fo%"
      "7D%20%7D&format=csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "n\r\n0\r\n");
  res = client.Post("/sparql", auth, "INSERT DATA { <http://x/c> <http://x/d> 1 }",
                    "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "small writes still fit";
  server.stop();
  thread.join();
  EXPECT_TRUE(graph::check_store(store.read()).consistent());
}
