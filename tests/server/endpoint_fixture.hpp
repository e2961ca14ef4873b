// A test fixture: a store with a little data behind a real server on a free loopback port, and
// an HTTP client speaking to it over a real socket.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
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

}  // namespace moivre::test
