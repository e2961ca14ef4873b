// A test fixture: a store with a little data behind a real server on a free loopback port, and
// an HTTP client speaking to it over a real socket.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "graph/graph.hpp"
#include "server/server.hpp"
#include "support/temp_store.hpp"

namespace moivre::test {

class Endpoint : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }
  void TearDown() override { stop(); }

  void start(server::ServerOptions options) {
    if (!loaded_) {
      auto txn = store_->write();
      graph::BulkLoader loader(txn);
      graph::ReadOptions read;
      read.syntax = graph::RdfSyntax::Turtle;
      loader.add_string(R"(@prefix ex: <http://example.org/> .
ex:imperial a ex:Institution ; ex:name "Imperial College London"@en .
ex:cnrs a ex:Institution ; ex:name "Centre national de la recherche scientifique"@fr .
ex:irl ex:partner ex:imperial , ex:cnrs ; ex:name "IRL Abraham de Moivre" .)",
                        "data.ttl", read);
      loader.finish();
      txn.commit();
      loaded_ = true;
    }
    options.port = 0;
    server_ = std::make_unique<server::Server>(*store_, options);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
  }

  void stop() {
    if (!server_) return;
    server_->stop();
    thread_.join();
    server_.reset();
  }

  httplib::Result get(const std::string& query, httplib::Headers headers = {},
                      const std::string& extra = "") {
    return client_->Get(
        ("/sparql?query=" + httplib::detail::encode_query_param(query) + extra).c_str(), headers);
  }

  test::TempStore store_;
  bool loaded_ = false;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

inline const std::string kPrefix = "PREFIX ex: <http://example.org/> ";

// Loads RDF text into a store, in one transaction.
inline void load_text(graph::Store& store, const std::string& text, graph::RdfSyntax syntax) {
  auto txn = store.write();
  graph::BulkLoader loader(txn);
  graph::ReadOptions read;
  read.syntax = syntax;
  loader.add_string(text, "data", read);
  loader.finish();
  txn.commit();
}

// A server on a free loopback port, answering on a thread of its own until stop().
class RunningServer {
 public:
  RunningServer(graph::Store& store, server::ServerOptions options) {
    options.port = 0;
    server_ = std::make_unique<server::Server>(store, options);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~RunningServer() { stop(); }
  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// Waits until the server on `port` says (in /metrics) that at least `n` queries are being
// answered: the signal that a query sent from another thread has started. False after `limit`.
// `done`, when given, says the query already ended (a quick one may end before it is seen).
inline bool wait_for_active_queries(int port, int n,
                                    std::chrono::milliseconds limit = std::chrono::seconds(10),
                                    const std::function<bool()>& done = {}) {
  httplib::Client client("127.0.0.1", port);
  const std::string gauge = "\nmoivre_queries_active ";
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done && done()) return true;
    if (auto res = client.Get("/metrics")) {
      size_t at = res->body.find(gauge);
      if (at != std::string::npos && std::stoi(res->body.substr(at + gauge.size())) >= n)
        return true;
    }
    std::this_thread::yield();
  }
  return false;
}

}  // namespace moivre::test
