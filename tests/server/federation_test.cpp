// SERVICE between real servers over real sockets: a local server joining its data with a
// remote one's, bound joins in VALUES batches, the allow-list (refused endpoints are never
// contacted), dead, slow and malformed remotes, SILENT, and SERVICE ?var.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "query/service.hpp"
#include "server/endpoint_fixture.hpp"

using namespace moivre;

namespace {

using Clock = std::chrono::steady_clock;

// Queries a server has answered, from its /metrics.
int queries_answered(int port) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/metrics");
  std::smatch m;
  if (!res || !std::regex_search(res->body, m, std::regex("moivre_query_seconds_count (\\d+)")))
    return -1;
  return std::stoi(m[1]);
}

// A port nothing listens on: bound, read and closed again.
int closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class Federation : public ::testing::Test {
 protected:
  void SetUp() override {
    // The remote: people and their names.
    std::string remote_data = "@prefix : <http://example.org/> .\n";
    for (int i = 0; i < 250; ++i)
      remote_data += ":p" + std::to_string(i) + " :name \"Person " + std::to_string(i) + "\" .\n";
    test::load_text(*remote_store_, remote_data, graph::RdfSyntax::Turtle);
    server::ServerOptions remote_options;
    remote_options.access_log = false;
    remote_ = std::make_unique<test::RunningServer>(*remote_store_, remote_options);
    remote_url_ = "http://127.0.0.1:" + std::to_string(remote_->port()) + "/sparql";
    // The local: who knows whom.
    std::string local_data = "@prefix : <http://example.org/> .\n";
    for (int i = 0; i < 250; ++i) local_data += ":me :knows :p" + std::to_string(i) + " .\n";
    local_data += ":me :knows :stranger .\n";
    test::load_text(*local_store_, local_data, graph::RdfSyntax::Turtle);
  }

  void start_local(std::vector<std::string> allowed, double timeout = 10) {
    server::ServerOptions options;
    options.access_log = false;
    options.allowed_services = std::move(allowed);
    options.query_timeout_seconds = timeout;
    local_ = std::make_unique<test::RunningServer>(*local_store_, options);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", local_->port());
    client_->set_read_timeout(30, 0);
  }

  httplib::Result ask(const std::string& query) {
    return client_->Post("/sparql", {{"Accept", "text/csv"}},
                         "PREFIX : <http://example.org/> " + query, "application/sparql-query");
  }

  static size_t lines(const std::string& csv) {
    return static_cast<size_t>(std::count(csv.begin(), csv.end(), '\n'));
  }

  test::TempStore remote_store_, local_store_;
  std::unique_ptr<test::RunningServer> remote_, local_;
  std::unique_ptr<httplib::Client> client_;
  std::string remote_url_;
};

}  // namespace

TEST_F(Federation, JoinsLocalDataWithARemoteEndpointInValuesBatches) {
  start_local({"http://127.0.0.1:"});
  int before = queries_answered(remote_->port());
  auto res = ask("SELECT ?p ?n { :me :knows ?p . SERVICE <" + remote_url_ +
                 "> { ?p :name ?n } } ORDER BY ?n LIMIT 3");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body,
            "p,n\r\nhttp://example.org/p0,Person 0\r\nhttp://example.org/p1,Person 1\r\n"
            "http://example.org/p10,Person 10\r\n");
  // 251 people known: 3 requests of at most 100 bindings each, not one per row.
  EXPECT_EQ(queries_answered(remote_->port()) - before, 3);
  auto all = ask("SELECT (COUNT(*) AS ?c) { :me :knows ?p . SERVICE <" + remote_url_ +
                 "> { ?p :name ?n } }");
  EXPECT_EQ(all->body, "c\r\n250\r\n");  // the stranger has no name there
  // Alone, and under OPTIONAL.
  EXPECT_EQ(lines(ask("SELECT * { SERVICE <" + remote_url_ + "> { ?p :name ?n } }")->body), 251u);
  auto optional = ask("SELECT (COUNT(*) AS ?c) { :me :knows ?p OPTIONAL { SERVICE <" + remote_url_ +
                      "> { ?p :name ?n } } }");
  EXPECT_EQ(optional->body, "c\r\n251\r\n");
}

