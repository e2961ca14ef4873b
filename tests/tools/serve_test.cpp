// `moivre serve` without --db: builds the default store from a data folder on first start, reuses
// it, and rebuilds it when a data file is newer or the base IRI changed. Spoken to over HTTP.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/files.hpp"
#include "support/process.hpp"
#include "support/temp_store.hpp"

using namespace moivre;
namespace fs = std::filesystem;

namespace {

// A `moivre serve` process in `dir`, stopped with SIGTERM when this goes.
class ServeProcess {
 public:
  ServeProcess(const fs::path& dir, const std::string& options) : dir_(dir) {
    fs::remove(dir / "serve.log");
    std::string command = "cd " + test::quote(dir.string()) + " && (" + test::moivre_binary() +
                          " serve --data data --port 0 " + options +
                          " 2> serve.log & echo $! > serve.pid)";
    EXPECT_EQ(std::system(command.c_str()), 0);
    port_ = test::wait_for_serving_port(dir / "serve.log", std::chrono::seconds(10));
    log_ = test::read_text(dir / "serve.log");
  }
  ~ServeProcess() {
    std::string pid = std::to_string(std::atoi(test::read_text(dir_ / "serve.pid").c_str()));
    std::system(("kill -TERM " + pid + " 2>/dev/null; while kill -0 " + pid +
                 " 2>/dev/null; do sleep 0.05; done")
                    .c_str());
  }
  int port() const { return port_; }
  const std::string& log() const { return log_; }

  std::string label_of(const std::string& iri) {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get(
        ("/sparql?format=tsv&query=" +
         httplib::detail::encode_query_param("SELECT ?l { <" + iri +
                                             "> <http://www.w3.org/2000/01/rdf-schema#label> ?l }"))
            .c_str());
    return res ? res->body : "no answer";
  }

 private:
  fs::path dir_;
  int port_ = 0;
  std::string log_;
};

}  // namespace

TEST(Serve, BuildsTheDefaultStoreAndRebuildsItWhenTheDataChanges) {
  test::TempDir dir;
  fs::create_directories(dir.path() / "data");
  auto write_data = [&](const std::string& label) {
    std::ofstream(dir.path() / "data" / "people.ttl")
        << "<person/ada> <http://www.w3.org/2000/01/rdf-schema#label> \"" << label << "\" .\n";
  };
  write_data("Ada");
  {
    ServeProcess serve(dir.path(), "");
    ASSERT_NE(serve.port(), 0) << serve.log();
    EXPECT_NE(serve.log().find("Building the default graph"), std::string::npos);
    EXPECT_EQ(serve.label_of("https://id.moivre.org/person/ada"), "?l\n\"Ada\"\n");
  }
  {
    ServeProcess serve(dir.path(), "");  // unchanged data: the store is reused
    ASSERT_NE(serve.port(), 0) << serve.log();
    EXPECT_EQ(serve.log().find("Building"), std::string::npos) << serve.log();
  }
  // The store dated back, so that the new data is newer whatever the file system's resolution.
  auto built = dir.path() / "var" / "default-store" / "data.mdb";
  fs::last_write_time(built, fs::last_write_time(built) - std::chrono::seconds(10));
  write_data("Ada Lovelace");
  {
    ServeProcess serve(dir.path(), "");
    ASSERT_NE(serve.port(), 0) << serve.log();
    EXPECT_NE(serve.log().find("Building"), std::string::npos);
    EXPECT_EQ(serve.label_of("https://id.moivre.org/person/ada"), "?l\n\"Ada Lovelace\"\n");
  }
  {
    ServeProcess serve(dir.path(), "--base-iri https://kg.example.org/");
    ASSERT_NE(serve.port(), 0) << serve.log();
    EXPECT_NE(serve.log().find("Building"), std::string::npos);
    EXPECT_EQ(serve.label_of("https://kg.example.org/person/ada"), "?l\n\"Ada Lovelace\"\n");
  }
}
