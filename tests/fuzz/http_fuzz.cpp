// Fuzz target: HTTP request handling. The input's bytes are sent as they are, over a real
// loopback socket, to a server in this process (so the sanitizers see its threads): request line,
// query string, headers and bodies reach cpp-httplib and then our routes (SPARQL protocol with
// its negotiation and form decoding, Graph Store Protocol with multipart, resource pages, the
// static files). The server holds a small store and accepts writes with a token that the corpus
// knows, so updates and uploads are exercised too. Every request must get an answer or a closed
// connection, never a crash, and the server must go on answering.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <thread>

#include "graph/graph.hpp"
#include "server/server.hpp"

namespace {

namespace fs = std::filesystem;
using namespace moivre;

struct Running {
  fs::path dir = fs::temp_directory_path() / ("moivre-http-fuzz-" + std::to_string(getpid()));
  std::unique_ptr<graph::Store> store;
  std::unique_ptr<server::Server> server;
  std::thread thread;
  int port = 0;

  Running() {
    fs::remove_all(dir);
    store = std::make_unique<graph::Store>(dir / "db", graph::StoreOptions{.sync = false});
    {
      auto txn = store->write();
      graph::BulkLoader loader(txn);
      graph::ReadOptions read;
      read.syntax = graph::RdfSyntax::Turtle;
      loader.add_string(R"(@prefix ex: <http://example.org/> .
ex:imperial a ex:Institution ; ex:name "Imperial College London"@en ; ex:founded 1907 .
ex:cnrs a ex:Institution ; ex:name "CNRS"@fr ; ex:founded "1939-10-19"^^<http://www.w3.org/2001/XMLSchema#date> .
ex:irl ex:partner ex:imperial , ex:cnrs ; ex:name "IRL Abraham de Moivre" .)",
                        "fuzz.ttl", read);
      loader.finish();
      txn.commit();
    }
    server::ServerOptions options;
    options.port = 0;
    options.write_token = "fuzz-token";
    options.access_log = false;
    options.query_timeout_seconds = 0.2;
#ifdef MOIVRE_SOURCE_DIR
    options.web_dir = fs::path(MOIVRE_SOURCE_DIR) / "web";
    options.examples_dir = fs::path(MOIVRE_SOURCE_DIR) / "data/queries";
#endif
    options.namespace_iri = "http://example.org/";
    server = std::make_unique<server::Server>(*store, options);
    port = server->bind();
    thread = std::thread([this] { server->run(); });
  }
  ~Running() {
    server->stop();
    thread.join();
    server.reset();
    store.reset();
    fs::remove_all(dir);
  }
};

Running& running() {
  static Running instance;
  return instance;
}

// Sends the bytes and reads the answer until the server closes. The write side is half-closed
// only once an answer began or 20 ms passed: cpp-httplib may drop a request whose end of stream
// arrives with it, and without the half-close an incomplete request would wait for the server's
// read time-out.
void exchange(int port, const uint8_t* data, size_t size) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return;
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < size) {
      ssize_t n = send(fd, data + sent, size - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    pollfd readable{fd, POLLIN, 0};
    poll(&readable, 1, 20);
    shutdown(fd, SHUT_WR);
    char buffer[16384];
    while (recv(fd, buffer, sizeof buffer, 0) > 0) {
    }
  }
  close(fd);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  exchange(running().port, data, size);
  return 0;
}