TEST_F(Federation, ServiceVariableTakesTheEndpointsBoundBeforeIt) {
  start_local({"http://127.0.0.1:"});
  auto res = ask("SELECT ?n { VALUES ?e { <" + remote_url_ + "> } SERVICE ?e { :p7 :name ?n } }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body, "n\r\nPerson 7\r\n");
  auto unbound = ask("SELECT * { SERVICE ?e { ?s ?p ?o } }");
  EXPECT_EQ(unbound->status, 400);
  EXPECT_NE(unbound->body.find("?e"), std::string::npos);
}

TEST_F(Federation, RefusedEndpointsAreNeverContacted) {
  start_local({"https://query.wikidata.org/"});
  int before = queries_answered(remote_->port());
  for (const std::string& silent : {"", "SILENT "}) {
    auto res = ask("SELECT * { SERVICE " + silent + "<" + remote_url_ + "> { ?s ?p ?o } }");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
    EXPECT_NE(res->body.find("--allow-service"), std::string::npos) << res->body;
  }
  EXPECT_EQ(queries_answered(remote_->port()), before);
  // A server allowing nothing refuses every SERVICE, naming the option.
  start_local({});
  auto none = ask("SELECT * { SERVICE <" + remote_url_ + "> { ?s ?p ?o } }");
  EXPECT_EQ(none->status, 400);
  EXPECT_NE(none->body.find("--allow-service"), std::string::npos);
  EXPECT_EQ(queries_answered(remote_->port()), before);
}

TEST_F(Federation, DeadEndpointFailsUnlessSilent) {
  start_local({"http://127.0.0.1:"});
  std::string dead = "http://127.0.0.1:" + std::to_string(closed_port()) + "/sparql";
  auto res = ask("SELECT * { :me :knows ?p SERVICE <" + dead + "> { ?p :name ?n } }");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_NE(res->body.find(dead), std::string::npos);
  // SILENT: the failure binds nothing and the rest goes on.
  auto silent = ask("SELECT (COUNT(*) AS ?c) { :me :knows ?p SERVICE SILENT <" + dead +
                    "> { ?p :name ?n } }");
  EXPECT_EQ(silent->status, 200);
  EXPECT_EQ(silent->body, "c\r\n251\r\n");
}

TEST_F(Federation, SlowOrMalformedRemotes) {
  // A remote that answers after 5 s, and one whose answer is not SPARQL results.
  httplib::Server odd;
  odd.Post("/slow", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(std::chrono::seconds(5));
    res.set_content("{}", "application/sparql-results+json");
  });
  odd.Post("/garbage", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"results\": {\"bindings\": [ {\"s\": 42} ]}}",
                    "application/sparql-results+json");
  });
  odd.Post("/html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html></html>", "text/html");
  });
  odd.Post("/deep", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(1 << 20, '['), "application/sparql-results+json");
  });
  odd.Post("/deep-xml", [](const httplib::Request&, httplib::Response& res) {
    std::string xml;
    for (int i = 0; i < 100000; ++i) xml += "<a>";
    res.set_content(xml, "application/sparql-results+xml");
  });
  int port = odd.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { odd.listen_after_bind(); });
  std::string base = "http://127.0.0.1:" + std::to_string(port);

  start_local({base}, 0.5);
  auto begin = Clock::now();
  auto slow = ask("SELECT * { SERVICE <" + base + "/slow> { ?s ?p ?o } }");
  ASSERT_TRUE(slow);
  EXPECT_EQ(slow->status, 503);  // the query's time limit, not the remote's pace
  EXPECT_LT(Clock::now() - begin, std::chrono::seconds(3));
  for (const char* path : {"/garbage", "/html", "/deep", "/deep-xml"}) {
    auto bad = ask("SELECT * { SERVICE <" + base + path + "> { ?s ?p ?o } }");
    EXPECT_EQ(bad->status, 502) << path;
    auto silent = ask("SELECT * { SERVICE SILENT <" + base + path + "> { ?s ?p ?o } }");
    EXPECT_EQ(silent->status, 200) << path;
  }
  odd.stop();
  serving.join();
}

TEST(ServiceText, TakesTheGroupWhateverItHolds) {
  EXPECT_EQ(query::group_text("SERVICE <http://x/> { ?s ?p \"}\" }", 0), "{ ?s ?p \"}\" }");
  EXPECT_EQ(query::group_text("SERVICE <x> { { ?s <p> ?o } # }\n FILTER(?o < 3 && ?o > 1) }", 0),
            "{ { ?s <p> ?o } # }\n FILTER(?o < 3 && ?o > 1) }");
  EXPECT_EQ(query::group_text("SERVICE ?e { ?s ?p '''a}'''; ?q 'b\\'}' }", 0),
            "{ ?s ?p '''a}'''; ?q 'b\\'}' }");
  EXPECT_EQ(query::group_text("SERVICE <x> { ?s ?p ?o ", 0), "");
  EXPECT_EQ(query::group_text("", 0), "");
}
