// Long results stream as they are computed; limits on rows and time; LOAD from allowed folders.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <fstream>
#include <mutex>
#include <sstream>
#include <vector>

#include "server/endpoint_fixture.hpp"

using namespace moivre;
using test::Endpoint;
using test::kPrefix;

namespace {

// Bindings in a SPARQL JSON body; -1 when it is not a whole JSON document.
int json_rows(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (doc.HasParseError()) return -1;
  return static_cast<int>(doc["results"]["bindings"].Size());
}

const std::string kFourWayProduct = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

}  // namespace

TEST_F(Endpoint, LongResultStreamsWhole) {
  auto res = get(kFourWayProduct);  // 7^4 rows, about 1 MB of JSON: past the buffered size
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_FALSE(res->has_header("Content-Length"));
  EXPECT_EQ(json_rows(res->body), 2401);
  EXPECT_NE(client_->Get("/metrics")->body.find("moivre_queries_streamed_total 1\n"),
            std::string::npos);
}

TEST_F(Endpoint, ShortResultIsSentWithItsLength) {
  auto res = get("SELECT * { ?s ?p ?o }");
  ASSERT_TRUE(res);
  EXPECT_TRUE(res->has_header("Content-Length"));
  EXPECT_EQ(json_rows(res->body), 7);
}

TEST_F(Endpoint, TimeLimitWhileStreamingCutsTheConnection) {
  stop();
  server::ServerOptions options;
  options.query_timeout_seconds = 0.3;
  options.max_result_rows = 0;
  start(options);
  // 7^8 rows: streaming starts, then the time limit stops the query mid-result. The client must
  // not get a complete-looking document.
  auto res =
      get("SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u . "
          "?v ?w ?x }");
  EXPECT_TRUE(!res || json_rows(res->body) == -1);
  auto health = client_->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_NE(client_->Get("/metrics")->body.find("moivre_query_timeouts_total 1\n"),
            std::string::npos);
}

// No row limit unless the operator sets one: a result past the old default of a million rows
// comes whole, unflagged.
TEST_F(Endpoint, ResultsHaveNoRowLimitByDefault) {
  EXPECT_EQ(server::ServerOptions{}.max_result_rows, 0u);
  auto res = get(
      "SELECT ?a { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o . ?p ?q ?r . ?s ?t ?u . "
      "?v ?w ?x } LIMIT 1000001",
      {{"Accept", "text/tab-separated-values"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(std::count(res->body.begin(), res->body.end(), '\n'), 1000002);  // and the header
  EXPECT_FALSE(res->has_header("X-Moivre-Max-Rows"));
  EXPECT_FALSE(res->has_header("X-Moivre-Truncated"));
}

TEST_F(Endpoint, MaxRowsCutsLongResultsAndSaysSo) {
  stop();
  server::ServerOptions options;
  options.max_result_rows = 5;
  start(options);
  auto res = get("SELECT * { ?s ?p ?o }");
  ASSERT_TRUE(res);
  EXPECT_EQ(json_rows(res->body), 5);
  EXPECT_EQ(res->get_header_value("X-Moivre-Max-Rows"), "5");
  EXPECT_EQ(res->get_header_value("X-Moivre-Truncated"), "true");

  res = get("SELECT * { ?s ?p ?o } LIMIT 3");
  EXPECT_EQ(json_rows(res->body), 3);
  EXPECT_FALSE(res->has_header("X-Moivre-Truncated"));

  res = get("CONSTRUCT WHERE { ?s ?p ?o }", {{"Accept", "application/n-triples"}});
  EXPECT_EQ(std::count(res->body.begin(), res->body.end(), '\n'), 5);
  EXPECT_EQ(res->get_header_value("X-Moivre-Truncated"), "true");
}

class LoadFromFolders : public Endpoint {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(allowed_.path() / "sub");
    std::ofstream(allowed_.path() / "sub" / "people.ttl")
        << "<http://example.org/alice> <http://xmlns.com/foaf/0.1/name> \"Alice\" .\n";
    std::ofstream(outside_.path() / "secret.ttl") << "<http://x/s> <http://x/p> \"secret\" .\n";
    server::ServerOptions options;
    options.write_token = "t";
    options.load_dirs = {allowed_.path()};
    start(options);
  }

  httplib::Result update(const std::string& text) {
    return client_->Post("/sparql", {{"Authorization", "Bearer t"}}, text,
                         "application/sparql-update");
  }

  std::string file_iri(const std::filesystem::path& p) { return "file://" + p.string(); }

  test::TempDir allowed_, outside_;
};

TEST_F(LoadFromFolders, LoadsAFileFromAnAllowedFolderIntoAGraph) {
  auto res = update("LOAD <" + file_iri(allowed_.path() / "sub" / "people.ttl") +
                    "> INTO GRAPH <http://example.org/people>");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = get("ASK { GRAPH <http://example.org/people> { ?who ?p \"Alice\" } }", {}, "&format=json");
  EXPECT_NE(res->body.find("true"), std::string::npos);
}

TEST_F(LoadFromFolders, RefusesFilesOutsideTheAllowedFolders) {
  for (const auto& path :
       {file_iri(outside_.path() / "secret.ttl"),
        file_iri(allowed_.path() / ".." / outside_.path().filename() / "secret.ttl"),
        std::string("file:///etc/passwd"), std::string("http://example.org/remote.ttl")}) {
    auto res = update("LOAD <" + path + ">");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_NE(res->body.find("refused"), std::string::npos) << res->body;
  }
  auto res = get("ASK { ?s ?p \"secret\" }", {}, "&format=json");
  EXPECT_NE(res->body.find("false"), std::string::npos);
  // SILENT: the refusal is not an error, and nothing is loaded either.
  res = update("LOAD SILENT <" + file_iri(outside_.path() / "secret.ttl") + ">");
  EXPECT_EQ(res->status, 200);
  res = get("ASK { ?s ?p \"secret\" }", {}, "&format=json");
  EXPECT_NE(res->body.find("false"), std::string::npos);
}

TEST_F(LoadFromFolders, AFailedLoadLeavesTheStoreAsItWas) {
  std::ofstream(allowed_.path() / "broken.ttl")
      << "<http://x/a> <http://x/b> \"ok\" .\n<http://x/c> <http://x/d> oops .\n";
  auto res = update("INSERT DATA { <http://x/new> <http://x/p> 1 } ; LOAD <" +
                    file_iri(allowed_.path() / "broken.ttl") + ">");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("broken.ttl:2:"), std::string::npos) << res->body;
  res = get("ASK { { <http://x/new> ?p ?o } UNION { ?s ?p \"ok\" } }", {}, "&format=json");
  EXPECT_NE(res->body.find("false"), std::string::npos);
}

TEST_F(Endpoint, LoadIsRefusedUnlessTheOperatorAllowsIt) {
  stop();
  server::ServerOptions options;
  options.write_token = "t";
  start(options);
  auto res = client_->Post("/sparql", {{"Authorization", "Bearer t"}}, "LOAD <file:///etc/hosts>",
                           "application/sparql-update");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("allows no LOAD"), std::string::npos) << res->body;
}

// A streamed answer is gzipped for clients that ask, as a buffered one is, and decompresses to
// the same document.
TEST_F(Endpoint, StreamedResultsAreGzippedForClientsThatAsk) {
  const std::string query = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";  // 7^4 rows
  auto plain = get(query);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(json_rows(plain->body), 2401);
  EXPECT_GT(plain->body.size(), size_t{256} << 10);         // past the buffer: streamed
  auto zipped = get(query, {{"Accept-Encoding", "gzip"}});  // the client decompresses it
  ASSERT_TRUE(zipped);
  EXPECT_EQ(zipped->status, 200);
  EXPECT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(zipped->body, plain->body);
}

// The access log gives a streamed answer's real size, as sent (it gave 0 before), and a buffered
// one's; gzipped, the size of the compressed body.
TEST_F(Endpoint, AccessLogRecordsTheSizeOfStreamedAnswers) {
  stop();
  std::mutex mutex;
  std::vector<std::string> lines;
  server::ServerOptions options;
  options.access_log_sink = [&](const std::string& line) {
    std::lock_guard lock(mutex);
    lines.push_back(line);
  };
  start(options);
  auto logged_bytes = [&](size_t line) {
    // The server logs once the response is written, maybe after the client has read it.
    for (int wait = 0; wait < 500; ++wait) {
      {
        std::lock_guard lock(mutex);
        if (lines.size() > line) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(mutex);
    EXPECT_GT(lines.size(), line);
    if (lines.size() <= line) return std::string();
    // client "GET /sparql" status bytes milliseconds
    std::istringstream in(lines[line]);
    std::string client, method, path, status, bytes, millis;
    in >> client >> method >> path >> status >> bytes >> millis;
    EXPECT_EQ(method + " " + path, "\"GET /sparql\"") << lines[line];
    EXPECT_EQ(status, "200") << lines[line];
    EXPECT_FALSE(millis.empty()) << lines[line];
    return bytes;
  };
  auto plain = get(kFourWayProduct);
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->get_header_value("Transfer-Encoding"), "chunked");
  EXPECT_EQ(logged_bytes(0), std::to_string(plain->body.size()));

  client_->set_decompress(false);
  auto zipped = get(kFourWayProduct, {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(zipped);
  ASSERT_EQ(zipped->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(zipped->body.size(), plain->body.size());
  EXPECT_EQ(logged_bytes(1), std::to_string(zipped->body.size()));

  auto short_answer = get("SELECT * { ?s ?p ?o }");
  ASSERT_TRUE(short_answer);
  EXPECT_EQ(logged_bytes(2), std::to_string(short_answer->body.size()));
}
